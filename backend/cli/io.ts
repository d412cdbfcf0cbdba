// What every command shares: where it writes, how it refuses (exit 2 for bad usage or a file that cannot be read),
// the output formats, and the plain-text table.

import fs from 'node:fs';
import path from 'node:path';
import { OPEN_PURPOSES, tooLargeMessage, type OpenPurpose } from '../../schemas/files.ts';
import { parseFileDate } from '../../schemas/dates.ts';

export type { Io } from './errors.ts';

import { UnreadableError, UsageError } from './errors.ts';

export { UnreadableError, UsageError } from './errors.ts';

/** The one output option: `tekst` (also written `text` or `tabel`) or `json`. */
export function formatOf(value: string | undefined, more: readonly string[] = []): string {
  const f = value === undefined || value === 'text' || value === 'tabel' || value === 'table' ? 'tekst' : value;
  const known = ['tekst', 'json', ...more];
  if (!known.includes(f)) throw new UsageError(`Ukendt format "${value}": brug ${known.slice(0, -1).join(', ')} eller ${known.at(-1)}.`);
  return f;
}

/** A day given as --date: ÅÅÅÅ-MM-DD, and a real date. */
export function dayOption(value: string, flag = '--date'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !parseFileDate(value)) throw new UsageError(`${flag} "${value}" er ikke en dato (ÅÅÅÅ-MM-DD).`);
  return value;
}

export function noPositionals(positionals: string[]): void {
  if (positionals.length) throw new UsageError(`Uventet argument: ${positionals[0]}`);
}

/** A file read whole, its size checked first (by stat) against the largest file of its kind. */
export function readInput(file: string, purpose: OpenPurpose): Buffer {
  try {
    const st = fs.statSync(file);
    if (st.isFile() && st.size > OPEN_PURPOSES[purpose].maxBytes)
      throw new UnreadableError(`${tooLargeMessage(path.basename(file), st.size, purpose)} Intet er importeret.`);
    return fs.readFileSync(file);
  } catch (e) {
    if (e instanceof UnreadableError) throw e;
    const code = (e as { code?: string }).code;
    throw new UnreadableError(
      code === 'ENOENT'
        ? `Filen ${file} findes ikke.`
        : code === 'EISDIR'
          ? `${file} er en mappe, ikke en fil.`
          : `Filen ${file} kan ikke læses (${(e as Error).message}).`,
    );
  }
}

/** A JSON file's one object (a byte-order mark allowed). */
export function readJsonFile(file: string): unknown {
  const text = readInput(file, 'json')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UnreadableError(`${file} er ikke gyldig JSON (${(e as Error).message}).`);
  }
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toLocaleString('da-DK', { maximumFractionDigits: 1 })} MB`;
