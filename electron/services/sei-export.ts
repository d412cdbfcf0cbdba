// The monthly SEI file: which records go in it (ny, rettelse, annullering), the validation report, the XML itself,
// and the bookkeeping of what was sent, so that nothing changed after an export is lost.
//
// An export is a submission: it carries what SEI does not have yet. A record never sent is "ny"; a record whose
// content changed since it was sent is a "rettelse"; a sent record that was deleted, or moved out of the month, is an
// "annullering" carrying the content last sent. Records with errors stay pending and are listed in the report.

import crypto from 'node:crypto';
import { validateYdelse, type ActivityFields, type PlaceFacts, type Problem } from '../../schemas/activities.ts';
import { checkCpr, checkKommunekode, type InstitutionCodeType } from '../../schemas/codes.ts';
import { localToday } from '../../schemas/dates.ts';
import { UserError } from '../../schemas/errors.ts';
import { placeFacts, splitStored } from '../../db/activities.ts';
import type { DB } from '../../db/open.ts';
import { installationId } from '../../db/settings.ts';
import { codeLookup } from '../../db/sks.ts';

export const SEI_NAMESPACE = 'urn:dk:sei-genoptraening:indberetning:1';
export const SEI_VERSION = '1.0';

export type Action = 'ny' | 'rettelse' | 'annullering';

export interface ExportRecord extends ActivityFields {
  ydelseId: number;
  uid: string;
  action: Action;
}

export interface PendingRecord {
  ydelseId: number;
  cpr: string;
  dato: string;
  errors: Problem[];
}

export interface WarningGroup {
  code: string;
  message: string;
  count: number;
}

export interface ExportPlan {
  month: string;
  records: ExportRecord[];
  pending: PendingRecord[];
  warnings: WarningGroup[];
  /** Records of the month already in SEI as they are. */
  unchanged: number;
  counts: { ny: number; rettelse: number; annullering: number };
}

export interface Header {
  kommunekode: string;
  reporterName: string;
  reporterEmail: string;
}

