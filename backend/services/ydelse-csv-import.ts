// Import of ydelser from other systems: a CSV file with a header row (columns in the README).
//
// First the whole file is analysed without writing anything: every error is listed by line, column and a Danish
// message. A file with any error is refused whole; with skipInvalid the good rows are imported and the bad ones are
// returned for a reject file. Writing is one transaction: nothing is half-imported. Importing the same row twice
// (same ekstern_id) does not duplicate it.

import { GOP_TYPES, splitCodes, validateCodes, validateCprOf, validateDato, validatePlace, type Checked, type GopType } from '../../schemas/forloeb-ydelser.ts';
import { checkCpr, checkInstitutionCode, checkSor, INSTITUTION_CODE_LABELS, type CodeResult, type InstitutionCodeType } from '../../schemas/codes.ts';
import { parseFileDate } from '../../schemas/dates.ts';
import { UserError } from '../../schemas/errors.ts';
import { recordChange } from '../../db/audit.ts';
import { ensurePlaceForCode, placesByCode } from '../../db/places.ts';
import { allForloebBrief, insertImportedForloeb } from '../../db/forloeb.ts';
import { CONTACT_CLASS_KEYS, type EncounterClass } from '../../schemas/kl-gateway.ts';
import { finishImportBatch, startImportBatch } from '../../db/import-batches.ts';
import { countYdelser, eksternIds, insertBatchOf, insertYdelser, type NewYdelse } from '../../db/ydelser.ts';
import { withIndexesDeferred } from '../../db/bulk.ts';
import type { DB } from '../../db/open.ts';
import { codeLookup } from '../../db/sks.ts';
import { decodeChunks, detectSeparator, normaliseHeader, parseCsv, type Encoding } from './csv.ts';
import { csvLine } from '../../schemas/csv-out.ts';
import { FirstSeen } from './first-seen.ts';
import { own } from './own-string.ts';
import { ImportRows } from './import-rows.ts';
import { maskCpr } from '../../schemas/privacy.ts';

export const REQUIRED_COLUMNS = ['cpr', 'dato', 'ydelseskode', 'kodetype', 'institutionskode'] as const;
export const OPTIONAL_COLUMNS = [
  'tillaegskoder',
  'hjemme',
  'ekstern_id',
  'gop_type',
  'udskrivningsdato',
  'ggop_afsender_sor',
  'gop_modtaget',
  'starttid',
  'sluttid',
  'kontaktklasse',
] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

const KODETYPE: Record<string, InstitutionCodeType> = { SOR: 'SOR', SHAK: 'SHAK', YDER: 'YDER', YDERNUMMER: 'YDER' };

export interface ImportIssue {
  line: number;
  column: string;
  message: string;
}

export interface Analysis {
  fileName: string;
  encoding: Encoding;
  separator: ';' | ',';
  columns: string[];
  totalRows: number;
  rows: ImportRows;
  badRows: { line: number; fields: string[]; issues: ImportIssue[] }[];
  errors: ImportIssue[];
  /**
   * The first KEPT_WARNINGS warnings, by line (a file of a million rows may warn on most of them, often the same
   * warning: the window and the command line show the first few hundred and the count).
   */
  warnings: ImportIssue[];
  warningCount: number;
  /** Rows whose ekstern_id is already in the database: skipped, not errors. */
  duplicates: number;
  /** Institution codes that are not yet a place: a place is created for each, flagged for completion. */
  newPlaces: { type: InstitutionCodeType; value: string }[];
  header: string;
  /** The header row's cells as they stood. */
  headerFields: string[];
}

export type Progress = (phase: 'analyserer' | 'skriver', done: number, total: number) => void | Promise<void>;

const placeKey = (type: string, value: string) => `${type}:${value}`;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A check that remembers its answers (up to `max` of them): codes, CPR numbers and days repeat from row to row. The
 * inputs it remembers are their own strings (own).
 */
function memo<R>(check: (input: string) => R, max = 500_000): (input: string) => R {
  const seen = new Map<string, R>();
  return (input) => {
    let r = seen.get(input);
    if (r === undefined) {
      r = check(input);
      if (seen.size < max) seen.set(own(input), r);
    }
    return r;
  };
}

