// The month report, printable: what a month's SEI file sends (new, corrected, cancelled), per place, and what waits
// and why. The window saves it as HTML to print or keep (and the tests print it to PDF). CPR numbers are masked: a
// ydelse is found again in the program by its date and number.

import type { ExportReport } from './contract/shapes.ts';
import { count, number } from './danish.ts';
import { deadlineOf } from './deadlines.ts';
import { formatShortDate, monthName } from './dates.ts';
import { maskCpr } from './privacy.ts';
import { esc } from './html.ts';
import { reportPage } from './report-page.ts';

export function monthReportHtml(r: ExportReport, o: { kommune: string; made: string }): string {
  const total = r.counts.ny + r.counts.rettelse + r.counts.annullering;
  const places = r.places
    .map(
      (p) =>
        `<tr><td>${esc(p.name)}${p.code ? `<br><small>${esc(p.code)}</small>` : ''}</td><td class="n">${number(p.ny)}</td><td class="n">${number(p.rettelse)}</td><td class="n">${number(p.annullering)}</td><td class="n${p.pending ? ' no' : ''}">${number(p.pending)}</td></tr>`,
    )
    .join('\n');
  const pending = r.pending
    .map(
      (p) =>
        `<tr><td class="k">${formatShortDate(p.dato)}</td><td class="k">${esc(maskCpr(p.cpr.replace(/^(\d{6})(\d{4})$/, '$1-$2')))}</td><td class="n">${p.ydelseId}</td><td>${esc(maskCpr(p.message))}</td></tr>`,
    )
    .join('\n');
  const warnings = r.warnings.map((w) => `<li>${esc(w.message)} (${count(w.count, 'ydelse', 'ydelser')})</li>`).join('');
  return reportPage(
    `Månedsrapport ${monthName(r.month)}`,
    `<h1>Månedsrapport: ${esc(monthName(r.month))}</h1>
<p>${esc(o.kommune)}. Indberetningsfrist ${formatShortDate(deadlineOf(r.month))}. Dannet ${esc(o.made)}.</p>
<p>SEI-filen sender ${count(total, 'ydelse', 'ydelser')}: ${count(r.counts.ny, 'ny', 'nye')}, ${count(r.counts.rettelse, 'rettelse', 'rettelser')} og ${count(r.counts.annullering, 'annullering', 'annulleringer')}. ${count(r.unchanged, 'ydelse er', 'ydelser er')} allerede indberettet, som de er. ${count(r.pendingCount, 'ydelse venter', 'ydelser venter')} på at blive rettet.</p>
<h2>Pr. sted</h2>
<table><thead><tr><th>Sted</th><th class="n">Nye</th><th class="n">Rettelser</th><th class="n">Annulleringer</th><th class="n">Venter</th></tr></thead><tbody>
${places || '<tr><td colspan="5">Ingen ydelser i måneden.</td></tr>'}
</tbody></table>
<h2>Det, der venter, og hvorfor</h2>
${pending ? `<table><thead><tr><th>Dato</th><th>CPR-nummer</th><th class="n">Ydelse nr.</th><th>Hvorfor</th></tr></thead><tbody>\n${pending}\n</tbody></table>${r.pendingCount > r.pending.length ? `<p>… og ${count(r.pendingCount - r.pending.length, 'ydelse', 'ydelser')} mere (se dem i programmet).</p>` : ''}` : '<p>Intet venter.</p>'}
<h2>Advarsler</h2>
${warnings ? `<ul>${warnings}</ul>` : '<p>Ingen advarsler.</p>'}
`,
  );
}
