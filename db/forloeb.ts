// Forløb: reads (paged lists with the seven-day state), writes with their change history, and the forløb an import
// makes or finds for its rows.

import {
  SEVEN_DAY_LIMIT_DAYS,
  SEVEN_DAY_WARNING_DAYS,
  sevenDayState,
  type SevenDayFilter,
  type Forloeb,
  type ForloebData,
  type GgopData,
  type ReplacedGgop,
  GOP_LABELS,
  END_REASON_LABELS,
} from '../schemas/forloeb-ydelser.ts';
import { formatCpr } from '../schemas/codes.ts';
import { formatShortDate } from '../schemas/dates.ts';
import { UserError } from '../schemas/errors.ts';
import { foldDanish } from '../schemas/search.ts';
import type { FORLOEB_SORTS, ForloebStatusFilter, Sort } from '../schemas/list-sort.ts';
import type { SevenDayInput } from '../schemas/seven-day-figures.ts';
import { NO_CONTACT_REASON_LABELS } from '../schemas/kl-gateway.ts';
import type { HistoryEntry } from '../schemas/places.ts';
import { assertNotChangedSince, diffRecords, readHistory, recordChange } from './audit.ts';
import type { DB } from './open.ts';
import { jsonRows, paramPlusDays, plusDays } from './dialect.ts';
import { dayText, dayTextSql } from './ydelse-values.ts';

/** A row of the forloeb table, as stored. */
export interface StoredForloeb {
  id: number;
  cpr: string;
  citizen_name: string;
  gop_type: Forloeb['gopType'];
  discharge_date: string | null;
  gop_received_date: string | null;
  later_start_date: string | null;
  status: Forloeb['status'];
  end_date: string | null;
  end_reason: Forloeb['endReason'];
  ggop_sender_sor: string | null;
  first_contact_offered: string | null;
  no_contact_reason: Forloeb['noContactReason'];
  care_plan_category: Forloeb['carePlanCategory'];
  deceased: number;
  created_at: string;
  updated_at: string;
}

/** A stored forløb with its first ydelse's date and its count of ydelser. */
interface ForloebRow extends StoredForloeb {
  /** A day number in the SQLite file (db/ydelse-values.ts). */
  first_dato: number | string | null;
  n: number;
}

const FORLOEB_SELECT = `
  SELECT f.*,
         (SELECT min(dato) FROM ydelse y WHERE y.forloeb_id = f.id AND y.deleted_at IS NULL) AS first_dato,
         (SELECT count(*) FROM ydelse y WHERE y.forloeb_id = f.id AND y.deleted_at IS NULL) AS n
  FROM forloeb f`;

function toForloeb(r: ForloebRow, today: string): Forloeb {
  const firstDato = r.first_dato === null ? null : dayText(r.first_dato);
  const f = {
    id: r.id,
    cpr: r.cpr,
    citizenName: r.citizen_name,
    gopType: r.gop_type,
    dischargeDate: r.discharge_date,
    gopReceivedDate: r.gop_received_date,
    laterStartDate: r.later_start_date,
    status: r.status,
    endDate: r.end_date,
    endReason: r.end_reason,
    ggopSenderSor: r.ggop_sender_sor,
    firstContactOffered: r.first_contact_offered,
    noContactReason: r.no_contact_reason,
    carePlanCategory: r.care_plan_category,
    deceased: r.deceased === 1,
    firstYdelseDate: firstDato,
    ydelseCount: r.n,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  return { ...f, sevenDay: sevenDayState(f, firstDato, today) };
}

export function getForloeb(db: DB, id: number, today: string): Forloeb {
  const row = db.prepare(`${FORLOEB_SELECT} WHERE f.id = ?`).get(id) as ForloebRow | undefined;
  if (!row) throw new UserError(`Forløbet med id ${id} findes ikke.`);
  return toForloeb(row, today);
}

/** A CPR search term: 10 digits (with or without hyphen) or the 6 digits of the birth date. */
export function cprTerm(search: string): { exact: string } | { prefix: string } | null {
  const digits = search.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(digits)) return { exact: digits };
  if (/^\d{6}$/.test(digits)) return { prefix: digits };
  return null;
}

export interface ForloebListOptions {
  search?: string;
  status?: ForloebStatusFilter;
  /**
   * frist: active forløb without a first ydelse that are close to or past the seven-day limit; brudt: forløb whose
   * first ydelse came after the limit.
   */
  sevenDay?: SevenDayFilter;
  /** Discharged on or after, on or before (ÅÅÅÅ-MM-DD; a forløb without a discharge date is then not shown). */
  from?: string | null;
  to?: string | null;
  /** The order (null: the list's own: newest discharge first; by the limit when near it). */
  sort?: Sort<keyof typeof FORLOEB_SORTS> | null;
  limit?: number;
  offset?: number;
}