/** Reads and checks the whole file. Writes nothing. */
export async function analyseYdelseCsv(db: DB, bytes: Uint8Array, fileName: string, today: string, onProgress?: Progress): Promise<Analysis> {
  if (bytes.length === 0) throw new UserError(`Filen ${fileName} er tom.`);
  // the text 64 KB at a time (decodeChunks): a file's text whole took as much memory again as its bytes
  const { encoding, chunks } = decodeChunks(bytes);
  const first = chunks.next();
  const firstText = first.done ? '' : first.value;
  const firstBreak = firstText.indexOf('\n');
  const headerLine = (firstBreak === -1 ? firstText : firstText.slice(0, firstBreak)).replace(/\r$/, '');
  const separator = detectSeparator(headerLine);
  const records = parseCsv(
    (function* () {
      yield firstText;
      yield* chunks;
    })(),
    separator,
  );
  const headerRecord = records.next();
  if (headerRecord.done) throw new UserError(`Filen ${fileName} er tom.`);
  const columns = headerRecord.value.fields.map(normaliseHeader);
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!index.has(c)) index.set(c, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new UserError(
      `${fileName}, linje 1: kolonne${missing.length > 1 ? 'rne' : 'n'} ${missing.map((m) => `"${m}"`).join(', ')} mangler i overskriftsrækken. ` +
        `Filen skal have kolonnerne ${REQUIRED_COLUMNS.join(', ')} (og evt. ${OPTIONAL_COLUMNS.join(', ')}), adskilt af ; eller ,.`,
    );
  }
  const col = (c: Column) => index.get(c) ?? -1;
  const iCpr = col('cpr'),
    iDato = col('dato'),
    iKode = col('ydelseskode'),
    iType = col('kodetype'),
    iInst = col('institutionskode');
  const iTillaeg = col('tillaegskoder'),
    iHjemme = col('hjemme'),
    iEkstern = col('ekstern_id'),
    iGop = col('gop_type'),
    iUdskr = col('udskrivningsdato'),
    iAfsender = col('ggop_afsender_sor'),
    iModtaget = col('gop_modtaget'),
    iStart = col('starttid'),
    iSlut = col('sluttid'),
    iKlasse = col('kontaktklasse');

  const codes = codeLookup(db);
  const places = placesByCode(db);
  // a code's value is kept (a place, a forløb's sender): a copy, not a view into the text
  const codeCheck = (check: (input: string) => CodeResult) =>
    memo((v: string): CodeResult => {
      const r = check(v);
      return r.ok ? { ...r, value: own(r.value) } : r;
    });
  const cprCheck = memo(checkCpr);
  const sorCheck = codeCheck(checkSor);
  const dates = new Map<string, string | null>();
  const parseDate = (v: string) => {
    let d = dates.get(v);
    if (d === undefined) {
      d = parseFileDate(v);
      if (dates.size < 100_000) dates.set(v, d);
    }
    return d;
  };
  const instCheck = {
    SOR: codeCheck((v) => checkInstitutionCode('SOR', v)),
    SHAK: codeCheck((v) => checkInstitutionCode('SHAK', v)),
    YDER: codeCheck((v) => checkInstitutionCode('YDER', v)),
  };
  const stored = eksternIds(db);
  // rows, from the lines of the first piece (the typed arrays below are made to this size, not doubled when full)
  let lines = 0;
  for (let at = firstText.indexOf('\n'); at !== -1; at = firstText.indexOf('\n', at + 1)) lines++;
  const totalEstimate = Math.max(1, lines > 1 ? (bytes.length * lines) / Buffer.byteLength(firstText) : bytes.length / Math.max(1, headerLine.length + 30));
  const expectedRows = Math.min(totalEstimate * 1.05, 2_000_000);
  const seenEkstern = iEkstern === -1 ? null : new FirstSeen(expectedRows);

  const a: Analysis = {
    fileName,
    encoding,
    separator,
    columns,
    totalRows: 0,
    rows: new ImportRows(expectedRows, seenEkstern?.keys ?? null),
    badRows: [],
    errors: [],
    warnings: [],
    warningCount: 0,
    duplicates: 0,
    newPlaces: [],
    // copies: a piece cut from the text keeps what it was cut from alive as long as the analysis
    header: own(headerLine),
    headerFields: headerRecord.value.fields.map(own),
  };

  // The row being read: the helpers below are made once, not once per row (a million closures and arrays cost
  // seconds); an issue list exists only for a row that has one.
  let f: string[] = [];
  let line = 0;
  let issues: ImportIssue[] | null = null;
  const get = (i: number) => (i >= 0 ? (f[i] ?? '').trim() : '');
  // a value echoed in a message may be a CPR number in the wrong column: masked (personal data)
  const err = (column: string, message: string) => {
    (issues ??= []).push({ line, column, message: maskCpr(message) });
  };
  const time = (column: 'starttid' | 'sluttid', i: number): string | null => {
    const v = get(i);
    if (v === '') return null;
    const m = /^(\d{1,2})[:.](\d{2})$/.exec(v);
    if (m && Number(m[1]) <= 23 && Number(m[2]) <= 59) return `${m[1]!.padStart(2, '0')}:${m[2]}`;
    err(column, `"${v}" er ikke et tidspunkt (TT:MM, fx 09:30).`);
    return null;
  };
  // validateYdelse in its four parts, each checked once per citizen, day, code combination and place (as the SEI
  // export does): rows repeat them
  const ctx = { codes, today, checkCpr: cprCheck };
  const cprPart = memo((input: string) => validateCprOf(input, cprCheck));
  const datoPart = memo((d: string) => validateDato(d, ctx));
  // by day, then code and tillægskoder as written (no key string made per row)
  const codeParts = new Map<string, Map<string, Map<string, Checked>>>();
  const codesPart = (d: string, kode: string, tillaegText: string, tillaeg: string[]) => {
    let byKode = codeParts.get(d);
    if (!byKode) codeParts.set(d, (byKode = new Map()));
    let byTillaeg = byKode.get(kode);
    if (!byTillaeg) byKode.set(kode, (byTillaeg = new Map()));
    let r = byTillaeg.get(tillaegText);
    if (!r) {
      r = validateCodes(kode, tillaeg, d, ctx);
      if (byTillaeg.size < 1000) byTillaeg.set(own(tillaegText), r);
    }
    return r;
  };
  // a code as written, in capitals; tillægskoder as written, as a list and space-separated (each made once)
  const upperOf = memo((v: string) => own(v.toUpperCase()), 10_000);
  const tillaegOf = memo((v: string) => {
    const list = splitCodes(v);
    return { list, joined: list.join(' ') };
  }, 10_000);
  // by place number (ImportRows.placeOf), twice: at the place, in the home
  const placeParts: Checked[] = [];
  const noPlace = validatePlace(null, false);
  const noPlaceHome = validatePlace(null, true);
  const partErrors = (part: Checked, hasDato: boolean) => {
    for (const e of part.errors) {
      if (e.field === 'placeId') continue; // institution code problems are reported above
      if (e.field === 'dato' && !hasDato) continue;
      err(e.field, e.message);
    }
  };
  const partWarnings = (part: Checked) => {
    for (const w of part.warnings) {
      if (w.code === 'kodeliste_mangler' || w.code === 'dato_udenfor_maaned') continue;
      if (a.warnings.length < KEPT_WARNINGS) a.warnings.push({ line, column: w.field === 'placeId' ? 'institutionskode' : w.field, message: w.message });
      a.warningCount++;
    }
  };

  for (const rec of records) {
    a.totalRows++;
    if (a.totalRows % 20000 === 0) {
      await onProgress?.('analyserer', a.totalRows, Math.max(a.totalRows, Math.round(totalEstimate)));
      await tick();
    }
    f = rec.fields;
    line = rec.line;
    issues = null;
    if (f.length < columns.length) {
      err(columns[f.length] ?? '', `Linjen har ${f.length} felter, men overskriften har ${columns.length}.`);
    }

    const datoText = get(iDato);
    const dato = parseDate(datoText);
    if (!dato) err('dato', datoText === '' ? 'Datoen mangler.' : `"${datoText}" er ikke en gyldig dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ).`);

    const typeText = get(iType).toUpperCase();
    const codeType = KODETYPE[typeText];
    let codeValue = '';
    if (!codeType) {
      err('kodetype', typeText === '' ? 'Kodetypen mangler (SOR, SHAK eller YDER).' : `Kodetypen "${get(iType)}" er ukendt: brug SOR, SHAK eller YDER.`);
    } else {
      const instText = get(iInst);
      if (instText === '') err('institutionskode', 'Institutionskoden mangler: al genoptræning skal kunne stedfæstes.');
      else {
        const r = instCheck[codeType](instText);
        if (r.ok) codeValue = r.value;
        else err('institutionskode', r.message);
      }
    }

    const hjemmeText = get(iHjemme).toLowerCase();
    let hjemme = false;
    if (hjemmeText === 'ja' || hjemmeText === 'j') hjemme = true;
    else if (hjemmeText !== '' && hjemmeText !== 'nej' && hjemmeText !== 'n') err('hjemme', `"${get(iHjemme)}" skal være ja eller nej.`);

    const gopText = get(iGop).toLowerCase();
    let gopType: GopType | null = null;
    if (gopText !== '') {
      if ((GOP_TYPES as readonly string[]).includes(gopText)) gopType = gopText as GopType;
      else err('gop_type', `GOP-typen "${get(iGop)}" er ukendt: brug ${GOP_TYPES.join(', ')}.`);
    }
    const udskrText = get(iUdskr);
    const udskrivningsdato = udskrText === '' ? null : parseDate(udskrText);
    if (udskrText !== '' && !udskrivningsdato) err('udskrivningsdato', `"${udskrText}" er ikke en gyldig dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ).`);
    const modtagetText = get(iModtaget);
    const gopModtaget = modtagetText === '' ? null : parseDate(modtagetText);
    if (modtagetText !== '' && !gopModtaget) err('gop_modtaget', `"${modtagetText}" er ikke en gyldig dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ).`);
    const starttid = time('starttid', iStart);
    const sluttid = time('sluttid', iSlut);
    const klasseText = get(iKlasse);
    const kontaktklasse =
      klasseText === ''
        ? undefined
        : ((CONTACT_CLASS_KEYS as readonly string[]).find((k) => k.toLowerCase() === klasseText.toLowerCase()) as EncounterClass | undefined);
    if (klasseText !== '' && !kontaktklasse) err('kontaktklasse', `Kontaktklassen "${klasseText}" er ukendt: brug ${CONTACT_CLASS_KEYS.join(', ')}.`);
    let ggopAfsenderSor: string | null = null;
    const afsenderText = get(iAfsender);
    if (afsenderText !== '') {
      const r = sorCheck(afsenderText);
      if (r.ok) ggopAfsenderSor = r.value;
      else err('ggop_afsender_sor', r.message);
    }

    const eksternId = get(iEkstern) || null;
    let duplicate = false;
    // its number among the ids seen (the rows keep that, not the id)
    let eksternNo = -1;
    if (eksternId) {
      const first = seenEkstern!.firstOrAdd(eksternId, line);
      if (first !== undefined) err('ekstern_id', `ekstern_id "${eksternId}" står også i linje ${first}.`);
      else {
        eksternNo = seenEkstern!.size - 1;
        duplicate = stored.any && stored.has(eksternId);
      }
    }

    const tillaegText = get(iTillaeg);
    const tillaeg = tillaegOf(tillaegText);
    const ydelseskode = upperOf(get(iKode));
    const cprText = get(iCpr);
    const cpr = cprText.replace(/[\s-]/g, '');
    let placePart = hjemme ? noPlaceHome : noPlace;
    let placeNo = -1;
    if (codeType && codeValue) {
      placeNo = a.rows.placeOf(codeType, codeValue);
      const partNo = placeNo * 2 + (hjemme ? 1 : 0);
      let p = placeParts[partNo];
      if (!p) {
        const place = places.get(placeKey(codeType, codeValue)) ?? {
          id: 0,
          name: `${INSTITUTION_CODE_LABELS[codeType]} ${codeValue}`,
          code: { type: codeType, value: codeValue },
          active: true,
        };
        placeParts[partNo] = p = validatePlace(place, hjemme);
      }
      placePart = p;
    }
    const d = dato ?? '0000-01-01';
    const c = cprPart(cprText);
    const dp = datoPart(d);
    const kp = codesPart(d, ydelseskode, tillaegText, tillaeg.list);
    partErrors(c, !!dato);
    partErrors(dp, !!dato);
    partErrors(kp, !!dato);
    partErrors(placePart, !!dato);
    if (issues !== null) {
      const list: ImportIssue[] = issues;
      list.sort((x, y) => (index.get(x.column) ?? 99) - (index.get(y.column) ?? 99));
      a.badRows.push({ line, fields: rec.fields.map(own), issues: list });
      for (const i of list) a.errors.push(i);
      continue;
    }
    partWarnings(c);
    partWarnings(dp);
    partWarnings(kp);
    partWarnings(placePart);
    if (duplicate) {
      a.duplicates++;
      continue;
    }
    const extra =
      gopType || udskrivningsdato || ggopAfsenderSor || gopModtaget || starttid || sluttid || kontaktklasse
        ? { gopType, udskrivningsdato, ggopAfsenderSor, gopModtaget, starttid, sluttid, kontaktklasse: kontaktklasse ?? null }
        : null;
    a.rows.add(cpr, dato!, ydelseskode, tillaeg.joined, placeNo, hjemme, eksternNo, extra);
  }
  if (a.totalRows === 0) throw new UserError(`${fileName} har kun en overskriftsrække og ingen ydelser.`);
  if (!codes) {
    a.warnings.unshift({ line: 0, column: 'ydelseskode', message: 'SKS-kodelisten er ikke indlæst: kun kodernes form er kontrolleret.' });
    a.warningCount++;
  }
  // only places that valid rows use are created
  a.newPlaces = a.rows.places.filter((p) => p.used && !places.has(placeKey(p.codeType, p.codeValue))).map((p) => ({ type: p.codeType, value: p.codeValue }));
  await onProgress?.('analyserer', a.totalRows, a.totalRows);
  return a;
}

