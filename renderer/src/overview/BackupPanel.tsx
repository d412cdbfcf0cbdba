// Backups a user can see: the automatic copies (one a day at start-up, the last N kept), a copy now, and restoring from
// a copy, which is checked and shown before anything is replaced; the database as it was is kept as a copy too.

import { useEffect, useState } from 'react';
import type { BackupInfo, CallResult } from '../../../schemas/api.ts';
import { count } from '../../../schemas/danish.ts';
import { formatShortDate } from '../../../schemas/dates.ts';
import type { ChosenFile } from '../../../schemas/files.ts';
import { call } from '../api.ts';
import { useAction } from '../useAction.ts';
import { FileButton } from '../components/FileButton.tsx';
import { useNav } from '../nav.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatDateTime } from '../format.ts';
import { monthName } from '../format.ts';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toLocaleString('da-DK', { maximumFractionDigits: 1 })} MB`;

export function BackupPanel() {
  const [status, setStatus] = useState<CallResult<'backup.status'> | null>(null);
  const { navigate } = useNav();
  const { busy, message, setMessage, error, setError, run } = useAction();
  const [pending, setPending] = useState<{ restoreId: string; info: BackupInfo } | null>(null);

  const load = () =>
    call('backup.status', {}).then(
      (s) => setStatus(s),
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    void load();
  }, []);
  if (!status) return null;

  const now = () =>
    run(async () => {
      const r = await call('backup.now', {});
      if (r) setMessage(`Sikkerhedskopien er gemt i ${r.file} (${mb(r.bytes)}).`);
      await load();
    });
  const inspect = (file: ChosenFile) => run(async () => setPending(await call('backup.inspect', { fileId: file.fileId })));
  const restore = () =>
    run(async () => {
      if (!pending) return;
      const r = await call('backup.restore', { restoreId: pending.restoreId });
      setPending(null);
      setMessage(`Databasen er gendannet. Databasen, som den var, er gemt i ${r.replacedCopy}. Vinduet genindlæses …`);
      setTimeout(() => location.reload(), 1500);
    });

  return (
    <section className="panel" aria-labelledby="kopier-titel">
      <h2 id="kopier-titel">Sikkerhedskopier</h2>
      <p className="small">
        Programmet tager en kopi af databasen, første gang det startes hver dag, og gemmer de seneste {count(status.keep, 'kopi', 'kopier')} i{' '}
        <span className="mono">{status.folder}</span>.{' '}
        <button type="button" className="link" onClick={() => navigate({ area: 'indstillinger' })}>
          Ret antal og mappe under Indstillinger
        </button>
      </p>
      {status.automatic.length > 0 && (
        <ul className="small">
          {status.automatic.slice(0, 5).map((b) => (
            <li key={b.file}>
              {formatDateTime(b.at)}: {mb(b.bytes)}
            </li>
          ))}
        </ul>
      )}
      <div className="row align-end">
        <button type="button" className="btn" disabled={busy} onClick={() => void now()}>
          Tag en sikkerhedskopi nu …
        </button>
        <FileButton purpose="backup" disabled={busy} onChosen={inspect} onError={setError}>
          Gendan fra en sikkerhedskopi …
        </FileButton>
      </div>
      <p className="status" role="status" aria-live="polite">
        {message}
      </p>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {pending && (
        <div className="alert alert-warning" role="group" aria-label="Gendan databasen">
          <p>
            <strong>{pending.info.file.split(/[\\/]/).pop()}</strong> er en hel sikkerhedskopi fra {formatDateTime(pending.info.at)} med{' '}
            {count(pending.info.ydelser, 'ydelse', 'ydelser')}, {count(pending.info.forloeb, 'forløb', 'forløb')} og{' '}
            {count(pending.info.places, 'sted', 'steder')}
            {pending.info.lastExport
              ? `; seneste eksport: ${monthName(pending.info.lastExport.month)} (${formatShortDate(pending.info.lastExport.at.slice(0, 10))})`
              : '; ingen eksporter'}
            .
          </p>
          <p>Gendannes databasen fra den, erstattes alt, hvad der er registreret siden. Databasen, som den er nu, gemmes først som kopi.</p>
          <div className="actions">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void restore()}>
              Gendan databasen
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => setPending(null)}>
              Annullér
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
