// Every CSV the program writes (reject files, SOR reports, lists) is safe to open in Excel: a cell that starts with
// a character Excel reads as the start of a formula (=, +, -, @, tab, carriage return) gets a leading apostrophe, as
// OWASP advises for CSV injection, so "=HYPERLINK(…)" or "=cmd|' /C calc'!A0" shows as text and never runs.

const FORMULA_START = /^[=+\-@\t\r]/;

/** The value as text Excel will not evaluate. */
export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One cell: made safe, and quoted when it holds the separator, a quote or a line break. */
export function csvCell(value: string, sep: string): string {
  const v = safeCell(value);
  return /["\r\n]/.test(v) || v.includes(sep) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[], sep: string): string {
  return cells.map((c) => csvCell(c, sep)).join(sep);
}
