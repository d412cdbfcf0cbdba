// Every export made, newest first or sorted by a column, with the file kept in the database: "Gem filen igen …" gives
// the identical file (its SHA-256 checked by the backend). The history goes to Excel or CSV like every list.

import { count } from '../../../schemas/danish.ts';
import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { call } from '../api.ts';
import { delivered } from '../files.ts';
import { formatDateTime } from '../format.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { monthName } from '../format.ts';
import { EXPORT_SORTS, isSortOf, type Sort } from '../../../schemas/list-sort.ts';
import { SortButton, sortState } from '../components/SortButton.tsx';
import { ListExportButtons, useListExport } from '../ListExport.tsx';
import { useStoredState } from '../stored.ts';

const _n = (x: number) => x.toLocaleString('da-DK');

/** The history's columns: each sorts by its key (EXPORT_SORTS); dates newest first on the first press. */
const HEADERS: { label: string; by?: keyof typeof EXPORT_SORTS; first?: 'desc' }[] = [
  { label: EXPORT_SORTS.maaned, by: 'maaned', first: 'desc' },
  { label: EXPORT_SORTS.dannet, by: 'dannet', first: 'desc' },
  { label: EXPORT_SORTS.fil, by: 'fil' },
  { label: 'Indhold', by: 'ydelser', first: 'desc' },
  { label: 'SHA-256' },
];
const NEWEST: Sort<keyof typeof EXPORT_SORTS> = { by: 'dannet', dir: 'desc' };

export function ExportHistory({ version }: { version: number }) {
  const [exports, setExports] = useState<CallResult<'sei.exports'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [sort, setSort] = useStoredState('eksporter.sortering', null, isSortOf(EXPORT_SORTS));
  const exporting = useListExport('sei.exportsList', { month: null, sort }, 'eksport', 'eksporter');
  useEffect(() => {
    call('sei.exports', { sort }).then(setExports, (e: Error) => setError(e.message));
  }, [version, sort]);
  if (!exports || exports.length === 0) return null;

  const saveAgain = async (id: number) => {
    setError(null);
    setSaved('');
    try {
      const r = await call('sei.exportFile', { exportId: id });
      const to = await delivered(r);
      if (to) setSaved(to === r.fileName ? `${r.fileName} er hentet igen, uændret.` : `${r.fileName} er gemt i ${to}, uændret.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="panel" aria-labelledby="eksporter-titel">
      <div className="form-head">
        <h2 id="eksporter-titel">Eksporter</h2>
        <ListExportButtons busy={exporting.busy} empty={exports.length === 0} toFile={(f) => void exporting.toFile(f)} />
      </div>
      <p className="status" role="status" aria-live="polite">
        {exporting.busy ? 'Gemmer listen …' : exporting.message || saved}
      </p>
      {(error || exporting.error) && <ErrorAlert>{error ?? exporting.error}</ErrorAlert>}
      <table className="grid" aria-label="Eksporter">
        <thead>
          <tr>
            {HEADERS.map((h) => (
              <th key={h.label} scope="col" aria-sort={sortState(sort ?? NEWEST, h.by)}>
                {h.by ? <SortButton by={h.by} label={h.label} sort={sort ?? NEWEST} onSort={setSort} first={h.first} /> : h.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Handlinger</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {exports.map((x) => (
            <tr key={x.id} data-export={x.id}>
              <td>{monthName(x.month)}</td>
              <td className="small">
                {formatDateTime(x.at)} af {x.actor}
              </td>
              <td className="mono small">{x.fileName}</td>
              <td className="small">
                {count(x.records, 'ydelse', 'ydelser')}: {count(x.newCount, 'ny', 'nye')}, {count(x.corrections, 'rettelse', 'rettelser')} og{' '}
                {count(x.cancellations, 'annullering', 'annulleringer')}
              </td>
              <td className="mono small" title={x.sha256}>
                {x.sha256.slice(0, 12)} …
              </td>
              <td className="row-actions">
                {x.hasFile ? (
                  <button type="button" className="btn" onClick={() => void saveAgain(x.id)}>
                    Gem filen igen …
                  </button>
                ) : (
                  <span className="small muted">Filen blev ikke gemt (ældre version)</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
