// Loading the SKS code list from a file, detected by its content: Sundhedsdatastyrelsen's official SKScomplete.txt
// (fixed-width fields, Windows-1252; ../shared/domain/sks.md), or the app's own CSV (code, text, valid from, valid to;
// ";" or "," separated; a header row optional). A file with any error is refused whole, with every error by line and
// field.

import { checkSksForm } from '../../schemas/codes.ts';
import { count } from '../../schemas/danish.ts';
import { parseFileDate } from '../../schemas/dates.ts';
import { UserError } from '../../schemas/errors.ts';
import { codeLookup, codeUsage, loadedSksEntries, lookupOf, type SksEntry } from '../../db/sks.ts';
import type { DB } from '../../db/open.ts';
import { decodeText, detectSeparator, normaliseHeader, parseCsv } from './csv.ts';

const NAMES: Record<string, 'code' | 'text' | 'from' | 'to'> = {
  code: 'code',
  kode: 'code',
  sks_kode: 'code',
  skskode: 'code',
  text: 'text',
  tekst: 'text',
  beskrivelse: 'text',
  kodetekst: 'text',
  valid_from: 'from',
  gyldig_fra: 'from',
  fra: 'from',
  fra_dato: 'from',
  dato_fra: 'from',
  valid_to: 'to',
  gyldig_til: 'to',
  til: 'to',
  til_dato: 'to',
  dato_til: 'to',
};
const LABEL = { code: 'kode', text: 'tekst', from: 'gyldig fra', to: 'gyldig til' };

/**
 * SKScomplete.txt's fixed-width record: type (0, 3), code (3, 20), valid from (23, 8), changed (31, 8), valid to
 * (39, 8), text (47, 120), all dates yyyyMMdd; a validity flag at 187 ("3" is the record to keep when a code repeats).
 */
const SKS_COMPLETE = { code: [3, 23], from: [23, 31], to: [39, 47], text: [47, 167], flag: 187 } as const;

/** Whether a line is SKScomplete.txt's layout: two dates where the layout has them, and no separator before them. */
function isSksComplete(line: string): boolean {
  return line.length >= 47 && /^\d{8}$/.test(line.slice(23, 31)) && /^\d{8}$/.test(line.slice(39, 47)) && !/[;,]/.test(line.slice(0, 47));
}

/** A yyyyMMdd date; a far-future date (after 2100) is open (null). */
function compactDate(v: string): string | null | undefined {
  const iso = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  if (Number(v.slice(0, 4)) > 2100) return null;
  return parseFileDate(iso) ?? undefined;
}

/**
 * The official file: every record whose code has the SKS form (the file also holds other classifications, whose
 * codes are skipped, not refused); a code's periods are all kept, and where one period repeats, the record flagged
 * "3" (else the last) is kept.
 */
function parseSksComplete(lines: string[], fileName: string): SksEntry[] {
  const kept = new Map<string, { entry: SksEntry; flagged: boolean }>();
  const problems: { field: string; message: string }[] = [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const n = i + 1;
    const cut = ([a, b]: readonly [number, number]) => line.slice(a, b).trim();
    const code = checkSksForm(cut(SKS_COMPLETE.code));
    if (!code.ok) return;
    const fromText = cut(SKS_COMPLETE.from);
    const toText = cut(SKS_COMPLETE.to);
    const from = compactDate(fromText);
    const to = toText === '' ? null : compactDate(toText);
    if (!from)
      problems.push({ field: `linje ${n}, gyldig fra`, message: `Linje ${n}, gyldig fra (tegn 24-31): "${fromText}" er ikke en gyldig dato (ÅÅÅÅMMDD).` });
    if (to === undefined)
      problems.push({ field: `linje ${n}, gyldig til`, message: `Linje ${n}, gyldig til (tegn 40-47): "${toText}" er ikke en gyldig dato (ÅÅÅÅMMDD).` });
    if (!from || to === undefined) return;
    const entry: SksEntry = { code: code.value, text: cut(SKS_COMPLETE.text), validFrom: from, validTo: to };
    const key = `${entry.code}\t${entry.validFrom}\t${entry.validTo ?? ''}`;
    const flagged = line[SKS_COMPLETE.flag] === '3';
    const before = kept.get(key);
    if (!before || flagged || !before.flagged) kept.set(key, { entry, flagged });
  });
  if (problems.length > 0) refuse(fileName, problems);
  return [...kept.values()].map((k) => k.entry);
}

function refuse(fileName: string, problems: { field: string; message: string }[]): never {
  const shown = problems
    .slice(0, 20)
    .map((p) => p.message)
    .join('\n');
  throw new UserError(
    `Kodelisten ${fileName} er ikke indlæst: ${count(problems.length, 'fejl', 'fejl')}. Den hidtidige liste er uændret.\n${shown}${problems.length > 20 ? `\n… og ${problems.length - 20} flere.` : ''}`,
    problems.slice(0, 200),
  );
}

