// The KL Gateway report (FHIR R4) from the app's own registrations, on a real SQLite file: the guide's worked example
// ("Ruddi") built from a forløb and its ydelser and compared with the guide's instances; every invariant failing on a
// crafted bad report; only changes delivered; the corrections; a blocked citizen held back while the rest goes; the
// command line; and a failed write that records nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { MessageChannel, Worker } from 'node:worker_threads';
import {
  exportKlDelivery,
  klAnythingToDeliver,
  klStatus,
  klSummary,
  planKlDelivery,
  refuseNothingToDeliver,
} from '../../backend/services/kl-gateway/deliver.ts';
import { checkThread } from '../../backend/services/kl-gateway/check-thread.ts';
import { newSignal } from '../../db/signalled-port.ts';
import type { CheckReply, CheckRequest } from '../../backend/services/kl-gateway/check-thread-worker.ts';
import type { Json } from '../../backend/services/kl-gateway/build.ts';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { INVARIANTS, rootsIn, validateReport } from '../../backend/services/kl-gateway/validate.ts';
import { compiledR4Validator, loadPrecompiled, precompiledUrl, r4ValidatorsSource } from '../../backend/services/kl-gateway/fhir-r4.ts';
import { createForloeb, getForloeb, replaceGgop, replacedGgops, updateForloeb } from '../../db/forloeb.ts';
import { getKlSettings, setKlSettings } from '../../db/kl-gateway.ts';
import { type DB, openDatabase } from '../../db/open.ts';
import { STORES } from '../stores.ts';
import { createPlace } from '../../db/places.ts';
import { createYdelser, deleteYdelse } from '../../db/ydelser.ts';
import { localToday } from '../../schemas/dates.ts';
import { ForloebInput, GgopInput } from '../../schemas/forloeb-ydelser.ts';
import {
  CARE_PLAN_CATEGORIES,
  DELIVERY_TYPES,
  EXTENSION,
  FSIII_INTERVENTIONS,
  PROFILE,
  SERVICE_REQUEST_TYPES,
  SERVICE_TYPE,
} from '../../schemas/kl-gateway.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { cpr, placeInput, sorCode, tmpDbPath, tmpDir } from '../helpers.ts';

const TODAY = '2022-06-22';
// changes are dated by when they were saved (now): a delivery up to today holds them
const UNTIL = localToday();
const RUDDI = cpr('150277', '9995');
const HOLD = 'ZPW00900';
type R = Json & { [k: string]: any };

/**
 * Ruddi, and a forløb without ydelser (one with ydelser keeps its CPR number) registered on the wrong citizen first;
 * `moveTo` gives it its right CPR number.
 */
function onTheWrongCitizen() {
  const { db } = ruddi();
  setKlSettings(db, { ...getKlSettings(db), performerSor: sorCode(1037) });
  const wrong = cpr('010190', '2001');
  const input = { gopType: 'almen_basal', dischargeDate: '2022-06-20', gopReceivedDate: '2022-06-19', ggopSenderSor: sorCode(227) } as const;
  const f = createForloeb(db, ForloebInput.parse({ ...input, cpr: wrong }), 't', TODAY);
  const moveTo = (right: string) => updateForloeb(db, f.id, ForloebInput.parse({ ...input, cpr: right }), 't', TODAY);
  return { db, wrong, moveTo };
}

/** The guide's Ruddi: a GGOP almen/basal from a hospital unit, the udredning at the first contact, then training. */
let fresh: () => DB;

function ruddi(db: DB = fresh()) {
  setKlSettings(db, { ...getKlSettings(db), kommuneSor: sorCode(451), holdCodes: [HOLD] });
  const center = createPlace(db, PlaceInput.parse(placeInput({ name: 'Genoptræningscenteret', code: { type: 'SOR', value: sorCode(1037) } })), 't');
  const f = createForloeb(
    db,
    ForloebInput.parse({
      cpr: RUDDI,
      citizenName: 'Ruddi Test Berggren',
      gopType: 'almen_basal',
      dischargeDate: '2022-05-24',
      gopReceivedDate: '2022-05-23',
      ggopSenderSor: sorCode(227),
      firstContactOffered: '2022-05-28',
    }),
    't',
    TODAY,
  );
  const w = { ydelseskode: 'BLNB1', tillaegskoder: [HOLD], placeId: center.id, hjemme: false };
  const ydelser = createYdelser(db, f.id, ['2022-05-28', '2022-06-21'], w, 't', TODAY);
  return { db, f, center, ydelser };
}

const entries = (bundle: Json) => (bundle.entry as { fullUrl: string; resource: R }[]).map((e) => e.resource);
const byProfile = (bundle: Json, profile: string) => entries(bundle).filter((r) => r.meta.profile.includes(profile));
const codeOf = (cc: R) => cc.coding[0].code;

/** Ruddi's report, and a copy of it whose CPR number breaks the guide's cpr invariant. */
function rightAndBroken() {
  const { db } = ruddi();
  const report = planKlDelivery(db, TODAY, UNTIL).reports[0]!.bundle as R;
  db.close();
  const bad = structuredClone(report);
  entries(bad).find((r) => r.resourceType === 'Patient')!.identifier[0].value = '9999999999';
  return { report, bad };
}

let sqliteOnly: string | false = false;

