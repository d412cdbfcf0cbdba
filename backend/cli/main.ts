// The command line: sei-genoptraening [--db FIL] KOMMANDO ...
// Exit codes: 0 done, 1 refused (the data was wrong), 2 bad usage or an unreadable file.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localToday } from '../../schemas/dates.ts';
import { analyseActivities, writeActivities, type ImportIssue } from '../services/activity-import.ts';
import { checkHeader, checkMonth, exportedFile, exportMonth, planExport } from '../services/sei-export.ts';
import { writeFileAtomic } from '../services/atomic-file.ts';
import { OPEN_PURPOSES, tooLargeMessage, type OpenPurpose } from '../../schemas/files.ts';
import { type SeiImportKind } from '../services/sei-import.ts';
import { monthsOverview } from '../services/months.ts';
import { getReportSettings } from '../../db/settings.ts';
import { EMPTY_FIELDS, FIELD_LABELS, type SorRequestFields } from '../../schemas/sor-request.ts';
import { sorEmailResult } from '../services/sor-email.ts';
import { checkSorFile, parseTypes } from '../services/sor/check.ts';
import { DEFAULT_TYPES } from '../services/sor/rules.ts';
import { findingsCsv, findingsHtml, findingsText } from '../../schemas/sor-report.ts';
import { formatShortDate, parseFileDate } from '../../schemas/dates.ts';
import { osUser } from '../paths.ts';
import { UserError } from '../../schemas/errors.ts';
import { describeCode, PLACE_TYPE_LABELS, type Place } from '../../schemas/places.ts';
import { openDatabase } from '../../db/open.ts';
import { BUSY_MESSAGE, isBusy } from '../../db/busy.ts';
import { maskCpr } from '../../schemas/privacy.ts';
import { openFrontDoor, type FrontDoor } from './front-door.ts';
import { count, number } from '../../schemas/danish.ts';
import { backupTo, inspectBackup, restoreFrom } from '../../db/backup.ts';
import { listPlaces } from '../../db/places.ts';
import { DB_ENV, resolveDbPath } from '../paths.ts';
import { APP_VERSION } from '../version.ts';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
};

export const HELP = `SEI Genoptræning ${APP_VERSION} – kommandolinje

Brug:
  sei-genoptraening [--db FIL] KOMMANDO [TILVALG]

Kommandoer:
  places list [--format tekst|json] [--search TEKST] [--alle]
      Viser stederne, hvor genoptræning foregår. --alle tager deaktiverede steder med.

  import-activities FIL [--skip-invalid] [--rejects FIL] [--format tekst|json]
      Importerer ydelser fra en CSV-fil (kolonner: se README). En fil med fejl afvises helt;
      med --skip-invalid importeres de gode rækker, og de dårlige skrives til afvisningsfilen
      (--rejects, standard: FIL-afviste.csv).
      JSON: {"imported", "rejected", "warnings", "duplicates", "errors": [{"line", "column", "message"}]}.
  sei-export --month ÅÅÅÅ-MM --out FIL [--kommune KODE] [--reporter-name NAVN] [--reporter-email EMAIL] [--format tekst|json]
  sei-export --again EKSPORT --out FIL [--format tekst|json]
      Danner månedens SEI-fil (ny, rettelse, annullering). Kommune og indberetter kommer fra
      programmets indstillinger, hvis de ikke angives. Slutkode 1, når intet kunne eksporteres.
      JSON: {"records", "errors", "warnings", "file", "sha256"}.
  sei-import FIL [--dry-run | --take-file] [--format tekst|json]
      Indlæser en SEI-fil i formatet; samme fil to gange ændrer intet. Konflikter (ændret her, efter
      filen blev dannet) beholder den lokale udgave; --take-file tager filens; --dry-run skriver intet.
  backup --out FIL [--format tekst|json]
      Tager en sikkerhedskopi af databasen (mens den er i brug).
  restore FIL [--yes] [--format tekst|json]
      Kontrollerer sikkerhedskopien og viser, hvad den indeholder; med --yes gendannes databasen fra
      den, og databasen, som den var, gemmes først som kopi i mappen backups.
  deadlines [--date ÅÅÅÅ-MM-DD] [--format tekst|json]
      Hver måneds tilstand og frist (den 10. i den følgende måned).
  sor-request --from FELTER.json --out FIL.eml [--format tekst|json]
      Skriver ansøgningen om SOR-kode til SORpost@sundhedsdata.dk som .eml. Felterne (JSON) er
      nævnt i README. Mangler eller fejl i felterne: slutkode 1 og en dansk liste.
  sor-check FIL [--types TYPER.json] [--owner SORID | --kommune KODE] [--date ÅÅÅÅ-MM-DD] [--format tekst|json|html|csv]
      Kontrollerer SOR-udtrækket mod reglerne for plejeenheder og helhedspleje (vejledningen af 11.7.2025).
  sks-load FIL [--dry-run] [--format tekst|json]
      Indlæser SKS-kodelisten (kode; tekst; gyldig fra; gyldig til) og erstatter den hidtidige; siger, hvor
      mange koder der er nye, fjernede og ændrede, og hvilke ydelser der ikke længere er gyldige.
      --dry-run viser det uden at indlæse listen.

Slutkoder: 0 udført, 1 filen eller indholdet er afvist (intet skrevet), 2 forkert brug eller en fil, der ikke
kan læses, 3 en uventet fejl i programmet.

Fælles tilvalg:
  --db FIL        Databasefilen. Standard: $${DB_ENV}, ellers programmets datamappe.
  --help, -h      Denne hjælp.
  --version       Programmets version.

Slutkoder: 0 udført, 1 afvist (data er forkerte), 2 forkert brug eller fil der ikke kan læses.
`;

