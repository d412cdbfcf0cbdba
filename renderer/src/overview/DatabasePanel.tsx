// Which database the program works in: this computer's file, or the kommune's shared (PostgreSQL) database. In the
// desktop the user may choose the shared one here (its address and her password, kept by the system's keychain); the
// program tries the login first and then starts again. Backups of the shared database are the server's.

import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../schemas/api.ts';
import { call } from '../api.ts';
import { appInfo } from '../role.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAction } from '../useAction.ts';
import { BackupPanel } from './BackupPanel.tsx';

export function DatabasePanel() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [open, setOpen] = useState(false);
  const { busy, message, setMessage, error, setError, run } = useAction();
  useEffect(() => {
    appInfo().then(setInfo, (e: Error) => setError(e.message));
  }, []);
  if (!info) return error ? <ErrorAlert>{error}</ErrorAlert> : null;
  const shared = info.store === 'faelles';
  const desktop = info.mode === 'electron';

  const choose = (chosen: string | null) =>
    run(async () => {
      await call('store.choose', chosen === null ? { url: null } : { url: chosen.trim(), password: password || undefined });
      setPassword('');
      setMessage(
        chosen === null
          ? 'Programmet genstarter med denne computers databasefil …'
          : 'Forbindelsen virker. Programmet genstarter med kommunens fælles database …',
      );
    });

  return (
    <>
      <section className="panel" aria-labelledby="database-titel">
        <h2 id="database-titel">Database</h2>
        {shared ? (
          <p>
            Kommunens fælles database: <span className="mono">{info.dbPath}</span>, som brugeren <strong>{info.user}</strong> med rollen{' '}
            <strong>{info.role}</strong>.{' '}
            {info.role === 'terapeut'
              ? 'Du registrerer steder, forløb og ydelser; eksport, indberetning, SOR-kontrol, SKS-listen og indstillinger kræver rollen administrator. '
              : ''}
            Historikken skrives med dit brugernavn. Sikkerhedskopier tages på serveren af kommunens databaseadministrator.
          </p>
        ) : (
          <p>
            Denne computers databasefil: <span className="mono">{info.dbPath}</span>.
          </p>
        )}
        {desktop && !open && (
          <div className="actions">
            <button type="button" className="btn" onClick={() => setOpen(true)}>
              {shared ? 'Skift database …' : 'Brug kommunens fælles database …'}
            </button>
            {shared && (
              <button type="button" className="btn" disabled={busy} onClick={() => void choose(null)}>
                Brug denne computers databasefil
              </button>
            )}
          </div>
        )}
        {desktop && open && (
          <form
            className="row align-end"
            onSubmit={(e) => {
              e.preventDefault();
              void choose(url);
            }}
          >
            <div className="field grow">
              <label htmlFor="database-adresse">Adresse fra kommunens IT</label>
              <input
                id="database-adresse"
                type="text"
                spellCheck={false}
                placeholder="postgres://bruger@server:5432/database"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="database-kode">Adgangskode</label>
              <input id="database-kode" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
            <button type="submit" className="btn btn-primary" disabled={busy || url.trim() === ''}>
              Forbind og genstart
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => setOpen(false)}>
              Annullér
            </button>
          </form>
        )}
        {desktop && open && (
          <p className="small">Adgangskoden gemmes krypteret med systemets nøglering. Uden nøglering gemmes den ikke, og den læses fra din .pgpass-fil.</p>
        )}
        {!desktop && <p className="small">I browser-tilstand vælges databasen, når programmet startes: SEI_GENOPTRAENING_DB=fil eller postgres://-adresse.</p>}
        <p className="status" role="status" aria-live="polite">
          {message}
        </p>
        {error && <ErrorAlert>{error}</ErrorAlert>}
      </section>
      {!shared && <BackupPanel />}
    </>
  );
}
