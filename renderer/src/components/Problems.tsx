// A ydelse's errors (block the report) and warnings (shown, never block), with a link to the place when it is the
// place that is missing its code.

import type { Problem } from '../../../schemas/forloeb-ydelser.ts';
import { useNav } from '../nav.ts';

export function Problems({ errors, warnings }: { errors: Problem[]; warnings: Problem[] }) {
  const { navigate } = useNav();
  if (errors.length === 0 && warnings.length === 0) return <p className="ok-text">✓ Kan indberettes.</p>;
  return (
    <ul className="problems">
      {errors.map((p, i) => (
        <li key={`e${i}`} className="problem-error">
          <span className="sr-label">Fejl: </span>
          {p.message}{' '}
          {p.placeId !== undefined && (
            <button type="button" className="link" onClick={() => navigate({ area: 'steder', placeId: p.placeId! })}>
              Åbn stedet
            </button>
          )}
        </li>
      ))}
      {warnings.map((p, i) => (
        <li key={`w${i}`} className="problem-warning">
          <span className="sr-label">Advarsel: </span>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

export function StatusCell({ reportable, errors }: { reportable: boolean; errors: Problem[] }) {
  return reportable ? (
    <span className="state-ok">✓ Klar</span>
  ) : (
    <span className="state-error" title={errors.map((e) => e.message).join('\n')}>
      ✗ {errors[0]?.message}
    </span>
  );
}