class UsageError extends Error {}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function placesTable(places: Place[]): string {
  if (places.length === 0) return 'Ingen steder.\n';
  return table([
    ['Id', 'Navn', 'Type', 'Institutionskode', 'Ejer', 'Status'],
    ...places.map((p) => [
      String(p.id),
      p.name,
      p.type === 'andet' && p.typeOther ? p.typeOther : PLACE_TYPE_LABELS[p.type],
      describeCode(p.code),
      p.owner === 'kommunal' ? 'Kommunal' : 'Privat (aftale)',
      p.active ? 'Aktiv' : 'Deaktiveret',
    ]),
  ]);
}

function placesCommand(sub: string | undefined, rest: string[], dbPath: string, io: Io): number {
  if (sub !== 'list') throw new UsageError(sub ? `Ukendt underkommando: places ${sub}` : 'Angiv en underkommando: places list');
  const { values, positionals } = parseArgs({
    args: rest,
    options: { format: { type: 'string', default: 'tabel' }, search: { type: 'string' }, alle: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Uventet argument: ${positionals[0]}`);
  const format = values.format === 'table' || values.format === 'tekst' || values.format === 'text' ? 'tabel' : values.format;
  if (format !== 'tabel' && format !== 'json') throw new UsageError(`Ukendt format "${values.format}": brug tekst eller json.`);
  requireDatabase(dbPath);
  const { db } = openDatabase(dbPath);
  try {
    const places = listPlaces(db, { search: values.search ?? '', includeInactive: values.alle ?? false });
    io.out(format === 'json' ? `${JSON.stringify(places, null, 2)}\n` : placesTable(places));
  } finally {
    db.close();
  }
  return 0;
}

/** A file read whole, its size checked first (by stat) against the largest file of its kind. */
function readInput(file: string, purpose: OpenPurpose): Buffer {
  try {
    const st = fs.statSync(file);
    if (st.isFile() && st.size > OPEN_PURPOSES[purpose].maxBytes)
      throw new UnreadableError(`${tooLargeMessage(path.basename(file), st.size, purpose)} Intet er importeret.`);
    return fs.readFileSync(file);
  } catch (e) {
    if (e instanceof UnreadableError) throw e;
    const code = (e as { code?: string }).code;
    throw new UnreadableError(
      code === 'ENOENT'
        ? `Filen ${file} findes ikke.`
        : code === 'EISDIR'
          ? `${file} er en mappe, ikke en fil.`
          : `Filen ${file} kan ikke læses (${(e as Error).message}).`,
    );
  }
}

class UnreadableError extends Error {}

function formatOf(value: string | undefined): 'tekst' | 'json' {
  const f = value === 'text' ? 'tekst' : (value ?? 'tekst');
  if (f !== 'tekst' && f !== 'json') throw new UsageError(`Ukendt format "${value}": brug tekst eller json.`);
  return f;
}

async function importCommand(rest: string[], dbPath: string, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { 'skip-invalid': { type: 'boolean' }, rejects: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én fil: import-activities FIL');
  const format = formatOf(values.format);
  const file = positionals[0]!;
  const bytes = readInput(file, 'csv');
  const { db } = openDatabase(dbPath);
  try {
    const report = (o: { imported: number; rejected: number; warnings: number; duplicates: number; errors: ImportIssue[] }, text: string) => {
      io.out(format === 'json' ? `${JSON.stringify(o)}\n` : text);
    };
    let analysis;
    try {
      analysis = await analyseActivities(db, bytes, path.basename(file), localToday());
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      report(
        { imported: 0, rejected: 0, warnings: 0, duplicates: 0, errors: [{ line: 1, column: '', message: e.message }] },
        `Filen er afvist: ${e.message}\n`,
      );
      return 1;
    }
    const skip = values['skip-invalid'] ?? false;
    const result = writeActivities(db, analysis, { skipInvalid: skip, actor: osUser() });
    let rejectsPath: string | null = null;
    if (result.rejectCsv && (skip || values.rejects)) {
      rejectsPath = values.rejects ?? file.replace(/(\.csv)?$/i, '-afviste.csv');
      writeFileAtomic(rejectsPath, result.rejectCsv);
    }
    const refused = result.batchId === null || (result.imported === 0 && result.rejected > 0);
    const lines: string[] = [];
    if (result.batchId === null) {
      lines.push(`Filen er afvist: ${count(result.errors.length, 'fejl', 'fejl')} i ${count(result.rejected, 'række', 'rækker')}. Intet er importeret.`);
    } else {
      lines.push(`Importeret: ${count(result.imported, 'ydelse', 'ydelser')}.`);
      if (result.duplicates) lines.push(`Allerede importeret (samme ekstern_id), sprunget over: ${result.duplicates}.`);
      if (result.rejected) lines.push(`Afvist: ${count(result.rejected, 'række', 'rækker')}.`);
      if (result.placesCreated) lines.push(`Nye steder oprettet, som skal udfyldes: ${result.placesCreated}.`);
    }
    if (result.warnings) {
      lines.push(`${count(result.warnings, 'advarsel', 'advarsler')} (blokerer ikke):`);
      for (const w of analysis.warnings.slice(0, 50)) lines.push(`  ${w.line ? `linje ${w.line}, ${w.column}: ` : ''}${w.message}`);
      if (analysis.warnings.length > 50) lines.push(`  … og ${count(analysis.warnings.length - 50, 'advarsel', 'advarsler')} mere.`);
    }
    for (const e of result.errors.slice(0, 50)) lines.push(`  linje ${e.line}, ${e.column}: ${e.message}`);
    if (result.errors.length > 50) lines.push(`  … og ${result.errors.length - 50} fejl mere.`);
    if (rejectsPath) lines.push(`De afviste rækker er skrevet til ${rejectsPath}.`);
    if (result.batchId === null) lines.push('Ret fejlene, eller kør igen med --skip-invalid for at importere de gode rækker.');
    report(
      { imported: result.imported, rejected: result.rejected, warnings: result.warnings, duplicates: result.duplicates, errors: result.errors },
      `${lines.join('\n')}\n`,
    );
    return refused ? 1 : 0;
  } finally {
    db.close();
  }
}

/** sks-load through the same calls as the window: the list is chosen, previewed (what it changes), then loaded. */
async function sksCommand(rest: string[], dbPath: string, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { format: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én fil: sks-load FIL');
  const format = formatOf(values.format);
  const file = positionals[0]!;
  const door = openFrontDoor(dbPath, { open: file });
  try {
    const chosen = await chooseOrRefuse(door, 'sks', file);
    let diff;
    try {
      diff = await door.call('sks.preview', { fileId: chosen.fileId });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      io.out(
        format === 'json' ? `${JSON.stringify({ loaded: 0, errors: e.fields.length ? e.fields : [{ field: '', message: e.message }] })}\n` : `${e.message}\n`,
      );
      return 1;
    }
    const { previewId, fileName: _, ...changes } = diff;
    const invalid = diff.becomeInvalidCodes.map((c) => `${c.code} (${number(c.count)})`).join(', ');
    if (values['dry-run']) {
      await door.call('sks.discard', { previewId });
      io.out(
        format === 'json'
          ? `${JSON.stringify({ loaded: 0, dryRun: true, ...changes })}\n`
          : `${path.basename(file)} har ${count(diff.count, 'kode', 'koder')}: ${count(diff.added, 'ny', 'nye')}, ${count(diff.removed, 'fjernet', 'fjernede')} og ${count(diff.changed, 'ændret', 'ændrede')}. ` +
              `${count(diff.becomeInvalid, 'ydelse', 'ydelser')} ville ikke længere være gyldige${diff.becomeInvalid ? `: ${invalid}` : ''}. Intet er indlæst.\n`,
      );
      return 0;
    }
    const info = await door.call('sks.load', { previewId });
    io.out(
      format === 'json'
        ? `${JSON.stringify({ loaded: info.count, errors: [], added: diff.added, removed: diff.removed, changed: diff.changed, becomeInvalid: diff.becomeInvalid, becomeInvalidCodes: diff.becomeInvalidCodes })}\n`
        : `SKS-kodelisten er indlæst: ${count(info.count, 'kode', 'koder')} (${count(diff.added, 'ny', 'nye')}, ${count(diff.removed, 'fjernet', 'fjernede')} og ${count(diff.changed, 'ændret', 'ændrede')}).\n` +
            (diff.becomeInvalid ? `${count(diff.becomeInvalid, 'ydelse er', 'ydelser er')} ikke længere gyldige: ${invalid}.\n` : ''),
    );
    return 0;
  } finally {
    door.close();
  }
}

function seiExportCommand(rest: string[], dbPath: string, io: Io): number {
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      month: { type: 'string' },
      out: { type: 'string' },
      again: { type: 'string' },
      kommune: { type: 'string' },
      'reporter-name': { type: 'string' },
      'reporter-email': { type: 'string' },
      format: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Uventet argument: ${positionals[0]}`);
  const format = formatOf(values.format);
  if (!values.out) throw new UsageError('Angiv filen, der skal skrives: --out FIL');
  if (values.again !== undefined) return seiExportAgain(values.again, values.out, dbPath, format, io);
  if (!values.month) throw new UsageError('Angiv måneden: --month ÅÅÅÅ-MM');
  requireDatabase(dbPath);
  const { db } = openDatabase(dbPath);
  try {
    const saved = getReportSettings(db);
    let header;
    try {
      checkMonth(values.month);
      header = checkHeader({
        kommunekode: values.kommune ?? saved.kommunekode,
        reporterName: values['reporter-name'] ?? saved.reporterName,
        reporterEmail: values['reporter-email'] ?? saved.reporterEmail,
      });
    } catch (e) {
      if (e instanceof UserError) throw new UsageError(e.message);
      throw e;
    }
    const today = localToday();
    const plan = planExport(db, values.month, today);
    const warnings = plan.warnings.reduce((n, w) => n + w.count, 0);
    if (plan.records.length === 0) {
      const why = plan.pending.length
        ? `${plan.pending.length} ydelser har fejl, og resten er allerede indberettet.`
        : 'alle ydelser er allerede indberettet, som de er (eller måneden har ingen).';
      io.out(
        format === 'json'
          ? `${JSON.stringify({ records: 0, errors: plan.pending.length, warnings, file: null, sha256: null })}\n`
          : `Intet at eksportere for ${values.month}: ${why}\n`,
      );
      for (const p of format === 'json' ? [] : plan.pending.slice(0, 50))
        io.out(`  ${p.dato} (ydelse ${p.ydelseId}): ${p.errors.map((e) => e.message).join(' ')}\n`);
      return 1;
    }
    let r;
    try {
      r = exportMonth(db, values.month, header, osUser(), new Date(), today, { plan, target: values.out });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      throw new UnreadableError(e.message);
    }
    if (format === 'json') {
      io.out(
        `${JSON.stringify({ records: r.plan.records.length, errors: r.plan.pending.length, warnings, file: path.resolve(values.out), sha256: r.sha256 })}\n`,
      );
    } else {
      const c = r.plan.counts;
      io.out(
        `SEI-filen for ${values.month} er skrevet til ${values.out}: ${r.plan.records.length} aktiviteter (${c.ny} nye, ${c.rettelse} rettelser, ${c.annullering} annulleringer).\n`,
      );
      if (r.plan.pending.length) io.out(`${r.plan.pending.length} ydelser har fejl og venter; se dem med: deadlines\n`);
      io.out(`SHA-256: ${r.sha256}\n`);
    }
    return 0;
  } finally {
    db.close();
  }
}

/** sei-export --again ID --out FILE: a kept export's file, byte for byte, its SHA-256 checked. */
function seiExportAgain(idText: string, out: string, dbPath: string, format: string, io: Io): number {
  if (!/^\d+$/.test(idText))
    throw new UsageError(
      `--again skal være en eksports nummer (det står i eksporthistorikken i programmet og som lastExportId i deadlines --format json), ikke "${idText}".`,
    );
  requireDatabase(dbPath);
  const { db } = openDatabase(dbPath);
  try {
    let f;
    try {
      f = exportedFile(db, Number(idText));
      writeFileAtomic(out, f.bytes);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      throw new UnreadableError(e.message);
    }
    io.out(
      format === 'json'
        ? `${JSON.stringify({ export: Number(idText), file: path.resolve(out), sha256: f.sha256 })}\n`
        : `${f.fileName} (${f.month}) er skrevet til ${out} igen, uændret.\nSHA-256: ${f.sha256}\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

/** sei-import through the same calls as the window: the file is chosen, previewed, then imported (or not). */
async function seiImportCommand(rest: string[], dbPath: string, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { format: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'take-file': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én fil: sei-import FIL');
  if (values['dry-run'] && values['take-file']) throw new UsageError('Brug enten --dry-run eller --take-file, ikke begge.');
  const format = formatOf(values.format);
  const file = positionals[0]!;
  const name = path.basename(file);
  const door = openFrontDoor(dbPath, { open: file });
  try {
    const chosen = await chooseOrRefuse(door, 'sei', file);
    const refused = (e: unknown) => {
      if (!(e instanceof UserError)) throw e;
      io.out(format === 'json' ? `${JSON.stringify({ imported: false, error: maskCpr(e.message) })}\n` : `${maskCpr(e.message)}\n`);
      return 1;
    };
    let plan;
    try {
      plan = await door.call('sei.importPreview', { fileId: chosen.fileId });
    } catch (e) {
      return refused(e);
    }
    const conflicts = plan.records.filter((r) => r.kind === 'konflikt');
    if (values['dry-run']) {
      await door.call('sei.importDiscard', { previewId: plan.previewId });
      const { previewId: _, ...shown } = plan;
      if (format === 'json') io.out(`${JSON.stringify({ imported: false, dryRun: true, ...shown })}\n`);
      else {
        io.out(`${name} (${plan.month}, dannet ${formatShortDate(plan.created.slice(0, 10))}) ville give: ${countsText(plan.counts)}. Intet er skrevet.\n`);
        for (const r of plan.records.filter((x) => x.kind !== 'ny').slice(0, 200)) {
          io.out(`  linje ${r.line}, ${r.dato}, id ${r.uid}: ${KIND_TEXT[r.kind]}${r.reason ? ` (${r.reason})` : ''}\n`);
          for (const ch of r.changes) io.out(`      ${ch.field}: her ${ch.local}, i filen ${ch.file}\n`);
        }
        if (conflicts.length) io.out('Konflikter beholder den lokale udgave; --take-file tager filens.\n');
      }
      return 0;
    }
    let result;
    try {
      result = await door.call('sei.importCommit', { previewId: plan.previewId, takeFile: values['take-file'] ? 'alle' : 'ingen' });
    } catch (e) {
      return refused(e);
    }
    if (format === 'json')
      io.out(
        `${JSON.stringify({ imported: true, ...result, conflicts: conflicts.map((r) => ({ line: r.line, uid: r.uid, reason: r.reason, changes: r.changes })) })}\n`,
      );
    else {
      io.out(
        `${name} (${result.month}) er indlæst: ${count(result.created, 'ny', 'nye')}, ${count(result.updated, 'rettet', 'rettede')}, ${count(result.cancelled, 'annulleret', 'annullerede')} og ${count(result.unchanged, 'uændret', 'uændrede')}.\n`,
      );
      if (result.keptLocal) {
        io.out(`${count(result.keptLocal, 'konflikt', 'konflikter')}: den lokale udgave er beholdt (kør igen med --take-file for at tage filens):\n`);
        for (const r of conflicts.slice(0, 200)) io.out(`  linje ${r.line}, ${r.dato}, id ${r.uid}: ${r.reason}\n`);
      }
      if (result.tookFile) io.out(`${count(result.tookFile, 'konflikt', 'konflikter')}: filens udgave er taget.\n`);
    }
    return 0;
  } finally {
    door.close();
  }
}

/** The file named on the command line, chosen as the window's dialog would; one that cannot be read is exit 2. */
async function chooseOrRefuse(door: FrontDoor, purpose: OpenPurpose, file: string) {
  try {
    const chosen = await door.call('files.choose', { purpose });
    if (!chosen) throw new UnreadableError(`Filen ${file} kan ikke læses.`);
    return chosen;
  } catch (e) {
    if (e instanceof UserError) throw new UnreadableError(fs.existsSync(file) ? e.message : `Filen ${file} findes ikke.`);
    throw e;
  }
}

const KIND_TEXT: Record<SeiImportKind, string> = { ny: 'ny', rettelse: 'rettes', annullering: 'annulleres', uaendret: 'uændret', konflikt: 'konflikt' };

function countsText(c: Record<SeiImportKind, number>): string {
  return `${c.ny} nye, ${c.rettelse} rettede, ${c.annullering} annullerede, ${c.uaendret} uændrede og ${c.konflikt} ${c.konflikt === 1 ? 'konflikt' : 'konflikter'}`;
}

async function backupCommand(rest: string[], dbPath: string, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { out: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Uventet argument: ${positionals[0]}`);
  if (!values.out) throw new UsageError('Angiv sikkerhedskopiens fil: --out FIL');
  const format = formatOf(values.format);
  requireDatabase(dbPath);
  const { db } = openDatabase(dbPath);
  try {
    const r = await backupTo(db, values.out);
    io.out(
      format === 'json'
        ? `${JSON.stringify({ file: path.resolve(r.file), bytes: r.bytes })}\n`
        : `Sikkerhedskopien er skrevet til ${r.file} (${mb(r.bytes)}).\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

async function restoreCommand(rest: string[], dbPath: string, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { yes: { type: 'boolean' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én sikkerhedskopi: restore FIL');
  const format = formatOf(values.format);
  const info = inspectBackup(positionals[0]!);
  const count = (x: number, one: string, many: string) => `${x.toLocaleString('da-DK')} ${x === 1 ? one : many}`;
  const holds = `${count(info.ydelser, 'ydelse', 'ydelser')}, ${count(info.forloeb, 'forløb', 'forløb')} og ${count(info.places, 'sted', 'steder')}; seneste eksport: ${info.lastExport ? `${info.lastExport.month} (${formatShortDate(info.lastExport.at.slice(0, 10))})` : 'ingen'}`;
  if (!values.yes) {
    io.out(
      format === 'json'
        ? `${JSON.stringify({ restored: false, info })}\n`
        : `${path.basename(info.file)} er en hel sikkerhedskopi (skemaversion ${info.schemaVersion}) med ${holds}.\nIntet er ændret. Kør igen med --yes for at gendanne databasen fra den.\n`,
    );
    return 1;
  }
  const { db } = openDatabase(dbPath);
  try {
    const r = await restoreFrom(db, dbPath, info.file);
    io.out(
      format === 'json'
        ? `${JSON.stringify({ restored: true, info: r.info, replacedCopy: r.replacedCopy })}\n`
        : `Databasen er gendannet fra ${path.basename(info.file)}: ${holds}.\nDatabasen, som den var, er gemt i ${r.replacedCopy}.\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toLocaleString('da-DK', { maximumFractionDigits: 1 })} MB`;

/** A command that reads a database must not make an empty one where the user mistyped the path. */
function requireDatabase(dbPath: string): void {
  if (!fs.existsSync(dbPath)) throw new UnreadableError(`Databasen ${dbPath} findes ikke. Angiv den med --db FIL.`);
}

function deadlinesCommand(rest: string[], dbPath: string, io: Io): number {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { date: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Uventet argument: ${positionals[0]}`);
  const format = formatOf(values.format);
  const today = values.date ?? localToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !parseFileDate(today)) throw new UsageError(`--date "${today}" er ikke en dato (ÅÅÅÅ-MM-DD).`);
  requireDatabase(dbPath);
  const { db } = openDatabase(dbPath);
  try {
    const { months } = monthsOverview(db, today);
    if (format === 'json') {
      const out = months.map((m) => ({
        month: m.month,
        state: m.state,
        label: m.label,
        deadline: m.deadline,
        daysLeft: m.daysLeft,
        total: m.total,
        blocked: m.blocked,
        blockers: m.blockers,
        message: m.message,
        lastExport: m.lastExport?.at ?? null,
        lastExportId: m.lastExport?.id ?? null,
        submittedAt: m.submittedAt,
      }));
      io.out(`${JSON.stringify({ date: today, months: out }, null, 2)}\n`);
    } else {
      io.out(
        table([
          ['Måned', 'Tilstand', 'Frist', 'Ydelser', 'Blokeret', 'Besked'],
          ...months.map((m) => [m.month, m.label, m.deadline, String(m.total), String(m.blocked), m.message]),
        ]),
      );
    }
    return 0;
  } finally {
    db.close();
  }
}

function sorRequestCommand(rest: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { from: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Uventet argument: ${positionals[0]}`);
  const format = formatOf(values.format);
  if (!values.from) throw new UsageError('Angiv felterne: --from FELTER.json');
  if (!values.out) throw new UsageError('Angiv filen, der skal skrives: --out FIL.eml');
  const text = readInput(values.from, 'json')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    throw new UnreadableError(`${values.from} er ikke gyldig JSON (${(e as Error).message}).`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new UnreadableError(`${values.from} skal indeholde ét JSON-objekt med ansøgningens felter.`);
  // the choices may be written with Danish letters ("genoptræningscenter") or without
  for (const k of ['institutionType', 'owner', 'kind'] as const) {
    const v = (input as Record<string, unknown>)[k];
    if (typeof v === 'string') (input as Record<string, unknown>)[k] = v.trim().toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa');
  }
  const known = new Set(Object.keys(EMPTY_FIELDS));
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  const typeProblems = Object.entries(input as Record<string, unknown>)
    .filter(([k, v]) => known.has(k) && typeof v !== typeof EMPTY_FIELDS[k as keyof typeof EMPTY_FIELDS])
    .map(([k]) => ({ field: k, message: `${FIELD_LABELS[k as keyof typeof FIELD_LABELS]} (${k}) har forkert type.` }));
  const result = sorEmailResult(typeProblems.length ? {} : (input as Partial<SorRequestFields>));
  const problems = [...unknown.map((k) => ({ field: k, message: `Ukendt felt "${k}".` })), ...typeProblems, ...(typeProblems.length ? [] : result.problems)];
  if (problems.length > 0 || !result.eml) {
    io.out(
      format === 'json'
        ? `${JSON.stringify({ written: false, problems })}\n`
        : `Ansøgningen er ikke skrevet. Ret ${problems.length === 1 ? 'dette' : `disse ${problems.length} punkter`}:\n${problems.map((p) => `  - ${p.message}`).join('\n')}\n`,
    );
    return 1;
  }
  try {
    writeFileAtomic(values.out, result.eml);
  } catch (e) {
    throw new UnreadableError((e as Error).message);
  }
  io.out(
    format === 'json'
      ? `${JSON.stringify({ written: true, file: path.resolve(values.out), to: result.email!.to, subject: result.email!.subject, mailto: result.mailto !== null })}\n`
      : `Ansøgningen er skrevet til ${values.out}: til ${result.email!.to}, emne "${result.email!.subject}". Åbn filen i mailprogrammet, og send den.\n`,
  );
  return 0;
}

async function sorCheckCommand(rest: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { types: { type: 'string' }, owner: { type: 'string' }, kommune: { type: 'string' }, date: { type: 'string' }, format: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Angiv præcis én SOR-fil: sor-check FIL');
  if (values.owner && values.kommune) throw new UsageError('Brug enten --owner eller --kommune, ikke begge.');
  const format = values.format ?? 'text';
  if (!['json', 'text', 'tekst', 'html', 'csv'].includes(format)) throw new UsageError(`Ukendt format "${format}": brug tekst, json, html eller csv.`);
  if (values.date && (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || !parseFileDate(values.date)))
    throw new UsageError(`--date "${values.date}" er ikke en dato (ÅÅÅÅ-MM-DD).`);
  let types = DEFAULT_TYPES;
  if (values.types) {
    let json: unknown;
    try {
      json = JSON.parse(
        readInput(values.types, 'json')
          .toString('utf8')
          .replace(/^\uFEFF/, ''),
      );
    } catch (e) {
      if (e instanceof UnreadableError) throw e;
      throw new UnreadableError(`${values.types} er ikke gyldig JSON (${(e as Error).message}).`);
    }
    types = parseTypes(json, values.types);
  }
  const result = await checkSorFile(positionals[0]!, types, values.date, { owner: values.owner, kommune: values.kommune });
  io.out(
    format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : format === 'csv'
        ? findingsCsv(result)
        : format === 'html'
          ? findingsHtml(result, path.basename(positionals[0]!))
          : findingsText(result),
  );
  return 0;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  // Global options may stand anywhere; the command's own are parsed by the command.
  let dbFlag: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') {
      dbFlag = argv[++i];
      if (!dbFlag) {
        io.err('Forkert brug: --db skal efterfølges af en filsti.\n');
        return 2;
      }
    } else if (a.startsWith('--db=')) dbFlag = a.slice(5);
    else args.push(a);
  }
  if (args.length === 0 || args.includes('--help') || args.includes('-h') || args[0] === 'help') {
    io.out(HELP);
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === '--version') {
    io.out(`${APP_VERSION}\n`);
    return 0;
  }
  const dbPath = resolveDbPath(dbFlag, io.env);
  const [command, sub, ...rest] = args;
  try {
    switch (command) {
      case 'places':
        return placesCommand(sub, rest, dbPath, io);
      case 'import-activities':
        return await importCommand(args.slice(1), dbPath, io);
      case 'sei-export':
        return seiExportCommand(args.slice(1), dbPath, io);
      case 'sei-import':
        return await seiImportCommand(args.slice(1), dbPath, io);
      case 'deadlines':
        return deadlinesCommand(args.slice(1), dbPath, io);
      case 'sor-request':
        return sorRequestCommand(args.slice(1), io);
      case 'sor-check':
        return await sorCheckCommand(args.slice(1), io);
      case 'sks-load':
        return await sksCommand(args.slice(1), dbPath, io);
      case 'backup':
        return await backupCommand(args.slice(1), dbPath, io);
      case 'restore':
        return await restoreCommand(args.slice(1), dbPath, io);
      default:
        throw new UsageError(`Ukendt kommando: ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`Forkert brug: ${(e as Error).message}\nSe: sei-genoptraening --help\n`);
      return 2;
    }
    if (e instanceof UserError || e instanceof UnreadableError) {
      io.err(`${maskCpr(e.message)}\n`);
      return 2;
    }
    if (isBusy(e)) {
      io.err(`${BUSY_MESSAGE}\n`);
      return 2;
    }
    // a fault in the program itself: said in Danish, with the details for support (CPR numbers masked)
    io.err(
      `Der opstod en uventet fejl i SEI Genoptræning. Hvad der var gemt før fejlen, er gemt; resten er ikke. Send dette til support:\n${maskCpr((e as Error).stack ?? String(e))}\n`,
    );
    return 3;
  }
}
