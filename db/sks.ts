// The loaded SKS code list: codes with their validity, and the lookup the validation uses.

import type { CodeLookup, CodeStanding } from '../schemas/forloeb-ydelser.ts';
import type { DB } from './open.ts';
import { dayText } from './ydelse-values.ts';

export interface SksEntry {
  code: string;
  text: string;
  validFrom: string;
  validTo: string | null;
}

export interface SksListInfo {
  fileName: string;
  loadedAt: string;
  actor: string;
  count: number;
}

interface Range {
  from: string;
  to: string | null;
}

/** In-memory lookup, made once per database and list version (a list has some tens of thousands of codes). */
class MapLookup implements CodeLookup {
  constructor(private readonly codes: Map<string, Range[]>) {}
  standing(code: string, day: string): CodeStanding {
    const ranges = this.codes.get(code);
    if (!ranges) return { state: 'ukendt' };
    for (const r of ranges) if (r.from <= day && (r.to === null || day <= r.to)) return { state: 'gyldig' };
    const first = ranges[0]!;
    const last = ranges[ranges.length - 1]!;
    return { state: 'ugyldig', from: first.from, to: last.to };
  }
  has(code: string): boolean {
    return this.codes.has(code);
  }
}

/** The lookup of a list not (yet) loaded: what a new list would say. */
export function lookupOf(entries: readonly SksEntry[]): CodeLookup & { has(code: string): boolean } {
  const map = new Map<string, Range[]>();
  for (const e of [...entries].sort((a, b) => a.validFrom.localeCompare(b.validFrom))) {
    let list = map.get(e.code);
    if (!list) map.set(e.code, (list = []));
    list.push({ from: e.validFrom, to: e.validTo });
  }
  return new MapLookup(map);
}

/** Every entry of the loaded list. */
export function loadedSksEntries(db: DB): SksEntry[] {
  return (
    db.prepare('SELECT code, text, valid_from, valid_to FROM sks_code ORDER BY code, valid_from').all() as {
      code: string;
      text: string;
      valid_from: string;
      valid_to: string | null;
    }[]
  ).map((r) => ({ code: r.code, text: r.text, validFrom: r.valid_from, validTo: r.valid_to }));
}

/** The ydelser (not deleted), grouped by their codes (ydelseskode first, then tillægskoder) and day. */
export function codeUsage(db: DB): { codes: string[]; dato: string; n: number }[] {
  const rows = db
    .prepare('SELECT ydelseskode, tillaegskoder, dato, count(*) AS n FROM ydelse WHERE deleted_at IS NULL GROUP BY ydelseskode, tillaegskoder, dato')
    .all() as { ydelseskode: string; tillaegskoder: string; dato: number | string; n: number }[];
  return rows.map((r) => ({ codes: [r.ydelseskode, ...r.tillaegskoder.split(' ').filter(Boolean)], dato: dayText(r.dato), n: r.n }));
}

const cache = new WeakMap<DB, { loadedAt: string | null; lookup: MapLookup | null }>();

export function sksListInfo(db: DB): SksListInfo | null {
  const row = db.prepare('SELECT file_name, loaded_at, actor, count FROM sks_list WHERE id = 1').get() as
    | { file_name: string; loaded_at: string; actor: string; count: number }
    | undefined;
  return row ? { fileName: row.file_name, loadedAt: row.loaded_at, actor: row.actor, count: row.count } : null;
}

/** The lookup of the loaded list, or null when none is loaded. */
export function codeLookup(db: DB): MapLookup | null {
  const info = sksListInfo(db);
  const cached = cache.get(db);
  if (cached && cached.loadedAt === (info?.loadedAt ?? null)) return cached.lookup;
  let lookup: MapLookup | null = null;
  if (info) {
    const map = new Map<string, Range[]>();
    const rows = db.prepare('SELECT code, valid_from, valid_to FROM sks_code ORDER BY code, valid_from').all() as {
      code: string;
      valid_from: string;
      valid_to: string | null;
    }[];
    for (const r of rows) {
      let list = map.get(r.code);
      if (!list) map.set(r.code, (list = []));
      list.push({ from: r.valid_from, to: r.valid_to });
    }
    lookup = new MapLookup(map);
  }
  cache.set(db, { loadedAt: info?.loadedAt ?? null, lookup });
  return lookup;
}

/** Replaces the loaded list in one transaction. */
export function replaceSksList(db: DB, entries: SksEntry[], fileName: string, actor: string, now = new Date()): SksListInfo {
  const at = now.toISOString();
  db.transaction(() => {
    db.prepare('DELETE FROM sks_code').run();
    const insert = db.prepare(
      'INSERT INTO sks_code (code, text, valid_from, valid_to) VALUES (?, ?, ?, ?) ON CONFLICT (code, valid_from) DO UPDATE SET text = excluded.text, valid_to = excluded.valid_to',
    );
    for (const e of entries) insert.run(e.code, e.text, e.validFrom, e.validTo);
    db.prepare(
      'INSERT INTO sks_list (id, file_name, loaded_at, actor, count) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET file_name = excluded.file_name, loaded_at = excluded.loaded_at, actor = excluded.actor, count = excluded.count',
    ).run(fileName, at, actor, entries.length);
  })();
  cache.delete(db);
  return sksListInfo(db)!;
}

/** Codes matching a prefix or text, for the entry field's suggestions. */
export function searchSks(db: DB, term: string, day: string, limit = 20): SksEntry[] {
  const t = term.trim();
  const like = (s: string) => s.replace(/[\\%_]/g, '\\$&');
  // SQLite's upper() and LIKE fold only A-Z: a word with æ, ø or å is also looked for as typed in lower case and with
  // a capital first letter (how SKS texts write it)
  const lower = t.toLocaleLowerCase('da');
  const capital = lower.charAt(0).toLocaleUpperCase('da') + lower.slice(1);
  const rows = db
    .prepare(
      `SELECT code, text, valid_from, valid_to FROM sks_code
       WHERE (code LIKE ? ESCAPE '\\' OR upper(text) LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')
         AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)
       ORDER BY code LIMIT ?`,
    )
    .all(`${like(t.toUpperCase())}%`, `%${like(t.toLocaleUpperCase('da'))}%`, `%${like(lower)}%`, `%${like(capital)}%`, day, day, limit) as {
    code: string;
    text: string;
    valid_from: string;
    valid_to: string | null;
  }[];
  return rows.map((r) => ({ code: r.code, text: r.text, validFrom: r.valid_from, validTo: r.valid_to }));
}
