// A virtualised list of fixed-height rows: only the rows in view are in the page, so a list of a million ydelser
// scrolls as lightly as one of ten. Loads the next page when the end comes near. Arrow keys move, Enter opens.

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Sort, SortDirection } from '../../../schemas/list-sort.ts';
import { SortButton, sortState } from './SortButton.tsx';

export interface Column {
  key: string;
  label: string;
  width: string;
  /** The list's sort key this column sorts by, when it can; `first`: the first press's order. */
  sortBy?: string;
  first?: SortDirection;
}

export function VirtualRows<T>(props: {
  label: string;
  columns: Column[];
  rows: T[];
  rowKey: (row: T) => string | number;
  renderCells: (row: T) => ReactNode[];
  rowClass?: (row: T) => string;
  selectedKey?: string | number | null;
  onOpen: (row: T) => void;
  onEndReached?: () => void;
  total?: number;
  rowHeight?: number;
  height?: string;
  sort?: Sort | null;
  onSort?: (s: Sort) => void;
}) {
  const rowHeight = props.rowHeight ?? 38;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    setViewport(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const n = props.rows.length;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - 10);
  const last = Math.min(n, Math.ceil((scrollTop + viewport) / rowHeight) + 10);

  useEffect(() => {
    if (props.onEndReached && last >= n - 20 && n > 0) props.onEndReached();
  }, [last, n, props.onEndReached]);

  const template = props.columns.map((c) => c.width).join(' ');
  // the columns never shrink below what they need: a narrow pane (a side panel open) scrolls the table sideways
  const minWidth = `${props.columns.reduce((sum, c) => sum + (Number(/(\d+(?:\.\d+)?)rem/.exec(c.width)?.[1]) || 6) + 1.2, 0)}rem`;

  const moveTo = (i: number) => {
    const idx = Math.max(0, Math.min(n - 1, i));
    setActive(idx);
    const el = ref.current;
    if (!el) return;
    const top = idx * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  };

  const onKey = (e: KeyboardEvent) => {
    if (n === 0) return;
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    const keys: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: n - 1 };
    if (e.key in keys) {
      e.preventDefault();
      moveTo(keys[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const row = props.rows[active];
      if (row) props.onOpen(row);
    }
  };

  const activeRow = props.rows[active];
  return (
    <div className="vgrid" role="grid" aria-label={props.label} aria-rowcount={(props.total ?? n) + 1}>
      <div className="vgrid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, minWidth }}>
        {props.columns.map((c) => (
          <div key={c.key} role="columnheader" aria-sort={props.onSort ? sortState(props.sort ?? null, c.sortBy) : undefined}>
            {c.sortBy && props.onSort ? <SortButton by={c.sortBy} label={c.label} sort={props.sort ?? null} onSort={props.onSort} first={c.first} /> : c.label}
          </div>
        ))}
      </div>
      <div
        ref={ref}
        className="vgrid-body"
        style={{ height: props.height ?? '100%', minWidth }}
        tabIndex={0}
        aria-activedescendant={activeRow ? `row-${props.rowKey(activeRow)}` : undefined}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKey}
      >
        <div style={{ height: n * rowHeight, position: 'relative' }}>
          {props.rows.slice(first, last).map((row, j) => {
            const i = first + j;
            const key = props.rowKey(row);
            return (
              <div
                key={key}
                id={`row-${key}`}
                role="row"
                aria-rowindex={i + 2}
                aria-selected={key === props.selectedKey}
                className={`vgrid-row ${i === active ? 'active' : ''} ${key === props.selectedKey ? 'selected' : ''} ${props.rowClass?.(row) ?? ''}`}
                style={{ top: i * rowHeight, height: rowHeight, gridTemplateColumns: template }}
                onClick={() => {
                  setActive(i);
                  props.onOpen(row);
                }}
              >
                {props.renderCells(row).map((cell, c) => (
                  <div key={c} role="gridcell">
                    {cell}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
