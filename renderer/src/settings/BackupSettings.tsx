// Where the automatic backups go and how many are kept (the desktop's own database file; the shared database is
// backed up on its server).

import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { count } from '../../../schemas/danish.ts';
import { call } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAction } from '../useAction.ts';

export function BackupSettings() {
  const [status, setStatus] = useState<CallResult<'backup.status'> | null>(null);
  const [keep, setKeep] = useState('');
  const [folder, setFolder] = useState('');
  const { busy, message, setMessage, error, setError, run } = useAction();
  const load = async () => {
    const s = await call('backup.status', {});
    setStatus(s);
    setKeep(String(s.keep));
    setFolder(s.chosen ? s.folder : '');
  };
  useEffect(() => {
    load().catch((e: Error) => setError(e.message));
  }, []);
  if (!status) return error ? <p className="muted">{error}</p> : null;
  const save = () =>
    run(async () => {
      if (keep !== String(status.keep)) await call('backup.setKeep', { keep: Number(keep) });
      const r = await call('backup.setFolder', { folder: folder.trim() || null });
      await load();
      setMessage(`Der gemmes ${count(Number(keep), 'automatisk kopi', 'automatiske kopier')} i ${r.folder}.`);
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="row">
        <div className="field">
          <label htmlFor="kopier-mappe">Mappe til sikkerhedskopier</label>
          <input
            id="kopier-mappe"
            className="mono"
            value={folder}
            placeholder={status.chosen ? '' : status.folder}
            aria-describedby="kopier-mappe-hint"
            onChange={(e) => setFolder(e.target.value)}
          />
          <span className="hint" id="kopier-mappe-hint">
            Hele stien til en mappe, der findes, og som kun du kan skrive i (fx et netværksdrev med daglig sikring). Tom: mappen ved siden af databasen.
          </span>
        </div>
        <div className="field">
          <label htmlFor="kopier-antal">Antal automatiske kopier</label>
          <input id="kopier-antal" className="short" type="number" min={1} max={365} value={keep} onChange={(e) => setKeep(e.target.value)} />
        </div>
      </div>
      {message && (
        <p className="status" role="status">
          {message}
        </p>
      )}
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <div className="actions">
        <button type="submit" className="btn" disabled={busy}>
          Gem sikkerhedskopiering
        </button>
      </div>
    </form>
  );
}
