// Queries for places (steder). Every change is one transaction that also writes the change history.

import { INSTITUTION_CODE_LABELS, type InstitutionCodeType } from '../schemas/codes.ts';
import type { PlaceFacts } from '../schemas/forloeb-ydelser.ts';
import { UserError } from '../schemas/errors.ts';
import {
  describeCode,
  OWNER_LABELS,
  PLACE_FIELD_LABELS,
  PLACE_TYPE_LABELS,
  placeAddress,
  placeTypeText,
  type HistoryEntry,
  type Place,
  type PlaceData,
} from '../schemas/places.ts';
import { type PLACE_SORTS, type Sort, type SortValue, sortRows } from '../schemas/list-sort.ts';
import { foldDanish } from '../schemas/search.ts';
import { assertNotChangedSince, diffRecords, recordChange, readHistory, type Change } from './audit.ts';
import type { DB } from './open.ts';
import { jsonRows } from './dialect.ts';

interface PlaceRow {
  id: number;
  name: string;
  type: Place['type'];
  type_other: string;
  owner: Place['owner'];
  street: string;
  postal_code: string;
  city: string;
  phone: string;
  email: string;
  web: string;
  note: string;
  code_type: InstitutionCodeType | null;
  code_value: string | null;
  active: number;
  needs_completion: number;
  created_at: string;
  updated_at: string;
  deactivated_at: string | null;
}

function toPlace(r: PlaceRow): Place {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    typeOther: r.type_other,
    owner: r.owner,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    phone: r.phone,
    email: r.email,
    web: r.web,
    note: r.note,
    code: r.code_type && r.code_value ? { type: r.code_type, value: r.code_value } : null,
    active: r.active === 1,
    needsCompletion: r.needs_completion === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deactivatedAt: r.deactivated_at,
  };
}

export function searchText(p: PlaceData): string {
  return foldDanish([p.name, p.typeOther, p.street, p.postalCode, p.city, p.phone, p.email, p.code?.value ?? ''].join(' '));
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface ListOptions {
  search?: string;
  includeInactive?: boolean;
  /** The order (null: by name). */
  sort?: Sort<keyof typeof PLACE_SORTS> | null;
}

/** What each sort compares (a kommune has some hundred places: sorted here, in Danish order). */
const PLACE_ORDER: Record<keyof typeof PLACE_SORTS, (p: Place) => SortValue> = {
  navn: (p) => p.name,
  type: placeTypeText,
  kode: (p) => (p.code ? describeCode(p.code) : ''),
  adresse: placeAddress,
  status: (p) => (p.active ? 'Aktiv' : 'Deaktiveret'),
};

/** Places in Danish alphabetical order. Every word of the search must occur in name, address, city or code. */
export function listPlaces(db: DB, opts: ListOptions = {}): Place[] {
  const words = foldDanish(opts.search ?? '')
    .split(' ')
    .filter((w) => w !== '');
  const where: string[] = [];
  const params: string[] = [];
  if (!opts.includeInactive) where.push('active = 1');
  for (const w of words) {
    where.push("search_text LIKE ? ESCAPE '\\'");
    params.push(`%${escapeLike(w)}%`);
  }
  const sql = `SELECT * FROM place ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const rows = db.prepare(sql).all(...params) as PlaceRow[];
  // empty values (no code, no address) last either way
  return sortRows(
    rows.map(toPlace),
    PLACE_ORDER,
    opts.sort ?? { by: 'navn', dir: 'asc' },
    (p) => p.name,
    (p) => p.id,
  );
}

export function getPlace(db: DB, id: number): Place {
  const row = db.prepare('SELECT * FROM place WHERE id = ?').get(id) as PlaceRow | undefined;
  if (!row) throw new UserError(`Stedet med id ${id} findes ikke.`);
  return toPlace(row);
}

export function findActiveByCode(db: DB, type: string, value: string): Place | null {
  const row = db.prepare('SELECT * FROM place WHERE code_type = ? AND code_value = ? AND active = 1').get(type, value) as PlaceRow | undefined;
  return row ? toPlace(row) : null;
}

function assertCodeFree(db: DB, code: Place['code'], exceptId: number | null): void {
  if (!code) return;
  const other = findActiveByCode(db, code.type, code.value);
  if (other && other.id !== exceptId) {
    throw new UserError(`${describeCode(code)} bruges allerede af det aktive sted "${other.name}".`, [
      { field: 'place.code.value', message: `Koden bruges allerede af "${other.name}".` },
    ]);
  }
}

/** The fields of a place as shown in history: Danish labels, readable values. */
function comparable(p: PlaceData | Place): Record<string, string> {
  return {
    name: p.name,
    type: PLACE_TYPE_LABELS[p.type],
    typeOther: p.typeOther,
    owner: OWNER_LABELS[p.owner],
    street: p.street,
    postalCode: p.postalCode,
    city: p.city,
    phone: p.phone,
    email: p.email,
    web: p.web,
    note: p.note,
    code: describeCode(p.code),
  };
}

function diff(before: Record<string, string>, after: Record<string, string>): Change[] {
  return diffRecords(before, after).map((c) => ({ ...c, field: PLACE_FIELD_LABELS[c.field] ?? c.field }));
}

/** Before a place is created: nothing (its creation lists the fields it was given, not changes from defaults). */
const EMPTY: Record<string, string> = {};

/** The stored columns of a place, in the order the INSERT and UPDATE below name them. */
function placeColumns(p: PlaceData): (string | null)[] {
  return [
    p.name,
    p.type,
    p.typeOther,
    p.owner,
    p.street,
    p.postalCode,
    p.city,
    p.phone,
    p.email,
    p.web,
    p.note,
    p.code?.type ?? null,
    p.code?.value ?? null,
    searchText(p),
  ];
}

export function createPlace(db: DB, p: PlaceData, actor: string, now = new Date()): Place {
  const at = now.toISOString();
  return db.transaction(() => {
    assertCodeFree(db, p.code, null);
    const info = db
      .prepare(
        `INSERT INTO place (name, type, type_other, owner, street, postal_code, city, phone, email, web, note,
                            code_type, code_value, search_text, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...placeColumns(p), at, at);
    const id = Number(info.lastInsertRowid);
    recordChange(db, { at, actor, entity: 'place', entityId: id, action: 'Oprettet', changes: diff(EMPTY, comparable(p)) });
    return getPlace(db, id);
  })();
}

