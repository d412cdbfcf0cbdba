// The deleted ydelser, with "Gendan" for each that can still be brought back (until its month is exported after the
// deletion: then the annullering stands, and the row says so).

import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { formatCpr } from '../../../schemas/codes.ts';
import { formatDanishDate } from '../../../schemas/dates.ts';
import { call } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatDateTime } from '../format.ts';

export function DeletedYdelser({ onRestored }: { onRestored: (message: string) => void }) {
  const [rows, setRows] = useState<CallResult<'ydelser.deleted'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => call('ydelser.deleted', {}).then(setRows, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);
  const restore = async (id: number) => {
    try {
      const y = await call('ydelser.restore', { id });
      onRestored(`Ydelsen ${formatDanishDate(y.dato)} (${y.ydelseskode}) er gendannet.`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (!rows) return null;
  return (
    <section className="panel" aria-labelledby="slettede-titel">
      <h2 id="slettede-titel">Slettede ydelser</h2>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {rows.length === 0 ? (
        <p className="muted">Ingen ydelser er slettet.</p>
      ) : (
        <table className="grid" aria-label="Slettede ydelser">
          <thead>
            <tr>
              <th scope="col">Dato</th>
              <th scope="col">CPR-nummer</th>
              <th scope="col">Ydelseskode</th>
              <th scope="col">Sted</th>
              <th scope="col">Slettet</th>
              <th scope="col">
                <span className="visually-hidden">Handlinger</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{formatDanishDate(r.dato)}</td>
                <td className="mono cpr">{formatCpr(r.cpr)}</td>
                <td className="mono">{r.ydelseskode}</td>
                <td>{r.placeName ?? '–'}</td>
                <td className="small">{formatDateTime(r.deletedAt)}</td>
                <td className="row-actions">
                  {r.restorable ? (
                    <button type="button" className="btn" onClick={() => void restore(r.id)}>
                      Gendan
                    </button>
                  ) : (
                    <span className="small muted">{r.why}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
