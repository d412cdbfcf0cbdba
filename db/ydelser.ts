// Ydelser: reads (paged keyset lists, so they stay quick with a million rows), writes with their change history, the
// month's reads for the SEI export, and the one bulk insert both importers write through.

import { validateYdelse, type PlaceFacts, type Ydelse, type CodeLookup } from '../schemas/forloeb-ydelser.ts';
import { type InstitutionCodeType } from '../schemas/codes.ts';
import { formatShortDate } from '../schemas/dates.ts';
import { UserError } from '../schemas/errors.ts';
import type { HistoryEntry } from '../schemas/places.ts';
import { assertNotChangedSince, diffRecords, readHistory, recordChange } from './audit.ts';
import type { DB } from './open.ts';
import { dialectOf, jsonRows } from './dialect.ts';
import { copyText, sqlLiteral } from './pg/copy-text.ts';
import type { PgDatabase } from './pg/sync-database.ts';
import { codeLookup } from './sks.ts';
import { cprTerm } from './forloeb.ts';
import { CONTACT_CLASS_LABELS, type EncounterClass } from '../schemas/kl-gateway.ts';
import type { Sort, YDELSE_SORTS } from '../schemas/list-sort.ts';
import { cprNumber, cprText, dayNumber, dayText, monthTextSql, storedCpr, storedDay, withTextValues } from './ydelse-values.ts';

interface YdelseRow {
  id: number;
  forloeb_id: number | null;
  cpr: string;
  dato: string;
  ydelseskode: string;
  tillaegskoder: string;
  place_id: number | null;
  hjemme: number;
  start_time: string | null;
  end_time: string | null;
  contact_class: EncounterClass | null;
  ekstern_id: string | null;
  import_id: number | null;
  deleted_at: string | null;
  /** Its own times (NULL for one an import added and nobody changed since: see YDELSE_CREATED_AT). */
  created_at: string | null;
  updated_at: string | null;
  made_at: string;
  changed_at: string;
  place_name: string | null;
  code_type: InstitutionCodeType | null;
  code_value: string | null;
  place_active: number | null;
}

/**
 * When a ydelse (as `y`) was made and last changed. A ydelse an import added keeps no time of its own until it is
 * changed (migration 11): its time is its import batch's.
 */
const BATCH_AT = '(SELECT b.at FROM import_batch b WHERE b.id = y.import_id)';
const YDELSE_CREATED_AT = `coalesce(y.created_at, ${BATCH_AT})`;
export const YDELSE_CHANGED_AT = `coalesce(y.updated_at, y.created_at, ${BATCH_AT})`;

const ydelseSelect = (indexedBy = '') => `
  SELECT y.*, ${YDELSE_CREATED_AT} AS made_at, ${YDELSE_CHANGED_AT} AS changed_at,
         p.name AS place_name, p.code_type, p.code_value, p.active AS place_active
  FROM ydelse y ${indexedBy} LEFT JOIN place p ON p.id = y.place_id`;
const YDELSE_SELECT = ydelseSelect();

/**
 * Above this many matches, a page of "only the ones that cannot be reported" is read by walking the date index
 * newest first and stopping at the page's end; below it, the few matches are found through the place index (a
 * million ydelser with none blocked: 0.4 ms instead of 300 ms) and sorted.
 */
const MANY_BLOCKED = 2000;

export function placeFacts(r: {
  place_id: number | null;
  place_name: string | null;
  code_type: YdelseRow['code_type'];
  code_value: string | null;
  place_active: number | null;
}): PlaceFacts | null {
  if (r.place_id === null) return null;
  return {
    id: r.place_id,
    name: r.place_name ?? '',
    code: r.code_type && r.code_value ? { type: r.code_type, value: r.code_value } : null,
    active: r.place_active === 1,
  };
}

export function splitStored(codes: string): string[] {
  return codes === '' ? [] : codes.split(' ');
}

/** A stored ydelse with its verdict; `codes`: the code list, read once for a page (not once per row). */
function toYdelse(db: DB, r: YdelseRow, today: string, codes = codeLookup(db)): Ydelse {
  const place = placeFacts(r);
  const tillaeg = splitStored(r.tillaegskoder);
  const v = validateYdelse({ cpr: r.cpr, dato: r.dato, ydelseskode: r.ydelseskode, tillaegskoder: tillaeg, hjemme: r.hjemme === 1, place }, { codes, today });
  return {
    id: r.id,
    forloebId: r.forloeb_id,
    cpr: r.cpr,
    dato: r.dato,
    ydelseskode: r.ydelseskode,
    tillaegskoder: tillaeg,
    placeId: r.place_id,
    placeName: r.place_name,
    institutionCode: place?.code ?? null,
    hjemme: r.hjemme === 1,
    startTime: r.start_time,
    endTime: r.end_time,
    contactClass: r.contact_class,
    eksternId: r.ekstern_id,
    reportable: v.errors.length === 0,
    errors: v.errors,
    warnings: v.warnings,
    createdAt: r.made_at,
    updatedAt: r.changed_at,
  };
}

export function getYdelse(db: DB, id: number, today: string): Ydelse {
  const row = db.prepare(`${YDELSE_SELECT} WHERE y.id = ? AND y.deleted_at IS NULL`).get(id) as YdelseRow | undefined;
  if (!row) throw new UserError(`Ydelsen med id ${id} findes ikke (eller er slettet).`);
  return toYdelse(db, withTextValues(row), today);
}

