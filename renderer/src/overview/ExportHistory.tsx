// Every export made, newest first, with the file kept in the database: "Gem filen igen …" gives the identical file
// (its SHA-256 checked by the backend).

import { count } from '../../../schemas/danish.ts';
import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { call } from '../api.ts';
import { delivered } from '../files.ts';
import { formatDateTime } from '../format.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { monthName } from '../format.ts';

const _n = (x: number) => x.toLocaleString('da-DK');

export function ExportHistory({ version }: { version: number }) {
  const [exports, setExports] = useState<CallResult<'sei.exports'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  useEffect(() => {
    call('sei.exports', {}).then(setExports, (e: Error) => setError(e.message));
  }, [version]);
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
      <h2 id="eksporter-titel">Eksporter</h2>
      <p className="status" role="status" aria-live="polite">
        {saved}
      </p>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <table className="grid" aria-label="Eksporter">
        <thead>
          <tr>
            <th scope="col">Måned</th>
            <th scope="col">Dannet</th>
            <th scope="col">Fil</th>
            <th scope="col">Indhold</th>
            <th scope="col">SHA-256</th>
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
