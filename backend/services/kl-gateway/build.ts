// Builds the KL Gateway resources of every citizen from the app's forløb and ydelser, by the mapping in
// ../shared/domain/kl-gateway-rehab.md § 3, with the defaults its notes give. Pure: the rows and settings in, the
// resources (each with a stable key, its citizen and the day it last changed) and what blocks a citizen out.
//
// Per forløb: a ServiceRequest (the GGOP), a PlannedIntervention "Terapeutfaglig udredning" (the first contact), a
// CarePlan (the training forløb) and a PlannedIntervention for the training (its FSIII intervention from the SKS code),
// and one Encounter per ydelse. The citizen is a Patient; the GGOP's sender and the performing unit are Organizations
// known by their SOR codes (SHAK codes and ydernumre are not accepted by the guide).

import crypto from 'node:crypto';
import { END_REASON_LABELS, SEVEN_DAY_LIMIT_DAYS } from '../../../schemas/forloeb-ydelser.ts';
import { addDays, formatShortDate, localToday } from '../../../schemas/dates.ts';
import {
  CANCELLATION_TYPES,
  CARE_PLAN_CATEGORIES,
  DELIVERY_TYPES,
  ENCOUNTER_CLASSES,
  EXTENSION,
  FSIII_INTERVENTIONS,
  gopCategories,
  NO_CONTACT_REASONS,
  PROFILE,
  SERVICE_TYPE,
  SYSTEM,
  type KlSettings,
  type NoContactReason,
  type ProfileName,
} from '../../../schemas/kl-gateway.ts';
import type { KlForloebRow, KlReplacedGgopRow, KlYdelseRow } from '../../../db/kl-gateway.ts';

export type Json = { [k: string]: unknown };

/** One resource of a report, with what the delivery needs to know about it. */
export interface Built {
  /** Stable across builds: what the resource is about (e.g. "encounter:17"); its FHIR id is derived from it. */
  key: string;
  cpr: string;
  /** The local day its source last changed: a report holds at most one day of changes. */
  day: string;
  resource: Json;
  /** The hash of what it says, once the delivery has made it (deliver.ts). */
  hash?: string;
}

/** Something that keeps a citizen's report back, named by the forløb and the field. */
export interface Blocker {
  cpr: string;
  forloebId: number | null;
  field: string;
  message: string;
}

/** One citizen's resources (its Organizations aside) and what keeps the citizen's report back. */
export interface CitizenResources {
  resources: Map<string, Built>;
  blockers: Blocker[];
}

/**
 * Builds the resources citizen by citizen (a delivery holds one citizen's at a time, not a whole kommune's). The
 * Organizations are made once, as the first citizen that references one is built, and shared by every report.
 */
export interface KlBuilder {
  /** Every citizen with a forløb, in CPR order. */
  citizens: string[];
  /** A citizen's resources (none, for a CPR number without a forløb). */
  citizen(cpr: string): CitizenResources;
  /** An Organization made so far, or one with a SOR code the rows name, by its reference ("Organization/<id>"). */
  organization(reference: string): Built | undefined;
  /** Places whose ydelser were reported under a code the guide does not accept (SHAK, ydernummer) or none. */
  placesWithoutSor(): string[];
}

