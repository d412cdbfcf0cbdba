// The printable reports' page: one stylesheet for all of them (the month report, the forløb summary, the SOR check),
// and the page around a report's body. The window's Content-Security-Policy allows this stylesheet, and only it, by
// its hash (backend/window-files.ts), so a report can be printed from inside the window; saved on its own, the page
// allows nothing but its own style.

import { esc } from './html.ts';

export const REPORT_CSS = [
  'body{font:14px system-ui,sans-serif;margin:2rem;color:#1b1f24}',
  'h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .25rem}',
  'table{border-collapse:collapse;width:100%;margin-bottom:1rem}',
  'td,th{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}',
  'td.n,th.n{text-align:right}th[scope=row]{width:16rem;font-weight:600}td.k{white-space:nowrap}',
  '.ok{color:#1d6b34}.no{color:#8a1f1a;font-weight:600}',
  'tr.error td:first-child{color:#8a1f1a;font-weight:600}tr.warning td:first-child{color:#6b4e00}',
  '@media print{body{margin:0}tr{break-inside:avoid}h2,h3{break-after:avoid}}',
].join('');

/** What a report page allows when it is opened on its own: its own style, nothing else (no script, no network). */
export const REPORT_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/** A whole report page: Danish, UTF-8, the reports' stylesheet, the title and the body. */
export function reportPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_PAGE_POLICY}"><title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head><body>
${body}
</body></html>
`;
}
