// KL Gateway on the Indberetning page: the national FHIR report of the same registrations. What waits, what holds a
// citizen back and why, the places without a SOR code (the guide accepts no SHAK code or ydernummer), the last
// delivery, the report's settings, and "Dan leverance" to a file (the guide names no endpoint: the file is the delivery).

import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { count, listDa } from '../../../schemas/danish.ts';
import { formatDateTime, formatShortDate } from '../../../schemas/dates.ts';
import { FSIII_INTERVENTIONS, type FsiiiIntervention } from '../../../schemas/kl-gateway.ts';
import { call } from '../api.ts';
import { useAction } from '../useAction.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { delivered } from '../files.ts';
import { useNav } from '../nav.ts';
import { useAdministrator } from '../role.ts';

type Settings = CallResult<'kl.settings.get'>;

/** The settings as the form holds them: text fields, the SKS → FSIII table as "BLNB1=fysisk BLNB2=funktion". */
interface Draft {
  kommuneSor: string;
  performerSor: string;
  contactStart: string;
  contactMinutes: string;
  holdCodes: string;
  table: string;
  defaultIntervention: string;
}

export function KlGatewayPanel() {
  const admin = useAdministrator();
  const [status, setStatus] = useState<CallResult<'kl.status'> | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const { busy, message, setMessage, error, setError, run } = useAction();
  const { navigate } = useNav();

  // the last delivery and the settings at once; what waits and blocks only when asked (every report is built and
  // checked: seconds in a large kommune, and the backend answers nothing else meanwhile)
  const load = async (check = false) => {
    const [st, s] = await Promise.all([call('kl.status', { check }), call('kl.settings.get', {})]);
    setStatus(st);
    setSettings(s);
    setDraft({
      kommuneSor: s.kommuneSor,
      performerSor: s.performerSor,
      contactStart: s.contactStart,
      contactMinutes: String(s.contactMinutes),
      holdCodes: s.holdCodes.join(' '),
      table: Object.entries(s.interventionBySks)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      defaultIntervention: s.defaultIntervention,
    });
  };
  useEffect(() => {
    load().catch((e: Error) => setError(e.message));
  }, []);
  if (!status || !settings || !draft) return null;

  const save = () =>
    run(async () => {
      await call('kl.settings.set', {
        ...settings,
        kommuneSor: draft.kommuneSor,
        performerSor: draft.performerSor,
        contactStart: draft.contactStart,
        contactMinutes: Number(draft.contactMinutes),
        holdCodes: draft.holdCodes.split(/[\s,;]+/).filter(Boolean),
        interventionBySks: Object.fromEntries(
          draft.table
            .split(/[\s,;]+/)
            .filter(Boolean)
            .map((pair) => {
              const [code, intervention] = pair.split('=');
              return [(code ?? '').toUpperCase(), intervention as FsiiiIntervention];
            }),
        ),
        defaultIntervention: draft.defaultIntervention as FsiiiIntervention,
      });
      await load(status?.checked !== null);
      setMessage('Indstillingerne til KL Gateway er gemt.');
    });
  const deliver = () =>
    run(async () => {
      const r = await call('kl.export', {});
      if (!r) return;
      const to = await delivered(r);
      await load(true);
      if (to)
        setMessage(
          `Leverancen er dannet og gemt i ${to}: ${count(r.citizens, 'borger', 'borgere')}, ${count(r.reports, 'rapport', 'rapporter')} og ${count(r.resources, 'ressource', 'ressourcer')}.`,
        );
    });

  const set = (k: keyof typeof draft, v: string) => setDraft({ ...draft, [k]: v });
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
      <div className="row">
        <div className="field">
          <label htmlFor="kl-kommune-sor">Kommunens SOR-kode</label>
          <input id="kl-kommune-sor" className="mono" inputMode="numeric" value={draft.kommuneSor} onChange={(e) => set('kommuneSor', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="kl-udfoerer-sor">Udførende enhed (SOR), når stedet ikke har én</label>
          <input id="kl-udfoerer-sor" className="mono" inputMode="numeric" value={draft.performerSor} onChange={(e) => set('performerSor', e.target.value)} />
        </div>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="kl-start">Kontaktens start (TT:MM)</label>
          <input id="kl-start" className="mono" value={draft.contactStart} onChange={(e) => set('contactStart', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="kl-minutter">Kontaktens længde (minutter)</label>
          <input id="kl-minutter" className="mono" inputMode="numeric" value={draft.contactMinutes} onChange={(e) => set('contactMinutes', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="kl-hold">Tillægskoder for holdtræning</label>
          <input id="kl-hold" className="mono" value={draft.holdCodes} onChange={(e) => set('holdCodes', e.target.value.toUpperCase())} />
        </div>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="kl-fsiii">Træningens FSIII-indsats pr. ydelseskode</label>
          <input
            id="kl-fsiii"
            className="mono"
            value={draft.table}
            placeholder="fx BLNB1=fysisk BLNB2=funktion"
            onChange={(e) => set('table', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="kl-fsiii-std">Øvrige ydelseskoder</label>
          <select id="kl-fsiii-std" value={draft.defaultIntervention} onChange={(e) => set('defaultIntervention', e.target.value)}>
            {(Object.keys(FSIII_INTERVENTIONS) as FsiiiIntervention[]).map((k) => (
              <option key={k} value={k}>
                {FSIII_INTERVENTIONS[k].display}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="status" role="status" aria-live="polite">
        {message}
      </p>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <div className="actions">
        <button type="button" className="btn" disabled={busy || !admin.allowed} title={admin.why} onClick={() => void save()}>
          Gem KL-indstillinger
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void run(() => load(true))}>
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
