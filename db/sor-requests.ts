// Applications for a SOR code, kept with their state: draft, sent (date), code received (the code, checked). What
// happens when the code arrives is a workflow: backend/services/sor-code.ts.

import { UserError } from '../schemas/errors.ts';
import { type Place } from '../schemas/places.ts';
import { EMPTY_FIELDS, type SorRequestFields } from '../schemas/sor-request.ts';
import { recordChange } from './audit.ts';
import type { SorRequest } from '../schemas/contract/shapes.ts';
import type { DB } from './open.ts';
import { getPlace } from './places.ts';
import { getReportSettings } from './settings.ts';

export type { SorRequest } from '../schemas/contract/shapes.ts';

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
/** Notes the code received on the application (which counts as sent that day, if no date was given). */
export function setSorCodeReceived(db: DB, id: number, code: string, at: string): void {
  db.prepare(
    "UPDATE sor_request SET state = 'kode_modtaget', received_code = ?, received_at = ?, sent_date = coalesce(sent_date, ?), updated_at = ? WHERE id = ?",
  ).run(code, at, at.slice(0, 10), at, id);
}