/** `basedOn`: the updatedAt of the place the user edited (null: no check). */
export function updatePlace(db: DB, id: number, p: PlaceData, actor: string, now = new Date(), basedOn: string | null = null): Place {
  const at = now.toISOString();
  return db.transaction(() => {
    const before = getPlace(db, id);
    assertNotChangedSince(db, 'place', id, before.updatedAt, basedOn);
    if (before.active) assertCodeFree(db, p.code, id);
    const changes = diff(comparable(before), comparable(p));
    if (changes.length === 0 && !before.needsCompletion) return before;
    db.prepare(
      `UPDATE place SET name = ?, type = ?, type_other = ?, owner = ?, street = ?, postal_code = ?, city = ?,
                        phone = ?, email = ?, web = ?, note = ?, code_type = ?, code_value = ?, search_text = ?,
                        needs_completion = 0, updated_at = ?
       WHERE id = ?`,
    ).run(...placeColumns(p), at, id);
    recordChange(db, { at, actor, entity: 'place', entityId: id, action: before.needsCompletion ? 'Udfyldt' : 'Rettet', changes });
    return getPlace(db, id);
  })();
}

export function setPlaceActive(db: DB, id: number, active: boolean, actor: string, now = new Date()): Place {
  const at = now.toISOString();
  return db.transaction(() => {
    const before = getPlace(db, id);
    if (before.active === active) return before;
    if (active) assertCodeFree(db, before.code, id);
    db.prepare('UPDATE place SET active = ?, deactivated_at = ?, updated_at = ? WHERE id = ?').run(active ? 1 : 0, active ? null : at, at, id);
    recordChange(db, {
      at,
      actor,
      entity: 'place',
      entityId: id,
      action: active ? 'Genaktiveret' : 'Deaktiveret',
      changes: [{ field: 'Aktiv', before: active ? 'Nej' : 'Ja', after: active ? 'Ja' : 'Nej' }],
    });
    return getPlace(db, id);
  })();
}

export function placeHistory(db: DB, id: number): HistoryEntry[] {
  getPlace(db, id); // a clear message for an unknown id
  return readHistory(db, 'place', id);
}