/** How many warnings an analysis keeps to show (it counts them all). */
export const KEPT_WARNINGS = 1000;

/** From this many rows (and at least as many as are stored) an import rebuilds the indexes after inserting. */
export const BULK_ROWS = 50_000;

export interface ImportResult {
  imported: number;
  rejected: number;
  duplicates: number;
  warnings: number;
  placesCreated: number;
  forloebCreated: number;
  errors: ImportIssue[];
  /** The bad rows with a "fejl" column, for a reject file; null when there were none. */
  rejectCsv: string | null;
  batchId: number | null;
}

/**
 * The reject file: the header and the bad rows with their fields as they stood (a cell Excel would run as a formula
 * made safe), with a column naming the errors.
 */
export function rejectFile(a: Analysis): string | null {
  if (a.badRows.length === 0) return null;
  const sep = a.separator;
  const lines = [csvLine([...a.headerFields, 'fejl'], sep)];
  for (const b of a.badRows) {
    lines.push(csvLine([...b.fields, `linje ${b.line}: ${b.issues.map((i) => `${i.column}: ${i.message}`).join(' | ')}`], sep));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Writes an analysed file in one transaction. Refuses (writes nothing) when the file has errors and skipInvalid is
 * false.
 */
export function writeYdelseCsv(
  db: DB,
  a: Analysis,
  opts: { skipInvalid: boolean; actor: string; now?: Date; onProgress?: (done: number, total: number) => void },
): ImportResult {
  const base = {
    rejected: a.badRows.length,
    duplicates: a.duplicates,
    warnings: a.warningCount,
    errors: a.errors,
    rejectCsv: rejectFile(a),
  };
  if (a.errors.length > 0 && !opts.skipInvalid) {
    return { ...base, imported: 0, placesCreated: 0, forloebCreated: 0, batchId: null };
  }
  const at = (opts.now ?? new Date()).toISOString();
  return db.transaction(() => {
    const batchId = startImportBatch(db, at, opts.actor, a.fileName, a.badRows.length, a.duplicates);
    // places for codes not yet known
    const placeIds = new Map<string, number>();
    for (const [key, p] of placesByCode(db)) placeIds.set(key, p.id);
    let placesCreated = 0;
    for (const p of a.newPlaces) {
      const key = placeKey(p.type, p.value);
      if (placeIds.has(key)) continue;
      const made = ensurePlaceForCode(db, p.type, p.value, opts.actor, a.fileName, at);
      placeIds.set(key, made.id);
      if (made.created) placesCreated++;
    }
    // forløb: found or created when the row names a GOP type; otherwise the citizen's latest forløb, if any.
    // All forløb are read once (one query, not one per row).
    interface F {
      id: number;
      gop: string;
      discharge: string | null;
      active: boolean;
    }
    const byCpr = new Map<string, F[]>();
    for (const f of allForloebBrief(db)) {
      let list = byCpr.get(f.cpr);
      if (!list) byCpr.set(f.cpr, (list = []));
      list.push({ id: f.id, gop: f.gop_type, discharge: f.discharge_date, active: f.status === 'aktiv' });
    }
    const latestFor = (cpr: string, dato: string): number | null => {
      let best: F | null = null;
      for (const f of byCpr.get(cpr) ?? []) {
        if (f.discharge !== null && f.discharge > dato) continue;
        if (!best || Number(f.active) > Number(best.active) || (f.active === best.active && (f.discharge ?? '') >= (best.discharge ?? ''))) best = f;
      }
      return best?.id ?? null;
    };
    const insertForloeb = insertImportedForloeb(db);
    // the database's place of each place the rows name (by its number in the analysis)
    const placeIdOf = a.rows.places.map((p) => placeIds.get(placeKey(p.codeType, p.codeValue)) ?? 0);
    let forloebCreated = 0;
    // A large import (as many rows as are stored, or more) builds the ydelse indexes once after inserting. The
    // analysis has already left out every ekstern_id seen before, so the unique index is rebuilt too; should a
    // duplicate slip in, rebuilding it fails and the whole import rolls back.
    const bulk = a.rows.length >= BULK_ROWS && a.rows.length >= countYdelser(db);
    const insert = insertYdelser(db, bulk);
    const batchSize = insertBatchOf(db);
    let batch: NewYdelse[] = [];
    let imported = 0;
    let duplicates = a.duplicates;
    const total = a.rows.length;
    const flush = () => {
      const inserted = insert(batch, batchId);
      imported += inserted;
      duplicates += batch.length - inserted;
      batch = [];
    };
    const insertAll = () => {
      for (let i = 0; i < total; i++) {
        const cpr = a.rows.cprOf(i);
        const x = a.rows.extraOf(i);
        let forloebId: number | null = null;
        if (x?.gopType) {
          const gop = x.gopType;
          const list = byCpr.get(cpr) ?? [];
          const found = [...list].reverse().find((f) => f.gop === gop && f.discharge === x.udskrivningsdato);
          forloebId = found?.id ?? null;
          if (forloebId === null) {
            forloebId = insertForloeb(cpr, gop, x.udskrivningsdato, x.ggopAfsenderSor, x.gopModtaget, at);
            recordChange(db, { at, actor: opts.actor, entity: 'forloeb', entityId: forloebId, action: `Oprettet ved import af ${a.fileName}`, changes: [] });
            forloebCreated++;
            list.push({ id: forloebId, gop, discharge: x.udskrivningsdato, active: true });
            byCpr.set(cpr, list);
          }
        } else if (byCpr.size > 0) {
          forloebId = latestFor(cpr, a.rows.datoOf(i));
        }
        batch.push(a.rows.newYdelse(i, cpr, forloebId, placeIdOf));
        if (batch.length >= batchSize) flush();
        if (opts.onProgress && i % 50000 === 0) opts.onProgress(i, total);
      }
      flush();
    };
    if (bulk) withIndexesDeferred(db, 'ydelse', [], insertAll);
    else insertAll();
    finishImportBatch(db, batchId, imported, duplicates);
    opts.onProgress?.(total, total);
    return { ...base, imported, duplicates, placesCreated, forloebCreated, batchId };
  })();
}
