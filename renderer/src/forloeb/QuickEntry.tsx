// Fast entry of ydelser for a therapist registering a week of sessions: keyboard first (Enter saves, the fields stay
// filled for the next entry), a series of dates in one go ("24.11, 26.11 og 28.11" or "24.11-28.11"), and
// Ctrl+G repeats the last entry with the next weekday.

import { SksCodeField } from '../components/SksCodeField.tsx';
import { useDefaultPlace } from '../settings/defaultPlace.ts';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { Ydelse } from '../../../schemas/forloeb-ydelser.ts';
import { addDays, formatDanishDate, localToday, parseDateSeries, weekday } from '../../../schemas/dates.ts';
import { ApiError, call } from '../api.ts';
import { PlaceSelect } from '../ydelser/PlaceSelect.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

export interface QuickEntryHandle {
  focus(): void;
}

function nextWeekday(d: string): string {
  let n = addDays(d, 1);
  while (weekday(n) > 4) n = addDays(n, 1);
  return n;
}

function danishDate(d: string): string {
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
}

export const QuickEntry = forwardRef<QuickEntryHandle, { forloebId: number; last: Ydelse | null; onSaved: (created: Ydelse[]) => void }>(function QuickEntry(
  { forloebId, last: lastInList, onSaved },
  ref,
) {
  const [dates, setDates] = useState('');
  const [kode, setKode] = useState('');
  const [tillaeg, setTillaeg] = useState('');
  // a forløb's first ydelse starts at the therapist's own default place (Indstillinger)
  const [defaultPlace] = useDefaultPlace();
  const [placeId, setPlaceId] = useState<number | null>(lastInList ? null : defaultPlace);
  const [hjemme, setHjemme] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const datesRef = useRef<HTMLInputElement>(null);
  // what this form saved last; the list's newest row may not have arrived yet
  const [justSaved, setJustSaved] = useState<Ydelse | null>(null);
  const last = justSaved ?? lastInList;
  const today = localToday();

  useImperativeHandle(ref, () => ({ focus: () => datesRef.current?.focus() }));

  // the entry starts from the last ydelse of the forløb, so a week of the same training is typed once
  useEffect(() => {
    if (last && kode === '' && (placeId === null || placeId === defaultPlace)) {
      setKode(last.ydelseskode);
      setTillaeg(last.tillaegskoder.join(' '));
      setPlaceId(last.placeId);
      setHjemme(last.hjemme);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [last?.id]);

  const series = dates.trim() ? parseDateSeries(dates, today) : null;
  const future = series?.ok ? series.dates.filter((d) => d > today) : [];
  /** The future dates the user has already been warned about (a second Enter saves them). */
  const [futureAcknowledged, setFutureAcknowledged] = useState('');

  const repeatLast = () => {
    if (!last) return;
    setKode(last.ydelseskode);
    setTillaeg(last.tillaegskoder.join(' '));
    setPlaceId(last.placeId);
    setHjemme(last.hjemme);
    setDates(danishDate(nextWeekday(last.dato)));
    datesRef.current?.focus();
  };

  const save = async () => {
    if (saving) return;
    if (!series || !series.ok) {
      setError(series ? series.message : 'Angiv mindst én dato.');
      datesRef.current?.focus();
      return;
    }
    if (future.length > 0 && futureAcknowledged !== future.join()) {
      // a ydelse registered ahead of time is usually a typing error: warn once, a second Enter saves
      setFutureAcknowledged(future.join());
      setError(null);
      datesRef.current?.focus();
      return;
    }
    setSaving(true);
    try {
      const created = await call('ydelser.create', { forloebId, dates: series.dates, ydelseskode: kode, tillaegskoder: tillaeg, placeId, hjemme });
      setError(null);
      setDates('');
      setJustSaved(created[created.length - 1] ?? null);
      onSaved(created);
      datesRef.current?.focus();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="quick-entry"
      aria-labelledby="registrer-titel"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'g') {
          e.preventDefault();
          repeatLast();
        } else if (e.key === 'Enter' && !e.altKey && (e.target as HTMLElement).tagName === 'SELECT') {
          // Enter saves from every field; on a list it would otherwise open the list
          e.preventDefault();
          void save();
        }
      }}
    >
      <h3 id="registrer-titel">Registrér ydelser</h3>
      <div className="qe-grid">
        <div className="field">
          <label htmlFor="qe-datoer">Dato(er)</label>
          <input
            id="qe-datoer"
            ref={datesRef}
            value={dates}
            placeholder="fx 24.11, 26.11 og 28.11 eller 24.11-28.11"
            autoComplete="off"
            aria-describedby="qe-datoer-vis"
            aria-invalid={series !== null && !series.ok}
            onChange={(e) => setDates(e.target.value)}
          />
        </div>
        <SksCodeField id="qe-kode" label="Ydelseskode" value={kode} onChange={setKode} day={series?.ok ? (series.dates[0] ?? today) : today} />
        <div className="field">
          <label htmlFor="qe-tillaeg">Tillægskoder</label>
          <input
            id="qe-tillaeg"
            className="mono"
            value={tillaeg}
            autoComplete="off"
            placeholder="adskilt af mellemrum"
            onChange={(e) => setTillaeg(e.target.value.toUpperCase())}
          />
        </div>
        <PlaceSelect id="qe-sted" value={placeId} onChange={setPlaceId} hjemme={hjemme} />
        <label className="check qe-hjemme">
          <input type="checkbox" checked={hjemme} onChange={(e) => setHjemme(e.target.checked)} /> I borgerens hjem
        </label>
      </div>
      <p id="qe-datoer-vis" className={series && !series.ok ? 'error-text' : 'hint'} aria-live="polite">
        {series === null
          ? 'Skriv en eller flere datoer; et interval giver hverdagene.'
          : series.ok
            ? `${series.dates.length} ${series.dates.length === 1 ? 'dato' : 'datoer'}: ${series.dates.map(formatDanishDate).join(', ')}`
            : series.message}
      </p>
      {future.length > 0 && (
        <div className="alert alert-warning" role="status">
          {future.length === 1
            ? `${formatDanishDate(future[0]!)} ligger i fremtiden.`
            : `${future.length} af datoerne ligger i fremtiden (fra ${formatDanishDate(future[0]!)}).`}{' '}
          {futureAcknowledged === future.join() ? 'Tryk Enter igen for at registrere alligevel.' : 'Ydelser registreres normalt, når de er givet.'}
        </div>
      )}
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          Registrér <kbd>Enter</kbd>
        </button>
        <button type="button" className="btn" onClick={repeatLast} disabled={!last}>
          Gentag sidste <kbd>Ctrl+G</kbd>
        </button>
      </div>
    </form>
  );
});
