// Forløb: the citizens in training. The list flags the § 140 seven-day limit; a forløb's page holds its fields, the
// fast entry of ydelser and its ydelser, each marked reportable or not and why.

import { forloebReportHtml } from '../../../schemas/forloeb-report.ts';
import { formatDateTime } from '../../../schemas/dates.ts';
import { PrintButtons, type PrintedReport } from '../PrintReport.tsx';
import { registrationGuidance } from '../../../schemas/sks-guidance.ts';
import { confirmDiscard } from '../unsaved.ts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { GOP_LABELS, SEVEN_DAY_FILTERS, type Forloeb, type SevenDayFilter, type Ydelse } from '../../../schemas/forloeb-ydelser.ts';
import { FORLOEB_SORTS, FORLOEB_STATUS_FILTERS, type ForloebStatusFilter, isSortOf, type Sort } from '../../../schemas/list-sort.ts';
import { DateField, isoOrNull } from '../components/DateField.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { ListExportButtons, useListExport } from '../ListExport.tsx';
import { useStoredState } from '../stored.ts';
import { formatCpr } from '../../../schemas/codes.ts';
import { formatDanishDate } from '../../../schemas/dates.ts';
import type { HistoryEntry } from '../../../schemas/places.ts';
import { call } from '../api.ts';
import { History } from '../components/History.tsx';
import { useNav } from '../nav.ts';
import { useYdelser } from '../ydelser/useYdelser.ts';
import { YdelseDetail } from '../ydelser/YdelseDetail.tsx';
import { YdelseRows } from '../ydelser/YdelseRows.tsx';
import { countText } from '../ydelser/YdelserPage.tsx';
import { ForloebForm } from './ForloebForm.tsx';
import { ReplaceGgop } from './ReplaceGgop.tsx';
import { QuickEntry, type QuickEntryHandle } from './QuickEntry.tsx';

type ForloebSort = keyof typeof FORLOEB_SORTS;
interface Filters {
  status: ForloebStatusFilter;
  sevenDay: SevenDayFilter;
  /** Discharged from, to: ISO dates, or the text being typed. */
  from: string;
  to: string;
  sort: Sort<ForloebSort> | null;
}
const NO_FILTERS: Filters = { status: 'aktiv', sevenDay: 'alle', from: '', to: '', sort: null };
const isForloebSort = isSortOf(FORLOEB_SORTS);
const isFilters = (v: unknown): v is Filters => {
  const f = v as Filters;
  return (
    typeof f === 'object' &&
    f !== null &&
    (FORLOEB_STATUS_FILTERS as readonly string[]).includes(f.status) &&
    (SEVEN_DAY_FILTERS as readonly string[]).includes(f.sevenDay) &&
    typeof f.from === 'string' &&
    typeof f.to === 'string' &&
    isForloebSort(f.sort)
  );
};

const SEVEN_DAY_CLASS: Record<string, string> = { naer: 'badge-warning', overskredet: 'badge-error', brudt: 'badge-error' };

function SevenDayBadge({ f }: { f: Forloeb }) {
  const s = f.sevenDay;
  if (s.state !== 'naer' && s.state !== 'overskredet' && s.state !== 'brudt') return null;
  return (
    <span className={`badge ${SEVEN_DAY_CLASS[s.state]}`} title={s.message}>
      {s.state === 'brudt'
        ? 'Startet efter 7-dagesfristen'
        : s.state === 'overskredet'
          ? '7-dagesfrist overskredet'
          : s.daysLeft === 0
            ? '7-dagesfrist i dag'
            : `7-dagesfrist om ${s.daysLeft} d.`}
    </span>
  );
}