export function checkMonth(month: string): { first: string; last: string; year: string; mm: string } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new UserError(`"${month}" er ikke en måned: skriv ÅÅÅÅ-MM, fx 2026-11.`);
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}`, year: m[1]!, mm: m[2]! };
}

/** What was sent is compared by this: the fields SEI receives. */
function contentOf(r: ActivityFields): string {
  // none of the fields can hold "|": CPR digits, ISO date, SKS codes, code type and value
  return `${r.cpr}|${r.dato}|${r.ydelseskode}|${r.tillaegskoder.join(' ')}|${r.codeType}|${r.codeValue}|${r.hjemme ? 1 : 0}`;
}

function fromContent(content: string): ActivityFields {
  const [cpr, dato, ydelseskode, tillaeg, codeType, codeValue, hjemme] = content.split('|') as [string, string, string, string, InstitutionCodeType, string, string];
  return { cpr, dato, ydelseskode, tillaegskoder: tillaeg === '' ? [] : tillaeg.split(' '), codeType, codeValue, hjemme: hjemme === '1' };
}

const compareRecords = (a: ExportRecord, b: ExportRecord) =>
  a.cpr < b.cpr ? -1 : a.cpr > b.cpr ? 1 : a.dato < b.dato ? -1 : a.dato > b.dato ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;

type RawRow = [
  id: number,
  uid: string | null,
  cpr: string,
  dato: string,
  ydelseskode: string,
  tillaegskoder: string,
  hjemme: number,
  placeId: number | null,
  placeName: string | null,
  codeType: InstitutionCodeType | null,
  codeValue: string | null,
  placeActive: number | null,
  sentContent: string | null,
  sentAction: Action | null,
];

/** The validation report and the records of the next export of a month. Writes nothing. */
export function planExport(db: DB, month: string, today = localToday()): ExportPlan {
  const { first, last } = checkMonth(month);
  const prefix = installationId(db);
  const codes = codeLookup(db);
  // rows as arrays, not objects: a month can hold a hundred thousand
  const rows = db
    .prepare(
      `SELECT y.id, y.uid, y.cpr, y.dato, y.ydelseskode, y.tillaegskoder, y.hjemme, y.place_id,
              p.name, p.code_type, p.code_value, p.active, s.content, s.action
       FROM ydelse y
       LEFT JOIN place p ON p.id = y.place_id
       LEFT JOIN sei_sent s ON s.month = ? AND s.ydelse_id = y.id
       WHERE y.dato >= ? AND y.dato <= ? AND y.deleted_at IS NULL`,
    )
    .raw()
    .all(month, first, last) as RawRow[];

  const records: ExportRecord[] = [];
  const pending: PendingRecord[] = [];
  const warnings = new Map<string, WarningGroup>();
  let unchanged = 0;
  const cprs = new Map<string, ReturnType<typeof checkCpr>>(); // a citizen has many ydelser in a month
  const ctx = {
    codes,
    today,
    month,
    checkCpr: (c: string) => {
      let r = cprs.get(c);
      if (!r) cprs.set(c, (r = checkCpr(c)));
      return r;
    },
  };
  const places = new Map<number, PlaceFacts>();
  for (const [id, uid, cpr, dato, ydelseskode, tillaegText, hjemme, placeId, placeName, codeType, codeValue, placeActive, sentContent, sentAction] of rows) {
    const tillaeg = splitStored(tillaegText);
    let place: PlaceFacts | null = null;
    if (placeId !== null) {
      place = places.get(placeId) ?? null;
      if (!place) {
        place = placeFacts({ place_id: placeId, place_name: placeName, code_type: codeType, code_value: codeValue, place_active: placeActive });
        places.set(placeId, place!);
      }
    }
    const v = validateYdelse({ cpr, dato, ydelseskode, tillaegskoder: tillaeg, hjemme: hjemme === 1, place }, ctx);
    for (const w of v.warnings) {
      const key = w.code === 'cpr_modulus11' || w.code === 'kodeliste_mangler' || w.code === 'dato_gammel' ? w.code : `${w.code}:${w.message}`;
      const g = warnings.get(key);
      if (g) g.count++;
      else warnings.set(key, { code: w.code, message: w.message, count: 1 });
    }
    if (v.errors.length > 0) {
      pending.push({ ydelseId: id, cpr, dato, errors: v.errors });
      continue;
    }
    const rec = {
      ydelseId: id,
      uid: uid ?? `${prefix}-${id}`,
      cpr,
      dato,
      ydelseskode,
      tillaegskoder: tillaeg,
      codeType: place!.code!.type,
      codeValue: place!.code!.value,
      hjemme: hjemme === 1,
    };
    if (sentContent === null || sentAction === 'annullering') records.push({ ...rec, action: 'ny' });
    else if (sentContent !== contentOf(rec)) records.push({ ...rec, action: 'rettelse' });
    else unchanged++;
  }

  // sent records that were deleted or moved out of the month: cancelled with the content last sent
  const gone = db
    .prepare(
      `SELECT s.ydelse_id, s.uid, s.content FROM sei_sent s JOIN ydelse y ON y.id = s.ydelse_id
       WHERE s.month = ? AND s.action <> 'annullering' AND (y.deleted_at IS NOT NULL OR y.dato < ? OR y.dato > ?)`,
    )
    .all(month, first, last) as { ydelse_id: number; uid: string; content: string }[];
  for (const g of gone) records.push({ ydelseId: g.ydelse_id, uid: g.uid, action: 'annullering', ...fromContent(g.content) });

  records.sort(compareRecords);
  pending.sort((a, b) => (a.dato < b.dato ? -1 : a.dato > b.dato ? 1 : a.ydelseId - b.ydelseId));
  const counts = { ny: 0, rettelse: 0, annullering: 0 };
  for (const r of records) counts[r.action]++;
  return { month, records, pending, warnings: [...warnings.values()].sort((a, b) => b.count - a.count), unchanged, counts };
}

function esc(s: string): string {
  if (!/[&<>"]/.test(s)) return s;
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

export function checkHeader(h: Header): Header {
  const k = checkKommunekode(h.kommunekode);
  if (!k.ok) throw new UserError(h.kommunekode.trim() === '' ? 'Kommunekoden mangler: angiv den under Indstillinger (eller --kommune).' : k.message);
  if (h.reporterName.trim() === '') throw new UserError('Indberetterens navn mangler: angiv det under Indstillinger (eller --reporter-name).');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(h.reporterEmail.trim())) {
    throw new UserError(
      h.reporterEmail.trim() === ''
        ? 'Indberetterens e-mail mangler: angiv den under Indstillinger (eller --reporter-email).'
        : `Indberetterens e-mail "${h.reporterEmail}" er ikke gyldig.`,
    );
  }
  return { kommunekode: k.value, reporterName: h.reporterName.trim(), reporterEmail: h.reporterEmail.trim() };
}

/** The XML of a plan. The same records and header give the same bytes, apart from the creation time. */
export function renderXml(plan: ExportPlan, header: Header, created: Date): string {
  const { year, mm } = checkMonth(plan.month);
  const head: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<GenoptraeningIndberetning xmlns="${SEI_NAMESPACE}" version="${SEI_VERSION}">`,
    '  <Hoved>',
    `    <Kommunekode>${esc(header.kommunekode)}</Kommunekode>`,
    `    <Periode><Aar>${year}</Aar><Maaned>${mm}</Maaned></Periode>`,
    `    <Indberetter><Navn>${esc(header.reporterName)}</Navn><Email>${esc(header.reporterEmail)}</Email></Indberetter>`,
    `    <Dannet>${created.toISOString().replace(/\.\d{3}Z$/, 'Z')}</Dannet>`,
    `    <AntalAktiviteter>${plan.records.length}</AntalAktiviteter>`,
    '  </Hoved>',
    '  <Personer>',
  ];
  let xml = `${head.join('\n')}\n`;
  let person: string | null = null;
  for (const r of plan.records) {
    if (r.cpr !== person) {
      if (person !== null) xml += '    </Person>\n';
      xml += `    <Person>\n      <CPR>${r.cpr}</CPR>\n`;
      person = r.cpr;
    }
    xml += `      <Aktivitet id="${esc(r.uid)}" handling="${r.action}">\n        <Dato>${r.dato}</Dato>\n        <Ydelseskode>${r.ydelseskode}</Ydelseskode>\n`;
    for (const t of r.tillaegskoder) xml += `        <Tillaegskode>${t}</Tillaegskode>\n`;
    xml += `        <Institution type="${r.codeType}">${r.codeValue}</Institution>\n        <Hjemmetraening>${r.hjemme ? 'true' : 'false'}</Hjemmetraening>\n      </Aktivitet>\n`;
  }
  if (person !== null) xml += '    </Person>\n';
  return `${xml}  </Personer>\n</GenoptraeningIndberetning>\n`;
}

