// The KL Gateway report's settings: the kommune's own SOR code, the performing unit's, a contact's default start and
// length, the hold tillægskoder, and the SKS → FSIII intervention table. On the Indberetning page (beside what waits)
// and on the settings page.

import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { FSIII_INTERVENTIONS, type FsiiiIntervention } from '../../../schemas/kl-gateway.ts';
import { call } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAdministrator } from '../role.ts';
import { useAction } from '../useAction.ts';

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

const toDraft = (s: Settings): Draft => ({
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

/** `onSaved`: told after a save (the panel it stands in checks again); without it, the form says so itself. */
export function KlSettingsForm({ onSaved }: { onSaved?: () => void }) {
  const admin = useAdministrator();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const { busy, message, setMessage, error, setError, run } = useAction();
  const load = async () => {
    const s = await call('kl.settings.get', {});
    setSettings(s);
    setDraft(toDraft(s));
  };
  useEffect(() => {
    load().catch((e: Error) => setError(e.message));
  }, []);
  if (!settings || !draft) return error ? <ErrorAlert>{error}</ErrorAlert> : null;
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
      await load();
      if (onSaved) onSaved();
      else setMessage('Indstillingerne til KL Gateway er gemt.');
    });
  const set = (k: keyof Draft, v: string) => setDraft({ ...draft, [k]: v });
  return (
    <>
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
      {message && (
        <p className="status" role="status" aria-live="polite">
          {message}
        </p>
      )}
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <div className="actions">
        <button type="button" className="btn" disabled={busy || !admin.allowed} title={admin.why} onClick={() => void save()}>
          Gem KL-indstillinger
        </button>
      </div>
    </>
  );
}
