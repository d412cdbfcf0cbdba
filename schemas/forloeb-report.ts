// A forløb's summary for the citizen's journal, printable: the genoptræningsplan, its dates, the seven-day limit of
// § 140, how it ended, and every ydelse with where it took place and whether it can be reported. The CPR number is
// masked (the journal knows the citizen; the file may lie anywhere).

import { count } from './danish.ts';
import { formatShortDate } from './dates.ts';
import { END_REASON_LABELS, GOP_LABELS, type Forloeb, type Ydelse } from './forloeb-ydelser.ts';
import { maskCpr } from './privacy.ts';
import { esc } from './html.ts';
import { reportPage } from './report-page.ts';

const day = (d: string | null) => (d ? formatShortDate(d) : '–');

export function forloebReportHtml(f: Forloeb, ydelser: readonly Ydelse[], made: string): string {
  const cpr = maskCpr(`${f.cpr.slice(0, 6)}-${f.cpr.slice(6)}`);
  const rows = [...ydelser]
    .sort((a, b) => (a.dato < b.dato ? -1 : a.dato > b.dato ? 1 : a.id - b.id))
    .map(
      (y) =>
        `<tr><td class="k">${formatShortDate(y.dato)}</td><td class="k">${esc([y.ydelseskode, ...y.tillaegskoder].join(' + '))}</td><td>${esc(y.placeName ?? 'Uden sted')}${y.hjemme ? ' (i borgerens hjem)' : ''}</td><td>${y.reportable ? 'Kan indberettes' : `<span class="no">${esc(maskCpr(y.errors.map((e) => e.message).join(' ')))}</span>`}</td></tr>`,
    )
    .join('\n');
  const facts: [string, string][] = [
    ['Genoptræningsplan', GOP_LABELS[f.gopType]],
    ['Udskrevet', day(f.dischargeDate)],
    ['Genoptræningsplan modtaget', day(f.gopReceivedDate)],
    ['Senere startdato i planen', day(f.laterStartDate)],
    ['Første ydelse', day(f.firstYdelseDate)],
    ['7-dagesfristen (§ 140, stk. 4)', f.sevenDay.message],
    ['Status', f.status === 'aktiv' ? 'Aktivt' : `Afsluttet ${day(f.endDate)}${f.endReason ? `: ${END_REASON_LABELS[f.endReason]}` : ''}`],
  ];
  return reportPage(
    `Genoptræningsforløb ${cpr}`,
    `<h1>Genoptræningsforløb</h1>
<p>${esc(f.citizenName || 'Borger')}, CPR ${esc(cpr)}. Dannet ${esc(made)}.</p>
<table><tbody>
${facts.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n')}
</tbody></table>
<h2>Ydelser (${count(ydelser.length, 'ydelse', 'ydelser')})</h2>
<table><thead><tr><th>Dato</th><th>Ydelse</th><th>Sted</th><th>Indberetning</th></tr></thead><tbody>
${rows || '<tr><td colspan="4">Ingen ydelser endnu.</td></tr>'}
</tbody></table>
`,
  );
}
