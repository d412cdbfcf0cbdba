// Who changed what and when.

import type { HistoryEntry } from '../../../schemas/places.ts';
import { formatDateTime } from '../format.ts';

export function History({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section className="history" aria-labelledby="historik-titel">
      <h3 id="historik-titel">Historik</h3>
      {entries.length === 0 ? (
        <p className="muted">Ingen ændringer registreret.</p>
      ) : (
        <ol>
          {entries.map((h, i) => (
            <li key={i}>
              <div>
                <strong>{h.action}</strong> {formatDateTime(h.at)} af {h.actor}
              </div>
              {h.changes.length > 0 && (
                <ul className="changes">
                  {h.changes.map((c, j) => (
                    <li key={j}>
                      {c.field}: {c.before ? <del>{c.before}</del> : null}
                      {c.before ? ' → ' : ''}
                      <ins>{c.after || '(tom)'}</ins>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
