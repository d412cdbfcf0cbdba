// The SOR check: choose the SOR file and the kommune; see the findings grouped by unit with the guide's action, the
// kommune's SOR tree with plejeenheder, opholdstyper and steder green (read in) or red (not read in), effective
// addresses and where they are inherited from, and what is new or fixed since the last check.

import { DateField } from '../components/DateField.tsx';
import { count, listDa } from '../../../schemas/danish.ts';
import { useState } from 'react';
import { useJobStatus } from '../useJobStatus.ts';
import type { CallResult, SorTreeNode } from '../../../schemas/api.ts';
import { findingsHtml, type ReportFinding, SEVERITY_LABELS, selectFindings } from '../../../schemas/sor-report.ts';
import { isSortOf, SEVERITY_FILTERS, type SeverityFilter, SOR_FINDING_SORTS, type Sort } from '../../../schemas/list-sort.ts';
import { SortButton, sortState } from '../components/SortButton.tsx';
import { ListExportButtons, useListExport } from '../ListExport.tsx';
import { useStoredState } from '../stored.ts';
import { ApiError, call } from '../api.ts';
import { saveText } from '../files.ts';
import { PrintButtons } from '../PrintReport.tsx';
import { formatShortDate } from '../../../schemas/dates.ts';
import { FileButton } from '../components/FileButton.tsx';
import type { ChosenFile } from '../../../schemas/files.ts';
import { formatDateTime } from '../format.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAdministrator } from '../role.ts';
import { SorTypesPanel } from '../settings/SorTypesPanel.tsx';

