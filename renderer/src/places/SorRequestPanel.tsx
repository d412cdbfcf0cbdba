// An application to SORpost for a SOR code (or a change): the form with every field Sundhedsdatastyrelsen asks for,
// the email it makes (mail program, .eml, copy), and its state until the code arrives and is put on the place.

import { DateField } from '../components/DateField.tsx';
import { count } from '../../../schemas/danish.ts';
import { confirmDiscard, useUnsaved } from '../unsaved.ts';
import { useEffect, useState } from 'react';
import type { SorEmailResult, SorRequest } from '../../../schemas/api.ts';
import { kommuneNavn } from '../../../schemas/codes.ts';
import { localToday, formatShortDate } from '../../../schemas/dates.ts';
import { checkSorRequest, FIELD_LABELS, SOR_INSTITUTION_TYPES, SOR_SUPPORT, SOR_TYPE_LABELS, type SorRequestFields } from '../../../schemas/sor-request.ts';
import type { Place } from '../../../schemas/places.ts';
import { ApiError, call } from '../api.ts';
import { saveText } from '../files.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

const STATE_LABELS: Record<SorRequest['state'], string> = { kladde: 'Kladde', sendt: 'Sendt', kode_modtaget: 'Kode modtaget' };

export function SorRequestPanel(props: { place: Place; request: SorRequest | null; onChanged: (message: string, place?: Place) => void; onClose: () => void }) {
  const [request, setRequest] = useState<SorRequest | null>(props.request);
  const [fields, setFields] = useState<SorRequestFields | null>(props.request?.fields ?? null);
  const [email, setEmail] = useState<SorEmailResult | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sentDate, setSentDate] = useState(localToday());
  const [code, setCode] = useState('');
  /** The fields as last saved (or prefilled): a difference is an unsaved change. */
  const [baseline, setBaseline] = useState<SorRequestFields | null>(props.request?.fields ?? null);
  useUnsaved(fields !== null && baseline !== null && JSON.stringify(fields) !== JSON.stringify(baseline));
  const close = () => {
    if (confirmDiscard()) props.onClose();
  };

  useEffect(() => {
    if (!props.request)
      call('sorRequests.prefill', { placeId: props.place.id }).then(
        (f) => {
          setFields(f);
          setBaseline(f);
        },
        (e: Error) => setError(e.message),
      );
  }, [props.place.id, props.request]);

  // the email follows the form: made as soon as nothing is missing
  useEffect(() => {
    if (!fields) return;
    const t = setTimeout(() => {
      call('sorRequests.email', { fields }).then(setEmail, (e: Error) => setError(e.message));
    }, 200);
    return () => clearTimeout(t);
  }, [fields]);

  if (!fields) return <aside className="drawer pane-form pane">{error ?? 'Henter …'}</aside>;
  const problems = checkSorRequest(fields).problems;
  const problemOf = (k: keyof SorRequestFields) => problems.find((p) => p.field === k)?.message;
  const set = <K extends keyof SorRequestFields>(k: K, v: SorRequestFields[K]) => setFields({ ...fields, [k]: v });
  const locked = request?.state === 'kode_modtaget';

  const save = async (): Promise<SorRequest | null> => {
    try {
      const r = await call('sorRequests.save', { id: request?.id ?? null, placeId: props.place.id, fields });
      setRequest(r.request);
      setBaseline(fields);
      setStatus(
        r.problems.length
          ? `Kladden er gemt. Der mangler stadig ${r.problems.length} ${r.problems.length === 1 ? 'oplysning' : 'oplysninger'}.`
          : 'Ansøgningen er gemt.',
      );
      return r.request;
    } catch (e) {
      setError((e as ApiError).message);
      return null;
    }
  };

  const markSent = async () => {
    const r = request ?? (await save());
    if (!r) return;
    try {
      setRequest(await call('sorRequests.markSent', { id: r.id, date: sentDate }));
      setStatus(`Ansøgningen er markeret som sendt ${formatShortDate(sentDate)}. Når koden kommer, skrives den ind herunder.`);
      props.onChanged('Ansøgningen er markeret som sendt.');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const receive = async () => {
    if (!request) return;
    try {
      const r = await call('sorRequests.codeReceived', { id: request.id, code });
      setRequest(r.request);
      setError(null);
      const msg =
        `${r.place.name} har nu SOR-kode ${r.request.receivedCode}. ` +
        (r.nowReportable === 0 ? 'Ingen ventende ydelser blev frigivet.' : `${count(r.nowReportable, 'ydelse', 'ydelser')} kan nu indberettes.`);
      setStatus(msg);
      props.onChanged(msg, r.place);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };

  const saveEml = async () => {
    if (!email?.eml || !email.fileName) return;
    try {
      const to = await saveText(email.fileName, email.eml);
      if (to)
        setStatus(
          to === email.fileName
            ? `Mailen er hentet som ${to}. Åbn den, og send den fra dit mailprogram.`
            : `Mailen er gemt i ${to}. Åbn den, og send den fra dit mailprogram.`,
        );
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const copy = async () => {
    if (!email?.text) return;
    try {
      await navigator.clipboard.writeText(email.text);
      setStatus('Mailens tekst er kopieret. Sæt den ind i en ny mail til SORpost@sundhedsdata.dk.');
    } catch {
      setStatus('Teksten kunne ikke kopieres automatisk: markér den i forhåndsvisningen, og kopiér med Ctrl+C.');
    }
  };

  const text = (k: keyof SorRequestFields, label = FIELD_LABELS[k], type = 'text') => (
    <div className={`field ${problemOf(k) ? 'field-error' : ''}`}>
      <label htmlFor={`sor-${k}`}>{label}</label>
      <input
        id={`sor-${k}`}
        type={type}
        value={String(fields[k])}
        disabled={locked}
        aria-invalid={!!problemOf(k)}
        onChange={(e) => set(k, e.target.value as never)}
      />
      {problemOf(k) && <span className="error-text">{problemOf(k)}</span>}
    </div>
  );

  return (
    <aside
      className="drawer pane pane-form sor-panel"
      role="dialog"
      aria-labelledby="sor-titel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
        if ((e.ctrlKey || e.metaKey) && e.key === 's') {
          e.preventDefault();
          void save();
        }
      }}
    >
      <div className="form-head">
        <h2 id="sor-titel">{fields.kind === 'ny' ? 'Ansøgning om SOR-kode' : 'Ændring af SOR-kode'}</h2>
        <button type="button" className="btn btn-ghost" onClick={close}>
          Luk <kbd>Esc</kbd>
        </button>
      </div>
      <p className="muted">
        {props.place.name} · {request ? `${STATE_LABELS[request.state]}${request.sentDate ? `, sendt ${formatShortDate(request.sentDate)}` : ''}` : 'Ny kladde'}
      </p>
      <fieldset disabled={locked}>
        <legend>Institutionen</legend>
        {fields.kind === 'aendring' && (
          <>
            {text('existingSorCode')}
            <div className={`field ${problemOf('changes') ? 'field-error' : ''}`}>
              <label htmlFor="sor-changes">{FIELD_LABELS.changes}</label>
              <textarea id="sor-changes" rows={3} value={fields.changes} onChange={(e) => set('changes', e.target.value)} />
              {problemOf('changes') && <span className="error-text">{problemOf('changes')}</span>}
            </div>
          </>
        )}
        {text('institutionName')}
        {text('street')}
        <div className="row">
          {text('postalCode')}
          {text('city')}
        </div>
        <div className="row">
          {text('phone', `${FIELD_LABELS.phone}`, 'tel')}
          {text('fax', 'Fax (hvis den findes)', 'tel')}
        </div>
        {text('email', 'E-mailadresse (hvis den findes)', 'email')}
        {text('web', 'Web-adresse (hvis den findes)')}
        <div className={`field ${problemOf('institutionType') ? 'field-error' : ''}`}>
          <label htmlFor="sor-institutionType">{FIELD_LABELS.institutionType}</label>
          <select
            id="sor-institutionType"
            value={fields.institutionType}
            onChange={(e) => set('institutionType', e.target.value as SorRequestFields['institutionType'])}
          >
            <option value="">Vælg …</option>
            {SOR_INSTITUTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {SOR_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          {problemOf('institutionType') && <span className="error-text">{problemOf('institutionType')}</span>}
        </div>
        <div className={`field ${problemOf('owner') || problemOf('agreementWithKommune') ? 'field-error' : ''}`} role="radiogroup" aria-labelledby="sor-ejer">
          <span id="sor-ejer" className="label">
            Ejerforhold
          </span>
          <label className="radio">
            <input type="radio" name="sor-ejer" checked={fields.owner === 'kommunal'} onChange={() => set('owner', 'kommunal')} /> Kommunalt ejet
          </label>
          <label className="radio">
            <input type="radio" name="sor-ejer" checked={fields.owner === 'privat_med_aftale'} onChange={() => set('owner', 'privat_med_aftale')} /> Privat
            virksomhed
          </label>
          {fields.owner === 'privat_med_aftale' && (
            <label className="check wrap">
              <input type="checkbox" checked={fields.agreementWithKommune} onChange={(e) => set('agreementWithKommune', e.target.checked)} /> Virksomheden har
              truffet aftale med kommunen om at varetage genoptræning
            </label>
          )}
          {(problemOf('owner') ?? problemOf('agreementWithKommune')) && (
            <span className="error-text">{problemOf('owner') ?? problemOf('agreementWithKommune')}</span>
          )}
        </div>
        {text('ydernummer', 'Ydernummer (hvis det findes)')}
      </fieldset>
      <fieldset disabled={locked}>
        <legend>Afsender</legend>
        <div className="row">
          <div className={`field ${problemOf('kommunekode') ? 'field-error' : ''}`}>
            <label htmlFor="sor-kommunekode">Kommunekode</label>
            <input id="sor-kommunekode" className="mono short" value={fields.kommunekode} onChange={(e) => set('kommunekode', e.target.value)} />
            <span className={problemOf('kommunekode') ? 'error-text' : 'hint'}>
              {problemOf('kommunekode') ?? kommuneNavn(fields.kommunekode.padStart(4, '0')) ?? ''}
            </span>
          </div>
          {text('contactName')}
        </div>
        <div className="row">
          {text('contactEmail', FIELD_LABELS.contactEmail, 'email')}
          {text('contactPhone', 'Telefon (valgfri)', 'tel')}
        </div>
      </fieldset>
      {!locked && (
        <div className="actions">
          <button type="button" className="btn" onClick={() => void save()}>
            Gem kladde <kbd>Ctrl+S</kbd>
          </button>
        </div>
      )}

      <section aria-labelledby="mail-titel">
        <h3 id="mail-titel">Mailen til SORpost@sundhedsdata.dk</h3>
        {problems.length > 0 ? (
          <div className="alert alert-warning">
            Mailen kan laves, når {problems.length === 1 ? 'dette er rettet' : `disse ${problems.length} ting er rettet`}:
            <ul>
              {problems.map((p) => (
                <li key={p.field}>{p.message}</li>
              ))}
            </ul>
          </div>
        ) : email?.email ? (
          <>
            <div className="mail-preview">
              <div>
                <strong>Til:</strong> {email.email.to}
              </div>
              <div>
                <strong>Emne:</strong> {email.email.subject}
              </div>
              <pre>{email.email.body}</pre>
            </div>
            <div className="actions">
              {email.mailto ? (
                <a className="btn btn-primary" href={email.mailto} target="_blank" rel="noreferrer">
                  Åbn i mailprogram
                </a>
              ) : (
                <span className="hint">Mailen er for lang til et mailto-link; gem den som fil, eller kopiér teksten.</span>
              )}
              <button type="button" className="btn" onClick={() => void saveEml()}>
                Gem som .eml
              </button>
              <button type="button" className="btn" onClick={() => void copy()}>
                Kopiér tekst
              </button>
            </div>
          </>
        ) : null}
      </section>

      {!locked && (
        <section aria-labelledby="forloeb-sor-titel">
          <h3 id="forloeb-sor-titel">Forløb</h3>
          <div className="row align-end">
            <div className="field">
              <label htmlFor="sor-sendt">Sendt den</label>
              <DateField id="sor-sendt" value={sentDate} onChange={setSentDate} />
            </div>
            <button type="button" className="btn" disabled={problems.length > 0} onClick={() => void markSent()}>
              Markér som sendt
            </button>
          </div>
          {request && request.state === 'sendt' && (
            <div className="row align-end">
              <div className="field">
                <label htmlFor="sor-modtaget">Modtaget SOR-kode</label>
                <input id="sor-modtaget" className="mono" value={code} onChange={(e) => setCode(e.target.value)} />
              </div>
              <button type="button" className="btn btn-primary" onClick={() => void receive()}>
                Sæt koden på stedet
              </button>
            </div>
          )}
        </section>
      )}
      <p className="hint">Spørgsmål: {SOR_SUPPORT}.</p>
      {/* where the user is looking: the panel is long, and its buttons are far down; the answer to a button stays in
          view at the bottom of the panel, wherever it is scrolled */}
      <div className={`panel-feedback ${status || error ? 'panel-feedback-shown' : ''}`}>
        <p className="status" role="status" aria-live="polite">
          {status}
        </p>
        {error && <ErrorAlert>{error}</ErrorAlert>}
      </div>
    </aside>
  );
}