export interface YdelseListOptions {
  search?: string;
  placeId?: number | null;
  code?: string;
  forloebId?: number | null;
  onlyNotReportable?: boolean;
  /** The first and last day shown (ÅÅÅÅ-MM-DD), each optional. */
  from?: string | null;
  to?: string | null;
  /** The order (null: newest first). */
  sort?: Sort<YdelseSort> | null;
  /** Keyset cursor: the last row of the previous page (`key`: its value of the sort's column, when not the date). */
  after?: YdelseCursor | null;
  limit?: number;
}

export type YdelseSort = keyof typeof YDELSE_SORTS;
export interface YdelseCursor {
  dato: string;
  id: number;
  key?: string | undefined;
}

/**
 * Each sort's columns, most significant first: each is the leading column of an index that the date and the id
 * follow (ydelse_cpr, ydelse_kode; in SQLite the id is in every index), so a page is read in order, never sorted whole.
 */
const SORT_COLUMNS: Record<YdelseSort, { key: keyof YdelseRow | null; column: string | null }> = {
  dato: { key: null, column: null },
  cpr: { key: 'cpr', column: 'y.cpr' },
  kode: { key: 'ydelseskode', column: 'y.ydelseskode' },
};
const NEWEST_FIRST: Sort<YdelseSort> = { by: 'dato', dir: 'desc' };

export interface YdelsePage {
  rows: Ydelse[];
  next: YdelseCursor | null;
  total: number;
  /** True when there are more than `total` (counting stops there to stay quick). */
  totalIsLowerBound: boolean;
}

export const COUNT_CAP = 100_000;

/**
 * A page of ydelser, newest first unless sorted otherwise. Search: a CPR number (10 digits, or the 6 digits of the birth date), else an SKS
 * code prefix. Filters: place, code, forløb, "not reportable", first and last day.
 */