/**
 * The place of an institution code: the active place with that code, else an inactive one, else a new place made
 * from the code alone and flagged "Skal udfyldes". Returns its id and whether it was created.
 */
export function ensurePlaceForCode(
  db: DB,
  type: InstitutionCodeType,
  value: string,
  actor: string,
  source: string,
  at = new Date().toISOString(),
): { id: number; created: boolean } {
  const found = db.prepare('SELECT id FROM place WHERE code_type = ? AND code_value = ? ORDER BY active DESC, id DESC LIMIT 1').pluck().get(type, value) as
    | number
    | undefined;
  if (found !== undefined) return { id: found, created: false };
  const label = INSTITUTION_CODE_LABELS[type];
  const name = `Ukendt sted (${label} ${value})`;
  const id = Number(
    db
      .prepare(
        `INSERT INTO place (name, type, type_other, owner, code_type, code_value, search_text, needs_completion, created_at, updated_at)
         VALUES (?, 'andet', 'Skal udfyldes', 'kommunal', ?, ?, ?, 1, ?, ?)`,
      )
      .run(name, type, value, foldDanish(`${name} ${value}`), at, at).lastInsertRowid,
  );
  recordChange(db, {
    at,
    actor,
    entity: 'place',
    entityId: id,
    action: `Oprettet ved import af ${source}`,
    changes: [{ field: 'Institutionskode', before: '', after: `${label} ${value}` }],
  });
  return { id, created: true };
}

/** Every place's facts for validation (name, code, active), by id: one read for a whole export. */
export function allPlaceFacts(db: DB): Map<number, PlaceFacts> {
  const places = new Map<number, PlaceFacts>();
  const rows = db.prepare('SELECT id, name, code_type, code_value, active FROM place').all() as {
    id: number;
    name: string;
    code_type: InstitutionCodeType | null;
    code_value: string | null;
    active: number;
  }[];
  for (const r of rows) {
    places.set(r.id, { id: r.id, name: r.name, code: r.code_type && r.code_value ? { type: r.code_type, value: r.code_value } : null, active: r.active === 1 });
  }
  return places;
}

/** The place of each code ("SOR:…"), the active one first: codes without a place are left out. */
export function placeIdsForCodes(db: DB, codes: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (db.prepare('SELECT EXISTS (SELECT 1 FROM place)').pluck().get() !== 1) return out;
  const j = jsonRows(db, 'j');
  const rows = db
    .prepare(
      `SELECT ${j.value} AS code, (SELECT id FROM place p WHERE p.code_type || ':' || p.code_value = ${j.value} ORDER BY active DESC, id DESC LIMIT 1) AS id FROM ${j.from}`,
    )
    .all(JSON.stringify(codes)) as { code: string; id: number | null }[];
  for (const r of rows) if (r.id !== null) out.set(r.code, r.id);
  return out;
}

/** How places are named in a comparison: by their code ("SOR 123…"), or their name when they have none. */
export function placeLabels(db: DB, ids: readonly number[]): Map<number, string> {
  const j = jsonRows(db, 'j', 'id');
  const rows = db.prepare(`SELECT p.id, p.name, p.code_type, p.code_value FROM ${j.from} JOIN place p ON p.id = ${j.value}`).all(JSON.stringify(ids)) as {
    id: number;
    name: string;
    code_type: string | null;
    code_value: string | null;
  }[];
  return new Map(rows.map((p) => [p.id, p.code_type ? `${p.code_type} ${p.code_value}` : p.name]));
}

/** The places with a code, by "TYPE:value" (the active one first when two share a code). */
export function placesByCode(db: DB): Map<string, PlaceFacts> {
  const rows = db.prepare('SELECT id, name, code_type, code_value, active FROM place WHERE code_type IS NOT NULL ORDER BY active DESC, id DESC').all() as {
    id: number;
    name: string;
    code_type: InstitutionCodeType;
    code_value: string;
    active: number;
  }[];
  const map = new Map<string, PlaceFacts>();
  for (const r of rows) {
    const key = `${r.code_type}:${r.code_value}`;
    if (!map.has(key)) map.set(key, { id: r.id, name: r.name, code: { type: r.code_type, value: r.code_value }, active: r.active === 1 });
  }
  return map;
}
