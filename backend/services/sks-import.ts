// Loading the SKS code list from a file: code, text, valid from, valid to; ";" or "," separated; a header row is
// optional. A file with any error is refused whole, with every error by line and column.

import { checkSksForm } from '../../schemas/codes.ts';
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

export function parseSksList(bytes: Uint8Array, fileName: string): SksEntry[] {
  if (bytes.length === 0) throw new UserError(`Kodelisten ${fileName} er tom.`);
  const { text } = decodeText(bytes);
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n'))) || text;
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
  if (problems.length > 0) {
    const shown = problems
      .slice(0, 20)
      .map((p) => p.message)
      .join('\n');
    throw new UserError(
      `Kodelisten ${fileName} er ikke indlæst: ${problems.length} ${problems.length === 1 ? 'fejl' : 'fejl'}. Den hidtidige liste er uændret.\n${shown}${problems.length > 20 ? `\n… og ${problems.length - 20} flere.` : ''}`,
      problems.slice(0, 200),
    );
  }
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
