// PostgreSQL's COPY text format: one row per line, tab between values, \N for null, backslash escapes. Used by db copy
// and by the importers' bulk path on the shared database.

/** One value in COPY's text format. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  return String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Rows as COPY text. */
export function copyText(rows: Iterable<readonly unknown[]>): string {
  let out = '';
  for (const row of rows) out += `${row.map(copyValue).join('\t')}\n`;
  return out;
}

const UNESCAPE: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' };

/**
 * COPY's text output as rows of values (null for \N), one row at a time: a month's 100,000 rows are read without
 * holding them all as arrays at once.
 */
export function* copyRows(text: string): Generator<(string | null)[]> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const values: (string | null)[] = text.slice(start, end).split('\t');
    start = end + 1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === '\\N') values[i] = null;
      else if (v.includes('\\')) values[i] = v.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c);
    }
    yield values;
  }
}

/** A text as an SQL literal, for the few statements that take none (COPY). */
export function sqlLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
