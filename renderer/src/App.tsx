// The window's frame: title bar, the areas that work, and the page of the chosen area.

import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../schemas/api.ts';
import { call } from './api.ts';
import { NavContext, type Target } from './nav.ts';
import { ForloebPage } from './forloeb/ForloebPage.tsx';
import { ImportPage } from './import/ImportPage.tsx';
import { PlacesPage } from './places/PlacesPage.tsx';
import { YdelserPage } from './ydelser/YdelserPage.tsx';

const AREAS = [
  { id: 'forloeb', label: 'Forløb', hint: 'Borgere og deres ydelser', key: '1' },
  { id: 'ydelser', label: 'Ydelser', hint: 'Alle registrerede ydelser', key: '2' },
  { id: 'steder', label: 'Steder', hint: 'Hvor genoptræningen foregår', key: '3' },
  { id: 'import', label: 'Import', hint: 'CSV-filer og SKS-kodeliste', key: '4' },
] as const;

export function App() {
  const [target, setTarget] = useState<Target>({ area: 'forloeb' });
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [sevenDay, setSevenDay] = useState(0);

  const refreshBadges = useCallback(() => {
    call('forloeb.list', { sevenDayOnly: true, limit: 1 }).then((r) => setSevenDay(r.total), () => {});
  }, []);

  useEffect(() => {
    call('app.info', {}).then(setInfo, (e: Error) => setFatal(e.message));
  }, []);
  useEffect(refreshBadges, [target, refreshBadges]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey) return;
      const area = AREAS.find((a) => a.key === e.key);
      if (area) {
        e.preventDefault();
        setTarget({ area: area.id });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <NavContext.Provider value={{ navigate: setTarget, refreshBadges }}>
      <div className="app">
        <a className="skip-link" href="#indhold">
          Gå til indhold
        </a>
        <header className="topbar">
          <span className="brand">SEI Genoptræning</span>
          {info && (
            <span className="topbar-meta" title={info.dbPath}>
              Version {info.version} · Database: {info.dbPath}
              {info.mode === 'browser' ? ' · Browser-tilstand' : ''}
            </span>
          )}
        </header>
        <nav className="sidebar" aria-label="Hovedmenu">
          <ul>
            {AREAS.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={target.area === a.id ? 'page' : undefined}
                  aria-keyshortcuts={`Alt+${a.key}`}
                  onClick={() => setTarget({ area: a.id })}
                >
                  <span className="nav-label">
                    {a.label}
                    {a.id === 'forloeb' && sevenDay > 0 && (
                      <span className="nav-badge" title="Forløb tæt på eller over 7-dagesfristen uden første ydelse">
                        {sevenDay}
                      </span>
                    )}
                  </span>
                  <span className="nav-hint">
                    {a.hint} <kbd>Alt+{a.key}</kbd>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main id="indhold" className="content" tabIndex={-1}>
          {fatal ? (
            <div className="alert alert-error" role="alert">
              <strong>Programmet kan ikke nå sin database.</strong> {fatal}
            </div>
          ) : target.area === 'steder' ? (
            <PlacesPage key={target.placeId ?? 'steder'} initialPlaceId={target.placeId ?? null} />
          ) : target.area === 'forloeb' ? (
            <ForloebPage key={target.forloebId ?? 'forloeb'} initialForloebId={target.forloebId ?? null} />
          ) : target.area === 'ydelser' ? (
            <YdelserPage />
          ) : (
            <ImportPage />
          )}
        </main>
      </div>
    </NavContext.Provider>
  );
}
