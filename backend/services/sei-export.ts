// The monthly SEI file: which records go in it (ny, rettelse, annullering), the validation report, the XML itself,
// and the bookkeeping of what was sent, so that nothing changed after an export is lost.
//
// An export is a submission: it carries what SEI does not have yet. A record never sent is "ny"; a record whose
// content changed since it was sent is a "rettelse"; a sent record that was deleted, or moved out of the month, is an
// "annullering" carrying the content last sent. Records with errors stay pending and are listed in the report.

import crypto from 'node:crypto';
import { validateCodes, validateCprOf, validateDato, validatePlace, type Checked, type PlaceFacts, type Problem } from '../../schemas/forloeb-ydelser.ts';
import { checkKommunekode, isEmail } from '../../schemas/codes.ts';
import { type IsoDate, localToday, monthName } from '../../schemas/dates.ts';
import { count } from '../../schemas/danish.ts';
import { UserError } from '../../schemas/errors.ts';
import { exportRows, splitStored } from '../../db/ydelser.ts';
import { type ReadBefore, unchangedSince } from '../../db/busy.ts';
import { dialectOf } from '../../db/dialect.ts';
import { allPlaceFacts } from '../../db/places.ts';
import type { DB } from '../../db/open.ts';
import { installationId } from '../../db/settings.ts';
import { codeLookup } from '../../db/sks.ts';
import { ByteWriter, escapeXml } from './byte-writer.ts';
import { deferSentExportCheck, exportCount, exportFileRow, insertExport, nextExportId, saveSentRecords } from '../../db/sei.ts';
import { MadeFile } from './made-file.ts';
import { loadSent, madeSent, type Sent } from './sei-sent.ts';
import { type Action, fromContent, RecordTable } from './sei-records.ts';

export const SEI_NAMESPACE = 'urn:dk:sei-genoptraening:indberetning:1';
export const SEI_VERSION = '1.0';

export type { Action, ExportRecord } from './sei-records.ts';

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
  /** What goes in the file, in its order (`list()` gives them as objects). */
  records: RecordTable;
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

