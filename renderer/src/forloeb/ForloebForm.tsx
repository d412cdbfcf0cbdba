// The fields of a forløb: citizen, genoptræningsplan, dates, status and ending.

import { DateField } from '../components/DateField.tsx';
import { confirmDiscard, useUnsaved } from '../unsaved.ts';
import { useState } from 'react';
import { END_REASON_LABELS, END_REASONS, ForloebInput, type EndReason, type Forloeb, type GopType } from '../../../schemas/forloeb-ydelser.ts';
import { checkCpr, formatCpr } from '../../../schemas/codes.ts';
import {
  CARE_PLAN_CATEGORY_KEYS,
  NO_CONTACT_REASON_KEYS,
  NO_CONTACT_REASON_LABELS,
  type CarePlanCategory,
  type NoContactReason,
} from '../../../schemas/kl-gateway.ts';
import { ApiError, call } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { firstIssueByField, GopTypeOptions } from './GopTypeOptions.tsx';

/** The fields of the KL Gateway section: it opens by itself when one of them has an error. */
const KL_FIELDS = ['ggopSenderSor', 'firstContactOffered', 'noContactReason', 'carePlanCategory', 'deceased'];

interface Draft {
  cpr: string;
  citizenName: string;
  gopType: GopType | '';
  dischargeDate: string;
  gopReceivedDate: string;
  laterStartDate: string;
  status: 'aktiv' | 'afsluttet';
  endDate: string;
  endReason: EndReason | '';
  ggopSenderSor: string;
  firstContactOffered: string;
  noContactReason: NoContactReason | '';
  carePlanCategory: CarePlanCategory;
  deceased: boolean;
}

function fromForloeb(f: Forloeb | null): Draft {
  return {
    cpr: f ? formatCpr(f.cpr) : '',
    citizenName: f?.citizenName ?? '',
    gopType: f?.gopType ?? '',
    dischargeDate: f?.dischargeDate ?? '',
    gopReceivedDate: f?.gopReceivedDate ?? '',
    laterStartDate: f?.laterStartDate ?? '',
    status: f?.status ?? 'aktiv',
    endDate: f?.endDate ?? '',
    endReason: f?.endReason ?? '',
    ggopSenderSor: f?.ggopSenderSor ?? '',
    firstContactOffered: f?.firstContactOffered ?? '',
    noContactReason: f?.noContactReason ?? '',
    carePlanCategory: f?.carePlanCategory ?? 'interventionsforloeb',
    deceased: f?.deceased ?? false,
  };
}

function toInput(d: Draft): ForloebInput {
  return {
    ...d,
    gopType: (d.gopType || undefined) as GopType,
    endReason: d.endReason || null,
    ggopSenderSor: d.ggopSenderSor || null,
    noContactReason: d.noContactReason || null,
  };
}

