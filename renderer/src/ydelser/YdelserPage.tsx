// All ydelser: search by CPR number or code, filter by place, period and "not reportable", open one to correct it;
// what the list shows goes to Excel or CSV. The filters (not the search) are kept between visits.

import { useState } from 'react';
import { isSortOf, YDELSE_SORTS } from '../../../schemas/list-sort.ts';
import { DateField, isoOrNull } from '../components/DateField.tsx';
import { ListExportButtons, useListExport } from '../ListExport.tsx';
import { useStoredState } from '../stored.ts';
import { useYdelser } from './useYdelser.ts';
import { YdelseRows } from './YdelseRows.tsx';
import { YdelseDetail } from './YdelseDetail.tsx';
import { DeletedYdelser } from './DeletedYdelser.tsx';
import { usePlaces } from './PlaceSelect.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

export function countText(total: number, lowerBound: boolean, one: string, many: string): string {
  const n = total.toLocaleString('da-DK');
  return lowerBound ? `Over ${n} ${many}` : `${n} ${total === 1 ? one : many}`;
}

interface Filters {
  placeId: number | null;
  onlyNotReportable: boolean;
  /** ISO dates, or the text being typed. */
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { placeId: null, onlyNotReportable: false, from: '', to: '' };
const isFilters = (v: unknown): v is Filters => {
  const f = v as Filters;
  return (
    typeof f === 'object' &&
    f !== null &&
    (f.placeId === null || Number.isInteger(f.placeId)) &&
    typeof f.onlyNotReportable === 'boolean' &&
    typeof f.from === 'string' &&
    typeof f.to === 'string'
  );
};

export function YdelserPage() {
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useStoredState('ydelser.filtre', NO_FILTERS, isFilters);
  const { placeId, onlyNotReportable, from, to } = filters;
  const set = (change: Partial<Filters>) => setFilters({ ...filters, ...change });
  const [sort, setSort] = useStoredState('ydelser.sortering', null, isSortOf(YDELSE_SORTS));
  const [selected, setSelected] = useState<number | null>(null);
  // a message belongs to the ydelse it is about (null: to the list), and is not shown beside another one
  const [status, setStatus] = useState<{ about: number | null; text: string } | null>(null);
  const [showDeleted, setShowDeleted] = useState(false);
  const places = usePlaces();
  const query = { search, placeId, onlyNotReportable, from: isoOrNull(from), to: isoOrNull(to), sort };
  const list = useYdelser(query);
  const exporting = useListExport('ydelser.exportList', query, 'ydelse', 'ydelser');

  return (
    <div className={`split ${selected ? 'split-open' : ''}`}>
      <section className="pane pane-list" aria-labelledby="ydelser-titel">
        <div className="page-head">
          <div>
            <h1 id="ydelser-titel">Ydelser</h1>
            <p className="lead">
              Alle registrerede ydelser, nyeste først, eller sorteret efter en kolonne. En ydelse kan indberettes, når den er stedfæstet og uden fejl.
            </p>
          </div>
        </div>
        <div className="toolbar" role="search">
          <label className="search">
            <span className="visually-hidden">Søg på CPR-nummer eller ydelseskode</span>
            <input type="search" placeholder="CPR-nummer, fødselsdato eller ydelseskode" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <label>
            <span className="visually-hidden">Sted</span>
            <select value={placeId ?? ''} onChange={(e) => set({ placeId: e.target.value ? Number(e.target.value) : null })}>
              <option value="">Alle steder</option>
              {places.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="period">
            Fra
            <DateField id="ydelser-fra" value={from} onChange={(v) => set({ from: v })} />
          </label>
          <label className="period">
            Til
            <DateField id="ydelser-til" value={to} onChange={(v) => set({ to: v })} />
          </label>
          <label className="check">
            <input type="checkbox" checked={onlyNotReportable} onChange={(e) => set({ onlyNotReportable: e.target.checked })} />
            Kun dem, der ikke kan indberettes
          </label>
          <ListExportButtons busy={exporting.busy} empty={list.total === 0} toFile={(f) => void exporting.toFile(f)} />
          <button type="button" className="btn btn-ghost" aria-expanded={showDeleted} onClick={() => setShowDeleted(!showDeleted)}>
            {showDeleted ? 'Skjul slettede' : 'Slettede …'}
          </button>
        </div>
        {showDeleted && (
          <DeletedYdelser
            onRestored={(m) => {
              setStatus({ about: null, text: m });
              void list.reload();
            }}
          />
        )}
        <p className="status" role="status" aria-live="polite">
          {exporting.busy ? 'Gemmer listen …' : exporting.message || (status && (status.about === null || status.about === selected) ? status.text : '')}
        </p>
        {list.error && <ErrorAlert>{list.error}</ErrorAlert>}
        {exporting.error && <ErrorAlert>{exporting.error}</ErrorAlert>}
        <p className="muted small" aria-live="polite">
          {list.loading && list.rows.length === 0 ? 'Henter …' : countText(list.total, list.lowerBound, 'ydelse', 'ydelser')}
        </p>
        {!list.loading && list.rows.length === 0 ? (
          <div className="empty">
            <p>
              {search || placeId || onlyNotReportable || from || to
                ? 'Ingen ydelser matcher.'
                : 'Der er endnu ingen ydelser. Registrér dem under et forløb, eller importér en fil.'}
            </p>
          </div>
        ) : (
          <YdelseRows
            rows={list.rows}
            total={list.total}
            selectedId={selected}
            onOpen={(y) => setSelected(y.id)}
            onEndReached={list.loadMore}
            height="calc(100vh - 300px)"
            sort={sort}
            onSort={setSort}
          />
        )}
      </section>
      {selected && (
        <YdelseDetail
          key={selected}
          id={selected}
          onChanged={(m) => {
            setStatus({ about: selected, text: m });
            void list.reload();
          }}
          onClose={() => setSelected(null)}
        />
      )}
    </div>
  );
}
