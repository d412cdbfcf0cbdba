// Exporting a month: the validation report first (what goes, what waits and why, warnings), then the file.

import { count, listDa } from '../../../schemas/danish.ts';
import { useEffect, useState } from 'react';
import type { CallResult, ExportReport, MonthStatus } from '../../../schemas/api.ts';
import { formatCpr, kommuneNavn } from '../../../schemas/codes.ts';
import { monthReportHtml } from '../../../schemas/month-report.ts';
import { PrintButtons, type PrintedReport } from '../PrintReport.tsx';
import { formatDanishDate, formatDateTime } from '../../../schemas/dates.ts';
import { call } from '../api.ts';
import { delivered } from '../files.ts';
import { useNav } from '../nav.ts';
import { monthName } from '../format.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useAdministrator } from '../role.ts';

/** "3 nye, 1 rettelse og 0 annulleringer". */
function actionsText(c: { ny: number; rettelse: number; annullering: number }): string {
  return listDa([count(c.ny, 'ny', 'nye'), count(c.rettelse, 'rettelse', 'rettelser'), count(c.annullering, 'annullering', 'annulleringer')]);
}

export function ExportPanel({ status, onDone, onClose }: { status: MonthStatus; onDone: (message: string) => void; onClose: () => void }) {
  const admin = useAdministrator();
  const [report, setReport] = useState<ExportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<NonNullable<CallResult<'sei.export'>> | null>(null);
  const [busy, setBusy] = useState(false);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { navigate } = useNav();
  const month = status.month;

  // the report on paper or as PDF (what goes per place, what waits and why)
  const monthReport = (r: ExportReport): PrintedReport => ({
    what: 'Månedsrapporten',
    fileName: `Maanedsrapport-${month}.pdf`,
    make: async () => {
      const s = await call('settings.get', {});
      const kommune = s.kommunekode ? `${kommuneNavn(s.kommunekode) ?? 'Kommune'} (${s.kommunekode})` : 'Kommunekoden er ikke angivet';
      return monthReportHtml(r, { kommune, made: formatDateTime(new Date().toISOString()) });
    },
  });

  useEffect(() => {
    call('sei.plan', { month }).then(setReport, (e: Error) => setError(e.message));
  }, [month]);

  const make = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await call('sei.export', { month });
      if (!r) {
        setNotice('Der er ikke dannet nogen fil, fordi du ikke valgte, hvor den skulle gemmes. Måneden er ikke eksporteret.');
        return;
      }
      setResult(r);
      const to = await delivered(r);
      setSavedTo(to);
      onDone(
        `SEI-filen for ${monthName(month)} er dannet${to && to !== r.fileName ? ` og gemt i ${to}` : ''}: ${r.fileName} (${count(r.records, 'ydelse', 'ydelser')}).`,
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const saveAgain = async (exportId: number) => {
    try {
      const to = await delivered(await call('sei.exportFile', { exportId }));
      if (to) setSavedTo(to);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const total = report ? report.counts.ny + report.counts.rettelse + report.counts.annullering : 0;
  return (
    <section className="panel export-panel" aria-labelledby="eksport-titel" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="form-head">
        <h2 id="eksport-titel">Eksportér {monthName(month)}</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Luk <kbd>Esc</kbd>
        </button>
      </div>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {notice && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      {!report && !error && <p className="muted">Kontrollerer månedens ydelser …</p>}
      {report && !result && (
        <>
          <h3>Valideringsrapport</h3>
          <p>
            Sendes: {actionsText(report.counts)}.
            {report.unchanged > 0 &&
              ` ${count(report.unchanged, 'ydelse er', 'ydelser er')} allerede indberettet, som ${report.unchanged === 1 ? 'den er' : 'de er'}.`}
          </p>
          {report.pendingCount > 0 && (
            <>
              <div className="alert alert-error">
                {report.pendingCount} {report.pendingCount === 1 ? 'ydelse har fejl og kommer ikke med' : 'ydelser har fejl og kommer ikke med'}; de venter, til
                fejlen er rettet, og kommer med i en senere eksport.
              </div>
              <table className="grid issues" aria-label="Ydelser med fejl">
                <thead>
                  <tr>
                    <th scope="col">Dato</th>
                    <th scope="col">CPR-nummer</th>
                    <th scope="col">Fejl</th>
                  </tr>
                </thead>
                <tbody>
                  {report.pending.map((p) => (
                    <tr key={p.ydelseId}>
                      <td>{formatDanishDate(p.dato)}</td>
                      <td className="mono cpr">{formatCpr(p.cpr)}</td>
                      <td>
                        {p.message}{' '}
                        {p.placeId !== null && (
                          <button type="button" className="link" onClick={() => navigate({ area: 'steder', placeId: p.placeId! })}>
                            Åbn stedet
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {report.warnings.length > 0 && (
            <details>
              <summary>Advarsler (blokerer ikke)</summary>
              <ul className="problems">
                {report.warnings.map((w) => (
                  <li key={w.code + w.message} className="problem-warning">
                    {w.message} {w.count > 1 ? `(${count(w.count, 'ydelse', 'ydelser')})` : ''}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={busy || total === 0 || !admin.allowed} title={admin.why} onClick={() => void make()}>
              {total === 0 ? 'Intet at eksportere' : `Dan SEI-fil med ${count(total, 'ydelse', 'ydelser')}`}
            </button>
            <PrintButtons report={monthReport(report)} label="Månedsrapporten" onMessage={setNotice} onError={setError} />
          </div>
        </>
      )}
      {result && (
        <div className="alert alert-info" role="status">
          <p>
            <strong>{result.fileName}</strong> er dannet: {actionsText(result.counts)}.
          </p>
          <p>{savedTo ? (savedTo === result.fileName ? 'Filen er hentet.' : `Filen er gemt i ${savedTo}.`) : 'Filen er ikke gemt endnu.'}</p>
          <p className="small mono">SHA-256: {result.sha256}</p>
          <p>Indlæs filen i SEI, og markér derefter måneden som indberettet.</p>
          <div className="actions">
            {/* the export's button is gone: focus moves here, so Esc (close) and Enter keep working */}
            <button type="button" className={savedTo ? 'btn' : 'btn btn-primary'} autoFocus onClick={() => void saveAgain(result.exportId)}>
              {savedTo ? 'Gem filen igen …' : 'Gem filen …'}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
