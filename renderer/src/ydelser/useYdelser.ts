// Ydelser page by page from the backend (never the whole table): the first page at once, the next when the list
// nears its end.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallArgs, CallResult } from '../../../schemas/api.ts';
import { call } from '../api.ts';

type Filters = Omit<CallArgs<'ydelser.list'>, 'after' | 'limit'>;
type Page = CallResult<'ydelser.list'>;

export function useYdelser(filters: Filters, delayMs = 150) {
  const [rows, setRows] = useState<Page['rows']>([]);
  const [total, setTotal] = useState(0);
  const [lowerBound, setLowerBound] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const next = useRef<Page['next']>(null);
  const generation = useRef(0);
  const busy = useRef(false);
  const key = JSON.stringify(filters);

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    try {
      const page = await call('ydelser.list', { ...JSON.parse(key), limit: 200 });
      if (gen !== generation.current) return;
      setRows(page.rows);
      setTotal(page.total);
      setLowerBound(page.totalIsLowerBound);
      next.current = page.next;
      setError(null);
    } catch (e) {
      if (gen === generation.current) setError((e as Error).message);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [key]);

  useEffect(() => {
    const t = setTimeout(() => void reload(), delayMs);
    return () => clearTimeout(t);
  }, [reload, delayMs]);

  const loadMore = useCallback(async () => {
    if (!next.current || busy.current) return;
    busy.current = true;
    const gen = generation.current;
    try {
      const page = await call('ydelser.list', { ...JSON.parse(key), limit: 200, after: next.current });
      if (gen !== generation.current) return;
      next.current = page.next;
      setRows((r) => [...r, ...page.rows]);
    } finally {
      busy.current = false;
    }
  }, [key]);

  return { rows, total, lowerBound, loading, error, reload, loadMore };
}