export function parseSksList(bytes: Uint8Array, fileName: string): SksEntry[] {
  if (bytes.length === 0) throw new UserError(`Kodelisten ${fileName} er tom.`);
  const { text } = decodeText(bytes);
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n'))) || text;
  if (isSksComplete(firstLine.replace(/\r$/, ''))) {
    const entries = parseSksComplete(text.split('\n'), fileName);
    if (entries.length === 0) throw new UserError(`Kodelisten ${fileName} indeholder ingen koder.`);
    return entries;
  }
  const records = [...parseCsv(text, detectSeparator(firstLine))];
  let pos: Record<'code' | 'text' | 'from' | 'to', number> = { code: 0, text: 1, from: 2, to: 3 };
  const header = records[0]?.fields.map(normaliseHeader) ?? [];
  if (header.some((h) => NAMES[h] === 'code')) {
    const found: Partial<typeof pos> = {};
    header.forEach((h, i) => {
      const k = NAMES[h];
      if (k && found[k] === undefined) found[k] = i;
    });
    if (found.code === undefined || found.from === undefined) {
      throw new UserError(`${fileName}, linje 1: overskriften skal have kolonnerne kode og gyldig fra (og evt. tekst og gyldig til).`);
    }
    pos = { code: found.code, text: found.text ?? -1, from: found.from, to: found.to ?? -1 };
    records.shift();
  }
  const entries: SksEntry[] = [];
  const problems: { field: string; message: string }[] = [];
  for (const r of records) {
    const get = (i: number) => (i >= 0 ? (r.fields[i] ?? '').trim() : '');
    const problem = (k: keyof typeof LABEL, message: string) =>
      problems.push({ field: `linje ${r.line}, ${LABEL[k]}`, message: `Linje ${r.line}, ${LABEL[k]}: ${message}` });
    const code = checkSksForm(get(pos.code));
    if (!code.ok) problem('code', code.message);
    const from = parseFileDate(get(pos.from));
    if (!from) problem('from', get(pos.from) === '' ? 'datoen mangler.' : `"${get(pos.from)}" er ikke en gyldig dato.`);
    const toText = get(pos.to);
    const to = toText === '' ? null : parseFileDate(toText);
    if (toText !== '' && !to) problem('to', `"${toText}" er ikke en gyldig dato.`);
    if (from && to && to < from) problem('to', 'slutdatoen ligger før startdatoen.');
    if (code.ok && from && (toText === '' || to)) entries.push({ code: code.value, text: get(pos.text), validFrom: from, validTo: to });
  }
  if (problems.length > 0) refuse(fileName, problems);
  if (entries.length === 0) throw new UserError(`Kodelisten ${fileName} indeholder ingen koder.`);
  return entries;
}

export interface SksDiff {
  count: number;
  added: number;
  removed: number;
  changed: number;
  examples: { added: string[]; removed: string[]; changed: string[] };
  /** Ydelser whose codes (ydelseskode or a tillægskode) are valid on their day now and one is not with the new list. */
  becomeInvalid: number;
  becomeInvalidCodes: { code: string; count: number }[];
}

const EXAMPLES = 20;

/** What replacing the loaded list with `entries` would change: codes added, removed, changed, and ydelser it makes invalid. */
export function diffSksList(db: DB, entries: readonly SksEntry[]): SksDiff {
  const key = (e: SksEntry) => `${e.text}\t${e.validFrom}\t${e.validTo ?? ''}`;
  const group = (list: readonly SksEntry[]) => {
    const m = new Map<string, string>();
    for (const e of list) m.set(e.code, [m.get(e.code), key(e)].filter(Boolean).sort().join('\n'));
    return m;
  };
  const before = group(loadedSksEntries(db));
  const after = group(entries);
  const added = [...after.keys()].filter((c) => !before.has(c)).sort();
  const removed = [...before.keys()].filter((c) => !after.has(c)).sort();
  const changed = [...after.keys()].filter((c) => before.has(c) && before.get(c) !== after.get(c)).sort();
  const old = codeLookup(db);
  const next = lookupOf(entries);
  const invalid = new Map<string, number>();
  let becomeInvalid = 0;
  for (const u of codeUsage(db)) {
    const lost = u.codes.filter((c) => (old === null || old.standing(c, u.dato).state === 'gyldig') && next.standing(c, u.dato).state !== 'gyldig');
    if (lost.length === 0) continue;
    becomeInvalid += u.n;
    for (const c of new Set(lost)) invalid.set(c, (invalid.get(c) ?? 0) + u.n);
  }
  return {
    count: entries.length,
    added: added.length,
    removed: removed.length,
    changed: changed.length,
    examples: { added: added.slice(0, EXAMPLES), removed: removed.slice(0, EXAMPLES), changed: changed.slice(0, EXAMPLES) },
    becomeInvalid,
    becomeInvalidCodes: [...invalid]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
      .slice(0, EXAMPLES),
  };
}
