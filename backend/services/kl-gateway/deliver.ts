// A delivery to KL Gateway: what changed since the last one, as one report per citizen and day of change (the sister
// guide's "at most one day of changes per report"), each holding the citizen, the changed resources and every
// resource they reference; validated before anything is written; wrapped as an incremental delivery. The guide names
// no endpoint: the delivery is a file. It is written whole (temporary file, rename) before it is recorded, in one
// transaction with what was sent, so a failed write records nothing and the next delivery still has everything.

import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { type ReadBefore, readBefore, unchangedSince } from '../../../db/busy.ts';
import { type Delivered, deliveredResources, getKlSettings, klDeliveryFile, klSourceRows, lastKlDelivery, recordKlDelivery } from '../../../db/kl-gateway.ts';
import type { DB } from '../../../db/open.ts';
import { installationId } from '../../../db/settings.ts';
import { count } from '../../../schemas/danish.ts';
import { formatShortDate, localToday } from '../../../schemas/dates.ts';
import { UserError } from '../../../schemas/errors.ts';
import { maskCpr } from '../../../schemas/privacy.ts';
import { PROFILE } from '../../../schemas/kl-gateway.ts';
import { MadeFile } from '../made-file.ts';
import { klBuilder, stableId, type Built, type Json } from './build.ts';
import { checkThread } from './check-thread.ts';
import { checkedResources, type Problem, validateReport } from './validate.ts';

export interface KlReport {
  cpr: string;
  day: string;
  bundle: Json;
  /** The resources in the report, to record as delivered. */
  sent: Built[];
}

export interface KlPlan {
  reports: KlReport[];
  /** Per blocked citizen (masked CPR), what keeps the report back; the rest goes. */
  blocked: { cpr: string; problems: string[] }[];
  /** Changes after `until`: they wait for a later delivery. */
  waiting: number;
  placesWithoutSor: string[];
}

/** A resource as it goes in the file, and the hash of what it says. */
interface Sealed {
  text: string;
  hash: string;
}
/**
 * The hash of what a resource says (seal), made once and kept with it (Built.hash). Its text is not kept: a
 * delivery's texts are the size of its file (123 MB for 100,000 ydelser), and kept until the file was written they
 * were copied from one generation of the heap to the next. (Kept in a WeakMap by resource before: its 170,000
 * entries a delivery were ~0.1 s of the collector's time.)
 */
function hashed(b: Built): string {
  return b.hash ?? seal(b).hash;
}

/**
 * A resource's JSON (for the file) and the hash of what it says, its lastUpdated aside: unchanged content is not sent
 * again. The hash is of the resource with its meta last, without lastUpdated, as every delivery has recorded it; that
 * text is cut from the resource's own JSON, not made again.
 */
function seal(b: Built): Sealed {
  const resource = b.resource;
  const text = JSON.stringify(resource);
  const [before, after, metaLast] = metaAfterType(text, resource) ?? metaAnywhere(text, resource);
  // one text, hashed at once (a Hash object and three updates per resource cost more than joining them)
  b.hash = crypto.hash('sha256', `${before}${after}${before.length + after.length > 1 ? ',' : ''}${metaLast}}`);
  return { text, hash: b.hash };
}

/**
 * The parts of the hashed text: the resource's JSON before and after its meta (without the comma between), and
 * `"meta":` with meta's JSON without lastUpdated.
 */
type SealParts = [before: string, after: string, metaLast: string];

/**
 * The parts read off the resource's JSON as every resource this app makes has it: its meta right after its type and
 * holding only its profiles and lastUpdated, last (null: otherwise). Meta's JSON without lastUpdated is meta's own text
 * with that member cut (nothing else in it is an object, so the member is found unambiguously): ~0.1 s less for a
 * delivery of 100,000 ydelser than making meta's JSON twice over and looking for it.
 */
function metaAfterType(text: string, resource: Json): SealParts | null {
  const meta = resource.meta as Json | undefined;
  if (!meta || typeof resource.resourceType !== 'string' || typeof meta.lastUpdated !== 'string') return null;
  let keys = 0;
  for (const k in meta) if (++keys > 2 || (k !== 'lastUpdated' && (k !== 'profile' || keys !== 1))) return null;
  if (keys === 2 && !(Array.isArray(meta.profile) && meta.profile.every((p) => typeof p === 'string'))) return null;
  const head = `{"resourceType":${JSON.stringify(resource.resourceType)},"meta":{`;
  if (!text.startsWith(head)) return null;
  const updated = `"lastUpdated":${JSON.stringify(meta.lastUpdated)}}`;
  const at = text.indexOf(updated, head.length - 1);
  if (at < 0) return null;
  const metaOpen = head.length - 1;
  return [text.slice(0, head.length - 9), text.slice(at + updated.length, -1), `"meta":${text.slice(metaOpen, text[at - 1] === ',' ? at - 1 : at)}}`];
}