export function listYdelser(db: DB, o: YdelseListOptions, today: string): YdelsePage {
  const { where, params } = ydelseFilter(db, o);
  const filterWhere = where.join(' AND ');
  const countRow = db
    .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ydelse y LEFT JOIN place p ON p.id = y.place_id WHERE ${filterWhere} LIMIT ${COUNT_CAP + 1}) AS c`)
    .get(...params) as { n: number };
  const limit = Math.min(o.limit ?? 100, 500);
  const sort = o.sort ?? NEWEST_FIRST;
  const rows = pageOf(db, where, params, sort, o.after ?? null, limit, o.onlyNotReportable === true && countRow.n > MANY_BLOCKED);
  const last = rows[rows.length - 1];
  const codes = codeLookup(db);
  return {
    rows: rows.map((r) => toYdelse(db, r, today, codes)),
    next: rows.length === limit && last ? cursorOf(last, sort) : null,
    total: Math.min(countRow.n, COUNT_CAP),
    totalIsLowerBound: countRow.n > COUNT_CAP,
  };
}

/** The list's filters as SQL over `ydelse y LEFT JOIN place p`. */
function ydelseFilter(db: DB, o: YdelseListOptions): { where: string[]; params: (string | number)[] } {
  const where: string[] = ['y.deleted_at IS NULL'];
  const params: (string | number)[] = [];
  const term = (o.search ?? '').trim();
  if (term) {
    const c = cprTerm(term);
    if (c && 'exact' in c) {
      where.push('y.cpr = ?');
      params.push(storedCpr(db, c.exact));
    } else if (c) {
      where.push('y.cpr >= ? AND y.cpr <= ?');
      params.push(storedCpr(db, `${c.prefix}0000`), storedCpr(db, `${c.prefix}9999`));
    } else {
      where.push("y.ydelseskode LIKE ? ESCAPE '\\'");
      params.push(`${term.toUpperCase().replace(/[\\%_]/g, '\\$&')}%`);
    }
  }
  if (o.placeId) {
    where.push('y.place_id = ?');
    params.push(o.placeId);
  }
  if (o.code) {
    where.push('y.ydelseskode = ?');
    params.push(o.code.trim().toUpperCase());
  }
  if (o.forloebId) {
    where.push('y.forloeb_id = ?');
    params.push(o.forloebId);
  }
  if (o.onlyNotReportable)
    where.push(
      `(${blockersFor(db)
        .map((b) => `(${NOT_REPORTABLE_SQL[b]})`)
        .join(' OR ')})`,
    );
  if (o.from) {
    where.push('y.dato >= ?');
    params.push(storedDay(db, o.from));
  }
  if (o.to) {
    where.push('y.dato <= ?');
    params.push(storedDay(db, o.to));
  }
  return { where, params };
}

function cursorOf(r: YdelseRow, sort: Sort<YdelseSort>): YdelseCursor {
  const key = SORT_COLUMNS[sort.by].key;
  return key ? { dato: r.dato, id: r.id, key: String(r[key]) } : { dato: r.dato, id: r.id };
}

/**
 * One page in the sort's order, after the keyset cursor. `byDate`: walk the date index (many rows match a rare
 * filter; SQLite's planner would sort them all for each page). PostgreSQL's planner weighs that itself.
 */
function pageOf(
  db: DB,
  where: string[],
  params: (string | number)[],
  sort: Sort<YdelseSort>,
  after: YdelseCursor | null,
  limit: number,
  byDate: boolean,
): YdelseRow[] {
  const pageWhere = [...where];
  const pageParams: (string | number)[] = [...params];
  const lead = SORT_COLUMNS[sort.by].column;
  const columns = [...(lead ? [lead] : []), 'y.dato', 'y.id'];
  const op = sort.dir === 'desc' ? '<' : '>';
  if (after) {
    if (lead && after.key === undefined) throw new UserError('Listens side passer ikke til dens sortering. Hent listen igen.');
    // the cursor's values as the store keeps them (the date and a CPR number are integers in the SQLite file)
    const values = [...(lead ? [sort.by === 'cpr' ? storedCpr(db, after.key!) : after.key!] : []), storedDay(db, after.dato), after.id];
    // (a, b, c) < (?, ?, ?), spelled out, with a <= ? before it: SQLite then searches the index from the cursor
    // (without it, each page scanned the index from its start, skipping the pages before: a million rows read a
    // page at a time read the index some 200 times)
    const [a, b, c] = columns;
    if (lead) {
      pageWhere.push(`${a} ${op}= ? AND (${a} ${op} ? OR (${a} = ? AND (${b} ${op} ? OR (${b} = ? AND ${c} ${op} ?))))`);
      pageParams.push(values[0]!, values[0]!, values[0]!, values[1]!, values[1]!, values[2]!);
    } else {
      pageWhere.push(`${a} ${op}= ? AND (${a} ${op} ? OR (${a} = ? AND ${b} ${op} ?))`);
      pageParams.push(values[0]!, values[0]!, values[0]!, values[1]!);
    }
  }
  const dir = sort.dir === 'desc' ? ' DESC' : '';
  const select = byDate && !lead && dialectOf(db) === 'sqlite' ? ydelseSelect('INDEXED BY ydelse_dato') : YDELSE_SELECT;
  const rows = db
    .prepare(`${select} WHERE ${pageWhere.join(' AND ')} ORDER BY ${columns.map((c) => `${c}${dir}`).join(', ')} LIMIT ?`)
    .all(...pageParams, limit) as YdelseRow[];
  for (const r of rows) withTextValues(r);
  return rows;
}

/**
 * Every ydelse the list's filters give, in the list's order (newest first unless sorted otherwise), page by page: an export of a million
 * holds one page at a time, and no statement stays open while the caller works (nor while another store's
 * connection waits).
 */
export function* everyYdelse(db: DB, o: Omit<YdelseListOptions, 'after' | 'limit'>, today: string, pageSize = 5000): Generator<Ydelse> {
  const { where, params } = ydelseFilter(db, o);
  const sort = o.sort ?? NEWEST_FIRST;
  let after: YdelseCursor | null = null;
  for (;;) {
    const rows = pageOf(db, where, params, sort, after, pageSize, o.onlyNotReportable === true);
    const codes = codeLookup(db);
    for (const r of rows) yield toYdelse(db, r, today, codes);
    if (rows.length < pageSize) return;
    after = cursorOf(rows[rows.length - 1]!, sort);
  }
}

/**
 * The errors of validateYdelse (schemas/forloeb-ydelser.ts) that depend on what is stored beside a ydelse, by their error
 * code, as SQL over `ydelse y LEFT JOIN place p`: the list's "only the ones that cannot be reported" and a month's
 * counts of what blocks it are made from these, so they cannot disagree with a ydelse's own verdict (a test checks
 * they do not). The other errors (CPR, date, code form) are refused before a ydelse is stored. `koder` needs the code
 * list (sks_ok); without one, codes are checked for form only.
 */
export const NOT_REPORTABLE_SQL = {
  sted_mangler: 'y.place_id IS NULL AND y.hjemme = 0',
  hjemme_uden_enhed: 'y.place_id IS NULL AND y.hjemme = 1',
  // the places without a code are few: found once, then the ydelser through the place index (not a scan of them all)
  sted_uden_kode: 'y.place_id IN (SELECT id FROM place WHERE code_type IS NULL)',
  koder: 'sks_ok(y.ydelseskode, y.tillaegskoder, y.dato) = 0',
} as const;
export type Blocker = keyof typeof NOT_REPORTABLE_SQL;
const BLOCKERS = Object.keys(NOT_REPORTABLE_SQL) as Blocker[];

/** The blockers that apply: the code list's only when one is loaded (and then sks_ok is given it). */
function blockersFor(db: DB): Blocker[] {
  const lookup = codeLookup(db);
  if (!lookup) return BLOCKERS.filter((b) => b !== 'koder');
  sksOkFunction(db).lookup = lookup;
  return BLOCKERS;
}

interface SksOk {
  lookup: CodeLookup | null;
}
const sksOkFunctions = new WeakMap<DB, SksOk>();

/**
 * The SQL function sks_ok(code, tillaeg, day): 1 when the codes are valid on the day in the list it holds. The caller
 * sets the list before running the statement (a function may not query the database while a statement runs).
 */
function sksOkFunction(db: DB): SksOk {
  let holder = sksOkFunctions.get(db);
  if (holder) return holder;
  const h: SksOk = { lookup: null };
  db.function('sks_ok', { deterministic: false }, (code: unknown, tillaeg: unknown, day: unknown) => {
    if (!h.lookup) return 1;
    const d = dayText(day as number | string);
    if (h.lookup.standing(String(code), d).state !== 'gyldig') return 0;
    for (const t of splitStored(String(tillaeg))) if (h.lookup.standing(t, d).state !== 'gyldig') return 0;
    return 1;
  });
  sksOkFunctions.set(db, (holder = h));
  return holder;
}

export interface YdelseWrite {
  ydelseskode: string;
  tillaegskoder: string[];
  placeId: number | null;
  hjemme: boolean;
  /** For the KL Gateway report; absent or null: the defaults. */
  startTime?: string | null;
  endTime?: string | null;
  contactClass?: EncounterClass | null;
}

function assertPlace(db: DB, placeId: number | null): void {
  if (placeId === null) return;
  const p = db.prepare('SELECT id FROM place WHERE id = ?').get(placeId);
  if (!p) throw new UserError(`Stedet med id ${placeId} findes ikke.`, [{ field: 'placeId', message: 'Stedet findes ikke.' }]);
}

function ydelseComparable(db: DB, y: { dato: string } & YdelseWrite): Record<string, string> {
  const place = y.placeId === null ? null : (db.prepare('SELECT name FROM place WHERE id = ?').get(y.placeId) as { name: string } | undefined);
  return {
    Dato: formatShortDate(y.dato),
    Ydelseskode: y.ydelseskode,
    Tillægskoder: y.tillaegskoder.join(' '),
    Sted: place?.name ?? '',
    'I hjemmet': y.hjemme ? 'Ja' : 'Nej',
    Tidspunkt: y.startTime ? `${y.startTime}${y.endTime ? `–${y.endTime}` : ''}` : '',
    Kontaktform: y.contactClass ? CONTACT_CLASS_LABELS[y.contactClass] : '',
  };
}

/**
 * What a YdelseWrite sets, as its columns take it: ydelseskode, tillaegskoder, place_id, hjemme, start_time, end_time,
 * contact_class (in this order in the INSERT of createYdelser and the UPDATE of updateYdelse).
 */
function writtenValues(w: YdelseWrite) {
  return [w.ydelseskode, w.tillaegskoder.join(' '), w.placeId, w.hjemme ? 1 : 0, w.startTime ?? null, w.endTime ?? null, w.contactClass ?? null] as const;
}

/** Creates one ydelse per date, all in one transaction. */
export function createYdelser(db: DB, forloebId: number, dates: string[], w: YdelseWrite, actor: string, today: string, now = new Date()): Ydelse[] {
  const at = now.toISOString();
  return db.transaction(() => {
    const f = db.prepare('SELECT cpr FROM forloeb WHERE id = ?').get(forloebId) as { cpr: string } | undefined;
    if (!f) throw new UserError(`Forløbet med id ${forloebId} findes ikke.`);
    assertPlace(db, w.placeId);
    const insert = db.prepare(
      `INSERT INTO ydelse (forloeb_id, cpr, dato, ydelseskode, tillaegskoder, place_id, hjemme, start_time, end_time, contact_class,
                           created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const ids: number[] = [];
    for (const dato of dates) {
      const id = Number(insert.run(forloebId, storedCpr(db, f.cpr), storedDay(db, dato), ...writtenValues(w), at, at).lastInsertRowid);
      const after = ydelseComparable(db, { dato, ...w });
      const empty = Object.fromEntries(Object.keys(after).map((k) => [k, '']));
      recordChange(db, { at, actor, entity: 'ydelse', entityId: id, action: 'Oprettet', changes: diffRecords(empty, after) });
      ids.push(id);
    }
    return ids.map((id) => getYdelse(db, id, today));
  })();
}

