// Applications for a SOR code, kept with their state: draft, sent (date), code received (the code, checked). When the
// code arrives it is put on the place, and its ydelser become reportable.

import { checkSor } from '../schemas/codes.ts';
import { UserError } from '../schemas/errors.ts';
import { PlaceInput, type Place } from '../schemas/places.ts';
import { EMPTY_FIELDS, type SorRequestFields } from '../schemas/sor-request.ts';
import { recordChange } from './audit.ts';
import type { DB } from './open.ts';
import { getPlace, updatePlace } from './places.ts';
import { getReportSettings } from './settings.ts';

export interface SorRequest {
  id: number;
  placeId: number;
  placeName: string;
  kind: 'ny' | 'aendring';
  fields: SorRequestFields;
  state: 'kladde' | 'sendt' | 'kode_modtaget';
  sentDate: string | null;
  receivedCode: string | null;
  receivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number;
  place_id: number;
  place_name: string;
  kind: 'ny' | 'aendring';
  fields: string;
  state: SorRequest['state'];
  sent_date: string | null;
  received_code: string | null;
  received_at: string | null;
  created_at: string;
  updated_at: string;
}

const SELECT = 'SELECT r.*, p.name AS place_name FROM sor_request r JOIN place p ON p.id = r.place_id';

function toRequest(r: Row): SorRequest {
  return {
    id: r.id,
    placeId: r.place_id,
    placeName: r.place_name,
    kind: r.kind,
    fields: { ...EMPTY_FIELDS, ...(JSON.parse(r.fields) as Partial<SorRequestFields>) },
    state: r.state,
    sentDate: r.sent_date,
    receivedCode: r.received_code,
    receivedAt: r.received_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getSorRequest(db: DB, id: number): SorRequest {
  const row = db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as Row | undefined;
  if (!row) throw new UserError(`Ansøgningen med id ${id} findes ikke.`);
  return toRequest(row);
}

export function listSorRequests(db: DB, placeId: number | null): SorRequest[] {
  const rows = (
    placeId ? db.prepare(`${SELECT} WHERE r.place_id = ? ORDER BY r.id DESC`).all(placeId) : db.prepare(`${SELECT} ORDER BY r.id DESC LIMIT 500`).all()
  ) as Row[];
  return rows.map(toRequest);
}

/** The form prefilled from the place and the report's settings (kommune, contact person). */
export function prefillSorRequest(db: DB, place: Place): SorRequestFields {
  const s = getReportSettings(db);
  const isChange = place.code?.type === 'SOR';
  return {
    ...EMPTY_FIELDS,
    kind: isChange ? 'aendring' : 'ny',
    existingSorCode: isChange ? place.code!.value : '',
    institutionName: place.name,
    street: place.street,
    postalCode: place.postalCode,
    city: place.city,
    phone: place.phone,
    email: place.email,
    web: place.web,
    institutionType: place.type === 'andet' ? '' : place.type,
    owner: place.owner,
    agreementWithKommune: place.owner === 'privat_med_aftale',
    ydernummer: place.code?.type === 'YDER' ? place.code.value : '',
    kommunekode: s.kommunekode,
    contactName: s.reporterName,
    contactEmail: s.reporterEmail,
  };
}

export function saveSorRequest(db: DB, id: number | null, placeId: number, fields: SorRequestFields, actor: string, now = new Date()): SorRequest {
  const at = now.toISOString();
  return db.transaction(() => {
    getPlace(db, placeId);
    if (id === null) {
      const newId = Number(
        db
          .prepare('INSERT INTO sor_request (place_id, kind, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(placeId, fields.kind, JSON.stringify(fields), at, at).lastInsertRowid,
      );
      recordChange(db, {
        at,
        actor,
        entity: 'place',
        entityId: placeId,
        action: fields.kind === 'ny' ? 'Ansøgning om SOR-kode oprettet' : 'Ansøgning om ændring oprettet',
        changes: [],
      });
      return getSorRequest(db, newId);
    }
    const before = getSorRequest(db, id);
    if (before.state === 'kode_modtaget') throw new UserError('Ansøgningen er afsluttet (koden er modtaget) og kan ikke ændres.');
    db.prepare('UPDATE sor_request SET kind = ?, fields = ?, updated_at = ? WHERE id = ?').run(fields.kind, JSON.stringify(fields), at, id);
    return getSorRequest(db, id);
  })();
}

export function markSorRequestSent(db: DB, id: number, date: string, actor: string, now = new Date()): SorRequest {
  const at = now.toISOString();
  return db.transaction(() => {
    const r = getSorRequest(db, id);
    if (r.state === 'kode_modtaget') throw new UserError('Koden er allerede modtaget.');
    db.prepare("UPDATE sor_request SET state = 'sendt', sent_date = ?, updated_at = ? WHERE id = ?").run(date, at, id);
    recordChange(db, { at, actor, entity: 'place', entityId: r.placeId, action: `Ansøgning sendt til SORpost ${date}`, changes: [] });
    return getSorRequest(db, id);
  })();
}

/** Puts the received SOR code on the place. Returns how many of its ydelser that made reportable. */
export function receiveSorCode(
  db: DB,
  id: number,
  code: string,
  actor: string,
  countNotReportable: (placeId: number) => number,
  now = new Date(),
): { request: SorRequest; place: Place; nowReportable: number } {
  const checked = checkSor(code);
  if (!checked.ok) throw new UserError(checked.message, [{ field: 'code', message: checked.message }]);
  const at = now.toISOString();
  return db.transaction(() => {
    const r = getSorRequest(db, id);
    const before = getPlace(db, r.placeId);
    const blockedBefore = countNotReportable(before.id);
    // a ydernummer or SHAK code comes before a SOR code: the place keeps it, and the SOR code is noted on the application
    const keepsOther = before.code !== null && before.code.type !== 'SOR';
    const place = keepsOther ? before : updatePlace(db, before.id, PlaceInput.parse({ ...before, code: { type: 'SOR', value: checked.value } }), actor, now);
    db.prepare(
      "UPDATE sor_request SET state = 'kode_modtaget', received_code = ?, received_at = ?, sent_date = coalesce(sent_date, ?), updated_at = ? WHERE id = ?",
    ).run(checked.value, at, at.slice(0, 10), at, id);
    const nowReportable = Math.max(0, blockedBefore - countNotReportable(before.id));
    return { request: getSorRequest(db, id), place, nowReportable };
  })();
}