export function ForloebPage({ initialForloebId }: { initialForloebId: number | null }) {
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useStoredState('forloeb.filtre', NO_FILTERS, isFilters);
  const { status, sevenDay, from, to, sort } = filters;
  const set = (change: Partial<Filters>) => setFilters({ ...filters, ...change });
  const query = { search, status, sevenDay, from: isoOrNull(from), to: isoOrNull(to), sort };
  const exporting = useListExport('forloeb.exportList', query, 'forløb', 'forløb');
  const [rows, setRows] = useState<Forloeb[]>([]);
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<number | 'new' | null>(initialForloebId);
  // a message belongs to the forløb it is about: it is not shown beside another one
  const [message, setMessage] = useState<{ about: number | 'new' | null; text: string } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { refreshBadges } = useNav();

  const queryKey = JSON.stringify(query);
  const load = useCallback(async () => {
    const r = await call('forloeb.list', { ...(JSON.parse(queryKey) as typeof query), limit: 200 });
    setRows(r.rows);
    setTotal(r.total);
  }, [queryKey]);

  useEffect(() => {
    const t = setTimeout(() => void load().catch(() => {}), 120);
    return () => clearTimeout(t);
  }, [load]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        if (confirmDiscard()) setSelected('new');
      } else if (e.ctrlKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const changed = (m: string, about: number | 'new' | null = selected) => {
    setMessage({ about, text: m });
    void load();
    refreshBadges();
  };

  return (
    <div className="split split-forloeb">
      <section className="pane pane-list" aria-labelledby="forloeb-titel">
        <div className="page-head">
          <h1 id="forloeb-titel">Forløb</h1>
          <button type="button" className="btn btn-primary" onClick={() => confirmDiscard() && setSelected('new')}>
            Nyt forløb <kbd>Alt+N</kbd>
          </button>
        </div>
        <div className="toolbar toolbar-stack" role="search">
          <label className="search">
            <span className="visually-hidden">Søg i forløb</span>
            <input
              ref={searchRef}
              type="search"
              placeholder="CPR-nummer, fødselsdato eller navn"
              title="Søg i forløb (Ctrl+F)"
              aria-keyshortcuts="Control+F"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
          <div className="toolbar">
            <select aria-label="Status" value={status} onChange={(e) => set({ status: e.target.value as Filters['status'] })}>
              <option value="aktiv">Aktive</option>
              <option value="afsluttet">Afsluttede</option>
              <option value="alle">Alle</option>
            </select>
            <select aria-label="7-dagesfristen" value={sevenDay} onChange={(e) => set({ sevenDay: e.target.value as SevenDayFilter })}>
              <option value="alle">Alle, uanset 7-dagesfristen</option>
              <option value="frist">Tæt på eller over 7-dagesfristen</option>
              <option value="brudt">Startet efter 7-dagesfristen</option>
            </select>
          </div>
          <div className="toolbar">
            <span className="period" role="group" aria-label="Udskrevet i perioden">
              Udskrevet
              <DateField id="forloeb-fra" value={from} onChange={(v) => set({ from: v })} label="Udskrevet fra" />
              –
              <DateField id="forloeb-til" value={to} onChange={(v) => set({ to: v })} label="Udskrevet til" />
            </span>
          </div>
          <div className="toolbar">
            <label htmlFor="forloeb-sortering">Sortér efter</label>
            <select
              id="forloeb-sortering"
              className="sort-select"
              value={sort?.by ?? ''}
              onChange={(e) => set({ sort: e.target.value ? { by: e.target.value as ForloebSort, dir: sort?.dir ?? 'asc' } : null })}
            >
              <option value="">{sevenDay === 'frist' ? 'Fristen, nærmeste først' : 'Udskrevet, nyeste først'}</option>
              {(Object.entries(FORLOEB_SORTS) as [ForloebSort, string][]).map(([by, label]) => (
                <option key={by} value={by}>
                  {label}
                </option>
              ))}
            </select>
            {sort && (
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={sort.dir === 'asc' ? 'Stigende' : 'Faldende'}
                title={sort.dir === 'asc' ? 'Stigende orden: klik for faldende' : 'Faldende orden: klik for stigende'}
                onClick={() => set({ sort: { by: sort.by, dir: sort.dir === 'asc' ? 'desc' : 'asc' } })}
              >
                {sort.dir === 'asc' ? '▲' : '▼'}
              </button>
            )}
          </div>
          <div className="toolbar">
            <ListExportButtons busy={exporting.busy} empty={total === 0} toFile={(f) => void exporting.toFile(f)} />
          </div>
        </div>
        {exporting.error && <ErrorAlert>{exporting.error}</ErrorAlert>}
        <p className="muted small" aria-live="polite">
          {exporting.busy ? 'Gemmer listen …' : exporting.message || countText(total, false, 'forløb', 'forløb')}
        </p>
        {rows.length === 0 ? (
          <div className="empty">
            <p>
              {sevenDay === 'frist'
                ? 'Ingen forløb er tæt på eller over 7-dagesfristen.'
                : sevenDay === 'brudt'
                  ? 'Intet forløb er startet efter 7-dagesfristen.'
                  : search || from || to
                    ? 'Ingen forløb matcher.'
                    : 'Der er ingen forløb. Opret et med "Nyt forløb" (Alt+N).'}
            </p>
          </div>
        ) : (
          <ul className="cards" aria-label="Forløb">
            {rows.map((f) => (
              <li key={f.id}>
                <button
                  type="button"
                  className={`card ${selected === f.id ? 'selected' : ''}`}
                  aria-current={selected === f.id ? 'true' : undefined}
                  onClick={() => confirmDiscard() && setSelected(f.id)}
                >
                  <span className="card-title">
                    <span className="mono cpr">{formatCpr(f.cpr)}</span> {f.citizenName}
                  </span>
                  <span className="card-meta">
                    {GOP_LABELS[f.gopType]}
                    {f.dischargeDate ? ` · udskrevet ${formatDanishDate(f.dischargeDate)}` : ''} · {f.ydelseCount} {f.ydelseCount === 1 ? 'ydelse' : 'ydelser'}
                  </span>
                  <SevenDayBadge f={f} />
                  {f.status === 'afsluttet' && <span className="badge">Afsluttet</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="pane pane-detail" aria-live="polite">
        <p className="status" role="status">
          {message?.about === selected ? message.text : ''}
        </p>
        {selected === 'new' ? (
          <>
            <h2>Nyt forløb</h2>
            <ForloebForm
              forloeb={null}
              onSaved={(f) => {
                changed(`Forløbet for ${formatCpr(f.cpr)} er oprettet. Registrér ydelserne herunder.`, f.id);
                setSelected(f.id);
              }}
              onCancel={() => setSelected(null)}
            />
          </>
        ) : selected !== null ? (
          <ForloebDetail key={selected} id={selected} onChanged={changed} />
        ) : (
          <div className="empty">
            <p>Vælg et forløb i listen, eller opret et nyt.</p>
          </div>
        )}
      </section>
    </div>
  );
}

function ForloebDetail({ id, onChanged }: { id: number; onChanged: (m: string) => void }) {
  const [f, setF] = useState<Forloeb | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [editing, setEditing] = useState(false);
  const [openYdelse, setOpenYdelse] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);
  const entry = useRef<QuickEntryHandle>(null);
  const list = useYdelser({ forloebId: id }, 0);

  const reload = useCallback(async () => {
    try {
      const [one, h] = await Promise.all([call('forloeb.get', { id }), call('forloeb.history', { id })]);
      setF(one);
      setHistory(h);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // when the forløb has loaded, the cursor waits in the entry of ydelser
  const loadedId = f?.id;
  useEffect(() => {
    if (loadedId !== undefined) entry.current?.focus();
  }, [loadedId]);

  const onCreated = (created: Ydelse[]) => {
    const bad = created.filter((y) => !y.reportable);
    const first = created[0]!.dato;
    const lastDate = created[created.length - 1]!.dato;
    onChanged(
      `${created.length} ${created.length === 1 ? 'ydelse registreret' : 'ydelser registreret'} (${formatDanishDate(first)}${created.length > 1 ? ` – ${formatDanishDate(lastDate)}` : ''}).` +
        (bad.length ? ` ${bad.length} kan ikke indberettes: ${bad[0]!.errors[0]?.message}` : ''),
    );
    void list.reload();
    void reload();
  };

  // the summary for the citizen's journal, on paper or as PDF (every ydelse, not only the list's first page)
  const journal = (f: Forloeb): PrintedReport => ({
    what: 'Resuméet af forløbet',
    fileName: `Forloeb-${f.id}.pdf`,
    make: async () => forloebReportHtml(f, (await call('ydelser.list', { forloebId: f.id, limit: 500 })).rows, formatDateTime(new Date().toISOString())),
  });

  if (error) return <div className="alert alert-error">{error}</div>;
  if (!f) return <p className="muted">Henter …</p>;
  const last = list.rows[0] ?? null;

  return (
    <div className="forloeb-detail">
      <div className="form-head">
        <div>
          <h2>
            <span className="mono cpr">{formatCpr(f.cpr)}</span> {f.citizenName}
          </h2>
          <p className="muted">
            {GOP_LABELS[f.gopType]}
            {f.dischargeDate ? ` · udskrevet ${formatDanishDate(f.dischargeDate)}` : ''}
            {f.status === 'afsluttet' ? ' · afsluttet' : ''}
          </p>
          <PrintButtons report={journal(f)} label="Resumé til journalen" onMessage={onChanged} onError={setPrintError} />
        </div>
        <div className="actions">
          <button type="button" className="btn" onClick={() => setEditing((x) => !x)} aria-expanded={editing}>
            {editing ? 'Skjul oplysninger' : 'Ret forløbet'}
          </button>
        </div>
      </div>
      {printError && <ErrorAlert>{printError}</ErrorAlert>}
      {(f.sevenDay.state === 'naer' || f.sevenDay.state === 'overskredet' || f.sevenDay.state === 'brudt') && (
        <div className={`alert ${f.sevenDay.state === 'naer' ? 'alert-warning' : 'alert-error'}`}>{f.sevenDay.message}</div>
      )}
      {f.sevenDay.state === 'ukendt' && <div className="alert alert-info">{f.sevenDay.message}</div>}
      {registrationGuidance(list.rows).map((g) => (
        <div key={g.code} className="alert alert-warning guidance" data-guidance={g.code}>
          {g.message} <span className="small muted">Kilde: {g.source}.</span>
        </div>
      ))}
      {editing && (
        <ForloebForm
          forloeb={f}
          onSaved={(saved) => {
            setF(saved);
            setEditing(false);
            onChanged('Forløbet er gemt.');
            void reload();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      {editing && (
        <ReplaceGgop
          key={f.updatedAt}
          forloeb={f}
          onReplaced={(saved) => {
            setF(saved);
            setEditing(false);
            onChanged(`Den nye genoptræningsplan er registreret (${GOP_LABELS[saved.gopType].toLowerCase()}); den tidligere er gemt som erstattet.`);
            void reload();
          }}
        />
      )}
      {f.status === 'aktiv' && <QuickEntry ref={entry} forloebId={f.id} last={last} onSaved={onCreated} />}
      <h3>
        Ydelser <span className="muted small">({countText(list.total, list.lowerBound, 'ydelse', 'ydelser')})</span>
      </h3>
      {list.rows.length > 0 && (
        <YdelseRows
          rows={list.rows}
          total={list.total}
          selectedId={openYdelse}
          onOpen={(y) => setOpenYdelse(y.id)}
          onEndReached={list.loadMore}
          showCpr={false}
          height="min(50vh, 420px)"
        />
      )}
      <History entries={history} />
      {openYdelse !== null && (
        <div className="drawer" role="dialog" aria-modal="false" aria-label="Ydelse">
          <YdelseDetail
            key={openYdelse}
            id={openYdelse}
            onChanged={(m) => {
              onChanged(m);
              void list.reload();
              void reload();
            }}
            onClose={() => setOpenYdelse(null)}
          />
        </div>
      )}
    </div>
  );
}