/** Each sort's SQL (the id last, so equal values keep one order from page to page). */
const FORLOEB_ORDER: Record<keyof typeof FORLOEB_SORTS, string> = {
  udskrevet: 'coalesce(f.discharge_date, f.created_at)',
  frist: 'coalesce(f.later_start_date, f.discharge_date)',
  cpr: 'f.cpr',
  navn: 'fold_da(f.citizen_name)',
  ydelser: '(SELECT count(*) FROM ydelse y WHERE y.forloeb_id = f.id AND y.deleted_at IS NULL)',
  status: 'f.status',
};

export function listForloeb(db: DB, o: ForloebListOptions, today: string): { rows: Forloeb[]; total: number } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const term = (o.search ?? '').trim();
  if (term) {
    const c = cprTerm(term);
    if (c && 'exact' in c) {
      where.push('f.cpr = ?');
      params.push(c.exact);
    } else if (c) {
      where.push('f.cpr >= ? AND f.cpr <= ?');
      params.push(`${c.prefix}0000`, `${c.prefix}9999`);
    } else {
      where.push("fold_da(f.citizen_name) LIKE ? ESCAPE '\\'");
      params.push(`%${foldDanish(term).replace(/[\\%_]/g, '\\$&')}%`);
    }
  }
  const status = o.status ?? 'aktiv';
  if (status !== 'alle') {
    where.push('f.status = ?');
    params.push(status);
  }
  if (o.sevenDay === 'frist') {
    where.push(`f.status = 'aktiv'
      AND NOT EXISTS (SELECT 1 FROM ydelse y WHERE y.forloeb_id = f.id AND y.deleted_at IS NULL)
      AND coalesce(f.later_start_date, f.discharge_date) IS NOT NULL
      AND ${plusDays(db, 'coalesce(f.later_start_date, f.discharge_date)', SEVEN_DAY_LIMIT_DAYS)} <= ${paramPlusDays(db, SEVEN_DAY_WARNING_DAYS)}`);
    params.push(today);
  } else if (o.sevenDay === 'brudt') {
    where.push(`coalesce(f.later_start_date, f.discharge_date) IS NOT NULL
      AND ${dayTextSql(db, '(SELECT min(y.dato) FROM ydelse y WHERE y.forloeb_id = f.id AND y.deleted_at IS NULL)')} > ${plusDays(db, 'coalesce(f.later_start_date, f.discharge_date)', SEVEN_DAY_LIMIT_DAYS)}`);
  }
  if (o.from) {
    where.push('f.discharge_date >= ?');
    params.push(o.from);
  }
  if (o.to) {
    where.push('f.discharge_date <= ?');
    params.push(o.to);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM forloeb f ${w}`).get(...params) as { n: number }).n;
  const sort: Sort<keyof typeof FORLOEB_SORTS> = o.sort ?? (o.sevenDay === 'frist' ? { by: 'frist', dir: 'asc' } : { by: 'udskrevet', dir: 'desc' });
  const dir = sort.dir === 'desc' ? ' DESC' : '';
  // forløb without the date sorted on come last either way
  const order = `ORDER BY ${FORLOEB_ORDER[sort.by]} IS NULL, ${FORLOEB_ORDER[sort.by]}${dir}, f.id${dir}`;
  const rows = db.prepare(`${FORLOEB_SELECT} ${w} ${order} LIMIT ? OFFSET ?`).all(...params, o.limit ?? 100, o.offset ?? 0) as ForloebRow[];
  return { rows: rows.map((r) => toForloeb(r, today)), total };
}

/** The stored columns of a forløb, in the order the INSERT and UPDATE name them. */
function forloebValues(f: ForloebData): (string | number | null)[] {
  return [
    f.cpr,
    f.citizenName,
    f.gopType,
    f.dischargeDate,
    f.gopReceivedDate,
    f.laterStartDate,
    f.status,
    f.endDate,
    f.endReason,
    f.ggopSenderSor,
    f.firstContactOffered,
    f.noContactReason,
    f.carePlanCategory,
    f.deceased ? 1 : 0,
  ];
}

function forloebComparable(f: ForloebData | Forloeb): Record<string, string> {
  return {
    'CPR-nummer': formatCpr(f.cpr),
    Navn: f.citizenName,
    'GOP-type': GOP_LABELS[f.gopType],
    Udskrivningsdato: f.dischargeDate ? formatShortDate(f.dischargeDate) : '',
    'GOP modtaget': f.gopReceivedDate ? formatShortDate(f.gopReceivedDate) : '',
    'Senere startdato': f.laterStartDate ? formatShortDate(f.laterStartDate) : '',
    Status: f.status === 'aktiv' ? 'Aktiv' : 'Afsluttet',
    Slutdato: f.endDate ? formatShortDate(f.endDate) : '',
    Afslutningsårsag: f.endReason ? END_REASON_LABELS[f.endReason] : '',
    'GGOP-afsender (SOR)': f.ggopSenderSor ?? '',
    'Første kontakt tilbudt': f.firstContactOffered ? formatShortDate(f.firstContactOffered) : '',
    'Årsag til ingen kontakt inden 7 dage': f.noContactReason ? NO_CONTACT_REASON_LABELS[f.noContactReason] : '',
    Forløbstype: f.carePlanCategory === 'opfoelgningsforloeb' ? 'Opfølgningsforløb' : 'Interventionsforløb',
    'Borgeren er død': f.deceased ? 'Ja' : 'Nej',
  };
}

export function createForloeb(db: DB, f: ForloebData, actor: string, today: string, now = new Date()): Forloeb {
  const at = now.toISOString();
  return db.transaction(() => {
    const info = db
      .prepare(
        `INSERT INTO forloeb (cpr, citizen_name, gop_type, discharge_date, gop_received_date, later_start_date, status,
                              end_date, end_reason, ggop_sender_sor, first_contact_offered, no_contact_reason,
                              care_plan_category, deceased, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...forloebValues(f), at, at);
    const id = Number(info.lastInsertRowid);
    const empty = Object.fromEntries(Object.keys(forloebComparable(f)).map((k) => [k, '']));
    recordChange(db, { at, actor, entity: 'forloeb', entityId: id, action: 'Oprettet', changes: diffRecords(empty, forloebComparable(f)) });
    return getForloeb(db, id, today);
  })();
}

