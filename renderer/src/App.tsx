// The window's frame: title bar, the areas that work, and the page of the chosen area.

import { useEffect, useState } from 'react';
import type { AppInfo } from '../../schemas/api.ts';
import { call } from './api.ts';
import { PlacesPage } from './places/PlacesPage.tsx';

const AREAS = [{ id: 'steder', label: 'Steder', hint: 'Hvor genoptræningen foregår' }] as const;
type AreaId = (typeof AREAS)[number]['id'];

export function App() {
  const [area, setArea] = useState<AreaId>('steder');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);

  useEffect(() => {
    call('app.info', {}).then(setInfo, (e: Error) => setFatal(e.message));
  }, []);

  return (
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
                aria-current={area === a.id ? 'page' : undefined}
                onClick={() => setArea(a.id)}
              >
                <span className="nav-label">{a.label}</span>
                <span className="nav-hint">{a.hint}</span>
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
        ) : (
          area === 'steder' && <PlacesPage />
        )}
      </main>
    </div>
  );
}