/** The validation report and the records of the next export of a month. Writes nothing. */
export function planExport(db: DB, month: string, today = localToday()): ExportPlan {
  const { first, last } = checkMonth(month);
  const codes = codeLookup(db);
  const places = allPlaceFacts(db);
  const sent = loadSent(db, month);
  const records = new RecordTable(installationId(db));

  const warnings = new Map<string, WarningGroup>();
  const group = (w: Problem): WarningGroup => {
    const key = w.code === 'cpr_modulus11' || w.code === 'kodeliste_mangler' || w.code === 'dato_gammel' ? w.code : `${w.code}:${w.message}`;
    let g = warnings.get(key);
    if (!g) warnings.set(key, (g = { code: w.code, message: w.message, count: 0 }));
    return g;
  };
  // A month's ydelser share their citizens, days, codes and places: each is checked once (validateYdelse in four
  // parts), a row counts its parts, and the parts' counts go to their warning groups at the end. A record is its
  // parts' numbers in the records' table (sei-records.ts), whose citizens, days and tails (codes, place, home) are
  // those of the parts, each made once.
  const ctx = { codes, today, month };
  interface Part {
    errors: Problem[];
    warnings: WarningGroup[];
    rows: number;
  }
  const parts: Part[] = [];
  const part = <E extends object>(v: Checked | null, more: E): Part & E => {
    const x = { errors: v?.errors ?? [], warnings: v?.warnings.map(group) ?? [], rows: 0, ...more };
    if (v) parts.push(x);
    return x;
  };
  interface DayPart extends Part {
    dato: IsoDate;
    index: number;
    codes: Map<string, Map<string, CodesPart>>;
  }
  interface CodesPart extends Part {
    ydelseskode: string;
    tillaegskoder: string[];
    /** The records' tails (sei-records.ts) by place key. */
    tails: Map<number, number>;
  }
  // a citizen is its number in the records' table, and its verdict: one part shared by every citizen checked alike
  // (most are: none, or the same modulus 11 warning), not a part each (a month's ~28,000 citizens' parts were ~6 MB
  // for the collector to move, on the bench's machine where fresh memory costs)
  const byCpr = new Map<string, number>();
  const citizenParts: Part[] = [];
  const verdicts = new Map<string, Part>();
  const UNCHECKED: Part = { errors: [], warnings: [], rows: 0 };
  const oneWarning = new Map<string, Map<string, Part>>();
  const verdict = (v: Checked): Part => {
    // the usual verdicts found without a key made for them: none, or one warning (by its code and text)
    if (v.errors.length === 0 && v.warnings.length <= 1) {
      const w = v.warnings[0];
      let byText = oneWarning.get(w?.code ?? '');
      if (!byText) oneWarning.set(w?.code ?? '', (byText = new Map()));
      let x = byText.get(w?.message ?? '');
      if (!x) byText.set(w?.message ?? '', (x = part(v, {})));
      return x;
    }
    const key = JSON.stringify([v.errors.map((e) => [e.code, e.message]), v.warnings.map((w) => [w.code, w.message])]);
    let x = verdicts.get(key);
    if (!x) verdicts.set(key, (x = part(v, {})));
    return x;
  };
  const byDay = new Map<string, DayPart>();
  const byPlace = new Map<number, Part>();
  /** A citizen's number; a citizen known only from what was sent (`checked` false) is not checked again. */
  const citizenOf = (cpr: string, checked = true): number => {
    let c = byCpr.get(cpr);
    if (c === undefined) {
      byCpr.set(cpr, (c = records.citizen(cpr)));
      citizenParts[c] = checked ? verdict(validateCprOf(cpr)) : UNCHECKED;
    }
    return c;
  };
  const dayOf = (dato: IsoDate, checked = true): DayPart => {
    let d = byDay.get(dato);
    if (!d) byDay.set(dato, (d = part(checked ? validateDato(dato, ctx) : null, { dato, index: records.day(dato), codes: new Map() })));
    return d;
  };

  const pending: PendingRecord[] = [];
  const seen = new Set<number>();
  let unchanged = 0;
  exportRows(db, first, last, (row) => {
    const id = row[0];
    const placeId = row[7];
    const hjemme = row[6];
    if (sent.size > 0) seen.add(id);
    const cpr = row[2];
    const citizen = citizenOf(cpr);
    const c = citizenParts[citizen]!;
    const d = dayOf(row[3]);
    const ydelseskode = row[4];
    const tillaegText = row[5];
    let byTillaeg = d.codes.get(ydelseskode);
    if (!byTillaeg) d.codes.set(ydelseskode, (byTillaeg = new Map()));
    let k = byTillaeg.get(tillaegText);
    if (!k) {
      const tillaegskoder = splitStored(tillaegText);
      byTillaeg.set(tillaegText, (k = part(validateCodes(ydelseskode, tillaegskoder, d.dato, ctx), { ydelseskode, tillaegskoder, tails: new Map() })));
    }
    const placeKey = (placeId ?? 0) * 2 + hjemme; // place ids are positive
    let p = byPlace.get(placeKey);
    if (!p) byPlace.set(placeKey, (p = part(validatePlace(placeId === null ? null : (places.get(placeId) ?? null), hjemme === 1), {})));
    c.rows++;
    d.rows++;
    k.rows++;
    p.rows++;
    if (c.errors.length > 0 || d.errors.length > 0 || k.errors.length > 0 || p.errors.length > 0) {
      pending.push({ ydelseId: id, cpr, dato: d.dato, placeId, errors: [...c.errors, ...d.errors, ...k.errors, ...p.errors] });
      return;
    }
    let tail = k.tails.get(placeKey);
    if (tail === undefined) {
      const code = places.get(placeId!)!.code!;
      const fields = { ydelseskode: k.ydelseskode, tillaegskoder: k.tillaegskoder, codeType: code.type, codeValue: code.value, hjemme: hjemme === 1 };
      k.tails.set(placeKey, (tail = records.tail(fields)));
    }
    let action: Action = 'ny';
    const before = sent.size > 0 ? sent.get(id) : undefined;
    if (before && before.action !== 'annullering') {
      if (before.content === records.content(citizen, d.index, tail)) {
        unchanged++;
        return;
      }
      action = 'rettelse';
    }
    records.add(id, row[1], citizen, d.index, tail, action);
  });

  // sent records that were deleted or moved out of the month: cancelled with the content last sent
  for (const [id, s] of sent) {
    if (s.action !== 'annullering' && !seen.has(id)) {
      const f = fromContent(s.content);
      records.add(id, s.uid, citizenOf(f.cpr, false), dayOf(f.dato, false).index, records.tail(f), 'annullering');
    }
  }
  for (const x of parts) for (const g of x.warnings) g.count += x.rows;
  pending.sort((a, b) => (a.dato < b.dato ? -1 : a.dato > b.dato ? 1 : a.ydelseId - b.ydelseId));
  return {
    month,
    records,
    pending,
    warnings: [...warnings.values()].filter((g) => g.count > 0).sort((a, b) => b.count - a.count),
    unchanged,
    counts: records.counts,
    sent,
  };
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
  const pieces: Buffer[] = [];
  const out = new ByteWriter(1 << 20, (piece) => pieces.push(Buffer.from(piece)));
  writeXml(out, plan, header, created);
  out.end();
  return Buffer.concat(pieces);
}