/** `basedOn`: the updatedAt of the forløb the user edited (null: no check, e.g. an importer's own write). */
export function updateForloeb(db: DB, id: number, f: ForloebData, actor: string, today: string, now = new Date(), basedOn: string | null = null): Forloeb {
  const at = now.toISOString();
  return db.transaction(() => {
    const before = getForloeb(db, id, today);
    assertNotChangedSince(db, 'forloeb', id, before.updatedAt, basedOn);
    if (before.cpr !== f.cpr && before.ydelseCount > 0) {
      throw new UserError('CPR-nummeret kan ikke ændres på et forløb, der har ydelser. Opret et nyt forløb i stedet.', [
        { field: 'forloeb.cpr', message: 'Kan ikke ændres, når forløbet har ydelser.' },
      ]);
    }
    const changes = diffRecords(forloebComparable(before), forloebComparable(f));
    if (changes.length === 0) return before;
    db.prepare(
      `UPDATE forloeb SET cpr = ?, citizen_name = ?, gop_type = ?, discharge_date = ?, gop_received_date = ?,
                          later_start_date = ?, status = ?, end_date = ?, end_reason = ?, ggop_sender_sor = ?,
                          first_contact_offered = ?, no_contact_reason = ?, care_plan_category = ?, deceased = ?,
                          updated_at = ?
       WHERE id = ?`,
    ).run(...forloebValues(f), at, id);
    recordChange(db, { at, actor, entity: 'forloeb', entityId: id, action: 'Rettet', changes });
    return getForloeb(db, id, today);
  })();
}

/** The GGOPs a forløb had before the one in force, oldest first. */
export function replacedGgops(db: DB, id: number): ReplacedGgop[] {
  return (
    db
      .prepare(
        'SELECT gop_type, discharge_date, gop_received_date, ggop_sender_sor, replaced_at, replaced_by FROM ggop_replaced WHERE forloeb_id = ? ORDER BY id',
      )
      .all(id) as {
      gop_type: ReplacedGgop['gopType'];
      discharge_date: string | null;
      gop_received_date: string | null;
      ggop_sender_sor: string | null;
      replaced_at: string;
      replaced_by: string;
    }[]
  ).map((r) => ({
    gopType: r.gop_type,
    dischargeDate: r.discharge_date,
    gopReceivedDate: r.gop_received_date,
    ggopSenderSor: r.ggop_sender_sor,
    replacedAt: r.replaced_at,
    replacedBy: r.replaced_by,
  }));
}

/**
 * A new GGOP from the hospital replaces the one in force: that one is kept as it stood (ggop_replaced, for the KL
 * Gateway report's `revoked` ServiceRequest), the forløb takes the new one, and the history says so.
 */