export function ForloebForm(props: { forloeb: Forloeb | null; onSaved: (f: Forloeb) => void; onCancel?: () => void }) {
  const [d, setD] = useState<Draft>(() => fromForloeb(props.forloeb));
  const [baseline, setBaseline] = useState<Draft>(() => fromForloeb(props.forloeb));
  useUnsaved(JSON.stringify(d) !== JSON.stringify(baseline));
  const cancel = () => {
    if (props.onCancel && confirmDiscard()) props.onCancel();
  };
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const cprCheck = d.cpr.replace(/[\s-]/g, '').length === 10 ? checkCpr(d.cpr) : null;

  const save = async () => {
    const parsed = ForloebInput.safeParse(toInput(d));
    if (!parsed.success) {
      setErrors(firstIssueByField(parsed.error.issues));
      setMessage('Forløbet er ikke gemt. Ret fejlene.');
      return;
    }
    try {
      const saved = props.forloeb
        ? await call('forloeb.update', { id: props.forloeb.id, forloeb: toInput(d), basedOn: props.forloeb.updatedAt })
        : await call('forloeb.create', { forloeb: toInput(d) });
      setErrors({});
      setMessage(null);
      setBaseline(d);
      props.onSaved(saved);
    } catch (e) {
      const err = e as ApiError;
      const fields: Record<string, string> = {};
      for (const f of err.fields) fields[f.field.replace(/^forloeb\./, '')] = f.message;
      setErrors(fields);
      setMessage(`Forløbet er ikke gemt. ${err.message}`);
    }
  };

  const err = (k: string) =>
    errors[k] ? (
      <span className="error-text" id={`fl-${k}-fejl`}>
        {errors[k]}
      </span>
    ) : null;

  return (
    <form
      className="forloeb-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === 's') {
          e.preventDefault();
          void save();
        } else if (e.key === 'Escape' && props.onCancel) cancel();
      }}
    >
      {message && <ErrorAlert>{message}</ErrorAlert>}
      <div className="row">
        <div className={`field ${errors.cpr ? 'field-error' : ''}`}>
          <label htmlFor="fl-cpr">CPR-nummer *</label>
          <input
            id="fl-cpr"
            className="mono"
            value={d.cpr}
            autoComplete="off"
            aria-invalid={!!errors.cpr}
            onChange={(e) => set('cpr', e.target.value)}
            autoFocus
          />
          {err('cpr')}
          {!errors.cpr &&
            cprCheck &&
            (cprCheck.ok ? (
              cprCheck.warnings.map((w) => (
                <span key={w} className="hint">
                  {w}
                </span>
              ))
            ) : (
              <span className="error-text">{cprCheck.message}</span>
            ))}
        </div>
        <div className="field">
          <label htmlFor="fl-navn">Navn</label>
          <input id="fl-navn" value={d.citizenName} autoComplete="off" onChange={(e) => set('citizenName', e.target.value)} />
        </div>
      </div>
      <div className={`field ${errors.gopType ? 'field-error' : ''}`}>
        <label htmlFor="fl-gop">Genoptræningsplan *</label>
        <select id="fl-gop" value={d.gopType} aria-invalid={!!errors.gopType} onChange={(e) => set('gopType', e.target.value as GopType)}>
          <GopTypeOptions />
        </select>
        {err('gopType')}
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="fl-udskr">Udskrivningsdato</label>
          <DateField id="fl-udskr" value={d.dischargeDate} onChange={(v) => set('dischargeDate', v)} />
          {err('dischargeDate')}
        </div>
        <div className="field">
          <label htmlFor="fl-gopdato">GOP modtaget</label>
          <DateField id="fl-gopdato" value={d.gopReceivedDate} onChange={(v) => set('gopReceivedDate', v)} />
          {err('gopReceivedDate')}
        </div>
        <div className="field">
          <label htmlFor="fl-senere">Senere startdato i planen</label>
          <DateField id="fl-senere" value={d.laterStartDate} onChange={(v) => set('laterStartDate', v)} />
          {err('laterStartDate')}
        </div>
      </div>
      {props.forloeb && (
        <div className="row">
          <div className="field">
            <label htmlFor="fl-status">Status</label>
            <select id="fl-status" value={d.status} onChange={(e) => set('status', e.target.value as Draft['status'])}>
              <option value="aktiv">Aktivt</option>
              <option value="afsluttet">Afsluttet</option>
            </select>
          </div>
          {d.status === 'afsluttet' && (
            <>
              <div className="field">
                <label htmlFor="fl-slut">Slutdato *</label>
                <DateField id="fl-slut" value={d.endDate} onChange={(v) => set('endDate', v)} />
                {err('endDate')}
              </div>
              <div className="field">
                <label htmlFor="fl-aarsag">Årsag *</label>
                <select id="fl-aarsag" value={d.endReason} onChange={(e) => set('endReason', e.target.value as EndReason)}>
                  <option value="">Vælg årsag …</option>
                  {END_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {END_REASON_LABELS[r]}
                    </option>
                  ))}
                </select>
                {err('endReason')}
              </div>
            </>
          )}
        </div>
      )}
      <details className="kl-fields" open={Object.keys(errors).some((k) => KL_FIELDS.includes(k))}>
        <summary>Til KL Gateway (FHIR-indberetningen)</summary>
        <div className="row">
          <div className={`field ${errors.ggopSenderSor ? 'field-error' : ''}`}>
            <label htmlFor="fl-ggop-sor">GGOP-afsender (SOR-kode)</label>
            <input
              id="fl-ggop-sor"
              className="mono"
              value={d.ggopSenderSor}
              autoComplete="off"
              inputMode="numeric"
              aria-invalid={!!errors.ggopSenderSor}
              onChange={(e) => set('ggopSenderSor', e.target.value)}
            />
            <span className="hint">Sygehusafdelingen, der sendte genoptræningsplanen.</span>
            {err('ggopSenderSor')}
          </div>
          <div className="field">
            <label htmlFor="fl-tilbudt">Første kontakt tilbudt</label>
            <DateField id="fl-tilbudt" value={d.firstContactOffered} onChange={(v) => set('firstContactOffered', v)} />
            <span className="hint">Tom: den senere startdato, ellers første ydelse.</span>
            {err('firstContactOffered')}
          </div>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="fl-ingen-kontakt">Årsag til ingen kontakt inden 7 dage</label>
            <select id="fl-ingen-kontakt" value={d.noContactReason} onChange={(e) => set('noContactReason', e.target.value as NoContactReason | '')}>
              <option value="">Ingen (eller: udskudt, når der er en senere startdato)</option>
              {NO_CONTACT_REASON_KEYS.map((r) => (
                <option key={r} value={r}>
                  {NO_CONTACT_REASON_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="fl-kategori">Forløbstype</label>
            <select id="fl-kategori" value={d.carePlanCategory} onChange={(e) => set('carePlanCategory', e.target.value as CarePlanCategory)}>
              {CARE_PLAN_CATEGORY_KEYS.map((c) => (
                <option key={c} value={c}>
                  {c === 'interventionsforloeb' ? 'Interventionsforløb' : 'Opfølgningsforløb'}
                </option>
              ))}
            </select>
          </div>
        </div>
        <label className="check">
          <input type="checkbox" checked={d.deceased} onChange={(e) => set('deceased', e.target.checked)} />
          Borgeren er død
        </label>
      </details>
      <div className="actions">
        <button type="submit" className="btn btn-primary">
          {props.forloeb ? 'Gem forløb' : 'Opret forløb'} <kbd>Ctrl+S</kbd>
        </button>
        {props.onCancel && (
          <button type="button" className="btn" onClick={cancel}>
            Annullér
          </button>
        )}
      </div>
    </form>
  );
}
