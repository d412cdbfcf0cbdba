// The whole backend: one handler per call of the contract (schemas/api.ts). Plain Node; never imports electron.

import type { AppInfo, Handlers, ImportPreview, ImportStatus } from '../../schemas/api.ts';
import { localToday } from '../../schemas/dates.ts';
import type { DB } from '../../db/open.ts';
import { allPlaceFacts, createPlace, getPlace, listPlaces, placeHistory, setPlaceActive, updatePlace } from '../../db/places.ts';
import { createForloeb, forloebHistory, getForloeb, listForloeb, replaceGgop, replacedGgops, updateForloeb } from '../../db/forloeb.ts';
import { createYdelser, deleteYdelse, getYdelse, listDeletedYdelser, listYdelser, restoreYdelse, updateYdelse, ydelseHistory } from '../../db/ydelser.ts';
import { replaceSksList, searchSks, sksListInfo, type SksEntry } from '../../db/sks.ts';
import type { Analysis, ImportResult } from '../services/ydelse-csv-import.ts';
import { ImportJobs } from '../services/import-jobs.ts';
import { diffSksList, parseSksList } from '../services/sks-import.ts';
import {
  checkHeader,
  exportedFile,
  exportMonth,
  exportPerPlace,
  nextExportFileName,
  planExport,
  refuseEmpty,
  type ExportPlan,
} from '../services/sei-export.ts';
import { type ReadBefore, readBefore } from '../../db/busy.ts';
import { dialectOf } from '../../db/dialect.ts';
import { getKlSettings, setKlSettings } from '../../db/kl-gateway.ts';
import { listExportRows } from '../../db/sei.ts';
import { applySeiFile, lookUpSeiFile, parseSeiFileInSlices, planSeiImport, type SeiFile, type SeiLookedUp } from '../services/sei-import.ts';
import { Pending } from '../services/pending.ts';
import { afterAsking } from './busy-retry.ts';
import { automaticBackups, backupDir, backupKeep, backupTo, inspectBackup, restoreFrom, setBackupDir, setBackupKeep } from '../../db/backup.ts';
import path from 'node:path';
import { markSubmitted, monthsOverview, sevenDayOverview, unmarkSubmitted } from '../services/months.ts';
import { getReportSettings, setReportSettings } from '../../db/settings.ts';
import { listSorRequests, markSorRequestSent, prefillSorRequest, saveSorRequest } from '../../db/sor-requests.ts';
import { receiveSorCode } from '../services/sor-code.ts';
import { checkSorRequest } from '../../schemas/sor-request.ts';
import { sorEmailResult } from '../services/sor-email.ts';
import { getSorTypes, setSorTypes, SorJobs, typesFromClassification } from '../services/sor/jobs.ts';
import { ChosenFiles } from '../services/chosen-files.ts';
import { writeFileAtomic } from '../services/atomic-file.ts';
import { UserError } from '../../schemas/errors.ts';
import type { OpenPurpose, TableFormat } from '../../schemas/files.ts';
import type { ListSpec } from '../services/lists/list-export.ts';

/** The system's file dialogs, where there are any (the desktop); each answers a path, or null when cancelled. */
export interface FileDialogs {
  open(purpose: OpenPurpose): Promise<string | null>;
  save(fileName: string): Promise<string | null>;
}

/** The desktop's printing of a report page (electron/report-printer.ts): to a PDF, or through the print dialog. */
export interface ReportPrinter {
  pdf(html: string): Promise<Buffer>;
  /** False when the user cancelled the print dialog. */
  print(html: string): Promise<boolean>;
}

export interface Context {
  db: DB;
  /** The files the user has chosen (by dialog or upload). */
  files: ChosenFiles;
  /** Absent in browser mode, where the browser chooses and saves files. */
  dialogs?: FileDialogs;
  /** Absent in browser mode (the browser prints) and on the command line. */
  printer?: ReportPrinter;
  info: AppInfo;
  /** The OS user, written into the change history. */
  actor: string;
  /** Today's date (YYYY-MM-DD); tests fix it. */
  today?: () => string;
  /**
   * The desktop's choice of database (the shell keeps it, the password in the OS keychain, and restarts the program);
   * absent in browser mode and on the command line, where --db or SEI_GENOPTRAENING_DB chooses.
   */
  chooseStore?: (url: string | null, password: string | undefined) => Promise<void>;
}

const SHOWN_ISSUES = 500;

