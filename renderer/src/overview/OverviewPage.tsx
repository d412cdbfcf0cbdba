// The start page: every month with its state and deadline (the 10th of the next month), what blocks it, the export
// and the mark "indberettet i SEI"; a chart of ydelser per month and place; and the settings of the report.

import { useCallback, useEffect, useState } from 'react';
import type { CallResult, MonthStatus } from '../../../schemas/api.ts';
import { count } from '../../../schemas/danish.ts';
import { formatDanishDate } from '../../../schemas/dates.ts';
import { call } from '../api.ts';
import { formatDateTime, monthName } from '../format.ts';
import { useNav } from '../nav.ts';
import { Chart } from './Chart.tsx';
import { SevenDayPanel } from './SevenDayPanel.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ExportHistory } from './ExportHistory.tsx';
import { DatabasePanel } from './DatabasePanel.tsx';
import { KlGatewayPanel } from './KlGatewayPanel.tsx';
import { ReportSettings } from '../settings/ReportSettings.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAdministrator } from '../role.ts';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const STATE_CLASS: Record<MonthStatus['state'], string> = {
  aaben: 'state-open',
  klar: 'state-ready',
  frist: 'state-due',
  overskredet: 'state-overdue',
  eksporteret: 'state-exported',
  indberettet: 'state-submitted',
  aendret: 'state-changed',
};

export function OverviewPage() {
  const admin = useAdministrator();
  const [data, setData] = useState<CallResult<'months.overview'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [undoable, setUndoable] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const { refreshBadges } = useNav();

  const load = useCallback(async () => {
    try {
      setData(await call('months.overview', {}));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const markSubmitted = async (month: string) => {
    setConfirming(null);
    try {
      await call('sei.markSubmitted', { month });
      setMessage(`${capitalise(monthName(month))} er markeret som indberettet i SEI.`);
      setUndoable(month);
      await load();
      refreshBadges();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const unmarkSubmitted = async (month: string) => {
    try {
      await call('sei.unmarkSubmitted', { month });
      setMessage(`${capitalise(monthName(month))} er ikke længere markeret som indberettet.`);
      setUndoable(null);
      await load();
      refreshBadges();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const exportingStatus = data?.months.find((m) => m.month === exporting) ?? null;

  return (
    <div className="pane overview">
      <div className="page-head">
        <div>
          <h1>Indberetning til SEI</h1>
          <p className="lead">
            Genoptræning indberettes månedligt, senest den 10. i den følgende måned. {data ? `I dag er det ${formatDanishDate(data.today)}.` : ''}
          </p>
        </div>
      </div>
      {!admin.allowed && (
        <p className="alert alert-info">
          Du er terapeut i kommunens fælles database: du ser månederne og deres frister, men eksport, indberetning og indstillinger foretages af en
          administrator.
        </p>
      )}
      <p className="status" role="status" aria-live="polite">
        {message}
        {undoable && (
          <>
            {' '}
            <button type="button" className="link" onClick={() => void unmarkSubmitted(undoable)}>
              Fortryd
            </button>
          </>
        )}
      </p>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <ReportSettings />
      {exportingStatus && (
        <ExportPanel
          key={exportingStatus.month}
          status={exportingStatus}
          onDone={(m) => {
            setMessage(m);
            setUndoable(null);
            setVersion((v) => v + 1);
            void load();
            refreshBadges();
          }}
          onClose={() => setExporting(null)}
        />
      )}
      {data && (
        <table className="grid months" aria-label="Måneder">
          <thead>
            <tr>
              <th scope="col">Måned</th>
              <th scope="col">Tilstand</th>
              <th scope="col">Frist</th>
              <th scope="col">Ydelser</th>
              <th scope="col">Hvad blokerer</th>
              <th scope="col">Seneste eksport</th>
              <th scope="col">
                <span className="visually-hidden">Handlinger</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.months.map((m) => (
              <tr key={m.month} data-month={m.month}>
                <th scope="row">{monthName(m.month)}</th>
                <td>
                  <span className={`state ${STATE_CLASS[m.state]}`}>{m.label}</span>
                  <div className="small muted">{m.message}</div>
                </td>
                <td>{formatDanishDate(m.deadline)}</td>
                <td>{m.total.toLocaleString('da-DK')}</td>
                <td>
                  {m.blockers.length ? (
                    <ul className="blockers">
                      {m.blockers.map((b) => (
                        <li key={b}>{b}</li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">Intet</span>
                  )}
                </td>
                <td className="small">
                  {m.lastExport ? (
                    <>
                      {formatDateTime(m.lastExport.at)} af {m.lastExport.actor}
                      <br />
                      {count(m.lastExport.records, 'ydelse', 'ydelser')}
                      {m.submittedAt ? ` · indberettet ${formatDateTime(m.submittedAt)}` : ''}
                    </>
                  ) : (
                    <span className="muted">Ikke eksporteret</span>
                  )}
                </td>
                <td className="row-actions">
                  {m.state !== 'aaben' && m.state !== 'indberettet' && m.state !== 'eksporteret' && (
                    <button type="button" className="btn btn-primary" onClick={() => setExporting(m.month)}>
                      Eksportér …
                    </button>
                  )}
                  {m.state === 'aaben' && m.total > 0 && (
                    <button type="button" className="btn" onClick={() => setExporting(m.month)}>
                      Eksportér …
                    </button>
                  )}
                  {m.state === 'eksporteret' &&
                    (confirming === m.month ? (
                      <div className="confirm" role="group" aria-label={`Bekræft for ${monthName(m.month)}`}>
                        <span className="small">Er filen indlæst i SEI?</span>
                        <button type="button" className="btn btn-primary" autoFocus onClick={() => void markSubmitted(m.month)}>
                          Ja, markér som indberettet
                        </button>
                        <button type="button" className="btn" onClick={() => setConfirming(null)}>
                          Annullér
                        </button>
                      </div>
                    ) : (
                      <button type="button" className="btn btn-primary" disabled={!admin.allowed} title={admin.why} onClick={() => setConfirming(m.month)}>
                        Markér som indberettet …
                      </button>
                    ))}
                  {m.state === 'indberettet' && (
                    <button type="button" className="btn btn-ghost" onClick={() => void unmarkSubmitted(m.month)}>
                      Fortryd markering
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ExportHistory version={version} />
      <KlGatewayPanel />
      <DatabasePanel />
      {data && data.chart.series.length > 0 && (
        <section className="panel" aria-labelledby="graf-titel">
          <h2 id="graf-titel">Ydelser pr. måned og sted</h2>
          <Chart data={data.chart} />
        </section>
      )}
      <SevenDayPanel />
    </div>
  );
}