/** `basedOn`: the updatedAt of the ydelse the user edited (null: no check). */
export function updateYdelse(
  db: DB,
  id: number,
  dato: string,
  w: YdelseWrite,
  actor: string,
  today: string,
  now = new Date(),
  basedOn: string | null = null,
): Ydelse {
  const at = now.toISOString();
  return db.transaction(() => {
    const before = getYdelse(db, id, today);
    assertNotChangedSince(db, 'ydelse', id, before.updatedAt, basedOn);
    assertPlace(db, w.placeId);
    const changes = diffRecords(ydelseComparable(db, before), ydelseComparable(db, { dato, ...w }));
    if (changes.length === 0) return before;
    db.prepare(
      `UPDATE ydelse SET dato = ?, ydelseskode = ?, tillaegskoder = ?, place_id = ?, hjemme = ?, start_time = ?, end_time = ?,
                        contact_class = ?, updated_at = ?
       WHERE id = ?`,
    ).run(storedDay(db, dato), ...writtenValues(w), at, id);
    recordChange(db, { at, actor, entity: 'ydelse', entityId: id, action: 'Rettet', changes });
    return getYdelse(db, id, today);
  })();
}

/** Deletes a ydelse. It is kept, marked deleted, so an export already made can be cancelled (annullering). */
export function deleteYdelse(db: DB, id: number, actor: string, today: string, now = new Date()): void {
  const at = now.toISOString();
  db.transaction(() => {
    getYdelse(db, id, today);
    db.prepare('UPDATE ydelse SET deleted_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
    recordChange(db, { at, actor, entity: 'ydelse', entityId: id, action: 'Slettet', changes: [] });
  })();
}

export interface DeletedYdelse {
  id: number;
  cpr: string;
  dato: string;
  ydelseskode: string;
  placeName: string | null;
  deletedAt: string;
  /** It can be brought back until its month has been exported after the deletion (then its annullering stands). */
  restorable: boolean;
  why: string | null;
}

const exportedSince = (db: DB) => `(SELECT max(e.at) FROM sei_export e WHERE e.month = ${monthTextSql(db, 'y.dato')} AND e.at > y.deleted_at)`;

/** The deleted ydelser, most recently deleted first, and whether each can still be brought back. */
export function listDeletedYdelser(db: DB, limit = 200): DeletedYdelse[] {
  const rows = db
    .prepare(
      `SELECT y.id, y.cpr, y.dato, y.ydelseskode, y.deleted_at, p.name AS place_name, ${exportedSince(db)} AS exported_at
       FROM ydelse y LEFT JOIN place p ON p.id = y.place_id
       WHERE y.deleted_at IS NOT NULL ORDER BY y.deleted_at DESC, y.id DESC LIMIT ?`,
    )
    .all(limit) as { id: number; cpr: string; dato: string; ydelseskode: string; deleted_at: string; place_name: string | null; exported_at: string | null }[];
  return rows.map(withTextValues).map((r) => ({
    id: r.id,
    cpr: r.cpr,
    dato: r.dato,
    ydelseskode: r.ydelseskode,
    placeName: r.place_name,
    deletedAt: r.deleted_at,
    restorable: r.exported_at === null,
    why:
      r.exported_at === null
        ? null
        : `Måneden er eksporteret ${formatShortDate(r.exported_at.slice(0, 10))} efter sletningen; annulleringen er sendt. Registrér ydelsen igen, hvis den skal med.`,
  }));
}

/** Brings a deleted ydelse back, when its month has not been exported since the deletion. */
export function restoreYdelse(db: DB, id: number, actor: string, today: string, now = new Date()): Ydelse {
  const at = now.toISOString();
  return db.transaction(() => {
    const row = db.prepare(`SELECT y.deleted_at, ${exportedSince(db)} AS exported_at FROM ydelse y WHERE y.id = ?`).get(id) as
      | { deleted_at: string | null; exported_at: string | null }
      | undefined;
    if (!row) throw new UserError(`Ydelsen med id ${id} findes ikke.`);
    if (row.deleted_at === null) throw new UserError('Ydelsen er ikke slettet.');
    if (row.exported_at !== null) {
      throw new UserError(
        `Ydelsen kan ikke gendannes: måneden er eksporteret ${formatShortDate(row.exported_at.slice(0, 10))} efter sletningen, så annulleringen er sendt. Registrér ydelsen igen.`,
      );
    }
    db.prepare('UPDATE ydelse SET deleted_at = NULL, updated_at = ? WHERE id = ?').run(at, id);
    recordChange(db, { at, actor, entity: 'ydelse', entityId: id, action: 'Gendannet', changes: [] });
    return getYdelse(db, id, today);
  })();
}

export function ydelseHistory(db: DB, id: number): HistoryEntry[] {
  const row = db.prepare('SELECT import_id FROM ydelse WHERE id = ?').get(id) as { import_id: number | null } | undefined;
  if (!row) throw new UserError(`Ydelsen med id ${id} findes ikke.`);
  const entries = readHistory(db, 'ydelse', id);
  if (row.import_id !== null) {
    const b = db.prepare('SELECT at, actor, file_name FROM import_batch WHERE id = ?').get(row.import_id) as {
      at: string;
      actor: string;
      file_name: string;
    };
    entries.push({ at: b.at, actor: b.actor, action: `Importeret fra ${b.file_name}`, changes: [] });
  }
  return entries;
}

// ---------------------------------------------------------------- reads for the monthly report

/** A month's ydelse for the export: id, record id, CPR, date, codes, home, place. */
export type ExportYdelseRow = [
  id: number,
  uid: string | null,
  cpr: string,
  dato: string,
  ydelseskode: string,
  tillaegskoder: string,
  hjemme: number,
  placeId: number | null,
];

/**
 * The ydelser of a month as arrays, each handed to `each` (a month can hold a hundred thousand; a generator's result
 * object per row was garbage the collector had to clear), in no order: the export puts its records in the file's order
 * itself (sei-records.ts), by citizen, a citizen's records coming by date and row id (the date index's order), which is
 * the file's order but for two of one day whose ids' texts sort otherwise. Sorted by CPR number, date and id here,
 * SQLite's sort of the month's 100,000 rows took ~40–50 ms of its ~140.
 * From PostgreSQL by COPY, the server's quickest way out (a month's 100,000 rows in a third of the time), and
 * unsorted: the rows leave the index as it is read, while the export checks those that came, instead of after the
 * server's sort of the whole month (~150 ms of 100,000 rows on the bench's 2-core server, EXPLAIN ANALYZE).
 */
export function exportRows(db: DB, first: string, last: string, each: (row: ExportYdelseRow) => void): void {
  if (dialectOf(db) === 'pg') {
    // inside the export's transaction without parallel workers: the month goes out as one stream to one client, and
    // workers gathered by a third cost more than they saved (measured with the sort, which two workers took ~300 ms
    // against ~190 ms alone)
    if (db.inTransaction) db.exec('SET LOCAL max_parallel_workers_per_gather = 0');
    const rows = (db as unknown as PgDatabase).copyOut(
      `SELECT id, uid, cpr, dato, ydelseskode, tillaegskoder, hjemme, place_id FROM ydelse
       WHERE dato >= ${sqlLiteral(first)} AND dato <= ${sqlLiteral(last)} AND deleted_at IS NULL`,
    );
    // the numbers of COPY's text made numbers in the row itself (a second array per row kept the collector busy)
    for (const r of rows as Iterable<unknown[]>) {
      r[0] = Number(r[0]);
      r[6] = Number(r[6]);
      if (r[7] !== null) r[7] = Number(r[7]);
      each(r as ExportYdelseRow);
    }
    return;
  }
  const rows = db
    .prepare(
      `SELECT id, uid, cpr, dato, ydelseskode, tillaegskoder, hjemme, place_id FROM ydelse INDEXED BY ydelse_dato
       WHERE dato >= ? AND dato <= ? AND deleted_at IS NULL`,
    )
    .raw()
    .iterate(storedDay(db, first), storedDay(db, last)) as IterableIterator<unknown[]>;
  // a citizen's CPR number as text once per month, not once per row
  const cprs = new Map<number, string>();
  for (const r of rows) {
    const n = r[2] as number;
    let cpr = cprs.get(n);
    if (cpr === undefined) cprs.set(n, (cpr = cprText(n)));
    r[2] = cpr;
    r[3] = dayText(r[3] as number);
    each(r as ExportYdelseRow);
  }
}

export type MonthCounts = { month: string; total: number } & Record<Blocker, number>;

/** Per month: the ydelser, and how many of them each blocker (NOT_REPORTABLE_SQL) keeps from being reported. */
export function monthCounts(db: DB): MonthCounts[] {
  const active = blockersFor(db);
  const sums = BLOCKERS.map((b) => (active.includes(b) ? `sum(CASE WHEN ${NOT_REPORTABLE_SQL[b]} THEN 1 ELSE 0 END) AS ${b}` : `0 AS ${b}`)).join(', ');
  // grouped by day in the date index's own order (it holds every column the blockers read), then summed to months
  // here: grouped by month, SQLite sorted every row first (a million ydelser: 0.5 s → 0.25 s)
  const days = db
    .prepare(
      `SELECT y.dato AS day, count(*) AS total, ${sums}
       FROM ydelse y ${dialectOf(db) === 'sqlite' ? 'INDEXED BY ydelse_dato' : ''} LEFT JOIN place p ON p.id = y.place_id
       WHERE y.deleted_at IS NULL
       GROUP BY y.dato`,
    )
    .all() as ({ day: string } & Omit<MonthCounts, 'month'>)[];
  const months = new Map<string, MonthCounts>();
  for (const d of days) {
    const month = dayText(d.day).slice(0, 7);
    let m = months.get(month);
    if (!m) months.set(month, (m = { month, total: 0, ...(Object.fromEntries(BLOCKERS.map((b) => [b, 0])) as Record<Blocker, number>) }));
    m.total += Number(d.total);
    for (const b of BLOCKERS) m[b] += Number(d[b]);
  }
  return [...months.values()];
}

/** Ydelser per month and place between two days (the start page's chart). */
export function countsPerMonthAndPlace(db: DB, from: string, to: string): { month: string; place_id: number | null; name: string | null; n: number }[] {
  if (dialectOf(db) === 'pg') {
    // PostgreSQL's planner aggregates by hashing
    return db
      .prepare(
        `SELECT substr(y.dato, 1, 7) AS month, y.place_id, p.name, count(*) AS n
         FROM ydelse y LEFT JOIN place p ON p.id = y.place_id
         WHERE y.deleted_at IS NULL AND y.dato >= ? AND y.dato <= ?
         GROUP BY month, y.place_id, p.name`,
      )
      .all(from, to) as { month: string; place_id: number | null; name: string | null; n: number }[];
  }
  // SQLite sorts every row it groups by anything but an index's order (a million ydelser: 0.9 s). So: per place and
  // day from the place index alone, in its order (place by place, each place's days searched), less the deleted ones
  // from their own small index; days summed to months here.
  type Count = { place_id: number | null; dato: number; n: number };
  const perDay = (where: string) =>
    db
      .prepare(
        `SELECT y.place_id, y.dato, count(*) AS n FROM ydelse y INDEXED BY ydelse_place
         WHERE ${where} AND y.dato >= ? AND y.dato <= ? GROUP BY y.place_id, y.dato`,
      )
      .all(storedDay(db, from), storedDay(db, to)) as Count[];
  const deleted = db
    .prepare(
      `SELECT place_id, dato, count(*) AS n FROM ydelse INDEXED BY ydelse_deleted
       WHERE deleted_at IS NOT NULL AND dato >= ? AND dato <= ? GROUP BY place_id, dato`,
    )
    .all(storedDay(db, from), storedDay(db, to)) as Count[];
  const names = new Map((db.prepare('SELECT id, name FROM place').all() as { id: number; name: string }[]).map((p) => [p.id, p.name]));
  const out = new Map<string, { month: string; place_id: number | null; name: string | null; n: number }>();
  const add = (r: Count, sign: number) => {
    const month = dayText(r.dato).slice(0, 7);
    const key = `${month} ${r.place_id ?? ''}`;
    let o = out.get(key);
    if (!o) out.set(key, (o = { month, place_id: r.place_id, name: r.place_id === null ? null : (names.get(r.place_id) ?? null), n: 0 }));
    o.n += sign * r.n;
  };
  for (const r of perDay('y.place_id IN (SELECT id FROM place)')) add(r, 1);
  for (const r of perDay('y.place_id IS NULL')) add(r, 1);
  for (const r of deleted) add(r, -1);
  return [...out.values()].filter((o) => o.n > 0);
}

// ---------------------------------------------------------------- imports (both importers write through these)

export function countYdelser(db: DB): number {
  return db.prepare('SELECT count(*) FROM ydelse').pluck().get() as number;
}

/** A stored ydelse as an import compares it with a record of a file. */
export type StoredYdelse = Pick<YdelseRow, 'id' | 'cpr' | 'dato' | 'ydelseskode' | 'tillaegskoder' | 'place_id' | 'hjemme' | 'deleted_at'> & {
  updated_at: string;
};
const STORED = `y.id, y.cpr, y.dato, y.ydelseskode, y.tillaegskoder, y.place_id, y.hjemme, y.deleted_at, ${YDELSE_CHANGED_AT} AS updated_at`;

/** The stored ydelser with these record ids, in one statement (a JSON array, not one query per record). */
export function ydelserByUid(db: DB, uids: readonly string[]): Map<string, StoredYdelse> {
  const j = jsonRows(db, 'j');
  const rows = db
    .prepare(`SELECT ${j.value} AS uid, ${STORED} FROM ${j.from} JOIN ydelse y ON y.uid = ${j.value}`)
    .all(JSON.stringify(uids)) as (StoredYdelse & { uid: string })[];
  return new Map(rows.map((r) => [r.uid, withTextValues(r)]));
}

/** Our own ydelser (no record id of another system) with these ids. */
export function ownYdelserById(db: DB, ids: readonly number[]): Map<number, StoredYdelse> {
  const j = jsonRows(db, 'j', 'id');
  const rows = db.prepare(`SELECT ${STORED} FROM ${j.from} JOIN ydelse y ON y.id = ${j.value} AND y.uid IS NULL`).all(JSON.stringify(ids)) as StoredYdelse[];
  return new Map(rows.map((r) => [r.id, withTextValues(r)]));
}

/**
 * A new ydelse from a file: forløb, CPR, date, ydelseskode, tillægskoder (space-separated), place, home (0/1), the SEI
 * record id (SEI import), the source system's id (CSV import), and its start, end and contact class (KL Gateway).
 */
export type NewYdelse = [
  forloebId: number | null,
  cpr: string,
  dato: string,
  ydelseskode: string,
  tillaegskoder: string,
  placeId: number,
  hjemme: number,
  uid: string | null,
  eksternId: string | null,
  startTime: string | null,
  endTime: string | null,
  contactClass: string | null,
];

/**
 * How many rows an importer gathers before it writes them: on PostgreSQL 20,000 (one COPY each), on SQLite one
 * INSERT's worth. A batch of 20,000 rows outlived V8's young generation, so every row's array and strings were copied
 * into the old one and left there as garbage: a million-row import grew by ~150 MB while writing.
 */
export const insertBatchOf = (db: DB): number => (dialectOf(db) === 'pg' ? 20_000 : ROWS_PER_INSERT);

/** Rows per INSERT statement (at most 12 parameters each: SQLite allows 32,766). */
const ROWS_PER_INSERT = 200;

/**
 * The one way new ydelser enter the table, used by both importers. SQLite: ROWS_PER_INSERT rows per statement, their
 * values bound as parameters (measured on 200,000 rows: 4.3 µs a row, against 7 µs through a JSON array and json_each,
 * which parses each row's array once per column). Answers how many were inserted. Unless `bulk` (the unique indexes are
 * rebuilt after the import, see withIndexesDeferred), a row whose ekstern_id is stored already is left out and not
 * counted.
 */
export function insertYdelser(db: DB, bulk = false): (rows: readonly NewYdelse[], importId: number) => number {
  if (dialectOf(db) === 'pg') return copyYdelser(db as unknown as PgDatabase, bulk);
  // no times of their own: theirs is the import batch's (YDELSE_CREATED_AT), written into the statement. A statement
  // binds only the values some row of its batch has: a column NULL in every row (forløb, SEI id, ekstern_id, start, end,
  // contact class: a CSV file's rows mostly have only their ekstern_id of these, a SEI file's only their SEI id) is left
  // to its default. A million CSV rows: 13 million bound values became 7 million (first 8: 2.5 -> ~1.9 s of the
  // import); a SEI file's 83,000 rows written in ~490 ms instead of ~550.
  const statements = new Map<number, { sql: ReturnType<DB['prepare']>; fields: readonly number[]; cprAt: number; datoAt: number }>();
  const statement = (present: number, n: number) => {
    const key = present * (ROWS_PER_INSERT + 1) + n;
    let st = statements.get(key);
    if (!st) {
      const fields = NEW_YDELSE_FIELDS.filter((f) => !OPTIONAL_FIELDS.includes(f) || present & (1 << OPTIONAL_FIELDS.indexOf(f)));
      const row = `(${[...fields.map(() => '?'), String(importId)].join(', ')})`;
      const sql = db.prepare(
        `INSERT INTO ydelse (${[...fields.map((f) => NEW_YDELSE_FIELD_COLUMNS[f]), 'import_id'].join(', ')}) ` +
          `VALUES ${Array.from({ length: n }, () => row).join(', ')}` +
          (bulk ? '' : ' ON CONFLICT (ekstern_id) WHERE ekstern_id IS NOT NULL DO NOTHING'),
      );
      st = { sql, fields, cprAt: fields.indexOf(CPR), datoAt: fields.indexOf(DATO) };
      statements.set(key, st);
    }
    return st;
  };
  let importId = 0;
  const params: unknown[] = [];
  return (rows, batchId) => {
    if (!Number.isSafeInteger(batchId)) throw new Error('insertYdelser: an import batch id is an integer');
    if (batchId !== importId) statements.clear();
    importId = batchId;
    let inserted = 0;
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
      const n = Math.min(ROWS_PER_INSERT, rows.length - at);
      let present = 0;
      for (let i = at; i < at + n; i++) {
        const r = rows[i]!;
        for (let b = 0; b < OPTIONAL_FIELDS.length; b++) if (r[OPTIONAL_FIELDS[b]!] !== null) present |= 1 << b;
      }
      const { sql, fields, cprAt, datoAt } = statement(present, n);
      params.length = 0;
      for (let i = at; i < at + n; i++) {
        const r = rows[i]!;
        const from = params.length;
        for (const f of fields) params.push(r[f]);
        // the CPR number and the date as the file keeps them (db/ydelse-values.ts)
        params[from + cprAt] = cprNumber(r[1]);
        params[from + datoAt] = dayNumber(r[2]);
      }
      inserted += sql.run(params).changes;
    }
    return inserted;
  };
}