/** The parts for any resource: meta's JSON made again, with and without lastUpdated, and looked for in the resource's. */
function metaAnywhere(text: string, resource: Json): SealParts {
  const { lastUpdated: _, ...m } = (resource.meta ?? {}) as Json;
  const metaLast = `"meta":${JSON.stringify(m)}`;
  if (resource.meta === undefined) return [text.slice(0, -1), '', metaLast];
  // the resource's JSON around its meta (and the comma before or after it)
  const piece = `"meta":${JSON.stringify(resource.meta)}`;
  const i = text.indexOf(piece);
  const j = i + piece.length;
  return [text.slice(0, text[i - 1] === ',' ? i - 1 : i), text.slice(text[j] === ',' && text[i - 1] !== ',' ? j + 1 : j, -1), metaLast];
}

/** An object's JSON up to its last element, `entry`, opened: the entries and "]}" follow. */
function entriesHead(o: Json): string {
  const { entry: _, ...rest } = o;
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)}${head === '{}' ? '' : ','}"entry":[`;
}

/**
 * A delivery report's JSON, each resource in it the text sealed for it: what goes in the file, and what the check
 * thread reads back and checks before it is written (one text: made once, written and handed over as it is).
 */
function reportText(report: { bundle: Json; sent: Built[] }): string {
  const entries = report.bundle.entry as { fullUrl: string; resource: Json }[];
  const parts = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const b = report.sent[i]!;
    if (entries[i]!.resource !== b.resource) throw new Error('KL Gateway: a report’s entries and its resources are not in the same order');
    // hashed once; an Organization goes in many reports
    parts[i] = `{"fullUrl":${JSON.stringify(entries[i]!.fullUrl)},"resource":${b.hash !== undefined ? JSON.stringify(b.resource) : seal(b).text}}`;
  }
  return `${entriesHead(report.bundle)}${parts.join(',')}]}`;
}

/** What keeps a report back, in Danish, naming its day, the resource and the field. */
const reportProblems = (day: string, found: readonly Problem[]) =>
  found.map((p) => `Rapporten for ${formatShortDate(day)}: ${p.resource}, ${p.field}: ${p.message}.`);

/** What keeps a citizen back: its reports' problems (`found`, per report, in order), or null when there are none. */
function citizenProblems(reports: readonly KlReport[], found: readonly (readonly Problem[])[]): string[] | null {
  const problems = found.flatMap((f, i) => reportProblems(reports[i]!.day, f));
  return problems.length > 0 ? problems : null;
}

/**
 * A delivered resource no longer made (a deleted ydelse, a forløb moved to another CPR number): marked in error, as
 * the guide says per type. A Patient has no status: `active = false` is its error registration (the citizen whose
 * every forløb moved to another CPR number; without it, that citizen's report could never pass).
 */
function retracted(resource: Json, at: string): Json {
  const r = structuredClone(resource) as Json & { meta?: Json; activity?: { detail?: Json }[] };
  r.meta = { ...(r.meta ?? {}), lastUpdated: at };
  if (r.resourceType === 'Condition')
    r.verificationStatus = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' }] };
  else if (r.resourceType === 'Patient') r.active = false;
  else r.status = 'entered-in-error';
  return r;
}

/**
 * The resources of earlier deliveries, read from their files when one must be sent again as entered-in-error (each
 * file read once, and only then: a resource is kept once, in the file that delivered it last).
 */
function deliveredReader(db: DB): (deliveryId: number, id: string) => Json | null {
  const files = new Map<number, Map<string, Json>>();
  return (deliveryId, id) => {
    let byId = files.get(deliveryId);
    if (!byId) {
      byId = new Map();
      const file = klDeliveryFile(db, deliveryId);
      const delivery = file ? (JSON.parse(zlib.gunzipSync(file).toString('utf8')) as { entry?: { resource: { entry?: { resource: Json }[] } }[] }) : {};
      for (const report of delivery.entry ?? []) for (const e of report.resource.entry ?? []) byId.set(String(e.resource.id), e.resource);
      files.set(deliveryId, byId);
    }
    return byId.get(id) ?? null;
  };
}

/**
 * The references a resource holds, at any depth (its meta aside: profiles and times). Only objects are gone into: a
 * call per value cost a large delivery ~0.2 s, most of it on texts.
 */
function refsOf(v: object, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object') refsOf(x, out);
    return;
  }
  const o = v as Json;
  if (typeof o.reference === 'string') out.add(o.reference);
  for (const k in o) {
    const x = o[k];
    if (x !== null && typeof x === 'object' && k !== 'meta') refsOf(x, out);
  }
}

/** Every forløb and ydelse as the reports are built from them (klSourceRows). */
type SourceRows = ReturnType<typeof klSourceRows>;

/**
 * The rows read for a first look before the save dialog (klAnythingToDeliver): the delivery builds from them again
 * when nothing has been written since, instead of reading every forløb and ydelse a second time (1,000,000 ydelser:
 * 2–6 s a read).
 */
export type SourceRead = ReadBefore<SourceRows>;

/** One citizen's part of the next delivery: its reports, or what keeps them back. */
interface CitizenPlan {
  cpr: string;
  /** Its reports, day by day (none when it is blocked). */
  reports: KlReport[];
  /** What keeps its reports back (null: nothing). */
  problems: string[] | null;
  /** Its changes on days after `until`: they wait for a later delivery. */
  waiting: number;
}

/**
 * The next delivery, citizen by citizen in CPR order: what changed since the last delivery as one report per day of
 * changes (days after `until` wait), each holding the citizen, the changed resources and everything they reference,
 * and checked. One citizen's resources are held at a time: a whole kommune's at once (170,000 resources for 100,000
 * ydelser) kept the collector busy for seconds. A citizen with one report in error is held back whole: no later day
 * goes before the earlier one is right. Returns the places without a SOR code. Without `check`, the reports are not
 * checked here: the delivery has them checked on the check thread (exportKlDelivery).
 */
function* citizenPlans(db: DB, today: string, until: string, now: Date, check = true, rows: SourceRows = klSourceRows(db)): Generator<CitizenPlan, string[]> {
  const installation = installationId(db);
  const builder = klBuilder(rows, getKlSettings(db), installation, today);
  const delivered = deliveredResources(db);
  const at = now.toISOString();
  // what was delivered of each citizen (an Organization goes along with what references it)
  const deliveredOf = new Map<string, [string, Delivered][]>();
  for (const [key, d] of delivered) {
    if (key.startsWith('organization:')) continue;
    let list = deliveredOf.get(d.cpr);
    if (!list) deliveredOf.set(d.cpr, (list = []));
    list.push([key, d]);
  }
  const earlier = deliveredReader(db);
  const checked = check ? checkedResources() : null;
  // by CPR number (masked only when shown: two citizens may share a birth date)
  for (const cpr of [...new Set([...builder.citizens, ...deliveredOf.keys()])].sort()) {
    const built = builder.citizen(cpr);
    // its resources by their reference, for the references a report must carry along
    const byRef = new Map<string, Built>();
    const changed: Built[] = [];
    for (const b of built.resources.values()) {
      byRef.set(`${b.resource.resourceType}/${b.resource.id}`, b);
      const before = delivered.get(b.key);
      if (b.resource.status === 'entered-in-error' && !before) continue; // deleted before it was ever sent: nothing to correct
      if (!before || before.hash !== hashed(b)) changed.push(b);
    }
    // delivered, and no longer made: sent again as entered-in-error
    for (const [key, d] of deliveredOf.get(cpr) ?? []) {
      if (built.resources.has(key)) continue;
      const sent = d.resource !== null ? (JSON.parse(d.resource) as Json) : earlier(d.deliveryId, stableId(installation, key));
      if (!sent) throw new Error(`KL Gateway: ${key} is recorded as delivered in delivery ${d.deliveryId}, whose file does not hold it`);
      const r = retracted(sent, at);
      const b: Built = { key, cpr: d.cpr, day: localToday(now), resource: r };
      if (d.hash === hashed(b)) continue;
      changed.push(b);
      byRef.set(`${r.resourceType}/${r.id}`, b);
    }
    const days = new Map<string, Built[]>();
    let waiting = 0;
    for (const b of changed) {
      if (b.day > until) {
        waiting++;
        continue;
      }
      let list = days.get(b.day);
      if (!list) days.set(b.day, (list = []));
      list.push(b);
    }
    if (days.size === 0) {
      if (waiting > 0) yield { cpr, reports: [], problems: null, waiting };
      continue;
    }
    if (built.blockers.length > 0) {
      yield { cpr, reports: [], problems: built.blockers.map((x) => x.message), waiting };
      continue;
    }
    const reports: KlReport[] = [];
    const problems: string[] = [];
    for (const [day, list] of [...days].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // the citizen first, then what changed, then everything they reference (and what that references)
      const patientKey = `patient:${cpr}`;
      const inReport = new Map<string, Built>();
      const patient = built.resources.get(patientKey) ?? list.find((b) => b.key === patientKey);
      if (patient) inReport.set(patient.key, patient);
      for (const b of list) inReport.set(b.key, b);
      const queue = [...inReport.values()];
      while (queue.length) {
        const refs = new Set<string>();
        refsOf(queue.shift()!.resource, refs);
        for (const ref of refs) {
          const b = byRef.get(ref) ?? builder.organization(ref);
          if (b && !inReport.has(b.key)) {
            inReport.set(b.key, b);
            queue.push(b);
          }
        }
      }
      const bundle: Json = {
        resourceType: 'Bundle',
        id: stableId(installation, `report:${cpr}:${day}:${at}`),
        meta: { profile: [PROFILE.deliveryReport] },
        type: 'collection',
        timestamp: at,
        entry: [...inReport.values()].map((b) => ({ fullUrl: `${b.resource.resourceType}/${b.resource.id}`, resource: b.resource })),
      };
      const found = checked ? validateReport(bundle, checked) : [];
      problems.push(...reportProblems(day, found));
      if (found.length === 0) reports.push({ cpr, day, bundle, sent: [...inReport.values()] });
    }
    yield problems.length > 0 ? { cpr, reports: [], problems, waiting } : { cpr, reports, problems: null, waiting };
  }
  return builder.placesWithoutSor();
}

/**
 * Runs through the next delivery citizen by citizen (citizenPlans); answers what it waits for and the places without
 * SOR. `visit` answers whether to go on: stopped, the places are not known (null).
 */
function eachCitizen(db: DB, today: string, until: string, now: Date, visit: (c: CitizenPlan) => boolean, rows?: SourceRows) {
  const plans = citizenPlans(db, today, until, now, true, rows);
  const blocked: KlPlan['blocked'] = [];
  let waiting = 0;
  for (let next = plans.next(); ; next = plans.next()) {
    if (next.done) return { blocked, waiting, placesWithoutSor: next.value as string[] | null };
    const c = next.value;
    waiting += c.waiting;
    if (c.problems) blocked.push({ cpr: maskCpr(c.cpr), problems: c.problems });
    if (!visit(c)) return { blocked, waiting, placesWithoutSor: null };
  }
}

/** What the next delivery would hold, every report kept (for a look at them; the delivery itself writes as it goes). */
export function planKlDelivery(db: DB, today: string, until: string, now = new Date()): KlPlan {
  const reports: KlReport[] = [];
  const rest = eachCitizen(db, today, until, now, (c) => {
    for (const r of c.reports) reports.push(r);
    return true;
  });
  return { reports, ...rest, placesWithoutSor: rest.placesWithoutSor! };
}

/** What the next delivery would hold, counted: no report is kept. */
export function klSummary(db: DB, today: string, until: string, now = new Date()): KlSummary {
  let citizens = 0;
  let reports = 0;
  const rest = eachCitizen(db, today, until, now, (c) => {
    if (c.reports.length > 0) citizens++;
    reports += c.reports.length;
    return true;
  });
  return { citizens, reports, ...rest, placesWithoutSor: rest.placesWithoutSor! };
}

/**
 * Starts the threads a delivery uses (the file thread, the check thread), when one is about to be made: asked before
 * the save dialog, they load while the user chooses where to save (a process's first delivery of 100,000 ydelser,
 * with the check thread loaded before it: ~3.5–3.8 s against ~4.0–4.2 s, three runs each from the sources, measured
 * by hand; no benchmark prints it).
 */
export function warmKlDelivery(): void {
  MadeFile.warm();
  checkThread();
}

/**
 * Whether the next delivery would hold a report, asked before the save dialog: citizens are built and checked until
 * the first with a report (in a kommune with changes, one of the first), and all of them only when none has one (then
 * what blocks whom is known, for the refusal's message). Before, every report was built and checked here and again by
 * the delivery: a large kommune's wait, twice.
 */
export function klAnythingToDeliver(
  db: DB,
  today: string,
  until: string,
  now = new Date(),
): { reports: number; blocked: KlPlan['blocked']; source: SourceRead; summary: KlLook | null } {
  const source = readBefore(db, () => klSourceRows(db));
  let reports = 0;
  const rest = eachCitizen(
    db,
    today,
    until,
    now,
    (c) => {
      reports = c.reports.length;
      return reports === 0;
    },
    source.value,
  );
  // none to deliver: every citizen was looked at, and the look is the whole count (klSummary), which a status check
  // asked next (the command line's, to name whom is blocked) takes instead of looking again while nothing is written
  const summary =
    rest.placesWithoutSor === null
      ? null
      : { stamp: source.stamp, value: { today, until, summary: { citizens: 0, reports: 0, ...rest, placesWithoutSor: rest.placesWithoutSor } } };
  return { reports, blocked: rest.blocked, source, summary };
}

/** A whole count made for a day and an `until` (klAnythingToDeliver, when it found nothing to deliver), and when. */
export type KlLook = ReadBefore<{ today: string; until: string; summary: KlSummary }>;

export interface KlSummary extends Omit<KlPlan, 'reports'> {
  /** Citizens with a report to deliver, and their reports. */
  citizens: number;
  reports: number;
}

/** Refuses (a Danish message, nothing written) when there is no report to deliver. */
export function refuseNothingToDeliver(plan: { reports: number; blocked: KlPlan['blocked'] }): void {
  if (plan.reports > 0) return;
  throw new UserError(
    plan.blocked.length
      ? `Intet kan leveres til KL Gateway: ${count(plan.blocked.length, 'borger er', 'borgere er')} blokeret. ${plan.blocked[0]!.problems[0]}`
      : 'Intet nyt at levere til KL Gateway: alt er leveret, som det er.',
  );
}

export interface KlExportResult {
  deliveryId: number;
  fileName: string;
  sha256: string;
  citizens: number;
  reports: number;
  resources: number;
  blocked: KlPlan['blocked'];
  waiting: number;
  /**
   * The file's bytes (UTF-8 JSON), unpacked from what was recorded when asked: a method, so that taking the rest of the
   * result (`{ bytes, ...rest }`) does not unpack a delivery nobody reads (100,000 ydelser: 123 MB, ~0.3 s; the window's
   * save did so, and its peak memory was 690 MB against 450).
   */
  bytes(): Buffer;
}

/** How many citizens' reports may wait for the check thread's answer while the next are built. */
const AHEAD = 64;

/**
 * Makes the incremental delivery of everything not yet delivered up to `until` and records it. Each citizen's reports
 * are written as soon as they are checked (a citizen's resources at a time: citizenPlans; the checks on the check
 * thread). Refuses (nothing written or recorded) when there is nothing to deliver, or when every citizen with changes
 * is blocked.
 */
export function exportKlDelivery(db: DB, o: { today: string; until: string; actor: string; target?: string; now?: Date; source?: SourceRead }): KlExportResult {
  const now = o.now ?? new Date();
  // the file thread and the check thread start while the first citizens are built, unless they have started already
  // (warmKlDelivery)
  warmKlDelivery();
  const checks = checkThread();
  let made: MadeFile | null = null;
  try {
    return db
      .transaction(() => {
        const delivery: Json = {
          resourceType: 'Bundle',
          meta: { profile: [PROFILE.incrementalDelivery] },
          type: 'collection',
          timestamp: now.toISOString(),
        };
        // compact: the file is read by KL Gateway's systems, and indenting a national delivery triples its size. Written
        // piece by piece: each resource's JSON goes in as it is made (no text of the whole file, and no buffer of its
        // size: made-file.ts)
        const file = new MadeFile(o.target);
        made = file;
        const out = file.out;
        out.write(entriesHead(delivery));
        const sent = new Map<string, { key: string; cpr: string; hash: string }>();
        let citizens = 0;
        let reports = 0;
        let resources = 0;
        const blocked: KlPlan['blocked'] = [];
        let waiting = 0;
        // Each citizen's reports are made as text, checked (on the check thread once it has started, else here) and
        // only then written, in CPR order: the citizens handed to the thread wait in `queue` for its answer while the
        // next are built, at most AHEAD of them. Their texts wait as UTF-8 bytes, outside the collected heap: held as
        // strings, most lived through two of the collector's young-generation passes and were copied twice (a delivery
        // of 100,000 ydelser: its 123 MB; the delivering thread's scavenges took ~0.42 s so, ~0.32 s now, --trace-gc)
        const queue: { c: CitizenPlan; texts: Buffer[]; seq: number | null; problems: string[] | null }[] = [];
        checks.begin();
        const here = checkedResources();
        const settle = (q: (typeof queue)[number]) => {
          if (q.problems) {
            blocked.push({ cpr: maskCpr(q.c.cpr), problems: q.problems });
            return;
          }
          citizens++;
          q.c.reports.forEach((r, i) => {
            out.write(reports > 0 ? ',{"resource":' : '{"resource":');
            out.bytes(q.texts[i]!);
            out.write('}');
            reports++;
            resources += r.sent.length;
            for (const b of r.sent) sent.set(b.key, { key: b.key, cpr: b.cpr, hash: hashed(b) });
          });
        };
        /** Settles the citizens at the front whose answer has come; with `wait`, waits for the first one's. */
        const drain = (wait: boolean) => {
          while (queue.length > 0) {
            const q = queue[0]!;
            if (q.seq !== null) {
              const found = checks.answer(q.seq, wait);
              if (!found) return;
              q.problems = citizenProblems(q.c.reports, found);
            }
            queue.shift();
            settle(q);
            wait = false;
          }
        };
        // the rows of the first look, when nothing has been written since
        const plans = citizenPlans(db, o.today, o.until, now, false, unchangedSince(db, o.source));
        let next = plans.next();
        for (; !next.done; next = plans.next()) {
          const c = next.value;
          waiting += c.waiting;
          if (c.problems) queue.push({ c, texts: [], seq: null, problems: c.problems });
          else if (c.reports.length > 0) {
            const texts = c.reports.map(reportText);
            const bytes = texts.map((t) => Buffer.from(t, 'utf8'));
            if (checks.ready()) queue.push({ c, texts: bytes, seq: checks.check(texts), problems: null });
            else {
              const problems = citizenProblems(
                c.reports,
                c.reports.map((r) => validateReport(r.bundle, here)),
              );
              queue.push({ c, texts: bytes, seq: null, problems });
            }
          }
          drain(queue.length > AHEAD);
        }
        while (queue.length > 0) drain(true);
        refuseNothingToDeliver({ reports, blocked });
        out.write(']}\n');
        const sha256 = file.end();
        // flushed to disk while the delivery is recorded; the file takes its name before the transaction commits
        file.flush();
        const fileName = `KL-Gateway-leverance-${o.until}-${now.toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`;
        const deliveryId = recordKlDelivery(
          db,
          { at: now.toISOString(), actor: o.actor, fileName, until: o.until, citizens, reports, resources, sha256, file: file.packed.bytes() },
          [...sent.values()],
        );
        file.keep();
        let bytes: Buffer | null = null;
        return {
          deliveryId,
          fileName,
          sha256,
          citizens,
          reports,
          resources,
          blocked,
          waiting,
          bytes() {
            bytes ??= file.packed.unpacked();
            return bytes;
          },
        };
      })
      .immediate();
  } catch (e) {
    // written but not recorded, or refused: the file must not stand as if it had been delivered
    (made as MadeFile | null)?.undo();
    throw e;
  }
}

/**
 * What the window shows: the last delivery, and, when asked (`check`: it builds and checks every report, some seconds
 * for a large kommune), what waits and what blocks whom. `look`: a whole count made before (klAnythingToDeliver), taken
 * when it was made for today and nothing has been written since.
 */
export function klStatus(db: DB, today: string, check: boolean, look?: KlLook) {
  const last = lastKlDelivery(db);
  if (!check) return { last, checked: null };
  const known = unchangedSince(db, look);
  const summary = known && known.today === today && known.until === today ? known.summary : klSummary(db, today, today);
  return {
    last,
    checked: {
      waitingCitizens: summary.citizens,
      waitingReports: summary.reports,
      blocked: summary.blocked,
      placesWithoutSor: summary.placesWithoutSor,
    },
  };
}
