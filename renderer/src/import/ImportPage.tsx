// Import: the SKS code list, and ydelser from other systems as CSV. A file is read and checked first, with every
// error shown by line and column, before anything is written.

import { count } from '../../../schemas/danish.ts';
import { useEffect, useState } from 'react';
import type { CallResult, ImportPreview, ImportStatus, SeiImportPreview } from '../../../schemas/api.ts';
import { formatCpr } from '../../../schemas/codes.ts';
import { formatDanishDate, monthName } from '../../../schemas/dates.ts';
import { call } from '../api.ts';
import { saveText } from '../files.ts';
import { FileButton } from '../components/FileButton.tsx';
import type { ChosenFile } from '../../../schemas/files.ts';
import { useJobStatus } from '../useJobStatus.ts';
import { formatDateTime } from '../format.ts';
import { useNav } from '../nav.ts';
import { invalidatePlaces } from '../ydelser/PlaceSelect.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAdministrator } from '../role.ts';

const n = (x: number) => x.toLocaleString('da-DK');

export function ImportPage() {
  return (
    <div className="pane page-narrow">
      <h1>Import</h1>
      <SksSection />
      <YdelseSection />
      <SeiSection />
    </div>
  );
}

function SksSection() {
  const admin = useAdministrator();
  const [info, setInfo] = useState<CallResult<'sks.status'> | undefined>(undefined);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<CallResult<'sks.preview'> | null>(null);
  useEffect(() => {
    call('sks.status', {}).then(setInfo, () => setInfo(null));
  }, []);

  const read = async (file: ChosenFile) => {
    try {
      setPreview(await call('sks.preview', { fileId: file.fileId }));
    } finally {
      setBusy(false);
    }
  };
  const load = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const loaded = await call('sks.load', { previewId: preview.previewId });
      setInfo(loaded);
      setPreview(null);
      setMessage({ ok: true, text: `Kodelisten er indlæst: ${count(loaded.count, 'kode', 'koder')}.` });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    if (preview) void call('sks.discard', { previewId: preview.previewId }).catch(() => {});
    setPreview(null);
  };

  return (
    <section className="panel" aria-labelledby="sks-titel">
      <h2 id="sks-titel">SKS-kodeliste</h2>
      {info === undefined ? null : info ? (
        <p>
          Indlæst: <strong>{info.fileName}</strong>, {count(info.count, 'kode', 'koder')}, {formatDateTime(info.loadedAt)} af {info.actor}. Ydelses- og
          tillægskoder kontrolleres mod listen og deres gyldighed på dagen.
        </p>
      ) : (
        <div className="alert alert-warning">
          Ingen kodeliste er indlæst. Koderne kontrolleres kun for form, og hver ydelse får en advarsel om det. Indlæs listen fra Sundhedsdatastyrelsen (kode;
          tekst; gyldig fra; gyldig til).
        </div>
      )}
      {!preview && (
        <FileButton
          purpose="sks"
          disabled={busy}
          onStart={() => {
            setBusy(true);
            setMessage(null);
          }}
          onChosen={read}
          onError={(text) => {
            setBusy(false);
            setMessage({ ok: false, text });
          }}
        >
          {busy ? 'Læser …' : info ? 'Indlæs en ny kodeliste …' : 'Indlæs kodeliste …'}
        </FileButton>
      )}
      {preview && (
        <div className="preview" aria-label="Forhåndsvisning af kodelisten">
          <h3>Forhåndsvisning af {preview.fileName}</h3>
          <p>
            Listen har {count(preview.count, 'kode', 'koder')}. {info ? 'I forhold til den indlæste liste' : 'Da ingen liste er indlæst'}:{' '}
            {count(preview.added, 'ny', 'nye')}, {count(preview.removed, 'fjernet', 'fjernede')} og {count(preview.changed, 'ændret', 'ændrede')}.
          </p>
          {preview.examples.removed.length > 0 && (
            <p className="small">
              Fjernes: {preview.examples.removed.join(', ')}
              {preview.removed > preview.examples.removed.length ? ' …' : ''}
            </p>
          )}
          {preview.examples.changed.length > 0 && (
            <p className="small">
              Ændres: {preview.examples.changed.join(', ')}
              {preview.changed > preview.examples.changed.length ? ' …' : ''}
            </p>
          )}
          {preview.becomeInvalid > 0 ? (
            <div className="alert alert-warning">
              {count(preview.becomeInvalid, 'ydelse bliver', 'ydelser bliver')} ugyldige med den nye liste og kan ikke indberettes, før de er rettet:{' '}
              {preview.becomeInvalidCodes.map((c) => `${c.code} (${n(c.count)})`).join(', ')}.
            </div>
          ) : (
            <p className="small">Ingen registrerede ydelser bliver ugyldige.</p>
          )}
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={busy || !admin.allowed} title={admin.why} onClick={() => void load()}>
              Indlæs listen
            </button>
            <button type="button" className="btn" disabled={busy} onClick={cancel}>
              Annullér
            </button>
          </div>
        </div>
      )}
      {message && (
        <div className={`alert ${message.ok ? 'alert-info' : 'alert-error'} pre-line`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
    </section>
  );
}

function YdelseSection() {
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [reading, setReading] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [writing, setWriting] = useState(false);
  const [result, setResult] = useState<CallResult<'import.commit'> | null>(null);
  const [fileName, setFileName] = useState('');
  const { navigate, refreshBadges } = useNav();

  useJobStatus(
    jobId,
    (id) => call('import.status', { jobId: id }),
    (s) => s.state === 'analyserer',
    setStatus,
    setError,
  );

  const begin = (name: string) => {
    setError(null);
    setResult(null);
    setStatus(null);
    setFileName(name);
    if (jobId) void call('import.discard', { jobId }).catch(() => {});
    setJobId(null);
  };
  const start = async (file: ChosenFile) => {
    setReading(null);
    setJobId((await call('import.analyse', { fileId: file.fileId })).jobId);
  };

  const commit = async (skipInvalid: boolean) => {
    if (!jobId) return;
    setWriting(true);
    try {
      const r = await call('import.commit', { jobId, skipInvalid });
      setResult(r);
      invalidatePlaces();
      refreshBadges();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setWriting(false);
    }
  };

  const reset = () => {
    if (jobId) void call('import.discard', { jobId }).catch(() => {});
    setJobId(null);
    setStatus(null);
    setResult(null);
    setError(null);
  };

  const p = status?.preview ?? null;
  const analysing = status?.state === 'analyserer';

  return (
    <section className="panel" aria-labelledby="import-titel">
      <h2 id="import-titel">Ydelser fra andre systemer (CSV)</h2>
      <p className="hint">
        Kolonner: cpr, dato, ydelseskode, kodetype (SOR, SHAK eller YDER), institutionskode; valgfrit tillaegskoder, hjemme (ja/nej), ekstern_id, gop_type,
        udskrivningsdato. Adskilt af ; eller ,. UTF-8 eller Windows-1252 (Excel). Datoer ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ.
      </p>
      <FileButton
        purpose="csv"
        className="btn btn-primary"
        onStart={begin}
        onProgress={setReading}
        onChosen={start}
        onError={(message) => {
          setReading(null);
          setError(message);
        }}
      >
        Vælg CSV-fil …
      </FileButton>

      {(reading !== null || analysing || writing) && (
        <div className="progress-box" aria-live="polite">
          <label htmlFor="import-progress">
            {reading !== null
              ? `Sender ${fileName} …`
              : analysing
                ? `Kontrollerer ${fileName}: ${count(status!.done, 'række', 'rækker')} …`
                : `Skriver ydelserne i databasen …`}
          </label>
          <progress
            id="import-progress"
            max={1}
            value={reading !== null ? reading : analysing && status!.total ? Math.min(1, status!.done / status!.total) : undefined}
          />
        </div>
      )}
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {status?.state === 'fejl' && <ErrorAlert>{status.message}</ErrorAlert>}
      {p && !result && <Preview p={p} writing={writing} onCommit={commit} onCancel={reset} />}
      {result && (
        <div className={`alert ${result.refused ? 'alert-error' : 'alert-info'}`} role="status">
          {result.refused ? (
            <p>Filen er afvist; intet er importeret.</p>
          ) : (
            <>
              <p>
                <strong>{count(result.imported, 'ydelse er', 'ydelser er')} importeret.</strong>
                {result.duplicates ? ` ${n(result.duplicates)} var importeret før og er sprunget over.` : ''}
                {result.rejected ? ` ${count(result.rejected, 'række', 'rækker')} med fejl er ikke importeret.` : ''}
              </p>
              {result.placesCreated > 0 && (
                <p>
                  {`${count(result.placesCreated, 'nyt sted er', 'nye steder er')} oprettet`} ud fra institutionskoden og skal udfyldes.{' '}
                  <button type="button" className="link" onClick={() => navigate({ area: 'steder' })}>
                    Gå til Steder
                  </button>
                </p>
              )}
            </>
          )}
          <div className="actions">
            {result.rejectCsv && (
              <button
                type="button"
                className="btn"
                onClick={() => saveText(fileName.replace(/(\.csv)?$/i, '-afviste.csv'), result.rejectCsv!).catch((e: Error) => setError(e.message))}
              >
                Hent afvisningsfil ({count(result.rejected, 'række', 'rækker')})
              </button>
            )}
            <button type="button" className="btn" onClick={() => navigate({ area: 'ydelser' })}>
              Se ydelserne
            </button>
            <button type="button" className="btn btn-ghost" onClick={reset}>
              Importér en fil mere
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function Preview({ p, writing, onCommit, onCancel }: { p: ImportPreview; writing: boolean; onCommit: (skip: boolean) => void; onCancel: () => void }) {
  const toImport = p.validRows;
  return (
    <div className="preview">
      <h3>Forhåndsvisning af {p.fileName}</h3>
      <dl className="facts">
        <dt>Rækker</dt>
        <dd>{n(p.totalRows)}</dd>
        <dt>Kan importeres</dt>
        <dd>{n(toImport)}</dd>
        <dt>Med fejl</dt>
        <dd className={p.badRows ? 'error-text' : ''}>{n(p.badRows)}</dd>
        <dt>Allerede importeret</dt>
        <dd>{n(p.duplicates)}</dd>
        <dt>Nye steder</dt>
        <dd>{p.newPlaces.length ? p.newPlaces.map((x) => `${x.type} ${x.value}`).join(', ') : 'ingen'}</dd>
        <dt>Tegnsæt og skilletegn</dt>
        <dd>
          {p.encoding}, "{p.separator}"
        </dd>
      </dl>
      {p.errorCount > 0 && (
        <>
          <ErrorAlert>
            Filen har {n(p.errorCount)} fejl i {n(p.badRows)} {p.badRows === 1 ? 'række' : 'rækker'}. En fil med fejl importeres ikke, medmindre du vælger at
            springe de fejlbehæftede rækker over.
          </ErrorAlert>
          <table className="grid issues" aria-label="Fejl i filen">
            <thead>
              <tr>
                <th scope="col">Linje</th>
                <th scope="col">Kolonne</th>
                <th scope="col">Fejl</th>
              </tr>
            </thead>
            <tbody>
              {p.errors.map((e, i) => (
                <tr key={i}>
                  <td>{e.line}</td>
                  <td className="mono">{e.column}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.errorCount > p.errors.length && <p className="muted">… og {n(p.errorCount - p.errors.length)} fejl mere (alle står i afvisningsfilen).</p>}
        </>
      )}
      {p.warningCount > 0 && (
        <details>
          <summary>
            {n(p.warningCount)} {p.warningCount === 1 ? 'advarsel' : 'advarsler'} (blokerer ikke)
          </summary>
          <ul className="problems">
            {p.warnings.map((w, i) => (
              <li key={i} className="problem-warning">
                {w.line ? `Linje ${w.line}, ${w.column}: ` : ''}
                {w.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="actions">
        {p.errorCount === 0 ? (
          <button type="button" className="btn btn-primary" disabled={writing || toImport === 0} onClick={() => onCommit(false)}>
            Importér {count(toImport, 'ydelse', 'ydelser')}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" disabled={writing || toImport === 0} onClick={() => onCommit(true)}>
            {toImport === 1 ? 'Importér den ene gode række' : `Importér de ${n(toImport)} gode rækker`} og spring {count(p.badRows, 'række', 'rækker')} over
          </button>
        )}
        <button type="button" className="btn" onClick={onCancel} disabled={writing}>
          Annullér
        </button>
      </div>
    </div>
  );
}

const KIND_LABEL: Record<SeiImportPreview['records'][number]['kind'], string> = {
  ny: 'Ny',
  rettelse: 'Rettes',
  annullering: 'Annulleres',
  uaendret: 'Uændret',
  konflikt: 'Konflikt',
};
const FILE_ACTION: Record<string, string> = { rettelse: 'rette den', annullering: 'annullere den', gendan: 'bringe den tilbage' };

function SeiSection() {
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<SeiImportPreview | null>(null);
  const [take, setTake] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<CallResult<'sei.importCommit'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (file: ChosenFile) => {
    try {
      setPreview(await call('sei.importPreview', { fileId: file.fileId }));
      setTake(new Set());
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      setResult(await call('sei.importCommit', { previewId: preview.previewId, takeFile: [...take] }));
      setPreview(null);
      invalidatePlaces();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    if (preview) void call('sei.importDiscard', { previewId: preview.previewId }).catch(() => {});
    setPreview(null);
  };
  const conflicts = preview?.records.filter((r) => r.kind === 'konflikt') ?? [];
  const others = preview?.records.filter((r) => r.kind !== 'konflikt' && r.kind !== 'ny') ?? [];
  const c = preview?.counts;
  return (
    <section className="panel" aria-labelledby="sei-import-titel">
      <h2 id="sei-import-titel">SEI-fil (XML)</h2>
      <p className="hint">
        En månedsfil i programmets SEI-format (version 1.0), fx en tidligere eksport eller en fil fra et andet system. Hver ydelse genkendes på sit id, så den
        samme fil kan indlæses flere gange uden dubletter. Du ser først, hvad filen vil ændre; intet skrives, før du vælger Importér.
      </p>
      {!preview && (
        <FileButton
          purpose="sei"
          disabled={busy}
          onStart={() => {
            setBusy(true);
            setError(null);
            setResult(null);
          }}
          onChosen={load}
          onError={(message) => {
            setBusy(false);
            setError(message);
          }}
        >
          {busy ? 'Læser …' : 'Vælg SEI-fil …'}
        </FileButton>
      )}
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {preview && c && (
        <div className="preview" aria-label="Forhåndsvisning af SEI-filen">
          <h3>
            Forhåndsvisning af {preview.fileName} ({preview.month}, dannet {formatDateTime(preview.created)})
          </h3>
          <p>
            Importen vil give {count(c.ny, 'ny', 'nye')}, {count(c.rettelse, 'rettelse', 'rettelser')}, {count(c.annullering, 'annullering', 'annulleringer')}{' '}
            og {count(c.uaendret, 'uændret', 'uændrede')}.
          </p>
          {conflicts.length > 0 && (
            <>
              <div className="alert alert-warning">
                {count(c.konflikt, 'ydelse er ændret', 'ydelser er ændret')} her, efter filen blev dannet. Den lokale udgave beholdes, medmindre du vælger
                filens.
              </div>
              <table className="grid" aria-label="Konflikter">
                <thead>
                  <tr>
                    <th scope="col">Ydelse</th>
                    <th scope="col">Hvorfor</th>
                    <th scope="col">Forskel (her → i filen)</th>
                    <th scope="col">Brug filens</th>
                  </tr>
                </thead>
                <tbody>
                  {conflicts.map((r) => (
                    <tr key={r.uid}>
                      <td className="small">
                        Linje {r.line}: {formatCpr(r.cpr)}, {formatDanishDate(r.dato)}
                      </td>
                      <td className="small">{r.reason}</td>
                      <td className="small">
                        {r.changes.map((ch) => (
                          <div key={ch.field}>
                            {ch.field}: {ch.local} → {ch.file}
                          </div>
                        ))}
                      </td>
                      <td>
                        <label className="check small">
                          <input
                            type="checkbox"
                            checked={take.has(r.uid)}
                            onChange={(e) => {
                              const next = new Set(take);
                              if (e.target.checked) next.add(r.uid);
                              else next.delete(r.uid);
                              setTake(next);
                            }}
                          />
                          {FILE_ACTION[r.fileAction ?? 'rettelse']}
                        </label>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="actions">
                <button type="button" className="btn btn-ghost" onClick={() => setTake(new Set(conflicts.map((r) => r.uid)))}>
                  Vælg filens for alle
                </button>
                <button type="button" className="btn btn-ghost" onClick={() => setTake(new Set())}>
                  Behold den lokale for alle
                </button>
              </div>
            </>
          )}
          {others.length > 0 && (
            <details>
              <summary>{count(others.length, 'ydelse ændres', 'ydelser ændres')} af filen</summary>
              <ul className="problems">
                {others.map((r) => (
                  <li key={r.uid}>
                    Linje {r.line}, {formatDanishDate(r.dato)}: {KIND_LABEL[r.kind]}
                    {r.changes.length ? ` (${r.changes.map((ch) => `${ch.field}: ${ch.local} → ${ch.file}`).join('; ')})` : ''}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {preview.recordsTotal > preview.records.length && <p className="muted">… og {n(preview.recordsTotal - preview.records.length)} flere.</p>}
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void commit()}>
              Importér
            </button>
            <button type="button" className="btn" disabled={busy} onClick={cancel}>
              Annullér
            </button>
          </div>
        </div>
      )}
      {result && (
        <div className="alert alert-info" role="status">
          Filen for {monthName(result.month)} er indlæst: {count(result.created, 'ny', 'nye')}, {count(result.updated, 'rettet', 'rettede')},{' '}
          {count(result.cancelled, 'annulleret', 'annullerede')} og {count(result.unchanged, 'uændret', 'uændrede')} ydelser.
          {result.keptLocal > 0 ? ` ${count(result.keptLocal, 'konflikt', 'konflikter')}: den lokale udgave er beholdt.` : ''}
          {result.tookFile > 0 ? ` ${count(result.tookFile, 'konflikt', 'konflikter')}: filens udgave er taget.` : ''}
          {result.placesCreated > 0 ? ` ${count(result.placesCreated, 'nyt sted skal', 'nye steder skal')} udfyldes under Steder.` : ''}
        </div>
      )}
    </section>
  );
}