/** Backups are of a database file; a kommune's shared database is backed up by its server (the DBA's pg_dump). */
function fileStoreOnly(db: DB): object {
  if (dialectOf(db) !== 'pg') return {};
  throw new UserError(
    'Den fælles database sikkerhedskopieres på serveren af kommunens databaseadministrator (fx pg_dump); programmet tager kun kopier af en databasefil.',
  );
}
const SHOWN_PREVIEW = 1000;

function preview(a: Analysis): ImportPreview {
  return {
    fileName: a.fileName,
    encoding: a.encoding,
    separator: a.separator,
    columns: a.columns,
    totalRows: a.totalRows,
    validRows: a.rows.length,
    badRows: a.badRows.length,
    duplicates: a.duplicates,
    errorCount: a.errors.length,
    errors: a.errors.slice(0, SHOWN_ISSUES),
    warningCount: a.warningCount,
    warnings: a.warnings.slice(0, SHOWN_ISSUES),
    newPlaces: a.newPlaces.slice(0, 100),
  };
}

function summary(r: ImportResult) {
  return {
    imported: r.imported,
    rejected: r.rejected,
    duplicates: r.duplicates,
    warnings: r.warnings,
    placesCreated: r.placesCreated,
    forloebCreated: r.forloebCreated,
    refused: r.batchId === null,
    rejectCsv: r.rejectCsv,
  };
}

const klGateway = () => import('../services/kl-gateway/deliver.ts');
type KlLook = import('../services/kl-gateway/deliver.ts').KlLook;
// exceljs is loaded on the first export of a list, not at every start
const lists = () => import('../services/lists/list-export.ts');
type Lists = Awaited<ReturnType<typeof lists>>;