export function replaceGgop(db: DB, id: number, g: GgopData, actor: string, today: string, now = new Date(), basedOn: string | null = null): Forloeb {
  const at = now.toISOString();
  return db.transaction(() => {
    const before = getForloeb(db, id, today);
    assertNotChangedSince(db, 'forloeb', id, before.updatedAt, basedOn);
    if (before.status === 'afsluttet') {
      throw new UserError('Forløbet er afsluttet: en ny genoptræningsplan hører til et nyt forløb.', [
        { field: 'ggop.gopType', message: 'Forløbet er afsluttet.' },
      ]);
    }
    const after: ForloebData = { ...before, ...g };
    if (after.dischargeDate && after.laterStartDate && after.laterStartDate < after.dischargeDate) {
      throw new UserError('Den nye udskrivningsdato ligger efter forløbets senere startdato: ret startdatoen først.', [
        { field: 'ggop.dischargeDate', message: 'Ligger efter den senere startdato.' },
      ]);
    }
    db.prepare(
      `INSERT INTO ggop_replaced (forloeb_id, gop_type, discharge_date, gop_received_date, ggop_sender_sor, replaced_at, replaced_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, before.gopType, before.dischargeDate, before.gopReceivedDate, before.ggopSenderSor, at, actor);
    db.prepare('UPDATE forloeb SET gop_type = ?, discharge_date = ?, gop_received_date = ?, ggop_sender_sor = ?, updated_at = ? WHERE id = ?').run(
      g.gopType,
      g.dischargeDate,
      g.gopReceivedDate,
      g.ggopSenderSor,
      at,
      id,
    );
    recordChange(db, {
      at,
      actor,
      entity: 'forloeb',
      entityId: id,
      action: 'Ny GGOP erstatter den tidligere',
      changes: diffRecords(forloebComparable(before), forloebComparable(after)),
    });
    return getForloeb(db, id, today);
  })();
}

export function forloebHistory(db: DB, id: number, today: string): HistoryEntry[] {
  getForloeb(db, id, today);
  return readHistory(db, 'forloeb', id);
}

// ---------------------------------------------------------------- for the importers

/** Each citizen's latest forløb (the active one first), or null. */
export function latestForloebOf(db: DB, cprs: readonly string[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  if (db.prepare('SELECT EXISTS (SELECT 1 FROM forloeb)').pluck().get() !== 1) return out;
  const j = jsonRows(db, 'j');
  const rows = db
    .prepare(
      `SELECT ${j.value} AS cpr, (SELECT id FROM forloeb f WHERE f.cpr = ${j.value} ORDER BY status = 'aktiv' DESC, discharge_date DESC, id DESC LIMIT 1) AS id
       FROM ${j.from}`,
    )
    .all(JSON.stringify(cprs)) as { cpr: string; id: number | null }[];
  for (const r of rows) out.set(r.cpr, r.id);
  return out;
}

/** Every forløb, oldest first, for an import that matches its rows to them in memory (one read, not one per row). */
export function allForloebBrief(db: DB): { id: number; cpr: string; gop_type: string; discharge_date: string | null; status: string }[] {
  return db.prepare('SELECT id, cpr, gop_type, discharge_date, status FROM forloeb ORDER BY id').all() as ReturnType<typeof allForloebBrief>;
}

/** A forløb made by an import for a row that names a GOP type no forløb of the citizen has; answers its id. */
export function insertImportedForloeb(
  db: DB,
): (cpr: string, gopType: string, dischargeDate: string | null, ggopSenderSor: string | null, gopReceivedDate: string | null, at: string) => number {
  const stmt = db.prepare(
    `INSERT INTO forloeb (cpr, gop_type, discharge_date, ggop_sender_sor, gop_received_date, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'aktiv', ?, ?)`,
  );
  return (cpr, gopType, dischargeDate, ggopSenderSor, gopReceivedDate, at) =>
    Number(stmt.run(cpr, gopType, dischargeDate, ggopSenderSor, gopReceivedDate, at, at).lastInsertRowid);
}

/** The seven-day facts of the forløb whose limit starts between `from` and `to` (ÅÅÅÅ-MM-DD), for the § 140 figures. */
export function sevenDayInputs(db: DB, from: string, to: string): SevenDayInput[] {
  return (
    db
      .prepare(
        `SELECT f.discharge_date, f.later_start_date, f.status,
                (SELECT min(y.dato) FROM ydelse y WHERE y.forloeb_id = f.id AND y.deleted_at IS NULL) AS first_dato
         FROM forloeb f WHERE coalesce(f.later_start_date, f.discharge_date) BETWEEN ? AND ?`,
      )
      .all(from, to) as { discharge_date: string | null; later_start_date: string | null; status: Forloeb['status']; first_dato: number | string | null }[]
  ).map((r) => ({
    dischargeDate: r.discharge_date,
    laterStartDate: r.later_start_date,
    status: r.status,
    firstYdelseDate: r.first_dato === null ? null : dayText(r.first_dato),
  }));
}