function writeXml(out: ByteWriter, plan: ExportPlan, header: Header, created: Date): void {
  const { year, mm } = checkMonth(plan.month);
  out.write(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<GenoptraeningIndberetning xmlns="${SEI_NAMESPACE}" version="${SEI_VERSION}">`,
      '  <Hoved>',
      `    <Kommunekode>${escapeXml(header.kommunekode)}</Kommunekode>`,
      `    <Periode><Aar>${year}</Aar><Maaned>${mm}</Maaned></Periode>`,
      `    <Indberetter><Navn>${escapeXml(header.reporterName)}</Navn><Email>${escapeXml(header.reporterEmail)}</Email></Indberetter>`,
      `    <Dannet>${created.toISOString().replace(/\.\d{3}Z$/, 'Z')}</Dannet>`,
      `    <AntalAktiviteter>${plan.records.length}</AntalAktiviteter>`,
      '  </Hoved>',
      '  <Personer>',
      '',
    ].join('\n'),
  );
  const persons = plan.records.writeXml(out);
  out.write(`${persons ? '    </Person>\n' : ''}  </Personer>\n</GenoptraeningIndberetning>\n`);
}

export interface ExportResult {
  exportId: number;
  fileName: string;
  /**
   * The file, as written, unpacked from what was kept when asked for: methods, as the KL Gateway delivery's (taking
   * "the rest" of a result by destructuring must not unpack a file nobody reads).
   */
  bytes(): Buffer;
  /** The file as text. */
  xml(): string;
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
  for (const { fields, counts } of plan.records.perTail()) {
    const code = `${fields.codeType} ${fields.codeValue}`;
    const place = byCode.get(code);
    const r = row(code, place?.name ?? code, code);
    r.ny += counts.ny;
    r.rettelse += counts.rettelse;
    r.annullering += counts.annullering;
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
  planned?: ReadBefore<ExportPlan>;
  /**
   * Where the file goes. It is written (temporary file in that folder, flushed, renamed) in the transaction that
   * records the export, before it commits: when the write fails nothing is recorded, and when recording fails the
   * file is removed again (or never takes its name).
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
  // On the shared database the file thread starts while the month is planned, and hashes, writes and packs the file
  // while the server takes what was sent (2.24 -> 1.91x psql, README). From the desktop's file in a fresh process it
  // cost more to start than it saved: a month's export without it 0.92x the time (7 paired runs, 539 against 589 ms,
  // 19,000 page faults against 24,000: the thread's own memory, on the bench's machine where fresh memory costs),
  // and in a process that has started it already (a KL Gateway delivery) it is used all the same.
  if (dialectOf(db) === 'pg') MadeFile.warm();
  let made: MadeFile | null = null;
  let madeState: MadeFile | null = null;
  try {
    return db
      .transaction(() => {
        const plan = unchangedSince(db, options.planned) ?? planExport(db, month, today);
        refuseEmpty(plan);
        // what was sent is written by the server while the file is finished, and the export's row (which it names,
        // checked at COMMIT) while the file is flushed to disk: on PostgreSQL without waiting (db/sei.ts); COMMIT reads
        // the answers. The file takes its name before the transaction commits.
        const exportId = nextExportId(db);
        const fileName = nextExportFileName(db, month, h.kommunekode);
        deferSentExportCheck(db);
        // what was sent goes to the file thread first when it runs (made-file.ts), so it is packed before the file's last piece
        const sent = madeSent(plan.sent, plan.records);
        madeState = sent;
        const file = new MadeFile(options.target);
        made = file;
        writeXml(file.out, plan, h, now);
        sent.end();
        saveSentRecords(db, month, exportId, sent.packed);
        const sha256 = file.end();
        file.flush();
        insertExport(db, exportId, {
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
          file: file.packed,
        });
        file.keep();
        let bytes: Buffer | null = null;
        return {
          exportId,
          fileName,
          bytes() {
            bytes ??= file.packed.unpacked();
            return bytes;
          },
          xml() {
            return this.bytes().toString('utf8');
          },
          sha256,
          plan,
        };
      })
      .immediate();
  } catch (e) {
    // written but not recorded: the file must not stand as if it had been exported
    (made as MadeFile | null)?.undo();
    // and what was sent, still packed on the file thread when the file failed before it was ended
    (madeState as MadeFile | null)?.undo();
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