/** The table's columns of a NewYdelse's values, in their order. */
const NEW_YDELSE_FIELD_COLUMNS = [
  'forloeb_id',
  'cpr',
  'dato',
  'ydelseskode',
  'tillaegskoder',
  'place_id',
  'hjemme',
  'uid',
  'ekstern_id',
  'start_time',
  'end_time',
  'contact_class',
] as const;
const NEW_YDELSE_FIELDS = NEW_YDELSE_FIELD_COLUMNS.map((_, i) => i);
const NEW_YDELSE_COLUMNS = [...NEW_YDELSE_FIELD_COLUMNS, 'import_id'].join(', ');
/** The columns a new row may leave NULL (their default): a statement binds them only when a row of its batch has one. */
const OPTIONAL_FIELDS = (['forloeb_id', 'uid', 'ekstern_id', 'start_time', 'end_time', 'contact_class'] as const).map((c) =>
  NEW_YDELSE_FIELD_COLUMNS.indexOf(c),
);
/** Where a NewYdelse has its CPR number and date (r[1], r[2]). */
const CPR = NEW_YDELSE_FIELD_COLUMNS.indexOf('cpr');
const DATO = NEW_YDELSE_FIELD_COLUMNS.indexOf('dato');
if (CPR !== 1 || DATO !== 2) throw new Error('insertYdelser: a NewYdelse has its CPR number and date second and third');

