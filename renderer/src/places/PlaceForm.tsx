// The form for one place: create or edit, deactivate or reactivate, and its history.
// Fields are checked as the user leaves them and again by the backend on save; every problem is shown beside its
// field and in a summary at the top that links to it.

import { formatShortDate } from '../../../schemas/dates.ts';
import { confirmDiscard, useUnsaved } from '../unsaved.ts';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { checkInstitutionCode, INSTITUTION_CODE_LABELS, INSTITUTION_CODE_TYPES, type InstitutionCodeType } from '../../../schemas/codes.ts';
import {
  OWNER_LABELS,
  OWNERS,
  PLACE_TYPE_LABELS,
  PLACE_TYPES,
  PlaceInput,
  type HistoryEntry,
  type Owner,
  type Place,
  type PlaceType,
} from '../../../schemas/places.ts';
import { ApiError, call } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { History } from '../components/History.tsx';
import { SorRequestPanel } from './SorRequestPanel.tsx';
import type { SorRequest } from '../../../schemas/api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

interface Draft {
  name: string;
  type: PlaceType | '';
  typeOther: string;
  owner: Owner | '';
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  web: string;
  note: string;
  codeType: InstitutionCodeType | 'none';
  codeValue: string;
}

const EMPTY: Draft = {
  name: '',
  type: '',
  typeOther: '',
  owner: '',
  street: '',
  postalCode: '',
  city: '',
  phone: '',
  email: '',
  web: '',
  note: '',
  codeType: 'none',
  codeValue: '',
};

function fromPlace(p: Place): Draft {
  return {
    name: p.name,
    type: p.type,
    typeOther: p.typeOther,
    owner: p.owner,
    street: p.street,
    postalCode: p.postalCode,
    city: p.city,
    phone: p.phone,
    email: p.email,
    web: p.web,
    note: p.note,
    codeType: p.code?.type ?? 'none',
    codeValue: p.code?.value ?? '',
  };
}

function toInput(d: Draft): unknown {
  return {
    name: d.name,
    type: d.type === '' ? undefined : d.type,
    typeOther: d.typeOther,
    owner: d.owner === '' ? undefined : d.owner,
    street: d.street,
    postalCode: d.postalCode,
    city: d.city,
    phone: d.phone,
    email: d.email,
    web: d.web,
    note: d.note,
    code: d.codeType === 'none' ? null : { type: d.codeType, value: d.codeValue },
  };
}

/** Field ids in the form, by the path the contract names them with. */
const FIELD_IDS: Record<string, string> = {
  name: 'sted-navn',
  type: 'sted-type',
  typeOther: 'sted-type-andet',
  owner: 'sted-ejer-kommunal',
  street: 'sted-adresse',
  postalCode: 'sted-postnr',
  city: 'sted-by',
  phone: 'sted-telefon',
  email: 'sted-email',
  web: 'sted-web',
  note: 'sted-note',
  'code.type': 'sted-kodetype-none',
  'code.value': 'sted-kode',
  code: 'sted-kode',
};

type Errors = Record<string, string>;

