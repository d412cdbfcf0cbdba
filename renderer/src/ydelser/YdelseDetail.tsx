// One ydelse: whether it can be reported and why not, the form to correct it, deletion, and its history.

import { CONTACT_CLASS_KEYS, CONTACT_CLASS_LABELS, type EncounterClass } from '../../../schemas/kl-gateway.ts';
import { confirmDiscard, useUnsaved } from '../unsaved.ts';
import { useEffect, useState } from 'react';
import type { HistoryEntry } from '../../../schemas/places.ts';
import type { Ydelse } from '../../../schemas/forloeb-ydelser.ts';
import { formatCpr } from '../../../schemas/codes.ts';
import { formatDanishDate, formatShortDate, localToday, parseDanishDate } from '../../../schemas/dates.ts';
import { ApiError, call } from '../api.ts';
import { History } from '../components/History.tsx';
import { SksCodeField } from '../components/SksCodeField.tsx';
import { Problems } from '../components/Problems.tsx';
import { PlaceSelect } from './PlaceSelect.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

export function YdelseDetail(props: { id: number; onChanged: (message: string) => void; onClose: () => void }) {
  const [y, setY] = useState<Ydelse | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [dato, setDato] = useState('');
  const [kode, setKode] = useState('');
  const [tillaeg, setTillaeg] = useState('');
  const [placeId, setPlaceId] = useState<number | null>(null);
  const [hjemme, setHjemme] = useState(false);
  const [start, setStart] = useState('');
  const [slut, setSlut] = useState('');
  const [kontakt, setKontakt] = useState<EncounterClass | ''>('');
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const tillaegOf = (x: Ydelse) => x.tillaegskoder.join(' ');
  useUnsaved(
    y !== null &&
      !deleted &&
      (dato !== formatShortDate(y.dato) ||
        kode !== y.ydelseskode ||
        tillaeg !== tillaegOf(y) ||
        placeId !== y.placeId ||
        hjemme !== y.hjemme ||
        start !== (y.startTime ?? '') ||
        slut !== (y.endTime ?? '') ||
        kontakt !== (y.contactClass ?? '')),
  );
  const close = () => {
    if (confirmDiscard()) props.onClose();
  };

  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        const [one, h] = await Promise.all([call('ydelser.get', { id: props.id }), call('ydelser.history', { id: props.id })]);
        if (!alive) return;
        setY(one);
        setHistory(h);
        setDato(formatShortDate(one.dato));
        setKode(one.ydelseskode);
        setTillaeg(one.tillaegskoder.join(' '));
        setPlaceId(one.placeId);
        setHjemme(one.hjemme);
        setStart(one.startTime ?? '');
        setSlut(one.endTime ?? '');
        setKontakt(one.contactClass ?? '');
      } catch (e) {
        if (alive) setError((e as Error).message);
      }
    })();
    return () => {
      alive = false;
    };
  }, [props.id]);

  const save = async () => {
    const iso = parseDanishDate(dato, localToday());
    if (!iso) {
      setError(`"${dato}" er ikke en gyldig dato.`);
      return;
    }
    try {
      const saved = await call('ydelser.update', {
        id: props.id,
        basedOn: y!.updatedAt,
        ydelse: {
          dato: iso,
          ydelseskode: kode,
          tillaegskoder: tillaeg,
          placeId,
          hjemme,
          startTime: start || null,
          endTime: slut || null,
          contactClass: kontakt || null,
        },
      });
      setY(saved);
      setDato(formatShortDate(saved.dato));
      setHistory(await call('ydelser.history', { id: props.id }));
      setError(null);
      props.onChanged('Ydelsen er gemt.');
    } catch (e) {
      setError((e as ApiError).message);
    }
  };

  const remove = async () => {
    try {
      await call('ydelser.delete', { id: props.id });
      setConfirmDelete(false);
      setDeleted(true);
      setHistory(await call('ydelser.history', { id: props.id }));
      props.onChanged('Ydelsen er slettet.');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const undoDelete = async () => {
    try {
      setY(await call('ydelser.restore', { id: props.id }));
      setDeleted(false);
      setHistory(await call('ydelser.history', { id: props.id }));
      props.onChanged('Ydelsen er gendannet.');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <aside
      className="pane pane-form"
      aria-labelledby="ydelse-titel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
        if ((e.ctrlKey || e.metaKey) && e.key === 's') {
          e.preventDefault();
          void save();
        }
      }}
    >
      <div className="form-head">
        <h2 id="ydelse-titel">Ydelse {y ? formatDanishDate(y.dato) : ''}</h2>
        <button type="button" className="btn btn-ghost" onClick={close}>
          Luk <kbd>Esc</kbd>
        </button>
      </div>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {y && deleted && (
        <div className="alert alert-info" role="status">
          <p>Ydelsen er slettet. Den kan gendannes, indtil måneden er eksporteret igen (så sendes en annullering).</p>
          <div className="actions">
            <button type="button" className="btn btn-primary" autoFocus onClick={() => void undoDelete()}>
              Fortryd sletning
            </button>
          </div>
        </div>
      )}
      {y && !deleted && (
        <>
          <p className="muted">
            CPR {formatCpr(y.cpr)}
            {y.eksternId ? ` · ekstern id ${y.eksternId}` : ''}
          </p>
          <Problems errors={y.errors} warnings={y.warnings} />
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <div className="row">
              <div className="field">
                <label htmlFor="yd-dato">Dato</label>
                <input id="yd-dato" value={dato} onChange={(e) => setDato(e.target.value)} />
              </div>
              <SksCodeField id="yd-kode" label="Ydelseskode" value={kode} onChange={setKode} day={parseDanishDate(dato, localToday())} />
            </div>
            <div className="field">
              <label htmlFor="yd-tillaeg">Tillægskoder</label>
              <input id="yd-tillaeg" className="mono" value={tillaeg} onChange={(e) => setTillaeg(e.target.value)} />
            </div>
            <PlaceSelect id="yd-sted" value={placeId} onChange={setPlaceId} hjemme={hjemme} />
            <label className="check">
              <input type="checkbox" checked={hjemme} onChange={(e) => setHjemme(e.target.checked)} /> Træning i borgerens hjem
            </label>
            <details className="kl-fields" open={!!(start || slut || kontakt)}>
              <summary>Til KL Gateway: tidspunkt og kontaktform</summary>
              <div className="row">
                <div className="field">
                  <label htmlFor="yd-start">Start (TT:MM)</label>
                  <input id="yd-start" className="mono" value={start} placeholder="standard" onChange={(e) => setStart(e.target.value)} />
                </div>
                <div className="field">
                  <label htmlFor="yd-slut">Slut (TT:MM)</label>
                  <input id="yd-slut" className="mono" value={slut} placeholder="standard" onChange={(e) => setSlut(e.target.value)} />
                </div>
                <div className="field">
                  <label htmlFor="yd-kontakt">Kontaktform</label>
                  <select id="yd-kontakt" value={kontakt} onChange={(e) => setKontakt(e.target.value as EncounterClass | '')}>
                    <option value="">{hjemme ? 'I borgerens hjem (efter afkrydsningen)' : 'Fremmøde (efter afkrydsningen)'}</option>
                    {CONTACT_CLASS_KEYS.map((c) => (
                      <option key={c} value={c}>
                        {CONTACT_CLASS_LABELS[c]}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
            </details>
            <div className="actions">
              <button type="submit" className="btn btn-primary">
                Gem ændringer <kbd>Ctrl+S</kbd>
              </button>
              {confirmDelete ? (
                <>
                  <button type="button" className="btn btn-danger" onClick={() => void remove()}>
                    Bekræft sletning
                  </button>
                  <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
                    Fortryd
                  </button>
                </>
              ) : (
                <button type="button" className="btn btn-quiet" onClick={() => setConfirmDelete(true)}>
                  Slet ydelse
                </button>
              )}
            </div>
          </form>
          <History entries={history} />
        </>
      )}
    </aside>
  );
}