for (const store of STORES)
  describe(`the KL Gateway report from ${store.name}`, { skip: store.skip }, () => {
    before(async () => {
      await store.start();
      fresh = store.fresh;
      sqliteOnly = store.name === 'SQLite' ? false : 'the command line on a file (the PostgreSQL command line: pg-store.test.ts)';
    });
    after(() => store.stop());

    describe('the KL Gateway report from the app’s registrations', () => {
      test('Ruddi: the resources of the guide’s example, built from a forløb and two ydelser', () => {
        const { db } = ruddi();
        const plan = planKlDelivery(db, TODAY, UNTIL);
        assert.deepEqual(plan.blocked, []);
        assert.equal(plan.reports.length, 1);
        const report = plan.reports[0]!.bundle;
        assert.deepEqual(validateReport(report as R), [], 'valid against the profiles and every invariant');

        const [patient] = byProfile(report, PROFILE.citizen);
        assert.deepEqual(patient!.identifier, [{ use: 'official', system: 'urn:oid:1.2.208.176.1.2', value: RUDDI }]);
        assert.equal(patient!.deceasedBoolean, false);
        assert.deepEqual(patient!.managingOrganization, { identifier: { use: 'official', system: 'urn:oid:1.2.208.176.1.1', value: sorCode(451) } });

        const [sr] = byProfile(report, PROFILE.serviceRequest);
        assert.equal(sr!.status, 'active');
        assert.equal(sr!.intent, 'plan');
        assert.equal(codeOf(sr!.code), SERVICE_TYPE.code);
        assert.deepEqual(sr!.category.map(codeOf), [SERVICE_REQUEST_TYPES.almen.code, SERVICE_REQUEST_TYPES.basal.code]);
        assert.deepEqual(sr!.extension, [{ url: EXTENSION.dischargeDate, valueDate: '2022-05-24' }]);
        assert.equal(sr!.authoredOn, '2022-05-23');
        assert.deepEqual(sr!.occurrencePeriod, { start: '2022-05-28' });
        const orgs = new Map(byProfile(report, PROFILE.organization).map((o) => [`Organization/${o.id}`, o.identifier[0].value]));
        assert.equal(orgs.get(sr!.requester.reference), sorCode(227), 'the GGOP came from the hospital unit');

        const interventions = byProfile(report, PROFILE.plannedIntervention);
        const udredning = interventions.find((i) => codeOf(i.activity[0].detail.code) === FSIII_INTERVENTIONS.udredning.code)!;
        assert.deepEqual(udredning.period, { start: '2022-05-23', end: '2022-05-28' });
        assert.equal(udredning.activity[0].detail.status, 'completed');
        assert.equal(codeOf(udredning.activity[0].detail.extension[0].valueCodeableConcept), DELIVERY_TYPES.individuel.code);
        assert.equal(udredning.basedOn, undefined);
        assert.equal(orgs.get(udredning.activity[0].detail.performer[0].reference), sorCode(1037), 'performed by the training centre');

        const [carePlan] = byProfile(report, PROFILE.carePlan);
        assert.equal(codeOf(carePlan!.category[0]), CARE_PLAN_CATEGORIES.interventionsforloeb.code);
        assert.deepEqual(carePlan!.period, { start: '2022-05-28' });
        assert.equal(carePlan!.activity[0].detail.status, 'in-progress');
        assert.deepEqual(carePlan!.extension, [{ url: EXTENSION.basedOnServiceRequest, valueReference: { reference: `ServiceRequest/${sr!.id}` } }]);

        const training = interventions.find((i) => i !== udredning)!;
        assert.equal(codeOf(training.activity[0].detail.code), FSIII_INTERVENTIONS.fysisk.code);
        assert.equal(codeOf(training.activity[0].detail.extension[0].valueCodeableConcept), DELIVERY_TYPES.gruppe.code, 'hold: group-based');
        assert.deepEqual(training.basedOn, [{ reference: `CarePlan/${carePlan!.id}` }]);
        assert.equal(training.period.start, '2022-05-28');

        const encounters = byProfile(report, PROFILE.encounter).sort((a, b) => (a.period.start < b.period.start ? -1 : 1));
        assert.equal(encounters.length, 2);
        assert.deepEqual(
          encounters.map((e) => [e.status, e.class.code, e.period.start.slice(0, 10), e.extension[0].valueReference.reference]),
          [
            ['finished', 'AMB', '2022-05-28', `CarePlan/${udredning.id}`],
            ['finished', 'AMB', '2022-06-21', `CarePlan/${carePlan!.id}`],
          ],
          'the first contact is the udredning, the second the training',
        );
        assert.equal(encounters[0]!.period.start, '2022-05-28T09:00:00+02:00', 'the default start, in Danish summer time');
        assert.equal(encounters[0]!.period.end, '2022-05-28T10:00:00+02:00');
        db.close();
      });

      test('every invariant of the guide fails on a report crafted to break it', () => {
        const { db } = ruddi();
        const good = planKlDelivery(db, TODAY, UNTIL).reports[0]!.bundle;
        db.close();
        const breakers: Record<string, (b: R) => void> = {
          'gateway-140-report-1': (b) =>
            b.entry.push({
              fullUrl: 'Condition/x',
              resource: { resourceType: 'Condition', id: 'x', meta: { profile: ['http://example.org/other'], lastUpdated: TODAY } },
            }),
          'gateway-140-report-2': (b) => {
            const cp = entries(b).find((r) => r.meta.profile.includes(PROFILE.carePlan))!;
            cp.meta.profile = ['http://example.org/other'];
          },
          'bdl-7': (b) => b.entry.push(structuredClone(b.entry[1])),
          'gateway-140-service-request-1': (b) => {
            const sr = entries(b).find((r) => r.resourceType === 'ServiceRequest')!;
            sr.category = [sr.category[1]];
          },
          'klgateway-140-care-plan-1': (b) => {
            const cp = entries(b).find((r) => r.meta.profile.includes(PROFILE.carePlan))!;
            cp.activity[0].detail.status = 'stopped';
          },
          'klgateway-140-intervention-1': (b) => {
            const t = entries(b).find((r) => r.basedOn)!;
            delete t.basedOn;
          },
          'klgateway-140-intervention-2': (b) => {
            const u = entries(b).find((r) => r.meta.profile.includes(PROFILE.plannedIntervention) && !r.basedOn)!;
            const cp = entries(b).find((r) => r.meta.profile.includes(PROFILE.carePlan))!;
            u.basedOn = [{ reference: `CarePlan/${cp.id}` }];
          },
          cpr: (b) => {
            entries(b).find((r) => r.resourceType === 'Patient')!.identifier[0].value = '3213771234';
          },
          'min-digits-sor': (b) => {
            entries(b).find((r) => r.resourceType === 'Organization')!.identifier[0].value = '12345';
          },
          'dk-core-organization-mandatory-identifier': (b) => {
            entries(b).find((r) => r.resourceType === 'Organization')!.identifier[0].system = 'urn:oid:1.2.208.176.1.4';
          },
        };
        assert.deepEqual(Object.keys(breakers).sort(), [...new Set(INVARIANTS.map((i) => i.key))].sort(), 'a breaker for every invariant');
        for (const [key, breakIt] of Object.entries(breakers)) {
          const bad = structuredClone(good) as R;
          breakIt(bad);
          const problems = validateReport(bad);
          assert.ok(
            problems.some((p) => p.field === key),
            `${key}: ${JSON.stringify(problems)}`,
          );
        }
      });

      test('an invariant that reads ids as the order they appear in (sameness) answers as FHIRPath does on the ids themselves', () => {
        const { db } = ruddi();
        const good = planKlDelivery(db, TODAY, UNTIL).reports[0]!.bundle;
        db.close();
        const withSameness = INVARIANTS.filter((i) => i.sameness?.length);
        assert.deepEqual(
          withSameness.map((i) => i.key),
          ['bdl-7'],
        );
        const variants: Record<string, (b: R) => void> = {
          'as made': () => {},
          'an entry twice': (b) => b.entry.push(structuredClone(b.entry[1])),
          'other ids, the same shape': (b) => {
            for (const e of b.entry) e.fullUrl = `${e.resource.resourceType}/${crypto.randomUUID()}`;
          },
          'two ids that differ only in the version appended': (b) => {
            b.entry.push(structuredClone(b.entry[1]));
            b.entry.at(-1).resource.meta.versionId = '2';
          },
          // "Patient/a" & "b" is "Patient/ab" & "": not distinct, though the ids differ
          'an id and a version that make another id': (b) => {
            b.entry[0].fullUrl = 'Patient/a';
            b.entry[0].resource.meta.versionId = 'b';
            b.entry.push({ fullUrl: 'Patient/ab', resource: { resourceType: 'Patient', meta: {} } });
          },
        };
        for (const [name, change] of Object.entries(variants)) {
          const b = structuredClone(good) as R;
          change(b);
          const ours = validateReport(b);
          for (const inv of withSameness) {
            const plain = (fhirpath.evaluate(b, inv.expression, undefined, r4) as unknown[]).every((x) => x === true);
            assert.equal(!ours.some((p) => p.field === inv.key), plain, `${inv.key}, ${name}`);
          }
        }
      });

      test('an invariant read from the elements its paths start at answers as FHIRPath does on the whole resource', () => {
        const { db } = ruddi();
        const good = planKlDelivery(db, TODAY, UNTIL).reports[0]!.bundle;
        db.close();
        const changes: ((r: R) => void)[] = [
          () => {},
          (r) => {
            if (r.identifier) r.identifier[0].value = '3213771234';
          },
          (r) => {
            if (r.managingOrganization) r.managingOrganization.identifier.value = '12345';
          },
          (r) => {
            if (r.identifier) r.identifier[0].system = 'urn:oid:1.2.208.176.1.4';
          },
          (r) => {
            if (r.category) r.category = [r.category.at(-1)];
          },
          (r) => {
            if (r.activity) r.activity[0].detail.status = 'stopped';
          },
          (r) => {
            if (r.basedOn) delete r.basedOn;
            else if (r.activity) r.basedOn = [{ reference: 'CarePlan/x' }];
          },
        ];
        let compared = 0;
        let failing = 0;
        for (const change of changes) {
          const b = structuredClone(good) as R;
          for (const r of entries(b)) change(r);
          const problems = validateReport(b);
          for (const e of b.entry as { fullUrl: string; resource: R }[])
            for (const inv of INVARIANTS.filter((i) => i.on !== 'Bundle' && e.resource.meta.profile.includes(i.on))) {
              const plain = (fhirpath.evaluate(e.resource, inv.expression, undefined, r4) as unknown[]).every((x) => x === true);
              const ours = !problems.some((p) => p.resource === e.fullUrl && p.field === inv.key);
              assert.equal(ours, plain, `${inv.key} on ${e.fullUrl}: ${JSON.stringify(e.resource).slice(0, 120)}`);
              compared++;
              if (!plain) failing++;
            }
        }
        assert.ok(failing >= 6 && compared > 50, `${compared} answers compared, ${failing} of them failing`);
        // the elements each invariant's paths start at; none when a path starts at a function, $this or a %variable
        assert.deepEqual(
          INVARIANTS.map((i) => [i.key, [...(rootsIn(i.expression) ?? [])]]),
          [
            ['gateway-140-report-1', ['entry']],
            ['gateway-140-report-2', ['entry']],
            ['bdl-7', ['type', 'entry']],
            ['gateway-140-service-request-1', ['category']],
            ['klgateway-140-care-plan-1', ['activity']],
            ['klgateway-140-intervention-1', ['activity', 'basedOn']],
            ['klgateway-140-intervention-2', ['activity', 'basedOn']],
            ['cpr', ['identifier']],
            ['min-digits-sor', ['managingOrganization']],
            ['dk-core-organization-mandatory-identifier', ['identifier']],
            ['min-digits-sor', ['identifier']],
          ],
        );
        for (const e of ['%resource.entry', 'exists()', '$this.a', 'a.where(b = %context.c)', 'iif(a, b, c)', 'a.union(exists())'])
          assert.equal(rootsIn(e), null, e);
        assert.deepEqual([...rootsIn('(a | b).c.where(d = 1).select($this.e)')!], ['a', 'b']);
        // a function's argument is read from the resource unless the function gives it each item (where, select, all,
        // exists): a.union(b) reads b from the resource, as FHIRPath itself evaluates it
        assert.equal((fhirpath.evaluate({ a: 1, b: 2 }, 'a.union(b).count()') as number[])[0], 2);
        assert.deepEqual([...rootsIn('a.union(b)')!], ['a', 'b']);
        assert.deepEqual([...rootsIn('a.matches(b)')!], ['a', 'b']);
        assert.deepEqual([...rootsIn('a.where(b.union(c)).all(matches(d))')!], ['a']);
      });

      test('a reference to a resource not in the report is refused, naming the element that holds it', () => {
        const { db } = ruddi();
        const good = planKlDelivery(db, TODAY, UNTIL).reports[0]!.bundle;
        db.close();
        const bad = structuredClone(good) as R;
        const encounter = entries(bad).find((r) => r.resourceType === 'Encounter')!;
        encounter.extension[0].valueReference.reference = 'CarePlan/findes-ikke';
        assert.deepEqual(
          validateReport(bad).filter((p) => /henviser/.test(p.message)),
          [
            {
              resource: `Encounter/${encounter.id}`,
              field: 'extension[0].valueReference',
              message: 'henviser til CarePlan/findes-ikke, som ikke er med i leverancen',
            },
          ],
        );
      });

      test('FHIR R4 itself is checked too (HL7’s JSON schema): an unknown element or a value of the wrong type is refused', () => {
        const { db } = ruddi();
        const good = planKlDelivery(db, TODAY, UNTIL).reports[0]!.bundle;
        db.close();
        const bad = structuredClone(good) as R;
        const encounter = entries(bad).find((r) => r.resourceType === 'Encounter')!;
        encounter.flavour = 'vanilje';
        const patient = entries(bad).find((r) => r.resourceType === 'Patient')!;
        patient.deceasedBoolean = 'nej';
        const r4 = validateReport(bad).filter((p) => p.field === 'FHIR R4');
        assert.deepEqual(r4.map((p) => p.message).sort(), [
          'deceasedBoolean: har forkert type, skal være boolean (FHIR R4)',
          'ressourcen: "flavour" er ikke et element i FHIR R4',
        ]);
      });

      test("FHIR R4's validators are the build's (dist/fhir-r4), and judge every resource as Ajv compiling the schema here does", () => {
        const { db } = ruddi();
        const good = planKlDelivery(db, TODAY, UNTIL).reports[0]!.bundle;
        db.close();
        assert.equal(r4ValidatorsSource(), 'bygget', 'npm run build makes dist/fhir-r4/validators.cjs, and the checks use it');
        const built = loadPrecompiled()!;
        // the example's resources (each well-formed), and each with an unknown element, an id of a wrong form, a status
        // of the wrong type (an unknown element where the type has no status)
        const broken: R[] = entries(good).flatMap((r) => [
          { ...r, flavour: 'vanilje' },
          { ...r, id: 'ikke et id!' },
          { ...r, status: 7 },
        ]);
        const cases = [...entries(good), ...broken];
        assert.ok(new Set(cases.map((r) => r.resourceType)).size >= 5);
        let refused = 0;
        for (const r of cases) {
          const here = compiledR4Validator(String(r.resourceType))!;
          const ahead = built[String(r.resourceType)]!;
          const ok = ahead(r);
          assert.equal(ok, here(r), `${r.resourceType} ${JSON.stringify(r).slice(0, 80)}`);
          assert.deepEqual(ahead.errors ?? null, here.errors ?? null);
          if (!ok) refused++;
        }
        assert.equal(refused, broken.length, 'every broken copy is refused, no well-formed resource');
      });

      test("the build's validators are found beside every bundle; a module made by other versions, or cut short, is not used", () => {
        const dist = pathToFileURL(path.resolve('dist')).href;
        const want = fileURLToPath(new URL('fhir-r4/validators.cjs', `${dist}/`));
        for (const bundle of ['cli/main.mjs', 'cli/chunks/kl-export-X1Y2.mjs', 'electron/main.cjs'])
          assert.equal(fileURLToPath(precompiledUrl(`${dist}/${bundle}`)!), want, bundle);
        const dir = tmpDir('r4-');
        const other = path.join(dir, 'validators.cjs');
        fs.writeFileSync(other, 'exports.KEY = "ajv 7.0.0; schema 0.1.0"; exports.Patient = () => true;');
        assert.equal(loadPrecompiled(pathToFileURL(other)), null);
        // cut short (an interrupted build): not used either, and the delivery compiles its own
        const cut = path.join(dir, 'cut.cjs');
        fs.writeFileSync(cut, fs.readFileSync(fileURLToPath(precompiledUrl(`${dist}/cli/main.mjs`)!), 'utf8').slice(0, 100_000));
        assert.equal(loadPrecompiled(pathToFileURL(cut)), null);
      });

      test('the check thread as shipped, beside the shell and the command line, finds what the checks here find', async (t) => {
        if (store.name !== 'SQLite') return t.skip('the thread reads no database: checked once, with SQLite');
        const { report, bad } = rightAndBroken();
        const here = [validateReport(report), validateReport(bad)];
        assert.deepEqual(here[0], []);
        assert.ok(
          here[1]!.some((p) => p.field === 'cpr'),
          'the CPR invariant fails here',
        );
        for (const file of ['dist/cli/kl-check-worker.mjs', 'dist/electron/kl-check-worker.mjs']) {
          const { port1, port2 } = new MessageChannel();
          const worker = new Worker(path.resolve(file), {
            workerData: { port: port2, signal: newSignal() },
            transferList: [port2],
          });
          try {
            const answer = new Promise<CheckReply>((resolve) => port1.on('message', (m: CheckReply) => m.op !== 'ready' && resolve(m)));
            port1.postMessage({ op: 'check', seq: 7, reports: [JSON.stringify(report), JSON.stringify(bad)] } satisfies CheckRequest);
            assert.deepEqual(await answer, { op: 'checked', seq: 7, problems: here }, file);
          } finally {
            port1.close();
            await worker.terminate();
          }
        }
      });

      test('the check thread: answers still to come to a delivery that failed are never taken for the next one', (t) => {
        if (store.name !== 'SQLite') return t.skip('the thread reads no database: checked once, with SQLite');
        const { report, bad } = rightAndBroken();
        const thread = checkThread();
        thread.waitReady();
        // a delivery hands over a citizen whose report fails, then fails itself before it reads the answer
        thread.begin();
        thread.check([JSON.stringify(bad)]);
        // the next delivery: the same citizen, now right, is not held back by the answer meant for the first
        thread.begin();
        const now = thread.check([JSON.stringify(report)]);
        assert.deepEqual(thread.answer(now, true), [[]]);
      });

      test('only what changed is delivered again, with what it references; nothing new is refused', () => {
        const { db, f, center } = ruddi();
        const first = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        assert.equal(first.citizens, 1);
        assert.throws(() => exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' }), /Intet nyt at levere til KL Gateway/);
        const [added] = createYdelser(
          db,
          f.id,
          ['2022-06-22'],
          { ydelseskode: 'BLNB1', tillaegskoder: [], placeId: center.id, hjemme: true, startTime: '13:15', endTime: '13:45' },
          't',
          TODAY,
        );
        const second = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        const report = JSON.parse(second.bytes().toString()).entry[0].resource as R;
        const encounters = byProfile(report, PROFILE.encounter);
        assert.equal(encounters.length, 1, 'only the new contact');
        assert.equal(encounters[0]!.class.code, 'HH', 'in the citizen’s home');
        assert.deepEqual(encounters[0]!.period, { start: '2022-06-22T13:15:00+02:00', end: '2022-06-22T13:45:00+02:00' }, 'its own times');
        assert.ok(added);
        assert.deepEqual(validateReport(report), []);
        assert.ok(byProfile(report, PROFILE.carePlan).length === 1, 'the care plan it references goes along');
        db.close();
      });

      test('corrections: a deleted contact is entered-in-error, an ended forløb is stopped with its reason', () => {
        const { db, f, ydelser } = ruddi();
        exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        deleteYdelse(db, ydelser[1]!.id, 't', TODAY);
        const before = getForloeb(db, f.id, TODAY);
        updateForloeb(db, f.id, ForloebInput.parse({ ...before, status: 'afsluttet', endDate: '2022-06-22', endReason: 'ikke_behov_fagperson' }), 't', TODAY);
        const r = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        const report = JSON.parse(r.bytes().toString()).entry[0].resource as R;
        assert.deepEqual(validateReport(report), []);
        const enc = byProfile(report, PROFILE.encounter).find((e) => e.period.start.startsWith('2022-06-21'))!;
        assert.equal(enc.status, 'entered-in-error');
        const [cp] = byProfile(report, PROFILE.carePlan);
        assert.equal(cp!.activity[0].detail.status, 'stopped');
        assert.equal(cp!.activity[0].detail.statusReason.coding[0].display, 'Ikke yderligere behov (fagperson-vurderet)');
        assert.equal(cp!.period.end, '2022-06-22');
        db.close();
      });

      test('a forløb moved to another CPR number: the first citizen’s resources are retracted (the Patient inactive), the second gets them anew', () => {
        const { db, wrong, moveTo } = onTheWrongCitizen();
        assert.equal(exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' }).citizens, 2);
        const right = cpr('010190', '2013');
        moveTo(right);
        const r = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        assert.deepEqual(r.blocked, [], 'nobody held back');
        assert.equal(r.citizens, 2);
        const reports = (JSON.parse(r.bytes().toString()).entry as { resource: R }[]).map((e) => e.resource);
        const ofCpr = (n: string) => reports.find((b) => byProfile(b, PROFILE.citizen)[0]!.identifier[0].value === n)!;
        const old = ofCpr(wrong);
        assert.deepEqual(validateReport(old), []);
        assert.equal(byProfile(old, PROFILE.citizen)[0]!.active, false, 'the Patient is marked as an error registration');
        // its Organizations are made before the citizen that now uses them comes (CPR order): they go along, of today
        assert.deepEqual(
          entries(old)
            .filter((x) => x.resourceType === 'Organization')
            .map((x) => x.meta.lastUpdated),
          [`${TODAY}T00:00:00Z`, `${TODAY}T00:00:00Z`],
        );
        const others = entries(old).filter((x) => x.resourceType !== 'Patient' && x.resourceType !== 'Organization');
        assert.ok(others.length >= 2);
        assert.ok(
          others.every((x) => x.status === 'entered-in-error'),
          'everything else of the first citizen is entered-in-error',
        );
        const moved = ofCpr(right);
        assert.deepEqual(validateReport(moved), []);
        assert.equal(byProfile(moved, PROFILE.serviceRequest).length, 1);
        assert.throws(() => exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' }), /Intet nyt at levere/, 'retracted once, not again');
        db.close();
      });

      test('what an earlier version recorded (each resource’s JSON beside its hash) is still read: nothing unchanged is sent again, a retraction comes from that JSON', () => {
        const { db, wrong, moveTo } = onTheWrongCitizen();
        const first = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        // as versions before schema 10 kept it: the JSON in the row, its hash that of the resource with its meta last
        // and without lastUpdated; and a file that does not hold it
        const byId = new Map<string, R>();
        for (const report of JSON.parse(first.bytes().toString()).entry as { resource: R }[]) for (const e of entries(report.resource)) byId.set(e.id, e);
        const rows = db.prepare('SELECT resource_key, resource FROM kl_delivered').all() as { resource_key: string; resource: string | null }[];
        assert.ok(rows.length > 5 && rows.every((r) => r.resource === null), 'kept once, in the delivery’s file');
        const ids = [...byId.values()];
        for (const row of rows) {
          const kind = row.resource_key.split(':')[0]!;
          const type = { patient: 'Patient', organization: 'Organization', servicerequest: 'ServiceRequest', encounter: 'Encounter' }[kind] ?? 'CarePlan';
          const candidates = ids.filter((x) => x.resourceType === type);
          // the row's resource: the one whose hash the row holds
          const { hash } = db.prepare('SELECT hash FROM kl_delivered WHERE resource_key = ?').get(row.resource_key) as { hash: string };
          const oldHash = (x: R) => {
            const { meta, ...rest } = x;
            const { lastUpdated: _, ...m } = meta;
            return crypto
              .createHash('sha256')
              .update(JSON.stringify({ ...rest, meta: m }))
              .digest('hex');
          };
          const mine = candidates.find((x) => oldHash(x) === hash);
          assert.ok(mine, `${row.resource_key}: its hash is the earlier versions’ hash of what was sent`);
          db.prepare('UPDATE kl_delivered SET resource = ? WHERE resource_key = ?').run(JSON.stringify(mine), row.resource_key);
        }
        db.prepare('UPDATE kl_delivery SET file = ?').run(zlib.gzipSync('{}'));
        assert.throws(() => exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' }), /Intet nyt at levere/, 'nothing unchanged sent again');
        moveTo(cpr('010190', '2013'));
        const r = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        const old = (JSON.parse(r.bytes().toString()).entry as { resource: R }[])
          .map((e) => e.resource)
          .find((b) => byProfile(b, PROFILE.citizen)[0]!.identifier[0].value === wrong)!;
        assert.deepEqual(validateReport(old), []);
        assert.equal(byProfile(old, PROFILE.citizen)[0]!.active, false);
        assert.ok(byProfile(old, PROFILE.serviceRequest)[0]!.status === 'entered-in-error', 'retracted from the JSON the row kept');
        db.close();
      });

      test('a new GGOP from the hospital replaces the one in force: the old ServiceRequest is sent again revoked, the new one replaces it', () => {
        const { db, f } = ruddi();
        const first = JSON.parse(exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' }).bytes().toString()).entry[0].resource as R;
        const [original] = byProfile(first, PROFILE.serviceRequest);
        const ggop = { gopType: 'almen_avanceret', dischargeDate: '2022-05-24', gopReceivedDate: '2022-06-01', ggopSenderSor: sorCode(300) } as const;
        replaceGgop(db, f.id, GgopInput.parse(ggop), 't', TODAY);
        assert.deepEqual(
          replacedGgops(db, f.id).map((g) => [g.gopType, g.gopReceivedDate, g.ggopSenderSor]),
          [['almen_basal', '2022-05-23', sorCode(227)]],
          'the GGOP in force before is kept as it stood',
        );
        const report = JSON.parse(exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' }).bytes().toString()).entry[0].resource as R;
        assert.deepEqual(validateReport(report), []);
        const requests = byProfile(report, PROFILE.serviceRequest);
        const old = requests.find((r) => r.id === original!.id)!;
        const now = requests.find((r) => r.id !== original!.id)!;
        assert.equal(old.status, 'revoked');
        assert.equal(codeOf(old.category[0]), codeOf(original!.category[0]), 'the revoked one says what it said');
        assert.equal(now.status, 'active');
        assert.deepEqual(now.replaces, [{ reference: `ServiceRequest/${old.id}` }]);
        assert.equal(now.authoredOn, '2022-06-01');
        const sender = entries(report).find((r) => r.resourceType === 'Organization' && r.identifier[0].value === sorCode(300));
        assert.ok(sender && now.requester.reference === `Organization/${sender.id}`, 'the new sender goes along');
        for (const plan of byProfile(report, PROFILE.carePlan)) {
          const based = plan.extension.find((x: R) => x.url === EXTENSION.basedOnServiceRequest);
          assert.equal(based.valueReference.reference, `ServiceRequest/${now.id}`, 'the care plan is based on the GGOP in force');
        }
        // replaced again: the chain goes on, each replacing the one before
        replaceGgop(db, f.id, GgopInput.parse({ ...ggop, gopReceivedDate: '2022-06-10' }), 't', TODAY);
        const third = JSON.parse(exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' }).bytes().toString()).entry[0].resource as R;
        assert.deepEqual(validateReport(third), []);
        const latest = byProfile(third, PROFILE.serviceRequest).find((r) => r.status === 'active')!;
        assert.deepEqual(latest.replaces, [{ reference: `ServiceRequest/${now.id}` }]);
        assert.equal(byProfile(third, PROFILE.serviceRequest).find((r) => r.id === now.id)!.status, 'revoked');
        db.close();
      });

      test('a GGOP cannot be replaced on an ended forløb, and a stale form is refused', () => {
        const { db, f } = ruddi();
        const ggop = GgopInput.parse({ gopType: 'specialiseret', dischargeDate: '2022-05-24' });
        assert.throws(() => replaceGgop(db, f.id, ggop, 't', TODAY, new Date(), '2000-01-01T00:00:00.000Z'), /er ændret|ændret af/);
        const before = getForloeb(db, f.id, TODAY);
        updateForloeb(db, f.id, ForloebInput.parse({ ...before, status: 'afsluttet', endDate: '2022-06-22', endReason: 'ikke_behov_fagperson' }), 't', TODAY);
        assert.throws(() => replaceGgop(db, f.id, ggop, 't', TODAY), /Forløbet er afsluttet: en ny genoptræningsplan hører til et nyt forløb/);
        assert.deepEqual(replacedGgops(db, f.id), []);
        db.close();
      });

      test('a citizen with something missing is held back with a Danish message naming the forløb and the field; the rest goes', () => {
        const { db } = ruddi();
        createForloeb(db, ForloebInput.parse({ cpr: cpr('010190', '2001'), gopType: 'specialiseret', dischargeDate: '2022-06-20' }), 't', TODAY);
        createForloeb(db, ForloebInput.parse({ cpr: cpr('010190', '2013'), gopType: 'specialiseret', dischargeDate: '2022-06-20' }), 't', TODAY);
        const r = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        assert.equal(r.citizens, 1);
        assert.equal(r.blocked.length, 2, 'two citizens born the same day are two, though their masked numbers are alike');
        assert.equal(r.blocked[0]!.cpr, '010190-xxxx', 'the CPR number masked');
        assert.match(r.blocked[0]!.problems.join(' '), /Forløbet \d+ \(udskrevet 20\.06\.2022\): GGOP-afsenderens SOR-kode mangler\./);
        db.close();
      });

      test('a report the checks refuse is held back whole on the check thread, as the plan checked here says; the rest goes', () => {
        const { db } = ruddi();
        setKlSettings(db, { ...getKlSettings(db), performerSor: sorCode(1037) });
        // a sender's SOR code cut short behind the form's back: the Organization breaks min-digits-sor, which only the
        // checks see (the forløb has everything the builder asks for)
        const short = createForloeb(
          db,
          ForloebInput.parse({ cpr: cpr('010190', '2001'), gopType: 'specialiseret', dischargeDate: '2022-06-20', ggopSenderSor: sorCode(227) }),
          't',
          TODAY,
        );
        db.prepare('UPDATE forloeb SET ggop_sender_sor = ? WHERE id = ?').run('12345', short.id);
        const plan = planKlDelivery(db, TODAY, UNTIL);
        assert.equal(plan.blocked.length, 1);
        assert.match(
          plan.blocked[0]!.problems.join(' '),
          /Rapporten for \d\d\.\d\d\.\d{4}: Organization\/[0-9a-f-]+, min-digits-sor: SOR-koden skal have mindst 11 cifre\./,
        );
        checkThread().waitReady();
        const r = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        assert.deepEqual(r.blocked, plan.blocked, 'the same citizen held back, with the same words');
        assert.equal(r.citizens, 1);
        const delivered = JSON.parse(r.bytes().toString()) as R;
        assert.equal(delivered.entry.length, plan.reports.length);
        assert.ok(!r.bytes().toString().includes('0101902001'), 'nothing of the held-back citizen is in the file');
        assert.equal(db.prepare("SELECT count(*) FROM kl_delivered WHERE cpr = '0101902001'").pluck().get(), 0, 'nor recorded as delivered');
        db.close();
      });

      test('asked before the save dialog, "anything to deliver?" answers as the whole count does, and refuses alike', () => {
        const { db } = ruddi();
        // a blocked citizen sorts first (010190 before 150277): the answer is found past it
        createForloeb(db, ForloebInput.parse({ cpr: cpr('010190', '2001'), gopType: 'specialiseret', dischargeDate: '2022-06-20' }), 't', TODAY);
        const agree = () => {
          const whole = klSummary(db, TODAY, UNTIL);
          const quick = klAnythingToDeliver(db, TODAY, UNTIL);
          assert.equal(quick.reports > 0, whole.reports > 0);
          if (quick.reports === 0) assert.deepEqual(quick.blocked, whole.blocked);
          return quick;
        };
        assert.ok(agree().reports > 0);
        assert.doesNotThrow(() => refuseNothingToDeliver(klAnythingToDeliver(db, TODAY, UNTIL)));
        exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't' });
        // Ruddi delivered: what is left is one blocked citizen, named in the refusal
        const left = agree();
        assert.equal(left.reports, 0);
        assert.equal(left.blocked.length, 1);
        assert.throws(() => refuseNothingToDeliver(left), /Intet kan leveres til KL Gateway: 1 borger er blokeret\. Forløbet \d+/);
        // that look went through every citizen: the status check asked next (the command line's, naming whom is
        // blocked) answers from it while nothing is written, and looks again once something is
        const look = klAnythingToDeliver(db, UNTIL, UNTIL).summary!;
        assert.deepEqual(look.value.summary, klSummary(db, UNTIL, UNTIL), 'the look is the whole count');
        const told = { ...look, value: { ...look.value, summary: { ...look.value.summary, blocked: [{ cpr: 'fra blikket', problems: [] }] } } };
        assert.equal(klStatus(db, UNTIL, true, told).checked!.blocked[0]!.cpr, 'fra blikket', 'answered from the look');
        assert.equal(klStatus(db, '2099-01-01', true, told).checked!.blocked[0]!.cpr, '010190-xxxx', 'another day: looked at again');
        createForloeb(db, ForloebInput.parse({ cpr: cpr('010190', '2013'), gopType: 'specialiseret', dischargeDate: '2022-06-20' }), 't', TODAY);
        assert.equal(klStatus(db, UNTIL, true, told).checked!.blocked.length, 2, 'written since: looked at again');
        assert.equal(klAnythingToDeliver(db, UNTIL, UNTIL).summary!.value.summary.blocked.length, 2);
        db.close();
      });

      test('a forløb written while the save dialog is open goes in the delivery; otherwise the rows of the first look are used', () => {
        const { db } = onTheWrongCitizen();
        // the look before the dialog: Ruddi and one more citizen to deliver
        const look = klAnythingToDeliver(db, TODAY, UNTIL);
        assert.ok(look.reports > 0);
        // while the dialog is open, a therapist registers a third citizen's forløb
        const third = cpr('020290', '2003');
        createForloeb(
          db,
          ForloebInput.parse({ cpr: third, gopType: 'almen_basal', dischargeDate: '2022-06-20', gopReceivedDate: '2022-06-19', ggopSenderSor: sorCode(227) }),
          't',
          TODAY,
        );
        const r = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't', source: look.source });
        assert.equal(r.citizens, 3, 'the forløb registered during the dialog is delivered, not left out by the rows read before it');
        const patients = (JSON.parse(r.bytes().toString()).entry as { resource: R }[])
          .flatMap((e) => entries(e.resource))
          .filter((x) => x.resourceType === 'Patient');
        assert.ok(patients.some((p) => p.identifier[0].value === third));
        // nothing written since the look: the delivery is built from the rows read then (rows of nothing: nothing to deliver)
        const { db: other } = onTheWrongCitizen();
        const stale = { ...klAnythingToDeliver(other, TODAY, UNTIL).source, value: { forloeb: [], ydelser: [], replaced: [] } };
        assert.throws(() => exportKlDelivery(other, { today: TODAY, until: UNTIL, actor: 't', source: stale }), /Intet nyt at levere/);
        assert.equal(exportKlDelivery(other, { today: TODAY, until: UNTIL, actor: 't' }).citizens, 2);
        db.close();
        other.close();
      });

      test('a failed write records nothing; the next delivery still has everything', () => {
        const { db } = ruddi();
        const missing = path.join(tmpDir(), 'findes-ikke', 'kl.json');
        assert.throws(() => exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't', target: missing }));
        assert.equal(db.prepare('SELECT count(*) FROM kl_delivery').pluck().get(), 0);
        assert.equal(db.prepare('SELECT count(*) FROM kl_delivered').pluck().get(), 0);
        const out = path.join(tmpDir(), 'kl.json');
        const r = exportKlDelivery(db, { today: TODAY, until: UNTIL, actor: 't', target: out });
        assert.equal(fs.readFileSync(out, 'utf8'), r.bytes().toString());
        db.close();
      });

      test('the command line: kl-export writes the delivery and prints the summary; nothing to deliver is exit 1', (t) => {
        if (sqliteOnly) return t.skip(sqliteOnly);
        const file = tmpDbPath();
        ruddi(openDatabase(file).db).db.close();
        const cli = (args: string[]) => {
          const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', ...args], { encoding: 'utf8' });
          return { code: r.status, out: r.stdout, err: r.stderr };
        };
        const out = path.join(tmpDir(), 'leverance.json');
        const r = cli(['kl-export', '--out', out, '--db', file, '--format', 'json']);
        assert.equal(r.code, 0, r.err);
        const j = JSON.parse(r.out);
        assert.equal(j.citizens, 1);
        assert.equal(j.file, out);
        const delivery = JSON.parse(fs.readFileSync(out, 'utf8'));
        assert.equal(delivery.meta.profile[0], PROFILE.incrementalDelivery);
        assert.equal(delivery.entry.length, 1);
        const again = cli(['kl-export', '--out', `${out}.2`, '--db', file]);
        assert.equal(again.code, 1);
        assert.match(again.out, /Intet nyt at levere til KL Gateway/);
        // the delivery is written as it is made: refused at its end, it leaves neither the file nor a temporary one
        assert.deepEqual(fs.readdirSync(path.dirname(out)), ['leverance.json']);
        assert.equal(cli(['kl-export', '--db', file]).code, 2, 'no --out');
      });
    });
  });
