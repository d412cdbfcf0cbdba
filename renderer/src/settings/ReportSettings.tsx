// The SEI file's header: the kommune and the reporter. On the Indberetning page (a line, the form while something is
// missing) and on the settings page.

import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { kommuneNavn } from '../../../schemas/codes.ts';
import { type ApiError, call } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAdministrator } from '../role.ts';
import { useUnsaved } from '../unsaved.ts';

/** `alwaysOpen`: the settings page's form; else a line that opens the form (open by itself while a field is empty). */
export function ReportSettings({ alwaysOpen = false }: { alwaysOpen?: boolean }) {
  const admin = useAdministrator();
  const [s, setS] = useState<CallResult<'settings.get'> | null>(null);
  const [open, setOpen] = useState(alwaysOpen);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [baseline, setBaseline] = useState<CallResult<'settings.get'> | null>(null);
  useUnsaved(open && s !== null && baseline !== null && JSON.stringify(s) !== JSON.stringify(baseline));
  useEffect(() => {
    call('settings.get', {}).then(
      (v) => {
        setS(v);
        setBaseline(v);
        if (!v.kommunekode || !v.reporterName || !v.reporterEmail) setOpen(true);
      },
      () => {},
    );
  }, []);
  if (!s) return null;
  const save = async () => {
    try {
      const v = await call('settings.set', s);
      setS(v);
      setBaseline(v);
      setError(null);
      setSaved('Indstillingerne er gemt.');
      setOpen(alwaysOpen);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  if (!open) {
    return (
      <p className="settings-line">
        Indberetter for <strong>{kommuneNavn(s.kommunekode) ?? s.kommunekode}</strong> ({s.kommunekode}): {s.reporterName}, {s.reporterEmail}.{' '}
        <button type="button" className="link" onClick={() => setOpen(true)}>
          Ret
        </button>{' '}
        <span className="ok-text">{saved}</span>
      </p>
    );
  }
  return (
    <form
      className="panel settings"
      aria-labelledby="indstillinger-titel"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="indstillinger-titel">Indberetningens hoved</h2>
      <p className="hint">SEI-filen nævner kommunen og den, der indberetter.</p>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <div className="row">
        <div className="field">
          <label htmlFor="st-kommune">Kommunekode</label>
          <input id="st-kommune" className="mono short" value={s.kommunekode} onChange={(e) => setS({ ...s, kommunekode: e.target.value })} />
          <span className="hint">{kommuneNavn(s.kommunekode.padStart(4, '0')) ?? 'fx 0751 (Aarhus)'}</span>
        </div>
        <div className="field">
          <label htmlFor="st-navn">Indberetterens navn</label>
          <input id="st-navn" value={s.reporterName} onChange={(e) => setS({ ...s, reporterName: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="st-email">Indberetterens e-mail</label>
          <input id="st-email" type="email" value={s.reporterEmail} onChange={(e) => setS({ ...s, reporterEmail: e.target.value })} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={!admin.allowed} title={admin.why}>
          Gem indstillinger
        </button>
        {alwaysOpen && <span className="ok-text">{saved}</span>}
      </div>
    </form>
  );
}
