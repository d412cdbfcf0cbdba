// The SOR type codes: which of SOR's type codes mean plejehjem, plejebolig, helhedspleje …, read from SOR's
// classification list or written by hand. On the SOR-kontrol page (its rules need them) and on the settings page.

import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { listDa } from '../../../schemas/danish.ts';
import type { ChosenFile } from '../../../schemas/files.ts';
import { call } from '../api.ts';
import { FileButton } from '../components/FileButton.tsx';
import { useAdministrator } from '../role.ts';

type Types = CallResult<'sor.types.get'>;
const ROLE_FIELDS: [keyof Types, string][] = [
  ['plejehjem', 'Plejehjem'],
  ['permanentPlejebolig', 'Permanent plejebolig'],
  ['midlertidigPlejebolig', 'Midlertidig plejebolig'],
  ['helhedsplejeleverandoer', 'Helhedsplejeleverandør'],
  ['helhedsplejeleverandoersted', 'Helhedsplejeleverandørsted'],
  ['hjemmepleje', 'Hjemmepleje'],
];

export function SorTypesPanel() {
  const admin = useAdministrator();
  const [types, setTypes] = useState<Types | null>(null);
  const [text, setText] = useState<Record<string, string>>({});
  const [open, setOpen] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    call('sor.types.get', {}).then(
      (t) => {
        setTypes(t);
        setText(Object.fromEntries(ROLE_FIELDS.map(([k]) => [k, t[k].join(', ')])));
      },
      () => {},
    );
  }, []);
  if (!types) return null;
  const unmapped = ROLE_FIELDS.filter(([k]) => types[k].length === 0);
  const save = async () => {
    try {
      const next = Object.fromEntries(ROLE_FIELDS.map(([k]) => [k, (text[k] ?? '').split(/[\s,;]+/).filter(Boolean)])) as Types;
      const t = await call('sor.types.set', next);
      setTypes(t);
      setMsg({ ok: true, text: 'Typekoderne er gemt.' });
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    }
  };
  const load = async (file: ChosenFile) => {
    try {
      const r = await call('sor.types.fromClassification', { fileId: file.fileId });
      setText(Object.fromEntries(ROLE_FIELDS.map(([k]) => [k, r.types[k].join(', ')])));
      setMsg({ ok: true, text: `Fundet i listen: ${r.matched.map((m) => `${m.role} = ${m.code}`).join('; ')}. Gem for at bruge dem.` });
      setOpen(true);
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <section className="panel" aria-labelledby="typer-titel">
      <div className="form-head">
        <h2 id="typer-titel">Typekoder</h2>
        <button type="button" className="btn btn-ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Skjul' : 'Vis og ret'}
        </button>
      </div>
      {unmapped.length > 0 ? (
        <div className="alert alert-warning">
          Ingen kode er sat op for {listDa(unmapped.map(([, l]) => l.toLowerCase()))}. Regler, der bruger dem, køres ikke og står som "ikke kørt" i resultatet.
          Indlæs SORs klassifikationsliste, eller skriv koderne.
        </div>
      ) : (
        <p className="muted">Alle roller har en typekode.</p>
      )}
      {open && (
        <>
          <div className="types-grid">
            {ROLE_FIELDS.map(([k, label]) => (
              <div className="field" key={k}>
                <label htmlFor={`type-${k}`}>{label}</label>
                <input id={`type-${k}`} className="mono" value={text[k] ?? ''} onChange={(e) => setText({ ...text, [k]: e.target.value })} />
              </div>
            ))}
          </div>
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={!admin.allowed} title={admin.why} onClick={() => void save()}>
              Gem typekoder
            </button>
            <FileButton purpose="klassifikation" onChosen={load} onError={(text) => setMsg({ ok: false, text })}>
              Indlæs klassifikationsliste …
            </FileButton>
          </div>
        </>
      )}
      {msg && <div className={`alert ${msg.ok ? 'alert-info' : 'alert-error'}`}>{msg.text}</div>}
    </section>
  );
}
