// The register of places: search, list, and the form to create or edit one.
// Keyboard: Alt+N new place, Ctrl+F search, arrows move in the list, Enter opens, Escape closes the form.

import { confirmDiscard } from '../unsaved.ts';
import { count } from '../../../schemas/danish.ts';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { describeCode, type Place, placeAddress, placeTypeText } from '../../../schemas/places.ts';
import { isSortOf, PLACE_SORTS } from '../../../schemas/list-sort.ts';
import { SortButton, sortState } from '../components/SortButton.tsx';
import { ListExportButtons, useListExport } from '../ListExport.tsx';
import { useStoredState } from '../stored.ts';
import { call } from '../api.ts';
import { PlaceForm } from './PlaceForm.tsx';
import { invalidatePlaces } from '../ydelser/PlaceSelect.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

type Selection = { mode: 'new' } | { mode: 'edit'; id: number } | null;

export function PlacesPage({ initialPlaceId = null }: { initialPlaceId?: number | null }) {
  const [search, setSearch] = useState('');
  const [includeInactive, setIncludeInactive] = useStoredState('steder.deaktiverede', false, (v): v is boolean => typeof v === 'boolean');
  const [sort, setSort] = useStoredState('steder.sortering', null, isSortOf(PLACE_SORTS));
  const exporting = useListExport('places.exportList', { search, includeInactive, sort }, 'sted', 'steder');
  const [places, setPlaces] = useState<Place[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>(initialPlaceId ? { mode: 'edit', id: initialPlaceId } : null);
  // a message belongs to the place it is about, and is not shown beside another one
  const [status, setStatus] = useState<{ about: number; text: string } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);

  const load = useCallback(async () => {
    try {
      const list = await call('places.list', { search, includeInactive, sort });
      setPlaces(list);
      setLoadError(null);
    } catch (e) {
      setLoadError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [search, includeInactive, sort]);

  useEffect(() => {
    const t = setTimeout(() => void load(), 120);
    return () => clearTimeout(t);
  }, [load]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.altKey || e.ctrlKey) && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        if (confirmDiscard()) setSelection({ mode: 'new' });
      } else if (e.ctrlKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onSaved = (place: Place, message: string) => {
    setStatus({ about: place.id, text: message });
    invalidatePlaces();
    setSelection({ mode: 'edit', id: place.id });
    void load();
  };

  const focusRow = (index: number) => {
    const rows = tableRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-id]');
    if (!rows || rows.length === 0) return;
    rows[Math.max(0, Math.min(rows.length - 1, index))]?.focus();
  };

  const onRowKey = (e: ReactKeyboardEvent<HTMLTableRowElement>, index: number, id: number) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      focusRow(index + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (index === 0) searchRef.current?.focus();
      else focusRow(index - 1);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (confirmDiscard()) setSelection({ mode: 'edit', id });
    }
  };

  const withoutCode = places.filter((p) => p.active && !p.code).length;
  const selectedId = selection?.mode === 'edit' ? selection.id : null;

  return (
    <div className={`split ${selection ? 'split-open' : ''}`}>
      <section className="pane" aria-labelledby="steder-titel">
        <div className="page-head">
          <div>
            <h1 id="steder-titel">Steder</h1>
            <p className="lead">
              Plejehjem, centre og klinikker, hvor genoptræning foregår. Hvert sted skal have en SOR-kode, SHAK-kode eller et ydernummer, før dets ydelser kan
              indberettes.
            </p>
          </div>
          <button type="button" className="btn btn-primary" onClick={() => confirmDiscard() && setSelection({ mode: 'new' })}>
            Nyt sted <kbd>Alt+N</kbd>
          </button>
        </div>

        <div className="toolbar" role="search">
          <label className="search">
            <span className="visually-hidden">Søg i steder</span>
            <input
              ref={searchRef}
              type="search"
              placeholder="Navn, adresse, by eller kode"
              title="Søg i steder (Ctrl+F)"
              aria-keyshortcuts="Control+F"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  focusRow(0);
                }
              }}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />
            Vis deaktiverede
          </label>
          <ListExportButtons busy={exporting.busy} empty={places.length === 0} toFile={(f) => void exporting.toFile(f)} />
        </div>

        <p className="status" role="status" aria-live="polite">
          {exporting.busy ? 'Gemmer listen …' : exporting.message || (status && selection?.mode === 'edit' && status.about === selection.id ? status.text : '')}
        </p>
        {exporting.error && <ErrorAlert>{exporting.error}</ErrorAlert>}
        {loadError && <ErrorAlert>Stederne kunne ikke hentes: {loadError}</ErrorAlert>}
        {withoutCode > 0 && (
          <div className="alert alert-warning">
            {withoutCode === 1 ? '1 aktivt sted har' : `${withoutCode} aktive steder har`} ingen kode endnu. Deres ydelser kan ikke indberettes, før stedet har
            fået en SOR-kode.
          </div>
        )}

        {loading ? (
          <p className="muted">Henter steder …</p>
        ) : places.length === 0 ? (
          <div className="empty">
            {search ? (
              <p>Ingen steder matcher "{search}".</p>
            ) : (
              <>
                <p>Der er endnu ingen steder.</p>
                <p className="muted">Opret det første med knappen "Nyt sted" (Alt+N).</p>
              </>
            )}
          </div>
        ) : (
          <table className="grid" aria-label="Steder">
            <thead>
              <tr>
                {(Object.entries(PLACE_SORTS) as [keyof typeof PLACE_SORTS, string][]).map(([by, label]) => (
                  <th key={by} scope="col" aria-sort={sortState(sort ?? { by: 'navn', dir: 'asc' }, by)}>
                    <SortButton by={by} label={label} sort={sort ?? { by: 'navn', dir: 'asc' }} onSort={setSort} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody ref={tableRef}>
              {places.map((p, i) => (
                <tr
                  key={p.id}
                  data-id={p.id}
                  tabIndex={0}
                  aria-selected={p.id === selectedId}
                  className={`${p.id === selectedId ? 'selected' : ''} ${p.active ? '' : 'inactive'}`}
                  onClick={() => confirmDiscard() && setSelection({ mode: 'edit', id: p.id })}
                  onKeyDown={(e) => onRowKey(e, i, p.id)}
                >
                  <td className="strong">
                    {p.name}
                    {p.needsCompletion && <span className="badge badge-warning">Skal udfyldes</span>}
                  </td>
                  <td>{placeTypeText(p)}</td>
                  <td>{p.code ? <span className="code">{describeCode(p.code)}</span> : <span className="badge badge-warning">Ingen kode endnu</span>}</td>
                  <td>{placeAddress(p)}</td>
                  <td>{p.active ? 'Aktiv' : <span className="badge">Deaktiveret</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">
          {count(places.length, 'sted', 'steder')}
          {includeInactive ? ' (med deaktiverede)' : ''}
        </p>
      </section>

      {selection && (
        <PlaceForm
          key={selection.mode === 'edit' ? selection.id : 'new'}
          placeId={selection.mode === 'edit' ? selection.id : null}
          onSaved={onSaved}
          onClose={() => {
            setSelection(null);
            setStatus(null);
          }}
        />
      )}
    </div>
  );
}