export interface ExportResult {
  exportId: number;
  fileName: string;
  xml: string;
  sha256: string;
  plan: ExportPlan;
}

/**
 * Makes the file of a month and records it: the export (when, who, counts, SHA-256) and, for every record in it,
 * what was sent. Refuses when there is nothing to send.
 */
export function exportMonth(
  db: DB,
  month: string,
  header: Header,
  actor: string,
  now = new Date(),
  today = localToday(now),
  /** A plan just made by planExport (the command line shows it first); made here when not given. */
  planned?: ExportPlan,
): ExportResult {
  const h = checkHeader(header);
  return db.transaction(() => {
    const plan = planned ?? planExport(db, month, today);
    if (plan.records.length === 0) {
      throw new UserError(
        plan.pending.length > 0
          ? `Intet kan indberettes for ${month}: ${plan.pending.length} ${plan.pending.length === 1 ? 'ydelse har' : 'ydelser har'} fejl, og resten er allerede indberettet.`
          : `Intet nyt at indberette for ${month}: alle ydelser er indberettet, som de er.`,
      );
    }
    const xml = renderXml(plan, h, now);
    const sha256 = crypto.createHash('sha256').update(xml, 'utf8').digest('hex');
    const n = (db.prepare('SELECT count(*) FROM sei_export WHERE month = ?').pluck().get(month) as number) + 1;
    const fileName = `SEI-genoptraening-${h.kommunekode}-${month}-nr${n}.xml`;
    const exportId = Number(
      db
        .prepare(
          `INSERT INTO sei_export (month, at, actor, file_name, kommunekode, records, new_count, corrections, cancellations, pending, sha256)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(month, now.toISOString(), actor, fileName, h.kommunekode, plan.records.length, plan.counts.ny, plan.counts.rettelse, plan.counts.annullering, plan.pending.length, sha256)
        .lastInsertRowid,
    );
    // One statement for all records (a JSON array read by SQLite, not one call per record), in key order so the
    // B-tree grows at its end.
    const sent = [...plan.records].sort((x, y) => x.ydelseId - y.ydelseId).map((r) => [r.ydelseId, r.uid, r.action, contentOf(r)]);
    db.prepare(
      `INSERT INTO sei_sent (ydelse_id, month, uid, action, content, export_id)
       SELECT value ->> 0, ?, value ->> 1, value ->> 2, value ->> 3, ? FROM json_each(?) WHERE true
       ON CONFLICT (month, ydelse_id) DO UPDATE SET uid = excluded.uid, action = excluded.action, content = excluded.content, export_id = excluded.export_id`,
    ).run(month, exportId, JSON.stringify(sent));
    return { exportId, fileName, xml, sha256, plan };
  })();
}

export interface ExportInfo {
  id: number;
  month: string;
  at: string;
  actor: string;
  fileName: string;
  records: number;
  newCount: number;
  corrections: number;
  cancellations: number;
  pending: number;
  sha256: string;
}

export function listExports(db: DB, month: string | null): ExportInfo[] {
  const rows = db
    .prepare(
      `SELECT id, month, at, actor, file_name, records, new_count, corrections, cancellations, pending, sha256 FROM sei_export
       ${month ? 'WHERE month = ?' : ''} ORDER BY id DESC LIMIT 500`,
    )
    .all(...(month ? [month] : [])) as {
    id: number; month: string; at: string; actor: string; file_name: string; records: number; new_count: number;
    corrections: number; cancellations: number; pending: number; sha256: string;
  }[];
  return rows.map((r) => ({
    id: r.id, month: r.month, at: r.at, actor: r.actor, fileName: r.file_name, records: r.records, newCount: r.new_count,
    corrections: r.corrections, cancellations: r.cancellations, pending: r.pending, sha256: r.sha256,
  }));
}
