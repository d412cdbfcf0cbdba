// A new genoptræningsplan (GGOP) from the hospital that replaces the one in force: the old one is kept as it stood
// (and sent to KL Gateway as revoked, the new one replacing it), and the forløb takes the new one.

import { useEffect, useState } from 'react';
import { GOP_LABELS, GgopInput, type Forloeb, type GopType, type ReplacedGgop } from '../../../schemas/forloeb-ydelser.ts';
import { formatDateTime, formatShortDate } from '../../../schemas/dates.ts';
import { ApiError, call } from '../api.ts';
import { DateField } from '../components/DateField.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { confirmDiscard } from '../unsaved.ts';
import { firstIssueByField, GopTypeOptions } from './GopTypeOptions.tsx';

export const REPLACE_QUESTION =
  'Registrér den nye genoptræningsplan?\n\nDen gældende gemmes som erstattet og kan ikke gøres gældende igen. ' +
  'Til KL Gateway sendes den som tilbagekaldt, og den nye som dens afløser.';

interface Draft {
  gopType: GopType | '';
  dischargeDate: string;
  gopReceivedDate: string;
  ggopSenderSor: string;
}

export function ReplaceGgop(props: { forloeb: Forloeb; onReplaced: (f: Forloeb) => void }) {
  const f = props.forloeb;
  const [earlier, setEarlier] = useState<ReplacedGgop[]>([]);
  const [open, setOpen] = useState(false);
  const [d, setD] = useState<Draft>({ gopType: f.gopType, dischargeDate: f.dischargeDate ?? '', gopReceivedDate: '', ggopSenderSor: f.ggopSenderSor ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));

  useEffect(() => {
    call('forloeb.replacedGgops', { id: f.id }).then(setEarlier, (e: Error) => setMessage(e.message));
  }, [f.id]);

  const input = (): GgopInput => ({ ...d, gopType: (d.gopType || undefined) as GopType, ggopSenderSor: d.ggopSenderSor || null });

  const replace = async () => {
    const parsed = GgopInput.safeParse(input());
    if (!parsed.success) {
      setErrors(firstIssueByField(parsed.error.issues));
      setMessage('Den nye genoptræningsplan er ikke registreret. Ret fejlene.');
      return;
    }
    if (!confirmDiscard() || !window.confirm(REPLACE_QUESTION)) return;
    try {
      const saved = await call('forloeb.replaceGgop', { id: f.id, ggop: input(), basedOn: f.updatedAt });
      setErrors({});
      setMessage(null);
      setOpen(false);
      props.onReplaced(saved);
    } catch (e) {
      const err = e as ApiError;
      const fields: Record<string, string> = {};
      for (const x of err.fields) fields[x.field.replace(/^ggop\./, '')] = x.message;
      setErrors(fields);
      setMessage(`Den nye genoptræningsplan er ikke registreret. ${err.message}`);
    }
  };

  const err = (k: string) => (errors[k] ? <span className="error-text">{errors[k]}</span> : null);

  return (
    <section className="ggop-replace" aria-labelledby="ggop-replace-title">
      <h3 id="ggop-replace-title">Ny genoptræningsplan fra sygehuset</h3>
      {earlier.length > 0 && (
        <ul className="small">
          {earlier.map((g) => (
            <li key={g.replacedAt}>
              Erstattet: {GOP_LABELS[g.gopType]}
              {g.gopReceivedDate ? `, modtaget ${formatShortDate(g.gopReceivedDate)}` : ''}
              {g.ggopSenderSor ? `, fra SOR ${g.ggopSenderSor}` : ''} (erstattet {formatDateTime(g.replacedAt)} af {g.replacedBy})
            </li>
          ))}
        </ul>
      )}
      {message && <ErrorAlert>{message}</ErrorAlert>}
      {!open ? (
        <>
          <p className="muted small">
            Har sygehuset sendt en ny genoptræningsplan, der erstatter den gældende? Ret ikke den gældende: registrér den nye, så begge kan ses, og KL Gateway
            får at vide, at den nye afløser den gamle.
          </p>
          <button type="button" className="btn" onClick={() => setOpen(true)} disabled={f.status === 'afsluttet'}>
            Registrér ny GGOP …
          </button>
          {f.status === 'afsluttet' && <span className="hint"> Forløbet er afsluttet: en ny plan hører til et nyt forløb.</span>}
        </>
      ) : (
        <div
          className="ggop-fields"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <div className={`field ${errors.gopType ? 'field-error' : ''}`}>
            <label htmlFor="ng-gop">Type *</label>
            <select id="ng-gop" value={d.gopType} onChange={(e) => set('gopType', e.target.value as GopType)} autoFocus>
              <GopTypeOptions />
            </select>
            {err('gopType')}
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="ng-udskr">Udskrivningsdato</label>
              <DateField id="ng-udskr" value={d.dischargeDate} onChange={(v) => set('dischargeDate', v)} />
              {err('dischargeDate')}
            </div>
            <div className="field">
              <label htmlFor="ng-modtaget">Modtaget</label>
              <DateField id="ng-modtaget" value={d.gopReceivedDate} onChange={(v) => set('gopReceivedDate', v)} />
              {err('gopReceivedDate')}
            </div>
            <div className={`field ${errors.ggopSenderSor ? 'field-error' : ''}`}>
              <label htmlFor="ng-sor">Afsender (SOR-kode)</label>
              <input
                id="ng-sor"
                className="mono"
                inputMode="numeric"
                autoComplete="off"
                value={d.ggopSenderSor}
                onChange={(e) => set('ggopSenderSor', e.target.value)}
              />
              {err('ggopSenderSor')}
            </div>
          </div>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => void replace()}>
              Registrér den nye plan
            </button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Annullér
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
