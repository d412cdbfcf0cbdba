// The SOR check's reports: text for the terminal, CSV for a spreadsheet, printable HTML. All in Danish.

// (pure: the command line and the window print the same reports)

import { z } from 'zod';
import { csvLine } from './csv-out.ts';
import { count, listDa } from './danish.ts';
import { formatShortDate } from './dates.ts';
import type { SorTreeNode } from './contract/shapes.ts';
import { esc } from './html.ts';
import { type SeverityFilter, type Sort, SOR_FINDING_SORTS, type SortValue, sortRows } from './list-sort.ts';
import { reportPage } from './report-page.ts';

/** One finding of the SOR check: the rule, the unit to act on, the Danish message, the guide's reference and action. */
export const SorFinding = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  sorId: z.string(),
  name: z.string(),
  message: z.string(),
  guide: z.string(),
  suggestion: z.string(),
  related: z.array(z.string()),
});
export type ReportFinding = z.infer<typeof SorFinding>;

const PreviewUnit = z.object({ sorId: z.string(), name: z.string(), readIn: z.boolean() });
/** What Plejeoverblikket would read in of each kommune (the guide's Afsnit 3 and 6). */
export const SorPreview = z.object({
  kommuner: z.array(
    z.object({
      sorId: z.string(),
      name: z.string(),
      plejeenheder: z.array(PreviewUnit.extend({ address: z.string().nullable(), opholdstyper: z.array(PreviewUnit) })),
      helhedsplejeleverandoer: z.object({ steder: z.array(PreviewUnit.extend({ address: z.string().nullable() })) }).nullable(),
    }),
  ),
});
export type SorPreview = z.infer<typeof SorPreview>;

/** The result of a SOR check: what the command line prints as JSON and the window shows. */
export const SorCheckResult = z.object({
  checkDate: z.string(),
  snapshotDate: z.string(),
  units: z.number(),
  findings: z.array(SorFinding),
  skippedRules: z.array(z.object({ rule: z.string(), reason: z.string() })),
  preview: SorPreview,
});
export type SorCheckResult = z.infer<typeof SorCheckResult>;

export const SEVERITY_LABELS = { error: 'Fejl', warning: 'Advarsel' } as const;

/** What the findings list sorts by (SOR_FINDING_SORTS): a unit by its name, errors before warnings. */
const FINDING_ORDER: Record<keyof typeof SOR_FINDING_SORTS, (f: ReportFinding) => SortValue> = {
  enhed: (f) => f.name,
  alvor: (f) => (f.severity === 'error' ? 0 : 1),
  regel: (f) => f.rule,
  sor: (f) => f.sorId,
};

/** The findings as the list shows them: of the severity chosen, in the order chosen (by unit, then rule). */
export function selectFindings(
  findings: readonly ReportFinding[],
  severity: SeverityFilter,
  sort: Sort<keyof typeof SOR_FINDING_SORTS> | null,
): ReportFinding[] {
  const shown = severity === 'alle' ? findings : findings.filter((f) => f.severity === severity);
  return sortRows(
    shown,
    FINDING_ORDER,
    sort ?? { by: 'enhed', dir: 'asc' },
    (f) => f.name,
    (f) => f.sorId,
    FINDING_ORDER.alvor,
    (f) => f.rule,
  );
}

/** A day of the report as people read it (dd.mm.åååå); anything else as it stands. */
const day = (d: string) => (/^\d{4}-\d{2}-\d{2}/.test(d) ? formatShortDate(d.slice(0, 10)) : d);

export function findingsText(r: SorCheckResult): string {
  const lines = [
    `SOR-kontrol pr. ${day(r.checkDate)} (udtræk af ${r.snapshotDate ? day(r.snapshotDate) : 'ukendt dato'}): ${count(r.units, 'enhed', 'enheder')}, ${count(r.findings.length, 'fund', 'fund')}.`,
  ];
  for (const f of r.findings) {
    lines.push(
      '',
      `${SEVERITY_LABELS[f.severity]} ${f.rule}: ${f.name} (SOR ${f.sorId})`,
      `  ${f.message}`,
      `  Din handling: ${f.suggestion}`,
      `  Vejledningen: ${f.guide}`,
    );
  }
  for (const s of r.skippedRules) lines.push('', `Ikke kørt: ${s.rule}: ${s.reason}`);
  return `${lines.join('\n')}\n`;
}

export function findingsCsv(r: SorCheckResult): string {
  const rows = [['regel', 'alvor', 'sor_id', 'navn', 'besked', 'din_handling', 'vejledning', 'relaterede']];
  for (const f of r.findings) rows.push([f.rule, SEVERITY_LABELS[f.severity], f.sorId, f.name, f.message, f.suggestion, f.guide, f.related.join(' ')]);
  for (const s of r.skippedRules) rows.push([s.rule, 'Ikke kørt', '', '', s.reason, '', '', '']);
  return `\uFEFF${rows.map((row) => csvLine(row, ';')).join('\r\n')}\r\n`;
}

