// The monthly SEI file: which records go in it (ny, rettelse, annullering), the validation report, the XML itself,
// and the bookkeeping of what was sent, so that nothing changed after an export is lost.
//
// An export is a submission: it carries what SEI does not have yet. A record never sent is "ny"; a record whose
// content changed since it was sent is a "rettelse"; a sent record that was deleted, or moved out of the month, is an
// "annullering" carrying the content last sent. Records with errors stay pending and are listed in the report.

import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  validateCodes,
  validateCprOf,
  validateDato,
  validatePlace,
  type YdelseFields,
  type Checked,
  type PlaceFacts,
  type Problem,
} from '../../schemas/forloeb-ydelser.ts';
import { checkKommunekode, isEmail, type InstitutionCodeType } from '../../schemas/codes.ts';
import { localToday, monthName } from '../../schemas/dates.ts';
import { count } from '../../schemas/danish.ts';
import { UserError } from '../../schemas/errors.ts';
import { exportRows, splitStored } from '../../db/ydelser.ts';
import { dataStamp } from '../../db/busy.ts';
import { allPlaceFacts } from '../../db/places.ts';
import type { DB } from '../../db/open.ts';
import { installationId } from '../../db/settings.ts';
import { codeLookup } from '../../db/sks.ts';
import { ByteWriter } from './byte-writer.ts';
import { exportCount, exportFileRow, insertExport } from '../../db/sei.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { loadSent, saveSent, type Sent } from './sei-sent.ts';

export const SEI_NAMESPACE = 'urn:dk:sei-genoptraening:indberetning:1';
export const SEI_VERSION = '1.0';

export type Action = 'ny' | 'rettelse' | 'annullering';

export interface ExportRecord extends YdelseFields {
  ydelseId: number;
  uid: string;
  action: Action;
}