function clientErrors(d: Draft): Errors {
  const r = PlaceInput.safeParse(toInput(d));
  if (r.success) return {};
  const errors: Errors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

const CODE_HINTS: Record<InstitutionCodeType, string> = {
  SOR: '11 til 18 cifre, fx 8341000016002.',
  SHAK: '4, 6 eller 7 tegn (sygehus, afdeling, afsnit), fx 1301011.',
  YDER: 'Op til 6 cifre; gemmes med foranstillede nuller, fx 024015.',
};

function Field(props: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={`field ${props.error ? 'field-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <span className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.children}
      {props.error && (
        <span className="error-text" id={`${props.id}-fejl`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

export function PlaceForm(props: { placeId: number | null; onSaved: (place: Place, message: string) => void; onClose: () => void }) {
  const { placeId } = props;
  const [place, setPlace] = useState<Place | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  /** The draft as last loaded or saved: a difference is an unsaved change. */
  const [baseline, setBaseline] = useState<Draft>(EMPTY);
  useUnsaved(JSON.stringify(draft) !== JSON.stringify(baseline));
  const close = () => {
    if (confirmDiscard()) props.onClose();
  };
  const [errors, setErrors] = useState<Errors>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [requests, setRequests] = useState<SorRequest[]>([]);
  const [sorPanel, setSorPanel] = useState<{ request: SorRequest | null } | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (placeId === null) {
      firstField.current?.focus();
      return;
    }
    Promise.all([call('places.get', { id: placeId }), call('places.history', { id: placeId }), call('sorRequests.list', { placeId })]).then(
      ([p, h, r]) => {
        setPlace(p);
        setDraft(fromPlace(p));
        setBaseline(fromPlace(p));
        setHistory(h);
        setRequests(r);
        firstField.current?.focus();
      },
      (e: Error) => setLoadError(e.message),
    );
  }, [placeId]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  /** Re-checks one field when the user leaves it, without shouting about fields not yet reached. */
  const recheck = (...keys: string[]) => {
    const all = clientErrors(draft);
    setErrors((prev) => {
      const next = { ...prev };
      for (const k of keys) {
        if (all[k]) next[k] = all[k]!;
        else delete next[k];
      }
      return next;
    });
  };

  const showProblems = (found: Errors, message: string) => {
    setErrors(found);
    setSummary(message);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const found = clientErrors(draft);
    if (Object.keys(found).length > 0) {
      showProblems(found, 'Stedet er ikke gemt. Ret fejlene herunder.');
      return;
    }
    setSaving(true);
    try {
      const input = toInput(draft) as PlaceInput;
      const saved =
        placeId === null
          ? await call('places.create', { place: input })
          : await call('places.update', { id: placeId, place: input, basedOn: place!.updatedAt });
      setErrors({});
      setSummary(null);
      setBaseline(draft);
      props.onSaved(saved, placeId === null ? `Stedet "${saved.name}" er oprettet.` : `Stedet "${saved.name}" er gemt.`);
      if (placeId !== null) {
        setPlace(saved);
        setDraft(fromPlace(saved));
        setBaseline(fromPlace(saved));
        setHistory(await call('places.history', { id: placeId }));
      }
    } catch (err) {
      const apiErr = err as ApiError;
      const fromServer: Errors = {};
      for (const f of apiErr.fields ?? []) fromServer[f.field.replace(/^place\./, '')] = f.message;
      showProblems(fromServer, `Stedet er ikke gemt. ${apiErr.message}`);
    } finally {
      setSaving(false);
    }
  };

  const toggleActive = async () => {
    if (!place) return;
    try {
      const updated = await call('places.setActive', { id: place.id, active: !place.active });
      setPlace(updated);
      setHistory(await call('places.history', { id: place.id }));
      props.onSaved(
        updated,
        updated.active ? `Stedet "${updated.name}" er genaktiveret.` : `Stedet "${updated.name}" er deaktiveret. Det kan findes igen med "Vis deaktiverede".`,
      );
    } catch (err) {
      setSummary((err as Error).message);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'Enter')) {
      e.preventDefault();
      void save();
    }
  };

  const codeCheck = draft.codeType !== 'none' && draft.codeValue.trim() !== '' ? checkInstitutionCode(draft.codeType, draft.codeValue) : null;
  const errorEntries = Object.entries(errors);
  const title = placeId === null ? 'Nyt sted' : place ? place.name : 'Sted';

  return (
    <aside className="pane pane-form" aria-labelledby="form-titel" onKeyDown={onKeyDown}>
      <div className="form-head">
        <h2 id="form-titel">{title}</h2>
        <button type="button" className="btn btn-ghost" onClick={close} aria-label="Luk formularen (Esc)">
          Luk <kbd>Esc</kbd>
        </button>
      </div>
      {loadError && <ErrorAlert>{loadError}</ErrorAlert>}
      {place && !place.active && (
        <div className="alert alert-info">Stedet er deaktiveret{place.deactivatedAt ? ` (${formatDateTime(place.deactivatedAt)})` : ''}.</div>
      )}
      {summary && (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={summaryRef}>
          <strong>{summary}</strong>
          {errorEntries.length > 0 && (
            <ul>
              {errorEntries.map(([key, message]) => (
                <li key={key}>
                  <a
                    href={`#${FIELD_IDS[key] ?? ''}`}
                    onClick={(e) => {
                      e.preventDefault();
                      document.getElementById(FIELD_IDS[key] ?? '')?.focus();
                    }}
                  >
                    {message}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <form onSubmit={save} noValidate>
        <fieldset>
          <legend>Stedet</legend>
          <Field id="sted-navn" label="Navn *" error={errors.name}>
            <input
              id="sted-navn"
              ref={firstField}
              value={draft.name}
              autoComplete="off"
              aria-invalid={!!errors.name}
              onChange={(e) => set('name', e.target.value)}
              onBlur={() => recheck('name')}
            />
          </Field>
          <Field id="sted-type" label="Type *" error={errors.type}>
            <select
              id="sted-type"
              value={draft.type}
              aria-invalid={!!errors.type}
              onChange={(e) => set('type', e.target.value as PlaceType)}
              onBlur={() => recheck('type')}
            >
              <option value="">Vælg type …</option>
              {PLACE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {PLACE_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </Field>
          {draft.type === 'andet' && (
            <Field id="sted-type-andet" label="Hvilken type? *" error={errors.typeOther}>
              <input id="sted-type-andet" value={draft.typeOther} onChange={(e) => set('typeOther', e.target.value)} onBlur={() => recheck('typeOther')} />
            </Field>
          )}
          <div className={`field ${errors.owner ? 'field-error' : ''}`} role="radiogroup" aria-labelledby="ejer-label">
            <span id="ejer-label" className="label">
              Ejerforhold *
            </span>
            {OWNERS.map((o) => (
              <label key={o} className="radio">
                <input
                  type="radio"
                  name="ejer"
                  id={o === 'kommunal' ? 'sted-ejer-kommunal' : 'sted-ejer-privat'}
                  value={o}
                  checked={draft.owner === o}
                  onChange={() => {
                    set('owner', o);
                    setErrors(({ owner: _drop, ...rest }) => rest);
                  }}
                />
                {OWNER_LABELS[o]}
              </label>
            ))}
            {errors.owner && <span className="error-text">{errors.owner}</span>}
          </div>
        </fieldset>

        <fieldset>
          <legend>Institutionskode</legend>
          <p className="hint">
            Ydernummer hvis stedet har et (sygesikringsoverenskomsten), ellers SHAK-kode, ellers SOR-kode. Har stedet ingen af dem, vælg "Ingen kode endnu"; så
            kan dets ydelser ikke indberettes, før en SOR-kode er søgt og modtaget.
          </p>
          <div className="segmented" role="radiogroup" aria-label="Kodetype">
            {(['none', ...INSTITUTION_CODE_TYPES] as const).map((t) => (
              <label key={t} className="radio">
                <input
                  type="radio"
                  name="kodetype"
                  id={`sted-kodetype-${t}`}
                  checked={draft.codeType === t}
                  onChange={() => {
                    set('codeType', t);
                    setErrors(({ 'code.value': _drop, ...rest }) => rest);
                  }}
                />
                {t === 'none' ? 'Ingen kode endnu' : INSTITUTION_CODE_LABELS[t]}
              </label>
            ))}
          </div>
          {draft.codeType !== 'none' && (
            <Field id="sted-kode" label={`${INSTITUTION_CODE_LABELS[draft.codeType]} *`} hint={CODE_HINTS[draft.codeType]} error={errors['code.value']}>
              <input
                id="sted-kode"
                className="mono"
                inputMode={draft.codeType === 'SHAK' ? 'text' : 'numeric'}
                value={draft.codeValue}
                autoComplete="off"
                aria-invalid={!!errors['code.value']}
                aria-describedby="sted-kode-hint"
                onChange={(e) => set('codeValue', e.target.value)}
                onBlur={() => recheck('code.value')}
              />
              {codeCheck?.ok && !errors['code.value'] && (
                <span className="ok-text">✓ Gyldig{codeCheck.value !== draft.codeValue.trim() ? `; gemmes som ${codeCheck.value}` : ''}</span>
              )}
            </Field>
          )}
        </fieldset>

        <fieldset>
          <legend>Adresse og kontakt</legend>
          <Field id="sted-adresse" label="Adresse" error={errors.street}>
            <input id="sted-adresse" value={draft.street} onChange={(e) => set('street', e.target.value)} />
          </Field>
          <div className="row">
            <Field id="sted-postnr" label="Postnr." error={errors.postalCode}>
              <input
                id="sted-postnr"
                className="short"
                inputMode="numeric"
                maxLength={4}
                value={draft.postalCode}
                onChange={(e) => set('postalCode', e.target.value)}
                onBlur={() => recheck('postalCode')}
              />
            </Field>
            <Field id="sted-by" label="By" error={errors.city}>
              <input id="sted-by" value={draft.city} onChange={(e) => set('city', e.target.value)} />
            </Field>
          </div>
          <div className="row">
            <Field id="sted-telefon" label="Telefon" error={errors.phone}>
              <input id="sted-telefon" type="tel" value={draft.phone} onChange={(e) => set('phone', e.target.value)} onBlur={() => recheck('phone')} />
            </Field>
            <Field id="sted-email" label="E-mail" error={errors.email}>
              <input id="sted-email" type="email" value={draft.email} onChange={(e) => set('email', e.target.value)} onBlur={() => recheck('email')} />
            </Field>
          </div>
          <Field id="sted-web" label="Web" error={errors.web}>
            <input id="sted-web" value={draft.web} onChange={(e) => set('web', e.target.value)} onBlur={() => recheck('web')} />
          </Field>
          <Field id="sted-note" label="Bemærkning" error={errors.note}>
            <textarea id="sted-note" rows={2} value={draft.note} onChange={(e) => set('note', e.target.value)} />
          </Field>
        </fieldset>

        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? 'Gemmer …' : placeId === null ? 'Opret sted' : 'Gem ændringer'} <kbd>Ctrl+S</kbd>
          </button>
          <button type="button" className="btn" onClick={close}>
            Annullér
          </button>
          {place && (
            <button type="button" className="btn btn-quiet" onClick={() => void toggleActive()}>
              {place.active ? 'Deaktivér sted' : 'Genaktivér sted'}
            </button>
          )}
        </div>
        <p className="hint">Felter mærket * skal udfyldes.</p>
      </form>

      {place && (
        <section className="sor-section" aria-labelledby="sor-sektion">
          <h3 id="sor-sektion">SOR-kode</h3>
          {!place.code && (
            <div className="alert alert-warning">
              Stedet har ingen kode endnu, så dets ydelser kan ikke indberettes. Har stedet hverken ydernummer eller SHAK-kode, skal kommunen søge om en
              SOR-kode hos Sundhedsdatastyrelsen.
            </div>
          )}
          {requests.length > 0 && (
            <ul className="requests">
              {requests.map((r) => (
                <li key={r.id}>
                  <button type="button" className="link" onClick={() => setSorPanel({ request: r })}>
                    {r.kind === 'ny' ? 'Ansøgning om SOR-kode' : 'Ændring af SOR-kode'}
                  </button>{' '}
                  – {r.state === 'kladde' ? 'kladde' : r.state === 'sendt' ? `sendt ${formatShortDate(r.sentDate ?? '')}` : `kode modtaget: ${r.receivedCode}`}
                </li>
              ))}
            </ul>
          )}
          {(!place.code || place.code.type === 'SOR') && !requests.some((r) => r.state !== 'kode_modtaget') && (
            <button type="button" className="btn" onClick={() => setSorPanel({ request: null })}>
              {place.code ? 'Ansøg om ændring af SOR-koden …' : 'Søg om SOR-kode …'}
            </button>
          )}
        </section>
      )}
      {place && <History entries={history} />}
      {place && sorPanel && (
        <SorRequestPanel
          place={place}
          request={sorPanel.request}
          onClose={() => setSorPanel(null)}
          onChanged={(message, updated) => {
            void call('sorRequests.list', { placeId: place.id }).then(setRequests);
            if (updated) {
              setPlace(updated);
              setDraft(fromPlace(updated));
              setBaseline(fromPlace(updated));
              void call('places.history', { id: place.id }).then(setHistory);
              props.onSaved(updated, message);
            }
          }}
        />
      )}
    </aside>
  );
}