/** What Plejeoverblikket would read in, per kommune: each plejeenhed and helhedsplejeleverandørsted, read in or not. */
function previewHtml(p: SorPreview): string {
  const mark = (readIn: boolean) => (readIn ? '<span class="ok">✓ læses ind</span>' : '<span class="no">✗ læses ikke ind</span>');
  return p.kommuner
    .map((k) => {
      const enheder = k.plejeenheder
        .map(
          (e) =>
            `<li>${esc(e.name)} <small>SOR ${esc(e.sorId)}${e.address ? `, ${esc(e.address)}` : ''}</small> ${mark(e.readIn)}${
              e.opholdstyper.length ? `<ul>${e.opholdstyper.map((o) => `<li>${esc(o.name)} ${mark(o.readIn)}</li>`).join('')}</ul>` : ''
            }</li>`,
        )
        .join('');
      const steder =
        k.helhedsplejeleverandoer?.steder.map((s) => `<li>${esc(s.name)} <small>SOR ${esc(s.sorId)}</small> ${mark(s.readIn)}</li>`).join('') ?? '';
      return `<h3>${esc(k.name)}</h3>
<p>Plejeenheder: ${count(k.plejeenheder.length, 'enhed', 'enheder')}${k.plejeenheder.length ? '' : ' (ingen)'}</p>${enheder ? `<ul>${enheder}</ul>` : ''}
<p>Helhedspleje: ${k.helhedsplejeleverandoer ? count(k.helhedsplejeleverandoer.steder.length, 'leverandørsted', 'leverandørsteder') : 'ingen helhedsplejeleverandør'}</p>${steder ? `<ul>${steder}</ul>` : ''}`;
    })
    .join('\n');
}

/** The kommune's tree as in the window: each unit with its role, read in or not, and inactive ones marked. */
function treeHtml(n: SorTreeNode): string {
  const state = n.state === 'ind' ? ' <span class="ok">✓ læses ind</span>' : n.state === 'ikke-ind' ? ' <span class="no">✗ læses ikke ind</span>' : '';
  const about = [n.role, n.active ? null : 'ikke aktiv'].filter(Boolean).join(', ');
  const children = n.children.length ? `<ul>${n.children.map(treeHtml).join('')}</ul>` : '';
  return `<li>${esc(n.name)} <small>SOR ${esc(n.sorId)}${about ? ` · ${esc(about)}` : ''}</small>${state}${children}</li>`;
}

/** The printable report; with the kommune's tree when the check made one (the window's check of one owner). */
export function findingsHtml(r: SorCheckResult, fileName: string, tree?: SorTreeNode): string {
  // by unit, errors first: what the kommune must do, unit for unit
  const ordered = selectFindings(r.findings, 'alle', null);
  const kommuner = r.preview.kommuner.map((k) => k.name);
  const rows = ordered
    .map(
      (f) =>
        `<tr class="${f.severity}"><td>${SEVERITY_LABELS[f.severity]}</td><td class="k">${esc(f.rule)}</td><td>${esc(f.name)}<br><small>SOR ${esc(f.sorId)}</small></td><td>${esc(f.message)}</td><td>${esc(f.suggestion)}</td><td>${esc(f.guide)}</td></tr>`,
    )
    .join('\n');
  const skipped = r.skippedRules.map((s) => `<li>${esc(s.rule)}: ${esc(s.reason)}</li>`).join('');
  return reportPage(
    `SOR-kontrol ${fileName}`,
    `<h1>SOR-kontrol${kommuner.length === 1 ? ` af ${esc(kommuner[0]!)}` : ''}</h1>
<p>Fil: ${esc(fileName)}${kommuner.length > 1 ? `. Kommuner: ${esc(listDa(kommuner))}` : ''}.</p>
<p>Kontrolleret pr. ${esc(day(r.checkDate))} (udtræk af ${esc(r.snapshotDate ? day(r.snapshotDate) : 'ukendt dato')}). ${count(r.units, 'enhed', 'enheder')}, ${count(r.findings.length, 'fund', 'fund')}.</p>
<table><thead><tr><th>Alvor</th><th>Regel</th><th>Enhed</th><th>Hvad er galt</th><th>Din handling</th><th>Vejledningen</th></tr></thead><tbody>
${rows || '<tr><td colspan="6">Ingen fund.</td></tr>'}
</tbody></table>
${tree ? `<h2>Træet i SOR</h2><ul class="tree">${treeHtml(tree)}</ul>` : ''}
<h2>Sådan læser Plejeoverblikket det ind</h2>
${previewHtml(r.preview) || '<p>Ingen kommune i kontrollen.</p>'}
<h2>Regler, der ikke er kørt</h2>
${skipped ? `<ul>${skipped}</ul>` : '<p>Alle regler er kørt.</p>'}
`,
  );
}