export interface PendingRecord {
  ydelseId: number;
  cpr: string;
  dato: string;
  /** The ydelse's place (null: none). */
  placeId: number | null;
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
  /** What SEI had of the month when the plan was made (the export adds the records to it). */
  sent: Map<number, Sent>;
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
function contentOf(r: YdelseFields): string {
  // none of the fields can hold "|": CPR digits, ISO date, SKS codes, code type and value
  return `${r.cpr}|${r.dato}|${r.ydelseskode}|${r.tillaegskoder.join(' ')}|${r.codeType}|${r.codeValue}|${r.hjemme ? 1 : 0}`;
}

function fromContent(content: string): YdelseFields {
  const [cpr, dato, ydelseskode, tillaeg, codeType, codeValue, hjemme] = content.split('|') as [
    string,
    string,
    string,
    string,
    InstitutionCodeType,
    string,
    string,
  ];
  return { cpr, dato, ydelseskode, tillaegskoder: tillaeg === '' ? [] : tillaeg.split(' '), codeType, codeValue, hjemme: hjemme === '1' };
}

/** The validation report and the records of the next export of a month. Writes nothing. */
export function planExport(db: DB, month: string, today = localToday()): ExportPlan {
  const { first, last } = checkMonth(month);
  const prefix = installationId(db);
  const codes = codeLookup(db);
  const places = allPlaceFacts(db);
  const sent = loadSent(db, month);
  const rows = exportRows(db, first, last, prefix);

  const warnings = new Map<string, WarningGroup>();
  const group = (w: Problem): WarningGroup => {
    const key = w.code === 'cpr_modulus11' || w.code === 'kodeliste_mangler' || w.code === 'dato_gammel' ? w.code : `${w.code}:${w.message}`;
    let g = warnings.get(key);
    if (!g) warnings.set(key, (g = { code: w.code, message: w.message, count: 0 }));
    return g;
  };
  // A month's ydelser share their citizens, days, codes and places: each is checked once (validateYdelse in four
  // parts), and a row adds its counts to the warning groups it falls in.
  const ctx = { codes, today, month };
  type Part = { errors: Problem[]; warnings: WarningGroup[] };
  const part = (v: Checked): Part => ({ errors: v.errors, warnings: v.warnings.map(group) });
  let lastCpr: string | null = null;
  let c: Part = { errors: [], warnings: [] };
  const byDato = new Map<string, Part>();
  const byCodes = new Map<string, Part>();
  const byPlace = new Map<number, Part>();

  const records: ExportRecord[] = [];
  const pending: PendingRecord[] = [];
  const seen = new Set<number>();
  let unchanged = 0;
  for (const [id, uid, cpr, dato, ydelseskode, tillaegText, hjemme, placeId] of rows) {
    if (sent.size > 0) seen.add(id);
    // rows come by citizen: a citizen's run of rows shares one check
    if (cpr !== lastCpr) {
      lastCpr = cpr;
      c = part(validateCprOf(cpr));
    }
    let d = byDato.get(dato);
    if (!d) byDato.set(dato, (d = part(validateDato(dato, ctx))));
    const codesKey = `${dato}${ydelseskode}|${tillaegText}`;
    let k = byCodes.get(codesKey);
    if (!k) byCodes.set(codesKey, (k = part(validateCodes(ydelseskode, splitStored(tillaegText), dato, ctx))));
    const placeKey = (placeId ?? 0) * 2 + hjemme; // place ids are positive
    let p = byPlace.get(placeKey);
    if (!p) byPlace.set(placeKey, (p = part(validatePlace(placeId === null ? null : (places.get(placeId) ?? null), hjemme === 1))));
    for (const g of c.warnings) g.count++;
    for (const g of d.warnings) g.count++;
    for (const g of k.warnings) g.count++;
    for (const g of p.warnings) g.count++;
    if (c.errors.length > 0 || d.errors.length > 0 || k.errors.length > 0 || p.errors.length > 0) {
      pending.push({ ydelseId: id, cpr, dato, placeId, errors: [...c.errors, ...d.errors, ...k.errors, ...p.errors] });
      continue;
    }
    const code = places.get(placeId!)!.code!;
    const rec: ExportRecord = {
      ydelseId: id,
      uid: uid ?? `${prefix}-${id}`,
      action: 'ny',
      cpr,
      dato,
      ydelseskode,
      tillaegskoder: splitStored(tillaegText),
      codeType: code.type,
      codeValue: code.value,
      hjemme: hjemme === 1,
    };
    const before = sent.get(id);
    if (before && before.action !== 'annullering') {
      if (before.content === contentOf(rec)) {
        unchanged++;
        continue;
      }
      rec.action = 'rettelse';
    }
    records.push(rec);
  }

  // sent records that were deleted or moved out of the month: cancelled with the content last sent, merged into the
  // sorted records (a CPR number and a date are always 10 characters, so one string orders citizen, date and id)
  const key = (r: ExportRecord) => `${r.cpr}${r.dato}${r.uid}`;
  const cancelled: ExportRecord[] = [];
  for (const [id, s] of sent) {
    if (s.action !== 'annullering' && !seen.has(id)) cancelled.push({ ydelseId: id, uid: s.uid, action: 'annullering', ...fromContent(s.content) });
  }
  if (cancelled.length > 0) {
    const all = [...records, ...cancelled].map((r) => ({ k: key(r), r }));
    all.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    records.length = 0;
    for (const x of all) records.push(x.r);
  }
  pending.sort((a, b) => (a.dato < b.dato ? -1 : a.dato > b.dato ? 1 : a.ydelseId - b.ydelseId));
  const counts = { ny: 0, rettelse: 0, annullering: 0 };
  for (const r of records) counts[r.action]++;
  return {
    month,
    records,
    pending,
    warnings: [...warnings.values()].filter((g) => g.count > 0).sort((a, b) => b.count - a.count),
    unchanged,
    counts,
    sent,
  };
}

function esc(s: string): string {
  if (!/[&<>"]/.test(s)) return s;
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** The file's header, checked; a problem names its field (header.kommunekode, …), from the settings or the command line. */
export function checkHeader(h: Header): Header {
  const refuse = (field: keyof Header, message: string): never => {
    throw new UserError(message, [{ field: `header.${field}`, message }]);
  };
  const k = checkKommunekode(h.kommunekode);
  if (!k.ok) refuse('kommunekode', h.kommunekode.trim() === '' ? 'Kommunekoden mangler: angiv den under Indstillinger (eller --kommune).' : k.message);
  if (h.reporterName.trim() === '') refuse('reporterName', 'Indberetterens navn mangler: angiv det under Indstillinger (eller --reporter-name).');
  if (!isEmail(h.reporterEmail.trim())) {
    refuse(
      'reporterEmail',
      h.reporterEmail.trim() === ''
        ? 'Indberetterens e-mail mangler: angiv den under Indstillinger (eller --reporter-email).'
        : `Indberetterens e-mail "${h.reporterEmail}" er ikke gyldig.`,
    );
  }
  return { kommunekode: k.ok ? k.value : '', reporterName: h.reporterName.trim(), reporterEmail: h.reporterEmail.trim() };
}

/** The XML of a plan, as UTF-8 bytes. The same records and header give the same bytes, apart from the creation time. */
export function renderXml(plan: ExportPlan, header: Header, created: Date): Buffer {
  const { year, mm } = checkMonth(plan.month);
  const out = new ByteWriter(4096 + plan.records.length * 320);
  out.write(
    [
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
      '',
    ].join('\n'),
  );
  let person: string | null = null;
  for (const r of plan.records) {
    // one string per record; only the id can come from another system's file, the other fields passed the checks
    // (digits, ISO dates, SKS codes) and hold nothing to escape
    let x = '';
    if (r.cpr !== person) {
      if (person !== null) x += '    </Person>\n';
      x += `    <Person>\n      <CPR>${r.cpr}</CPR>\n`;
      person = r.cpr;
    }
    x += `      <Aktivitet id="${esc(r.uid)}" handling="${r.action}">\n        <Dato>${r.dato}</Dato>\n        <Ydelseskode>${r.ydelseskode}</Ydelseskode>\n`;
    for (const t of r.tillaegskoder) x += `        <Tillaegskode>${t}</Tillaegskode>\n`;
    x += `        <Institution type="${r.codeType}">${r.codeValue}</Institution>\n        <Hjemmetraening>${r.hjemme ? 'true' : 'false'}</Hjemmetraening>\n      </Aktivitet>\n`;
    out.write(x);
  }
  out.write(`${person !== null ? '    </Person>\n' : ''}  </Personer>\n</GenoptraeningIndberetning>\n`);
  return out.bytes();
}

export interface ExportResult {
  exportId: number;
  fileName: string;
  /** The file, as written. */
  bytes: Buffer;
  /** The file as text (made when asked for). */
  readonly xml: string;
  sha256: string;
  plan: ExportPlan;
}

/** An export with nothing in it is refused, saying why. */
export function refuseEmpty(plan: ExportPlan): void {
  if (plan.records.length > 0) return;
  const { month, pending } = plan;
  throw new UserError(
    pending.length > 0
      ? `Intet kan indberettes for ${monthName(month)}: ${count(pending.length, 'ydelse har', 'ydelser har')} fejl, og resten er allerede indberettet.`
      : `Intet nyt at indberette for ${monthName(month)}: alle ydelser er indberettet, som de er (eller måneden har ingen).`,
  );
}

/** A plan per place, for the month report: what goes (by action) and what waits, the places by name (Danish order). */
export function exportPerPlace(plan: ExportPlan, places: Map<number, PlaceFacts>) {
  const byCode = new Map<string, PlaceFacts>();
  for (const p of places.values()) if (p.code) byCode.set(`${p.code.type} ${p.code.value}`, p);
  const rows = new Map<string, { name: string; code: string | null; ny: number; rettelse: number; annullering: number; pending: number }>();
  const row = (key: string, name: string, code: string | null) => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { name, code, ny: 0, rettelse: 0, annullering: 0, pending: 0 }));
    return r;
  };
  for (const r of plan.records) {
    const code = `${r.codeType} ${r.codeValue}`;
    const place = byCode.get(code);
    row(code, place?.name ?? code, code)[r.action]++;
  }
  for (const p of plan.pending) {
    const place = p.placeId === null ? null : (places.get(p.placeId) ?? null);
    const code = place?.code ? `${place.code.type} ${place.code.value}` : null;
    row(code ?? `sted ${p.placeId ?? 0}`, place?.name ?? 'Uden sted', code).pending++;
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'da'));
}