/** A UUID (version 5 layout) from the installation and a key: the same resource gets the same id in every build. */
export function stableId(installation: string, key: string): string {
  const h = crypto.hash('sha1', `${installation}/${key}`, 'buffer');
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const coding = (system: string, c: { code: string; display: string }) => ({ system, code: c.code, display: c.display });
const sorIdentifier = (sor: string) => ({ use: 'official', system: SYSTEM.sor, value: sor });
// Parts every resource of a kind holds alike are made once and shared (a delivery of 100,000 ydelser made them
// 100,000 times, and kept them all until its file was written). Frozen: nothing may change one resource's copy of them.
const PROFILES = Object.fromEntries(Object.entries(PROFILE).map(([k, v]) => [k, Object.freeze([v])])) as Record<ProfileName, readonly string[]>;
const CLASSES = Object.fromEntries(Object.entries(ENCOUNTER_CLASSES).map(([k, v]) => [k, Object.freeze({ ...v })])) as {
  [K in keyof typeof ENCOUNTER_CLASSES]: Readonly<(typeof ENCOUNTER_CLASSES)[K]>;
};
const meta = (profile: ProfileName, lastUpdated: string) => ({ profile: PROFILES[profile], lastUpdated });

const COPENHAGEN = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', timeZoneName: 'longOffset' });
const offsets = new Map<string, string>();

/** The UTC offset of Danish local time on a day, as "+01:00" or "+02:00" (summer time from the last Sunday of March). */
export function copenhagenOffset(day: string): string {
  let offset = offsets.get(day);
  if (offset === undefined) {
    const name = COPENHAGEN.formatToParts(new Date(`${day}T12:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
    offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
    offsets.set(day, offset);
  }
  return offset;
}

/**
 * A ydelse's contact period, in Danish local time: its own start and end, or the default start for the default length
 * (an end before the start, or none, is the start plus the default length).
 */
function contactPeriod(day: string, startTime: string | null, endTime: string | null, settings: KlSettings): { start: string; end: string } {
  const offset = copenhagenOffset(day);
  const from = startTime ?? settings.contactStart;
  const start = `${day}T${from}:00${offset}`;
  if (endTime && endTime > from) return { start, end: `${day}T${endTime}:00${offset}` };
  // the start plus the default length, written in the same local offset (the next day's date past midnight)
  const minutes = Number(from.slice(0, 2)) * 60 + Number(from.slice(3, 5)) + settings.contactMinutes;
  const endDay = minutes >= 1440 ? addDays(day, Math.floor(minutes / 1440)) : day;
  const m = minutes % 1440;
  return { start, end: `${endDay}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00${offset}` };
}

/** The local day of a timestamp (many rows share one: an import's rows have the same). */
function dayOfIn(days: Map<string, string>, iso: string): string {
  let day = days.get(iso);
  if (day === undefined) days.set(iso, (day = localToday(new Date(iso))));
  return day;
}
const maxOf = (xs: string[]) => xs.reduce((a, b) => (b > a ? b : a), '');

/** The KL Gateway resources, citizen by citizen. `today` decides what counts as late (no contact within seven days). */
export function klBuilder(
  rows: { forloeb: KlForloebRow[]; ydelser: KlYdelseRow[]; replaced: KlReplacedGgopRow[] },
  settings: KlSettings,
  installation: string,
  today: string,
): KlBuilder {
  // the citizen being built: its resources and what blocks it
  let resources = new Map<string, Built>();
  let blockers: Blocker[] = [];
  const organizations = new Map<string, Built>();
  const placesWithoutSor = new Set<string>();
  const ids = new Map<string, string>();
  const id = (key: string) => {
    let x = ids.get(key);
    if (x === undefined) ids.set(key, (x = stableId(installation, key)));
    return x;
  };
  const days = new Map<string, string>();
  const dayOf = (iso: string) => dayOfIn(days, iso);
  const ref = (type: string, key: string) => ({ reference: `${type}/${id(key)}` });
  const add = (key: string, cpr: string, day: string, resource: Json) => {
    resource.id = id(key);
    resources.set(key, { key, cpr, day, resource });
  };

  const ydelserOf = new Map<number, KlYdelseRow[]>();
  for (const y of rows.ydelser) {
    let list = ydelserOf.get(y.forloeb_id);
    if (!list) ydelserOf.set(y.forloeb_id, (list = []));
    list.push(y);
  }
  const replacedOf = new Map<number, KlReplacedGgopRow[]>();
  for (const g of rows.replaced) {
    let list = replacedOf.get(g.forloeb_id);
    if (!list) replacedOf.set(g.forloeb_id, (list = []));
    list.push(g);
  }
  const byCpr = new Map<string, KlForloebRow[]>();
  for (const f of rows.forloeb) {
    let list = byCpr.get(f.cpr);
    if (!list) byCpr.set(f.cpr, (list = []));
    list.push(f);
  }

  // an Organization is the same for every citizen (known by its SOR code): it goes with any report that references it
  const orgByRef = new Map<string, Built>();
  const makeOrganization = (sor: string, day: string): Built => {
    const key = `organization:${sor}`;
    let b = organizations.get(key);
    if (!b) {
      const resource: Json = { resourceType: 'Organization', meta: meta('organization', `${day}T00:00:00Z`), identifier: [sorIdentifier(sor)] };
      resource.id = id(key);
      b = { key, cpr: '', day, resource };
      organizations.set(key, b);
      orgByRef.set(`Organization/${resource.id}`, b);
    }
    return b;
  };
  const organization = (sor: string, day: string) => ({ reference: `Organization/${makeOrganization(sor, day).resource.id}` });
  // the SOR codes the rows name, by the reference their Organization has: one sent before and referenced by a resource
  // sent again as entered-in-error is found before the citizen that makes it now is built
  let known: Map<string, string> | null = null;
  const knownSor = () => {
    if (!known) {
      known = new Map();
      const sors = [settings.performerSor, ...rows.forloeb.map((f) => f.ggop_sender_sor), ...rows.replaced.map((g) => g.ggop_sender_sor)];
      for (const y of rows.ydelser) if (y.code_type === 'SOR') sors.push(y.code_value);
      for (const sor of new Set(sors)) if (sor) known.set(`Organization/${id(`organization:${sor}`)}`, sor);
    }
    return known;
  };

  const citizen = (cpr: string): CitizenResources => {
    resources = new Map();
    blockers = [];
    ids.clear(); // a citizen's ids are not used again (the Organizations keep theirs)
    const forloeb = byCpr.get(cpr);
    if (forloeb) buildCitizen(cpr, forloeb);
    return { resources, blockers };
  };

  const buildCitizen = (cpr: string, forloeb: KlForloebRow[]) => {
    const patientKey = `patient:${cpr}`;
    const patientUpdated = maxOf(forloeb.map((f) => f.updated_at));
    const block = (forloebId: number | null, field: string, message: string) => blockers.push({ cpr, forloebId, field, message });
    if (!settings.kommuneSor) block(null, 'kommune-sor', 'Kommunens egen SOR-kode mangler i indstillingerne (KL Gateway).');
    add(patientKey, cpr, dayOf(patientUpdated), {
      resourceType: 'Patient',
      meta: meta('citizen', patientUpdated),
      identifier: [{ use: 'official', system: SYSTEM.cpr, value: cpr }],
      deceasedBoolean: forloeb.some((f) => f.deceased === 1),
      managingOrganization: { identifier: sorIdentifier(settings.kommuneSor) },
    });
    const patient = ref('Patient', patientKey);

    for (const f of forloeb) {
      const all = ydelserOf.get(f.id) ?? [];
      const live = all.filter((y) => y.deleted_at === null);
      const name = `Forløbet ${f.id} (udskrevet ${f.discharge_date ? formatShortDate(f.discharge_date) : 'uden dato'})`;
      const updated = maxOf([f.updated_at, ...all.map((y) => y.updated_at)]);
      const day = dayOf(updated);
      const k = (what: string) => `${what}:${f.id}:${cpr}`;

      // the performing unit: the SOR code of the latest ydelse's place that has one, else the settings' default
      for (const y of all) if (y.place_name && y.code_type !== 'SOR') placesWithoutSor.add(y.place_name);
      const sorPlace = [...live].reverse().find((y) => y.code_type === 'SOR' && y.code_value);
      const performerSor = sorPlace?.code_value ?? settings.performerSor;
      if (!performerSor)
        block(f.id, 'performer', `${name}: ingen af dets steder har en SOR-kode, og der er ingen udførende enhed i indstillingerne (KL Gateway).`);
      if (!f.ggop_sender_sor) block(f.id, 'ggopSenderSor', `${name}: GGOP-afsenderens SOR-kode mangler.`);
      if (!f.discharge_date) block(f.id, 'dischargeDate', `${name}: udskrivningsdatoen mangler.`);

      // why there was no contact within seven days: recorded, or "udskudt" when a later start date is set
      const first = live[0] ?? null;
      const base = f.later_start_date ?? f.discharge_date;
      const limit = base ? addDays(base, SEVEN_DAY_LIMIT_DAYS) : null;
      const late = limit !== null && (first ? first.dato > limit : today > limit && f.status === 'aktiv');
      let reason: NoContactReason | null = f.no_contact_reason;
      if (!reason && f.later_start_date && (!first || (f.discharge_date && first.dato > addDays(f.discharge_date, SEVEN_DAY_LIMIT_DAYS)))) reason = 'udskudt';
      if (late && !reason) block(f.id, 'noContactReason', `${name}: der var ingen kontakt inden 7 dage; angiv årsagen (Til KL Gateway).`);

      const performer = performerSor ? organization(performerSor, day) : null;
      const requester = f.ggop_sender_sor ? organization(f.ggop_sender_sor, day) : null;
      const ended = f.status === 'afsluttet';
      const onHold = !ended && !first && f.later_start_date !== null && f.later_start_date > today;
      const offered = f.first_contact_offered ?? f.later_start_date ?? first?.dato ?? null;
      // a GGOP replaced by a newer one from the hospital: sent again as revoked, and the newer one `replaces` it. The
      // first GGOP keeps the key it always had; the n-th replacement's key ends in :n.
      const earlier = replacedOf.get(f.id) ?? [];
      const srKey = (n: number) => (n === 0 ? k('servicerequest') : `${k('servicerequest')}:${n}`);
      const ggopRequest = (
        g: { gop_type: KlForloebRow['gop_type']; discharge_date: string | null; gop_received_date: string | null; ggop_sender_sor: string | null },
        n: number,
        status: string,
        lastUpdated: string,
        current: boolean,
      ): Json => {
        const discharge = g.discharge_date ?? f.discharge_date;
        const sender = g.ggop_sender_sor ? organization(g.ggop_sender_sor, dayOf(lastUpdated)) : requester;
        const ext: Json[] = discharge ? [{ url: EXTENSION.dischargeDate, valueDate: discharge }] : [];
        if (current && reason)
          ext.push({ url: EXTENSION.statusReason, valueCodeableConcept: { coding: [coding(SYSTEM.careSocial, NO_CONTACT_REASONS[reason])] } });
        return {
          resourceType: 'ServiceRequest',
          meta: meta('serviceRequest', lastUpdated),
          ...(ext.length ? { extension: ext } : {}),
          status,
          intent: 'plan',
          category: gopCategories(g.gop_type).map((c) => ({ coding: [coding(SYSTEM.careSocial, c)] })),
          code: { coding: [coding(SYSTEM.careSocial, SERVICE_TYPE)] },
          subject: patient,
          ...(current && offered ? { occurrencePeriod: { start: offered } } : {}),
          authoredOn: g.gop_received_date ?? discharge ?? dayOf(f.created_at),
          ...(sender ? { requester: sender } : {}),
          ...(n > 0 ? { replaces: [ref('ServiceRequest', srKey(n - 1))] } : {}),
        };
      };
      earlier.forEach((g, n) => add(srKey(n), cpr, dayOf(g.replaced_at), ggopRequest(g, n, 'revoked', g.replaced_at, false)));
      add(srKey(earlier.length), cpr, day, ggopRequest(f, earlier.length, ended ? 'completed' : onHold ? 'on-hold' : 'active', updated, true));
      const serviceRequest = ref('ServiceRequest', srKey(earlier.length));
      const basedOnSr = { url: EXTENSION.basedOnServiceRequest, valueReference: serviceRequest };
      const deliveryType = (t: keyof typeof DELIVERY_TYPES) => ({
        url: EXTENSION.deliveryType,
        valueCodeableConcept: { coding: [coding(SYSTEM.careSocial, DELIVERY_TYPES[t])] },
      });

      // the udredning: from the GGOP until the first contact
      const udredningStart = f.gop_received_date ?? f.discharge_date ?? first?.dato ?? dayOf(f.created_at);
      add(k('udredning'), cpr, day, {
        resourceType: 'CarePlan',
        meta: meta('plannedIntervention', updated),
        extension: [basedOnSr],
        status: 'active',
        intent: 'plan',
        subject: patient,
        period: { start: udredningStart, ...(first ? { end: first.dato } : {}) },
        activity: [
          {
            detail: {
              extension: [deliveryType('individuel')],
              code: { coding: [coding(SYSTEM.fsiii, FSIII_INTERVENTIONS.udredning)] },
              status: first ? 'completed' : ended ? 'cancelled' : 'scheduled',
              ...(performer ? { performer: [performer] } : {}),
            },
          },
        ],
      });

      // the training forløb: from the first contact; ended with ydelser is "stopped", without any "cancelled"
      if (first || ended) {
        const detail: Json = { status: ended ? (first ? 'stopped' : 'cancelled') : 'in-progress' };
        if (ended && f.end_reason) {
          const r = CANCELLATION_TYPES[f.end_reason];
          detail.statusReason = { coding: [coding(SYSTEM.careSocial, r)], text: END_REASON_LABELS[f.end_reason] };
        }
        if (performer) detail.performer = [performer];
        add(k('careplan'), cpr, day, {
          resourceType: 'CarePlan',
          meta: meta('carePlan', updated),
          extension: [basedOnSr],
          status: ended ? 'completed' : 'active',
          intent: 'plan',
          category: [{ coding: [coding(SYSTEM.careSocial, CARE_PLAN_CATEGORIES[f.care_plan_category])] }],
          subject: patient,
          period: { start: first?.dato ?? f.end_date ?? udredningStart, ...(ended && f.end_date ? { end: f.end_date } : {}) },
          activity: [{ detail }],
        });
      }

      // the training itself, once there are contacts after the first: its FSIII intervention from the SKS code
      const training = live.slice(1);
      if (training.length > 0) {
        const intervention = FSIII_INTERVENTIONS[settings.interventionBySks[training[0]!.ydelseskode] ?? settings.defaultIntervention];
        const hold = live.some((y) => y.tillaegskoder.split(' ').some((c) => settings.holdCodes.includes(c)));
        add(k('traening'), cpr, day, {
          resourceType: 'CarePlan',
          meta: meta('plannedIntervention', updated),
          basedOn: [ref('CarePlan', k('careplan'))],
          status: 'active',
          intent: 'plan',
          subject: patient,
          period: { start: first!.dato, ...(ended && f.end_date ? { end: f.end_date } : {}) },
          activity: [
            {
              detail: {
                extension: [deliveryType(hold ? 'gruppe' : 'individuel')],
                code: { coding: [coding(SYSTEM.fsiii, intervention)] },
                status: ended ? 'completed' : 'in-progress',
              },
            },
          ],
        });
      }

      // one Encounter per ydelse: the first is the udredning's contact, the rest the training's (the forløb's two
      // extensions made once, and shared)
      const basedOn = (plan: string) =>
        Object.freeze([Object.freeze({ url: EXTENSION.basedOnCarePlan, valueReference: Object.freeze(ref('CarePlan', k(plan))) })]);
      const onUdredning = basedOn('udredning');
      const onCarePlan = first ? basedOn('careplan') : onUdredning;
      for (const y of all) {
        const isFirst = first !== null && y.id === first.id;
        const period = contactPeriod(y.dato, y.start_time, y.end_time, settings);
        add(`encounter:${y.id}:${cpr}`, cpr, dayOf(y.updated_at), {
          resourceType: 'Encounter',
          meta: meta('encounter', y.updated_at),
          extension: isFirst || !first ? onUdredning : onCarePlan,
          status: y.deleted_at === null ? 'finished' : 'entered-in-error',
          class: CLASSES[y.contact_class ?? (y.hjemme === 1 ? 'HH' : 'AMB')],
          subject: patient,
          period,
        });
      }
    }
  };

  return {
    citizens: [...byCpr.keys()].sort(),
    citizen,
    organization(reference) {
      const b = orgByRef.get(reference);
      if (b) return b;
      const sor = knownSor().get(reference);
      // made before the citizen that uses it now: its day is the delivery's (an Organization only goes along)
      return sor ? makeOrganization(sor, today) : undefined;
    },
    placesWithoutSor: () => [...placesWithoutSor].sort((a, b) => a.localeCompare(b, 'da')),
  };
}