/**
 * insertYdelser on PostgreSQL: each batch goes by COPY, the server's bulk path. A bulk import (the table had no rows
 * with these ekstern_ids) copies straight into the table; otherwise into a temporary table first, from which the rows
 * whose ekstern_id is not stored yet are inserted (COPY itself cannot leave a row out).
 */
function copyYdelser(db: PgDatabase, bulk: boolean): (rows: readonly NewYdelse[], importId: number) => number {
  return (rows, importId) => {
    if (rows.length === 0) return 0;
    const text = copyText(rows.map((r) => [...r, importId]));
    if (bulk) {
      // not waited for: the next batch is made while the server takes this one (COPY takes every row or fails, and
      // a failure is thrown by the next statement, inside the import's transaction)
      db.copyFromLater(`COPY ydelse (${NEW_YDELSE_COLUMNS}) FROM STDIN`, text);
      return rows.length;
    }
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS ydelse_in ON COMMIT DELETE ROWS AS SELECT ${NEW_YDELSE_COLUMNS} FROM ydelse WITH NO DATA`);
    db.exec('TRUNCATE ydelse_in');
    db.copyFrom(`COPY ydelse_in (${NEW_YDELSE_COLUMNS}) FROM STDIN`, text);
    return db
      .prepare(
        `INSERT INTO ydelse (${NEW_YDELSE_COLUMNS}) SELECT ${NEW_YDELSE_COLUMNS} FROM ydelse_in
         ON CONFLICT (ekstern_id) WHERE ekstern_id IS NOT NULL DO NOTHING`,
      )
      .run().changes;
  };
}

/** An import's changes to stored ydelser: a new content (brought back, if deleted), or cancelled. */
export function importedChanges(db: DB) {
  const update = db.prepare(
    'UPDATE ydelse SET dato = ?, ydelseskode = ?, tillaegskoder = ?, place_id = ?, hjemme = ?, deleted_at = NULL, updated_at = ? WHERE id = ?',
  );
  const cancel = db.prepare('UPDATE ydelse SET deleted_at = ?, updated_at = ? WHERE id = ?');
  return {
    update: (id: number, dato: string, ydelseskode: string, tillaegskoder: string, placeId: number, hjemme: boolean, at: string) =>
      void update.run(storedDay(db, dato), ydelseskode, tillaegskoder, placeId, hjemme ? 1 : 0, at, id),
    cancel: (id: number, at: string) => void cancel.run(at, at, id),
  };
}

/** Whether an ekstern_id is stored already; `any` says whether any is (then each must be asked). */
export function eksternIds(db: DB): { any: boolean; has: (id: string) => boolean } {
  const one = db.prepare('SELECT 1 FROM ydelse WHERE ekstern_id = ?').pluck();
  return { any: db.prepare('SELECT 1 FROM ydelse WHERE ekstern_id IS NOT NULL LIMIT 1').get() !== undefined, has: (id) => one.get(id) !== undefined };
}