type Check = CallResult<'sor.check'>;
export function SorCheckPage() {
  const admin = useAdministrator();
  const [jobId, setJobId] = useState<string | null>(null);
  const [status, setStatus] = useState<CallResult<'sor.status'> | null>(null);
  const [owner, setOwner] = useState('');
  const [date, setDate] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState<number | null>(null);
  const [fileName, setFileName] = useState('');

  useJobStatus(
    jobId,
    (id) => call('sor.status', { jobId: id }),
    (s) => s.state === 'laeser',
    (s) => {
      setStatus(s);
      if (s.state === 'klar') {
        setDate((d) => d || s.snapshotDate || '');
        const kommuner = s.owners.filter((o) => o.kommune);
        if (kommuner.length === 1) setOwner(kommuner[0]!.sorId);
      }
    },
    setError,
  );

  const begin = (name: string) => {
    setError(null);
    setCheck(null);
    setStatus(null);
    setJobId(null);
    setOwner('');
    setDate('');
    setFileName(name);
  };
  const read = async (file: ChosenFile) => {
    setReading(null);
    setJobId((await call('sor.read', { fileId: file.fileId })).jobId);
  };

  const run = async () => {
    if (!jobId || !owner) return;
    try {
      setCheck(await call('sor.check', { jobId, owner, date: date || null }));
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };

  const reading$ = status?.state === 'laeser';
  return (
    <div className="pane sor-page">
      <h1>SOR-kontrol</h1>
      <p className="lead">
        Kontrollér kommunens registreringer i SOR mod reglerne for plejeenheder og helhedspleje (Sundhedsdatastyrelsens vejledning til Plejeoverblikket, 11.
        juli 2025). Brug den offentlige SOR-fil (Sor.xml).
      </p>
      <SorTypesPanel />
      <section className="panel" aria-labelledby="sor-fil-titel">
        <h2 id="sor-fil-titel">SOR-fil og kommune</h2>
        <FileButton
          purpose="sor"
          className="btn btn-primary"
          onStart={begin}
          onProgress={setReading}
          onChosen={read}
          onError={(message) => {
            setReading(null);
            setError(message);
          }}
        >
          Vælg SOR-fil …
        </FileButton>
        {(reading !== null || reading$) && (
          <div className="progress-box" aria-live="polite">
            <label htmlFor="sor-progress">
              {reading !== null
                ? `Sender ${fileName}: ${Math.round(reading * 100)} %`
                : `Læser ${fileName}: ${Math.round((status!.done / Math.max(1, status!.total)) * 100)} %`}
            </label>
            <progress id="sor-progress" max={1} value={reading !== null ? reading : status!.done / Math.max(1, status!.total)} />
          </div>
        )}
        {error && <ErrorAlert>{error}</ErrorAlert>}
        {status?.state === 'fejl' && <ErrorAlert>{status.message}</ErrorAlert>}
        {status?.state === 'klar' && (
          <div className="row align-end">
            <div className="field">
              <label htmlFor="sor-ejer">Kommune (institutionsejer)</label>
              <select id="sor-ejer" value={owner} onChange={(e) => setOwner(e.target.value)}>
                <option value="">Vælg …</option>
                {status.owners.map((o) => (
                  <option key={o.sorId} value={o.sorId}>
                    {o.name}
                    {o.kommunekode ? ` (${o.kommunekode})` : ''}
                    {o.kommune ? '' : ' – ikke kommune'}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="sor-dato">Kontroldato</label>
              <DateField id="sor-dato" value={date} onChange={setDate} />
            </div>
            <button type="button" className="btn btn-primary" disabled={!owner || !admin.allowed} title={admin.why} onClick={() => void run()}>
              Kontrollér
            </button>
          </div>
        )}
      </section>
      {check && <Results check={check} owner={owner} fileName={fileName} onSaveError={(e) => setError(e.message)} />}
    </div>
  );
}

const isSeverity = (v: unknown): v is SeverityFilter => typeof v === 'string' && Object.hasOwn(SEVERITY_FILTERS, v);
const isView = (v: unknown): v is 'enheder' | 'tabel' => v === 'enheder' || v === 'tabel';

function Results({ check, owner, fileName, onSaveError }: { check: Check; owner: string; fileName: string; onSaveError: (e: Error) => void }) {
  const r = check.result;
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const isNew = new Set(check.newSinceLast);
  const [message, setMessage] = useState('');
  // the findings as a list: of one severity, by unit (cards) or as a table sorted by a column; the choices are kept
  const [severity, setSeverity] = useStoredState<SeverityFilter>('sor.fund.alvor', 'alle', isSeverity);
  const [view, setView] = useStoredState<'enheder' | 'tabel'>('sor.fund.visning', 'enheder', isView);
  const [sort, setSort] = useStoredState('sor.fund.sortering', null, isSortOf(SOR_FINDING_SORTS));
  const shown = selectFindings(r.findings, severity, view === 'tabel' ? sort : null);
  const byUnit = new Map<string, typeof r.findings>();
  for (const f of shown) byUnit.set(f.sorId, [...(byUnit.get(f.sorId) ?? []), f]);
  const exporting = useListExport('sor.findingsList', { owner, severity, sort: view === 'tabel' ? sort : null }, 'fund', 'fund');
  return (
    <>
      <section className="panel" aria-labelledby="resultat-titel">
        <div className="form-head">
          <h2 id="resultat-titel">Resultat pr. {formatShortDate(r.checkDate)}</h2>
          <div className="actions">
            <ListExportButtons busy={exporting.busy} empty={shown.length === 0} toFile={(f) => void exporting.toFile(f)} />
            <button
              type="button"
              className="btn"
              onClick={() => void saveText(`SOR-kontrol-${r.checkDate}.json`, JSON.stringify(r, null, 2)).catch(onSaveError)}
            >
              Hent JSON
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => void saveText(`SOR-kontrol-${r.checkDate}.html`, findingsHtml(r, fileName, check.tree)).catch(onSaveError)}
            >
              Hent rapport (HTML)
            </button>
            <PrintButtons
              report={{ what: 'Rapporten', fileName: `SOR-kontrol-${r.checkDate}.pdf`, make: async () => findingsHtml(r, fileName, check.tree) }}
              onMessage={setMessage}
              onError={(m) => onSaveError(new Error(m))}
            />
          </div>
        </div>
        {(message || exporting.message) && (
          <p className="alert alert-info" role="status">
            {exporting.message || message}
          </p>
        )}
        {exporting.error && <ErrorAlert>{exporting.error}</ErrorAlert>}
        <p>
          {count(r.units, 'enhed', 'enheder')} kontrolleret: {count(errors, 'fejl', 'fejl')} og {count(r.findings.length - errors, 'advarsel', 'advarsler')}.
          {check.previousAt
            ? ` Siden kontrollen ${formatDateTime(check.previousAt)}: ${count(check.newSinceLast.length, 'nyt fund', 'nye fund')}, ${count(check.fixedSinceLast.length, 'rettet', 'rettede')}.`
            : ' Første kontrol af denne kommune.'}
        </p>
        {check.fixedSinceLast.length > 0 && (
          <div className="alert alert-info">Rettet siden sidst: {listDa(check.fixedSinceLast.map((f) => `${f.rule} på "${f.name}"`))}.</div>
        )}
        {r.skippedRules.length > 0 && (
          <details className="skipped">
            <summary>{r.skippedRules.length} regler er ikke kørt (typekode mangler)</summary>
            <ul>
              {r.skippedRules.map((s) => (
                <li key={s.rule}>
                  {s.rule}: {s.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
        {r.findings.length > 0 && (
          <div className="toolbar">
            <span>
              <label htmlFor="sor-fund-alvor">Vis</label>{' '}
              <select id="sor-fund-alvor" value={severity} onChange={(e) => setSeverity(e.target.value as SeverityFilter)}>
                {(Object.entries(SEVERITY_FILTERS) as [SeverityFilter, string][]).map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </select>
            </span>
            <span className="toolbar-group" role="group" aria-label="Visning af fundene">
              <button type="button" className="btn" aria-pressed={view === 'enheder'} onClick={() => setView('enheder')}>
                Pr. enhed
              </button>
              <button type="button" className="btn" aria-pressed={view === 'tabel'} onClick={() => setView('tabel')}>
                Som tabel
              </button>
            </span>
          </div>
        )}
        {r.findings.length === 0 ? (
          <p className="ok-text">Ingen fund: registreringen følger reglerne{r.skippedRules.length ? ', der kunne køres' : ''}.</p>
        ) : shown.length === 0 ? (
          <p className="muted">Ingen fund af den slags. Vælg "Alle fund" for at se de øvrige.</p>
        ) : view === 'tabel' ? (
          <FindingTable findings={shown} sort={sort} onSort={setSort} isNew={isNew} />
        ) : (
          <ul className="findings" aria-label="Fund pr. enhed">
            {[...byUnit.entries()].map(([sorId, fs]) => (
              <li key={sorId} className="finding-unit">
                <h3>
                  {fs[0]!.name} <span className="muted small mono">SOR {sorId}</span>
                </h3>
                {fs.map((f) => (
                  <div key={f.rule} className={`finding finding-${f.severity}`}>
                    <div>
                      <span className={`badge ${f.severity === 'error' ? 'badge-error' : 'badge-warning'}`}>{SEVERITY_LABELS[f.severity]}</span>{' '}
                      <span className="mono small">{f.rule}</span> {isNew.has(`${f.rule}|${f.sorId}`) && <span className="badge">Nyt</span>}
                    </div>
                    <p>{f.message}</p>
                    <p>
                      <strong>Din handling:</strong> {f.suggestion}
                    </p>
                    <p className="muted small">Vejledningen: {f.guide}</p>
                  </div>
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Preview preview={check.result.preview} />
      <section className="panel" aria-labelledby="trae-titel">
        <h2 id="trae-titel">Kommunens SOR-træ</h2>
        <p className="hint">
          <span className="dot dot-ind" /> læses ind i Plejeoverblikket · <span className="dot dot-ikke-ind" /> læses ikke ind · grå: lukket eller fremtidig
        </p>
        <ul className="sor-tree">
          <TreeNode n={check.tree} />
        </ul>
      </section>
    </>
  );
}

/** The findings as a table: one row each, sorted by the column whose header was pressed. */
function FindingTable(props: {
  findings: ReportFinding[];
  sort: Sort<keyof typeof SOR_FINDING_SORTS> | null;
  onSort: (s: Sort<keyof typeof SOR_FINDING_SORTS>) => void;
  isNew: Set<string>;
}) {
  const sort = props.sort ?? { by: 'enhed', dir: 'asc' };
  const head = (by: keyof typeof SOR_FINDING_SORTS) => (
    <th scope="col" aria-sort={sortState(sort, by)}>
      <SortButton by={by} label={SOR_FINDING_SORTS[by]} sort={sort} onSort={props.onSort} />
    </th>
  );
  return (
    <table className="grid findings-table" aria-label="Fund">
      <thead>
        <tr>
          {head('enhed')}
          {head('sor')}
          {head('alvor')}
          {head('regel')}
          <th scope="col">Hvad er galt</th>
          <th scope="col">Din handling</th>
        </tr>
      </thead>
      <tbody>
        {props.findings.map((f) => (
          <tr key={`${f.rule}|${f.sorId}`} className={`finding-${f.severity}`}>
            <td>{f.name}</td>
            <td className="mono small">{f.sorId}</td>
            <td>
              <span className={`badge ${f.severity === 'error' ? 'badge-error' : 'badge-warning'}`}>{SEVERITY_LABELS[f.severity]}</span>
              {props.isNew.has(`${f.rule}|${f.sorId}`) && <span className="badge">Nyt</span>}
            </td>
            <td className="mono small">{f.rule}</td>
            <td>{f.message}</td>
            <td>
              {f.suggestion} <span className="muted small">({f.guide})</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TreeNode({ n }: { n: SorTreeNode }) {
  return (
    <li className={n.active ? '' : 'inactive'} data-sorid={n.sorId} data-state={n.state ?? undefined}>
      <div className="tree-line">
        {n.state && <span className={`dot dot-${n.state}`} title={n.state === 'ind' ? 'Læses ind' : 'Læses ikke ind'} />}
        <strong>{n.name}</strong> {n.role && <span className="badge">{n.role}</span>} <span className="muted small mono">{n.sorId}</span>
        {!n.active && <span className="muted small"> (ikke aktiv)</span>}
      </div>
      {n.level === 'unit' && (
        <div className="tree-meta small muted">
          Besøgsadresse: {n.visiting ?? <em>mangler</em>}
          {n.visitingFrom ? ` (arvet fra ${n.visitingFrom})` : ''}
          {n.contact.inheritedFrom.length > 0 ? ` · kontaktoplysninger arvet fra ${n.contact.inheritedFrom.join(', ')}` : ''}
        </div>
      )}
      {n.children.length > 0 && (
        <ul>
          {n.children.map((c) => (
            <TreeNode key={c.sorId} n={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

type PreviewData = Check['result']['preview'];

/** What Plejeoverblikket would read in (the guide's Afsnit 3 and 6): units anchored by an error are not read in. */
function Preview({ preview }: { preview: PreviewData }) {
  if (!preview?.kommuner?.length) return null;
  const mark = (ok: boolean) => <span className={`dot ${ok ? 'dot-ind' : 'dot-ikke-ind'}`} title={ok ? 'Læses ind' : 'Læses ikke ind'} />;
  return (
    <section className="panel" aria-labelledby="overblik-titel">
      <h2 id="overblik-titel">Sådan ser Plejeoverblikket kommunen</h2>
      {preview.kommuner.map((k) => (
        <div key={k.sorId} className="preview-kommune">
          <h3>{k.name}</h3>
          <h4>Plejeenheder</h4>
          {k.plejeenheder.length === 0 ? (
            <p className="muted">Ingen plejeenheder.</p>
          ) : (
            <ul className="preview-list">
              {k.plejeenheder.map((p) => (
                <li key={p.sorId}>
                  {mark(p.readIn)} <strong>{p.name}</strong> {p.address ? <span className="muted small">{p.address}</span> : null}
                  {p.opholdstyper.length > 0 && (
                    <ul>
                      {p.opholdstyper.map((o) => (
                        <li key={o.sorId}>
                          {mark(o.readIn)} {o.name}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h4>Helhedsplejeleverandør</h4>
          {k.helhedsplejeleverandoer ? (
            <ul className="preview-list">
              <li>
                <strong>{k.name} (dannes af Plejeoverblikket)</strong>
                <ul>
                  {k.helhedsplejeleverandoer.steder.map((s) => (
                    <li key={s.sorId}>
                      {mark(s.readIn)} {s.name} {s.address ? <span className="muted small">{s.address}</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            </ul>
          ) : (
            <p className="muted">Ingen helhedsplejeleverandørsteder.</p>
          )}
        </div>
      ))}
    </section>
  );
}