export function createHandlers(ctx: Context): Handlers {
  const { db, actor } = ctx;
  const today = ctx.today ?? (() => localToday());
  const jobs = new ImportJobs(db, today);
  const sorJobs = new SorJobs(db);
  const { files } = ctx;
  const restores = new Pending<string>('Den valgte sikkerhedskopi er ikke længere klar. Vælg den igen.');
  const sksPreviews = new Pending<{ entries: SksEntry[]; fileName: string }>('Forhåndsvisningen af kodelisten er udløbet. Vælg filen igen.');
  /** The whole count of the last "Dan leverance" that found nothing to deliver: what a status check asked next takes. */
  let klLook: KlLook | undefined;
  const seiPreviews = new Pending<{ file: SeiFile; fileName: string; lookedUp: SeiLookedUp }>('Forhåndsvisningen af SEI-filen er udløbet. Vælg filen igen.');
  /** A list to .xlsx or CSV: to the file the user chooses, or, in browser mode, as the download's bytes. */
  const exportList = async <F, T>(pick: (l: Lists) => ListSpec<F, T>, filter: F, format: TableFormat) => {
    const l = await lists();
    const spec = pick(l);
    const fileName = l.listFileName(spec, format, today(), filter);
    if (!ctx.dialogs) {
      const { rows, bytes } = await l.listBytes(spec, db, filter, format, today());
      return {
        fileName,
        rows,
        savedTo: null,
        text: format === 'csv' ? bytes.toString('utf8') : null,
        base64: format === 'xlsx' ? bytes.toString('base64') : null,
      };
    }
    const target = await ctx.dialogs.save(fileName);
    if (target === null) return null;
    const rows = await l.writeList(spec, db, filter, format, target, today());
    return { fileName, rows, savedTo: target, text: null, base64: null };
  };
  const dialogs = (): FileDialogs => {
    if (!ctx.dialogs) throw new UserError('Filer vælges og gemmes i browseren, når programmet kører i browser-tilstand.');
    return ctx.dialogs;
  };
  const printer = (): ReportPrinter => {
    if (!ctx.printer) throw new UserError('Rapporter udskrives fra browserens eget udskriftsvindue, når programmet kører i browser-tilstand.');
    return ctx.printer;
  };
  return {
    'app.info': () => ctx.info,
    'store.choose': async (a) => {
      if (!ctx.chooseStore) {
        throw new UserError('Her vælges databasen, når programmet startes: med --db eller SEI_GENOPTRAENING_DB (en fil eller en postgres://-adresse).');
      }
      if (a.url !== null) {
        // the login, the password and the schema are tried before anything is kept
        const { openPgStore } = await import('../../db/pg/open-pg.ts');
        openPgStore(a.url, a.password).db.close();
      }
      await ctx.chooseStore(a.url, a.url === null ? undefined : a.password);
      return { restarting: true };
    },
    'files.choose': async (a) => {
      const chosen = await dialogs().open(a.purpose);
      return chosen === null ? null : files.info(files.addPath(chosen, a.purpose));
    },
    'files.save': async (a) => {
      const target = await dialogs().save(a.fileName);
      if (target === null) return { savedTo: null };
      writeFileAtomic(target, a.text); // no database: nothing to wait for
      return { savedTo: target };
    },
    'files.print': async (a) => ({ printed: await printer().print(a.html) }),
    'files.savePdf': async (a) => {
      const p = printer();
      const target = await dialogs().save(a.fileName);
      if (target === null) return { savedTo: null };
      writeFileAtomic(target, await p.pdf(a.html));
      return { savedTo: target };
    },
    'places.list': (a) => listPlaces(db, a),
    'places.exportList': ({ format, ...filter }) => exportList((l) => l.PLACE_LIST, filter, format),
    'places.get': (a) => getPlace(db, a.id),
    'places.create': (a) => createPlace(db, a.place, actor),
    'places.update': (a) => updatePlace(db, a.id, a.place, actor, undefined, a.basedOn),
    'places.setActive': (a) => setPlaceActive(db, a.id, a.active, actor),
    'places.history': (a) => placeHistory(db, a.id),
    'forloeb.list': (a) => listForloeb(db, a, today()),
    'forloeb.exportList': ({ format, ...filter }) => exportList((l) => l.FORLOEB_LIST, filter, format),
    'forloeb.get': (a) => getForloeb(db, a.id, today()),
    'months.sevenDay': (a) => sevenDayOverview(db, today(), a.months),
    'months.sevenDayExport': ({ format, ...o }) => exportList((l) => l.SEVEN_DAY_LIST, o, format),
    'forloeb.create': (a) => createForloeb(db, a.forloeb, actor, today()),
    'forloeb.update': (a) => updateForloeb(db, a.id, a.forloeb, actor, today(), undefined, a.basedOn),
    'forloeb.replaceGgop': (a) => replaceGgop(db, a.id, a.ggop, actor, today(), undefined, a.basedOn),
    'forloeb.replacedGgops': (a) => {
      getForloeb(db, a.id, today());
      return replacedGgops(db, a.id);
    },
    'forloeb.history': (a) => forloebHistory(db, a.id, today()),
    'ydelser.list': (a) => listYdelser(db, a, today()),
    'ydelser.exportList': ({ format, ...filter }) => exportList((l) => l.YDELSE_LIST, filter, format),
    'ydelser.create': (a) => createYdelser(db, a.forloebId, a.dates, a, actor, today()),
    'ydelser.get': (a) => getYdelse(db, a.id, today()),
    'ydelser.update': (a) => updateYdelse(db, a.id, a.ydelse.dato, a.ydelse, actor, today(), undefined, a.basedOn),
    'ydelser.delete': (a) => {
      deleteYdelse(db, a.id, actor, today());
      return { deleted: true as const };
    },
    'ydelser.history': (a) => ydelseHistory(db, a.id),
    'ydelser.deleted': (a) => listDeletedYdelser(db, a.limit),
    'ydelser.restore': (a) => restoreYdelse(db, a.id, actor, today()),
    'sks.status': () => sksListInfo(db),
    'sks.preview': (a) => {
      const f = files.readAll(a.fileId);
      const entries = parseSksList(f.bytes, f.name);
      return { previewId: sksPreviews.add({ entries, fileName: f.name }), fileName: f.name, ...diffSksList(db, entries) };
    },
    'sks.load': (a) => {
      const p = sksPreviews.get(a.previewId);
      const info = replaceSksList(db, p.entries, p.fileName, actor);
      sksPreviews.take(a.previewId);
      return info;
    },
    'sks.discard': (a) => {
      sksPreviews.take(a.previewId);
      return { discarded: true as const };
    },
    'sks.search': (a) => searchSks(db, a.term, a.day),
    'import.analyse': (a) => {
      const f = files.readAll(a.fileId);
      return { jobId: jobs.start(f.name, f.bytes).id };
    },
    'import.status': (a): ImportStatus => {
      const j = jobs.get(a.jobId);
      return {
        state: j.state,
        done: j.done,
        total: j.total,
        message: j.message,
        preview: j.analysis ? preview(j.analysis) : null,
        result: j.result ? summary(j.result) : null,
      };
    },
    'import.commit': (a) => summary(jobs.commit(a.jobId, a.skipInvalid, actor)),
    'import.discard': (a) => {
      jobs.discard(a.jobId);
      return { discarded: true as const };
    },
    'months.overview': () => ({ today: today(), ...monthsOverview(db, today()) }),
    'sei.plan': (a) => {
      const plan = planExport(db, a.month, today());
      return {
        month: plan.month,
        counts: plan.counts,
        unchanged: plan.unchanged,
        pendingCount: plan.pending.length,
        pending: plan.pending.slice(0, SHOWN_ISSUES).map((p) => ({
          ydelseId: p.ydelseId,
          cpr: p.cpr,
          dato: p.dato,
          message: p.errors.map((e) => e.message).join(' '),
          placeId: p.errors.find((e) => e.placeId !== undefined)?.placeId ?? null,
        })),
        warnings: plan.warnings,
        places: exportPerPlace(plan, allPlaceFacts(db)),
      };
    },
    'sei.export': async (a) => {
      const header = checkHeader({ ...getReportSettings(db), ...a.header });
      let target: string | undefined;
      let planned: ReadBefore<ExportPlan> | undefined;
      if (ctx.dialogs) {
        // refuse before asking where to save, when there is nothing to export; the plan is used by the export
        // itself unless something is committed while the dialog is open
        planned = readBefore(db, () => planExport(db, a.month, today()));
        refuseEmpty(planned.value);
        const chosen = await ctx.dialogs.save(nextExportFileName(db, a.month, header.kommunekode));
        if (chosen === null) return null;
        target = chosen;
      }
      const r = await afterAsking(() => exportMonth(db, a.month, header, actor, new Date(), today(), { target, planned }));
      const done = {
        exportId: r.exportId,
        fileName: r.fileName,
        sha256: r.sha256,
        records: r.plan.records.length,
        counts: r.plan.counts,
        pending: r.plan.pending.length,
        warnings: r.plan.warnings.reduce((n, w) => n + w.count, 0),
      };
      return { ...done, savedTo: target ?? null, text: target ? null : r.xml() };
    },
    'sei.exportFile': async (a) => {
      const f = exportedFile(db, a.exportId);
      if (!ctx.dialogs) return { fileName: f.fileName, sha256: f.sha256, savedTo: null, text: f.bytes.toString('utf8') };
      const target = await ctx.dialogs.save(f.fileName);
      if (target !== null) writeFileAtomic(target, f.bytes);
      return { fileName: f.fileName, sha256: f.sha256, savedTo: target, text: null };
    },
    'sei.exports': (a) => listExportRows(db, a.month, a.sort),
    'sei.exportsList': ({ format, ...filter }) => exportList((l) => l.EXPORT_LIST, filter, format),
    'sei.markSubmitted': (a) => {
      markSubmitted(db, a.month, actor);
      return { marked: true as const };
    },
    'sei.unmarkSubmitted': (a) => {
      unmarkSubmitted(db, a.month);
      return { unmarked: true as const };
    },
    'sei.importPreview': async (a) => {
      const f = files.readAll(a.fileId);
      const file = await parseSeiFileInSlices(f.bytes, f.name);
      // what the database has of the records is looked up once: the import uses it again unless something is written
      // before it
      const lookedUp = lookUpSeiFile(db, file);
      const plan = planSeiImport(db, file, f.name, lookedUp.value);
      const previewId = seiPreviews.add({ file, fileName: f.name, lookedUp });
      const ordered = [...plan.records.filter((r) => r.kind === 'konflikt'), ...plan.records.filter((r) => r.kind !== 'konflikt')];
      return {
        previewId,
        fileName: f.name,
        month: plan.month,
        created: plan.created,
        counts: plan.counts,
        records: ordered.slice(0, SHOWN_PREVIEW),
        recordsTotal: ordered.length,
      };
    },
    'sei.importCommit': (a) => {
      // taken only once written: a call the dispatcher tries again (database busy) finds it still
      const p = seiPreviews.get(a.previewId);
      const result = applySeiFile(db, p.file, p.fileName, actor, Array.isArray(a.takeFile) ? new Set(a.takeFile) : a.takeFile, new Date(), p.lookedUp);
      seiPreviews.take(a.previewId);
      return result;
    },
    'sei.importDiscard': (a) => {
      seiPreviews.take(a.previewId);
      return { discarded: true as const };
    },
    'sorRequests.list': (a) => listSorRequests(db, a.placeId),
    'sorRequests.prefill': (a) => prefillSorRequest(db, getPlace(db, a.placeId)),
    'sorRequests.save': (a) => {
      const { problems } = checkSorRequest(a.fields);
      return { request: saveSorRequest(db, a.id, a.placeId, a.fields, actor), problems };
    },
    'sorRequests.email': (a) => sorEmailResult(a.fields),
    'sorRequests.markSent': (a) => markSorRequestSent(db, a.id, a.date, actor),
    'sorRequests.codeReceived': (a) =>
      receiveSorCode(db, a.id, a.code, actor, (placeId) => listYdelser(db, { placeId, onlyNotReportable: true, limit: 1 }, today()).total),
    'sor.read': (a) => ({ jobId: sorJobs.read(files.get(a.fileId), () => files.release(a.fileId)).id }),
    'sor.status': (a) => {
      const j = sorJobs.get(a.jobId);
      return { state: j.state, done: j.done, total: j.total, message: j.message, snapshotDate: j.tree?.snapshotDate || null, owners: sorJobs.owners(a.jobId) };
    },
    'sor.findingsList': ({ format, ...filter }) => exportList((l) => l.SOR_FINDING_LIST, filter, format),
    'sor.check': (a) => sorJobs.check(a.jobId, a.owner, a.date, actor),
    'sor.types.get': () => getSorTypes(db),
    'sor.types.set': (a) => setSorTypes(db, a),
    'sor.types.fromClassification': (a) => {
      const f = files.readAll(a.fileId);
      return typesFromClassification(f.bytes, f.name, getSorTypes(db));
    },
    'backup.status': () => ({
      ...fileStoreOnly(db),
      folder: backupDir(ctx.info.dbPath, db),
      chosen: backupDir(ctx.info.dbPath, db) !== backupDir(ctx.info.dbPath),
      keep: backupKeep(db),
      automatic: automaticBackups(ctx.info.dbPath, db),
    }),
    'backup.setFolder': (a) => {
      fileStoreOnly(db);
      setBackupDir(db, a.folder);
      return { folder: backupDir(ctx.info.dbPath, db) };
    },
    'backup.setKeep': (a) => ({ ...fileStoreOnly(db), keep: setBackupKeep(db, a.keep) }),
    'backup.now': async () => {
      fileStoreOnly(db);
      const name = `SEI-Genoptraening-sikkerhedskopi-${today()}.sqlite`;
      const target = ctx.dialogs
        ? await ctx.dialogs.save(name)
        : path.join(backupDir(ctx.info.dbPath, db), `manuel-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
      return target === null ? null : afterAsking(() => backupTo(db, target));
    },
    'backup.inspect': (a) => {
      fileStoreOnly(db);
      const chosen = files.get(a.fileId);
      const info = inspectBackup(chosen.path);
      return { restoreId: restores.add(chosen.id), info };
    },
    'backup.restore': async (a) => {
      fileStoreOnly(db);
      const fileId = restores.get(a.restoreId);
      const r = await restoreFrom(db, ctx.info.dbPath, files.get(fileId).path);
      restores.take(a.restoreId);
      files.release(fileId);
      return r;
    },
    // the KL Gateway report's code (FHIRPath, Ajv, FHIR R4's schema) is loaded on its first use, not at every start
    'kl.status': async (a) => (await klGateway()).klStatus(db, today(), a.check, klLook),
    'kl.export': async (a) => {
      const { exportKlDelivery, klAnythingToDeliver, refuseNothingToDeliver, warmKlDelivery } = await klGateway();
      const until = a.until ?? today();
      const now = new Date();
      let target: string | undefined;
      let source: ReturnType<typeof klAnythingToDeliver>['source'] | undefined;
      if (ctx.dialogs) {
        // refuse before asking where to save, when there is nothing to deliver (found at the first citizen with a
        // report: the delivery itself builds and checks every report as it writes them, one citizen at a time); the
        // rows read for it are built from again unless something is written while the dialog is open
        const first = klAnythingToDeliver(db, today(), until, now);
        klLook = first.summary ?? undefined;
        refuseNothingToDeliver(first);
        source = first.source;
        // the delivery's threads load while the user chooses where to save
        warmKlDelivery();
        const chosen = await ctx.dialogs.save(`KL-Gateway-leverance-${until}.json`);
        if (chosen === null) return null;
        target = chosen;
      }
      const r = await afterAsking(() => exportKlDelivery(db, { today: today(), until, actor, target, now, source }));
      const { bytes, ...rest } = r;
      return { ...rest, savedTo: target ?? null, text: target ? null : bytes().toString('utf8') };
    },
    'kl.settings.get': () => getKlSettings(db),
    'kl.settings.set': (a) => setKlSettings(db, a),
    'settings.get': () => getReportSettings(db),
    'settings.set': (a) => setReportSettings(db, a),
  };
}
