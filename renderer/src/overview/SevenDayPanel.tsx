// § 140, stk. 4 in figures on the start page: per month, the forløb started within the seven days, after them, still
// waiting past them, and the median days to the first ydelse; a chart and a table, to Excel or CSV like every list.

import { useEffect, useState } from 'react';
import { count } from '../../../schemas/danish.ts';
import type { SevenDayMonth } from '../../../schemas/seven-day-figures.ts';
import { call } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { monthName } from '../format.ts';
import { ListExportButtons, useListExport } from '../ListExport.tsx';
import { Chart } from './Chart.tsx';

const MONTHS = 12;
const SERIES: [keyof SevenDayMonth, string, string][] = [
  ['withinLimit', 'Startet inden for 7 dage', '#4f9d69'],
  ['afterLimit', 'Startet efter 7 dage', '#c8423b'],
  ['waitingOverdue', 'Venter, fristen overskredet', '#d08c2f'],
  ['waitingWithin', 'Venter, inden for fristen', '#9aa5b1'],
];

const days = (d: number | null) => (d === null ? '–' : d.toLocaleString('da-DK', { maximumFractionDigits: 1 }));

export function SevenDayPanel() {
  const [rows, setRows] = useState<SevenDayMonth[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const exporting = useListExport('months.sevenDayExport', { months: MONTHS }, 'måned', 'måneder');
  useEffect(() => {
    call('months.sevenDay', { months: MONTHS }).then(setRows, (e: Error) => setError(e.message));
  }, []);
  if (error) return <ErrorAlert>{error}</ErrorAlert>;
  if (!rows) return null;
  const shown = rows.filter((r, i) => r.forloeb > 0 || i === rows.length - 1 || rows.slice(0, i).some((x) => x.forloeb > 0));
  const total = rows.reduce((n, r) => n + r.forloeb, 0);
  return (
    <section className="panel" aria-labelledby="frist-tal-titel">
      <div className="form-head">
        <h2 id="frist-tal-titel">7-dagesfristen i tal (§ 140, stk. 4)</h2>
        <ListExportButtons busy={exporting.busy} empty={total === 0} toFile={(f) => void exporting.toFile(f)} />
      </div>
      <p className="hint">
        Forløb pr. måned, fristen begynder (udskrivning eller planens senere startdato): startet inden for de 7 dage, efter dem, eller venter endnu. Mediantiden
        er dage fra fristens begyndelse til første ydelse.
      </p>
      {exporting.message && (
        <p className="status" role="status">
          {exporting.message}
        </p>
      )}
      {exporting.error && <ErrorAlert>{exporting.error}</ErrorAlert>}
      {total === 0 ? (
        <p className="muted">Ingen forløb med udskrivningsdato de seneste {count(MONTHS, 'måned', 'måneder')}.</p>
      ) : (
        <>
          <Chart
            label="Forløb pr. måned efter 7-dagesfristen"
            colors={SERIES.map(([, , color]) => color)}
            data={{ months: shown.map((r) => r.month), series: SERIES.map(([k, name]) => ({ name, placeId: null, counts: shown.map((r) => Number(r[k])) })) }}
          />
          <table className="grid" aria-label="7-dagesfristen pr. måned">
            <thead>
              <tr>
                <th scope="col">Måned</th>
                <th scope="col" className="n">
                  Forløb
                </th>
                {SERIES.map(([k, name]) => (
                  <th key={k} scope="col" className="n">
                    {name}
                  </th>
                ))}
                <th scope="col" className="n">
                  Mediandage
                </th>
              </tr>
            </thead>
            <tbody>
              {[...shown].reverse().map((r) => (
                <tr key={r.month}>
                  <td>{monthName(r.month)}</td>
                  <td className="n">{r.forloeb.toLocaleString('da-DK')}</td>
                  {SERIES.map(([k]) => (
                    <td key={k} className={`n ${k === 'afterLimit' || k === 'waitingOverdue' ? (Number(r[k]) > 0 ? 'no' : '') : ''}`}>
                      {Number(r[k]).toLocaleString('da-DK')}
                    </td>
                  ))}
                  <td className="n">{days(r.medianDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
