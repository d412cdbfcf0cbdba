// The window's frame: title bar, the areas that work, and the page of the chosen area.

import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, MonthStatus } from '../../schemas/api.ts';
import { count } from '../../schemas/danish.ts';
import { formatDanishDate } from '../../schemas/dates.ts';
import { OverviewPage, STATE_CLASS } from './overview/OverviewPage.tsx';
import { monthName } from './format.ts';
import { call } from './api.ts';
import { confirmDiscard } from './unsaved.ts';
import { NavContext, type Target } from './nav.ts';
import { ForloebPage } from './forloeb/ForloebPage.tsx';
import { ImportPage } from './import/ImportPage.tsx';
import { PlacesPage } from './places/PlacesPage.tsx';
import { YdelserPage } from './ydelser/YdelserPage.tsx';
import { SorCheckPage } from './sor/SorCheckPage.tsx';
import { SettingsPage } from './settings/SettingsPage.tsx';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { HelpDialog } from './help/HelpDialog.tsx';
import { IntroGuide } from './help/IntroGuide.tsx';
import { introSeen } from './help/intro-seen.ts';

const AREAS = [
  { id: 'oversigt', label: 'Indberetning', hint: 'Måneder, frister og SEI-filen', key: '1' },
  { id: 'forloeb', label: 'Forløb', hint: 'Borgere og deres ydelser', key: '2' },
  { id: 'ydelser', label: 'Ydelser', hint: 'Alle registrerede ydelser', key: '3' },
  { id: 'steder', label: 'Steder', hint: 'Hvor genoptræningen foregår', key: '4' },
  { id: 'import', label: 'Import', hint: 'CSV, SEI-filer og SKS-kodeliste', key: '5' },
  { id: 'sor', label: 'SOR-kontrol', hint: 'Plejeenheder og helhedspleje', key: '6' },
  { id: 'indstillinger', label: 'Indstillinger', hint: 'Kommune, steder, typekoder og kopier', key: '7' },
] as const;

/** What the title bar says about deadlines: overdue months first, then the next deadline. */
function deadlineSummary(months: MonthStatus[]): { text: string; state: MonthStatus['state']; title: string } | null {
  const overdue = months.filter((m) => m.state === 'overskredet');
  const next = months
    .filter((m) => m.daysLeft >= 0 && (m.state === 'klar' || m.state === 'frist' || m.state === 'aendret' || m.state === 'aaben'))
    .sort((a, b) => a.daysLeft - b.daysLeft)[0];
  const nextText = next
    ? `${monthName(next.month)}: frist ${formatDanishDate(next.deadline)}${next.state === 'aaben' ? '' : ` (${next.label.toLowerCase()})`}`
    : '';
  if (overdue.length > 0) {
    const text = `${overdue.length === 1 ? `${monthName(overdue[0]!.month)} er` : `${count(overdue.length, 'måned', 'måneder')} er`} ikke indberettet til tiden`;
    return {
      text: nextText ? `${text} · ${nextText}` : text,
      state: 'overskredet',
      title: overdue.map((m) => `${monthName(m.month)}: ${m.message}`).join('\n'),
    };
  }
  return next ? { text: nextText, state: next.state, title: next.message } : null;
}

export function App() {
  const [target, setTarget] = useState<Target>({ area: 'oversigt' });
  const [deadline, setDeadline] = useState<ReturnType<typeof deadlineSummary>>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [sevenDay, setSevenDay] = useState(0);
  // the help's number: a new one for each F1 (0: closed), so the close of one just closed cannot take a new one away
  const [help, setHelp] = useState(0);
  const [intro, setIntro] = useState(() => !introSeen());

  const refreshBadges = useCallback(() => {
    call('forloeb.list', { sevenDay: 'frist', limit: 1 }).then(
      (r) => setSevenDay(r.total),
      () => {},
    );
    call('months.overview', {}).then(
      (r) => setDeadline(deadlineSummary(r.months)),
      () => {},
    );
  }, []);

  useEffect(() => {
    call('app.info', {}).then(setInfo, (e: Error) => setFatal(e.message));
  }, []);
  const guardedNavigate = useCallback((t: Target) => {
    if (confirmDiscard()) setTarget(t);
  }, []);
  useEffect(refreshBadges, [target, refreshBadges]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F1') {
        e.preventDefault();
        setHelp((h) => h + 1);
        return;
      }
      if (!e.altKey || e.ctrlKey) return;
      const area = AREAS.find((a) => a.key === e.key);
      if (area) {
        e.preventDefault();
        if (confirmDiscard()) setTarget({ area: area.id });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <NavContext.Provider value={{ navigate: guardedNavigate, refreshBadges }}>
      <div className="app">
        <a className="skip-link" href="#indhold">
          Gå til indhold
        </a>
        <header className="topbar">
          <span className="brand">SEI Genoptræning</span>
          {deadline && (
            <button
              type="button"
              className={`deadline-pill ${STATE_CLASS[deadline.state]}`}
              onClick={() => guardedNavigate({ area: 'oversigt' })}
              title={deadline.title}
            >
              {deadline.text}
            </button>
          )}
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
                  onClick={() => guardedNavigate({ area: a.id })}
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
        {help > 0 && (
          <HelpDialog
            key={help}
            area={target.area}
            onClose={() => setHelp((h) => (h === help ? 0 : h))}
            onIntro={() => {
              setHelp(0);
              setIntro(true);
            }}
          />
        )}
        {intro && help === 0 && info && !fatal && <IntroGuide onClose={() => setIntro(false)} navigate={guardedNavigate} />}
        <main id="indhold" className="content" tabIndex={-1}>
          {fatal ? (
            <ErrorAlert>
              <strong>Programmet kan ikke nå sin database.</strong> {fatal}
            </ErrorAlert>
          ) : target.area === 'oversigt' ? (
            <OverviewPage />
          ) : target.area === 'steder' ? (
            <PlacesPage key={target.placeId ?? 'steder'} initialPlaceId={target.placeId ?? null} />
          ) : target.area === 'forloeb' ? (
            <ForloebPage key={target.forloebId ?? 'forloeb'} initialForloebId={target.forloebId ?? null} />
          ) : target.area === 'ydelser' ? (
            <YdelserPage />
          ) : target.area === 'sor' ? (
            <SorCheckPage />
          ) : target.area === 'indstillinger' ? (
            <SettingsPage />
          ) : (
            <ImportPage />
          )}
        </main>
      </div>
    </NavContext.Provider>
  );
}
