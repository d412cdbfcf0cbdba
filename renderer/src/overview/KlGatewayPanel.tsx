// KL Gateway on the Indberetning page: the national FHIR report of the same registrations. What waits, what holds a
// citizen back and why, the places without a SOR code (the guide accepts no SHAK code or ydernummer), the last
// delivery, the report's settings, and "Dan leverance" to a file (the guide names no endpoint: the file is the delivery).

import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { count, listDa } from '../../../schemas/danish.ts';
import { formatDateTime, formatShortDate } from '../../../schemas/dates.ts';
import { call } from '../api.ts';
import { useAction } from '../useAction.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { delivered } from '../files.ts';
import { useNav } from '../nav.ts';
import { useAdministrator } from '../role.ts';
import { KlSettingsForm } from '../settings/KlSettingsForm.tsx';

export function KlGatewayPanel() {
  const admin = useAdministrator();
  const [status, setStatus] = useState<CallResult<'kl.status'> | null>(null);
  const { busy, message, setMessage, error, setError, run } = useAction();
  // what the panel is doing while its buttons wait: a large kommune's reports take seconds to build and check
  const [doing, setDoing] = useState<string | null>(null);
  const runShowing = (what: string, action: () => Promise<void>) =>
    run(async () => {
      setDoing(what);
      try {
        await action();
      } finally {
        setDoing(null);
      }
    });
  const { navigate } = useNav();

  // the last delivery at once; what waits and blocks only when asked (every report is built and
  // checked: seconds in a large kommune, and the backend answers nothing else meanwhile)
  const load = async (check = false) => setStatus(await call('kl.status', { check }));
  useEffect(() => {
    load().catch((e: Error) => setError(e.message));
  }, []);
  if (!status) return null;

  const deliver = () =>
    runShowing('Leverancen dannes og kontrolleres borger for borger …', async () => {
      const r = await call('kl.export', {});
      if (!r) return;
      const to = await delivered(r);
      // what waits now follows from the delivery itself (everything up to today went, but the citizens held back): no
      // second build and check of every report. Only changes dated after today, if any, are counted again
      const { last } = await call('kl.status', { check: false });
      if (r.waiting > 0) await load(true);
      else
        setStatus((before) =>
          before?.checked ? { last, checked: { ...before.checked, waitingCitizens: 0, waitingReports: 0, blocked: r.blocked } } : { last, checked: null },
        );
      if (to)
        setMessage(
          `Leverancen er dannet og gemt i ${to}: ${count(r.citizens, 'borger', 'borgere')}, ${count(r.reports, 'rapport', 'rapporter')} og ${count(r.resources, 'ressource', 'ressourcer')}.` +
            (r.blocked.length > 0 ? ` ${count(r.blocked.length, 'borger holdes', 'borgere holdes')} tilbage, fordi noget mangler.` : ''),
        );
    });

  const { checked } = status;
  return (
    <section className="panel" aria-labelledby="kl-titel">
      <h2 id="kl-titel">KL Gateway (FHIR)</h2>
      <p className="hint">
        Den nationale indberetning af § 140-genoptræning til KL Gateway, dannet af de samme registreringer. Leverancen er en fil (guiden nævner ingen adresse at
        sende til); kun det, der er ændret siden sidste leverance, kommer med.
      </p>
      <p>
        {!checked
          ? ''
          : checked.waitingCitizens > 0
            ? `${count(checked.waitingCitizens, 'borger venter', 'borgere venter')} på at blive leveret. `
            : checked.blocked.length > 0
              ? 'Intet kan leveres nu. '
              : 'Intet venter: alt er leveret, som det er. '}
        {status.last
          ? `Seneste leverance: ${formatDateTime(status.last.at)} af ${status.last.actor} (til og med ${formatShortDate(status.last.until)}), ${count(status.last.citizens, 'borger', 'borgere')}.`
          : 'Der er ikke leveret noget endnu.'}
      </p>
      {checked && checked.blocked.length > 0 && (
        <div className="alert alert-warning">
          <strong>{count(checked.blocked.length, 'borger holdes', 'borgere holdes')} tilbage, fordi noget mangler:</strong>
          <ul>
            {checked.blocked.map((b) => (
              <li key={b.cpr}>
                <span className="mono">{b.cpr}</span>: {b.problems.join(' ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {checked && checked.placesWithoutSor.length > 0 && (
        <p className="hint">
          Uden SOR-kode (guiden accepterer ikke SHAK-kode eller ydernummer): {listDa(checked.placesWithoutSor)}.{' '}
          <button type="button" className="link" onClick={() => navigate({ area: 'steder' })}>
            Søg om SOR-kode under Steder
          </button>
        </p>
      )}
      <KlSettingsForm
        onSaved={() =>
          run(async () => {
            await load(status.checked !== null);
            setMessage('Indstillingerne til KL Gateway er gemt.');
          })
        }
      />
      <p className="status" role="status" aria-live="polite">
        {busy && doing ? doing : message}
      </p>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <div className="actions">
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => void runShowing('Hver borgers rapporter dannes og kontrolleres …', () => load(true))}
        >
          Kontrollér, hvad der venter
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || checked?.waitingCitizens === 0 || !admin.allowed}
          title={admin.why}
          onClick={() => void deliver()}
        >
          Dan leverance …
        </button>
      </div>
    </section>
  );
}