/** The name of the next export of a month (shown in the save dialog before the export is made). */
export function nextExportFileName(db: DB, month: string, kommunekode: string): string {
  return `SEI-genoptraening-${kommunekode}-${month}-nr${exportCount(db, month) + 1}.xml`;
}

export interface ExportOptions {
  /**
   * A plan made by planExport before (to refuse an empty month before the save dialog), with the database's stamp
   * (dataStamp) taken before it was made. It is used when nothing has been committed since; otherwise the month is
   * planned again inside the export's transaction.
   */
  planned?: { plan: ExportPlan; stamp: string };
  /**
   * Where the file goes. It is written (temporary file in that folder, flushed, renamed) before the export is
   * recorded, in the same transaction: when the write fails nothing is recorded, and when recording fails the file
   * is removed again.
   */
  target?: string;
}

/**
 * Makes the file of a month and records it: the export (when, who, counts, SHA-256, and the file's bytes) and, for
 * every record in it, what was sent. Refuses when there is nothing to send.
 */
export function exportMonth(
  db: DB,
  month: string,
  header: Header,
  actor: string,
  now = new Date(),
  today = localToday(now),
  options: ExportOptions = {},
): ExportResult {
  const h = checkHeader(header);
  let written = false;
  try {
    return db
      .transaction(() => {
        const plan = options.planned?.stamp === dataStamp(db) ? options.planned.plan : planExport(db, month, today);
        refuseEmpty(plan);
        const bytes = renderXml(plan, h, now);
        const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
        const fileName = nextExportFileName(db, month, h.kommunekode);
        if (options.target) {
          writeFileAtomic(options.target, bytes);
          written = true;
        }
        const exportId = insertExport(db, {
          month,
          at: now.toISOString(),
          actor,
          fileName,
          kommunekode: h.kommunekode,
          records: plan.records.length,
          newCount: plan.counts.ny,
          corrections: plan.counts.rettelse,
          cancellations: plan.counts.annullering,
          pending: plan.pending.length,
          sha256,
          bytes,
        });
        saveSent(db, month, exportId, plan.sent, plan.records, contentOf);
        return {
          exportId,
          fileName,
          bytes,
          get xml() {
            return bytes.toString('utf8');
          },
          sha256,
          plan,
        };
      })
      .immediate();
  } catch (e) {
    // written but not recorded: the file must not stand as if it had been exported
    if (written && options.target) fs.rmSync(options.target, { force: true });
    throw e;
  }
}

/** A kept export's file, exactly as it was made: its SHA-256 is checked against the one recorded. */
export function exportedFile(db: DB, id: number): { fileName: string; month: string; bytes: Buffer; sha256: string } {
  const row = exportFileRow(db, id);
  if (!row) throw new UserError(`Eksport nr. ${id} findes ikke.`);
  if (row.damaged) throw new UserError(`Den gemte ${row.fileName} er beskadiget og kan ikke pakkes ud. Filen gives ikke ud.`);
  const bytes = row.bytes;
  if (!bytes) throw new UserError(`${row.fileName} blev dannet af en ældre version af programmet, som ikke gemte filen. Dan en ny eksport af måneden.`);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== row.sha256) throw new UserError(`Den gemte ${row.fileName} svarer ikke til den eksporterede (SHA-256 er ændret). Filen gives ikke ud.`);
  return { fileName: row.fileName, month: row.month, bytes, sha256 };
}
