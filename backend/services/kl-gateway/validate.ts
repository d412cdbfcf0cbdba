// Checks a delivery report offline before it is written: FHIR R4's own structure (fhir-r4.ts, HL7's JSON schema), then
// as the guide's profiles say (../shared/domain/kl-gateway-rehab.md § 2): the elements each profile requires, fixes or forbids, the required value sets, that every reference is to a
// resource in the same Bundle, and every invariant, evaluated as the FHIRPath expression the guide writes (fhirpath.js
// with the R4 model), with a conformsTo of our own: a resource conforms to one of the guide's profiles when it claims
// it in meta.profile and passes that profile's checks here.

import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import {
  CANCELLATION_TYPES,
  CARE_PLAN_CATEGORIES,
  codesOf,
  DELIVERY_TYPES,
  ENCOUNTER_CLASSES,
  EXTENSION,
  FSIII_INTERVENTIONS,
  NO_CONTACT_REASONS,
  PROFILE,
  SERVICE_REQUEST_TYPES,
  SERVICE_TYPE,
  SYSTEM,
} from '../../../schemas/kl-gateway.ts';
import type { Json } from './build.ts';
import { r4Problems } from './fhir-r4.ts';
import { R4_TYPES } from './fhir-r4-schema.ts';

export interface Problem {
  /** The resource, as "Type/id" (or "Bundle"). */
  resource: string;
  /** The element, as a FHIRPath-like path. */
  field: string;
  message: string;
}

/** The guide's invariants, quoted exactly, with the resources they apply to. */
export const INVARIANTS: {
  key: string;
  on: 'Bundle' | ProfileUrl;
  expression: string;
  human: string;
  /**
   * Elements whose values the expression only compares with one another (never with a literal, a pattern or an order):
   * they are read as the order in which each value first appears (holds), so inputs alike but for their ids share one
   * answer. A claim about the expression, made by reading it; a test compares the answers with and without it.
   */
  sameness?: string[];
}[] = [
  {
    key: 'gateway-140-report-1',
    on: 'Bundle',
    expression: `entry.select(resource as Condition).all(
    $this.conformsTo('http://fhir.kl.dk/rehab/StructureDefinition/klgateway-140-condition')
 or $this.conformsTo('http://fhir.kl.dk/rehab/StructureDefinition/klgateway-140-focus-condition'))`,
    human: 'hver Condition skal følge klgateway-140-condition eller klgateway-140-focus-condition',
  },
  {
    key: 'gateway-140-report-2',
    on: 'Bundle',
    expression: `entry.select(resource as CarePlan).all(
    $this.conformsTo('http://fhir.kl.dk/rehab/StructureDefinition/klgateway-140-care-plan')
 or $this.conformsTo('http://fhir.kl.dk/rehab/StructureDefinition/klgateway-140-planned-intervention'))`,
    human: 'hver CarePlan skal følge klgateway-140-care-plan eller klgateway-140-planned-intervention',
  },
  {
    key: 'bdl-7',
    on: 'Bundle',
    expression: "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    human: 'to indgange har samme fullUrl',
    // fullUrl is tested for existence and, with the version appended, for distinctness: nothing else
    sameness: ['fullUrl'],
  },
  {
    key: 'gateway-140-service-request-1',
    on: PROFILE.serviceRequest,
    expression: `category.select(coding.code = 'ffd81f78-352e-4589-a195-5350dd1df2a4' or
             coding.code = '0c8e2bfc-1350-45d1-90da-c07e2645d073' or
             coding.code = '83c89857-8fb8-4163-97b1-eb1a56345c29').anyTrue()`,
    human: 'GGOP-typen skal være almen, specialiseret eller rehabilitering',
  },
  {
    key: 'klgateway-140-care-plan-1',
    on: PROFILE.carePlan,
    expression: "activity.detail.all(statusReason.exists() = (status = 'cancelled' or status = 'stopped'))",
    human: 'en årsag skal angives, netop når forløbet er afbrudt eller aflyst',
  },
  {
    key: 'klgateway-140-intervention-1',
    on: PROFILE.plannedIntervention,
    expression: `activity.detail.code.coding.code = '7f825e3e-1a5c-4249-bf41-9f7171fb6b8a'
    or activity.detail.code.coding.code = '2abe20c7-c0b4-41c1-b397-52acf36499ef'
    or activity.detail.code.coding.code = '58293f63-00d7-4730-8dbc-c784d40f9e23'
    or activity.detail.code.coding.code = '2c661159-1bb3-4af2-bdf1-f3a9927a99e2'
    or activity.detail.code.coding.code = '8d714c98-f23a-4722-8a2f-85c162fe4840'
    or activity.detail.code.coding.code = '66fb32c9-ecc3-484b-be49-f20094be237c'
    or activity.detail.code.coding.code = 'f8ac963c-6ec5-4ec5-bd90-a22fea4e2d16' implies basedOn.exists()`,
    human: 'en træningsindsats skal henvise til sit forløb (basedOn)',
  },
  {
    key: 'klgateway-140-intervention-2',
    on: PROFILE.plannedIntervention,
    expression: `activity.detail.code.coding.code = '1130ad70-6553-490d-87f8-5e8941687a0c'
    or activity.detail.code.coding.code = 'ba3e17bd-d4aa-4848-acad-25adc8285c19' implies basedOn.empty()`,
    human: 'udredning og koordinering må ikke henvise til et forløb (basedOn)',
  },
  {
    key: 'cpr',
    on: PROFILE.citizen,
    expression:
      "identifier.where(system = 'urn:oid:1.2.208.176.1.2').value.all(matches('^((((0[1-9]|1[0-9]|2[0-9]|3[0-1])(01|03|05|07|08|10|12))|((0[1-9]|1[0-9]|2[0-9]|30)(04|06|09|11))|((0[1-9]|1[0-9]|2[0-9])(02)))[0-9]{6})$'))",
    human: 'CPR-nummeret har ikke CPR-nummerets form',
  },
  {
    key: 'min-digits-sor',
    on: PROFILE.citizen,
    expression: "managingOrganization.identifier.where(system = 'urn:oid:1.2.208.176.1.1').value.all(matches('^([0-9]){11,}$'))",
    human: 'kommunens SOR-kode skal have mindst 11 cifre',
  },
  {
    key: 'dk-core-organization-mandatory-identifier',
    on: PROFILE.organization,
    expression:
      "identifier.where(system='urn:oid:1.2.208.176.1.1' or system='https://kombit.dk/sts/organisation' or system='urn:oid:2.16.840.1.113883.2.24.1.1').exists()",
    human: 'organisationen skal have en SOR- eller KOMBIT-identifikator',
  },
  {
    key: 'min-digits-sor',
    on: PROFILE.organization,
    expression: "identifier.where(system = 'urn:oid:1.2.208.176.1.1').value.all(matches('^([0-9]){11,}$'))",
    human: 'SOR-koden skal have mindst 11 cifre',
  },
];
type ProfileUrl = (typeof PROFILE)[keyof typeof PROFILE];

const REQUEST_STATUS = new Set(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']);
const ACTIVITY_STATUS = new Set(['not-started', 'scheduled', 'in-progress', 'on-hold', 'completed', 'cancelled', 'stopped', 'unknown', 'entered-in-error']);
const ENCOUNTER_STATUS = new Set(['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown']);
const V3_ENCOUNTER = new Set(['AMB', 'EMER', 'FLD', 'HH', 'IMP', 'ACUTE', 'NONAC', 'OBSENC', 'PRENC', 'SS', 'VR']);
const KL_ENCOUNTER = new Set<string>([ENCOUNTER_CLASSES.skaerm.code, ENCOUNTER_CLASSES.telefon.code]);

/** The elements a profile allows on the resource (every other one is 0..0 there, or not used by the app). */
const ALLOWED: Record<string, string[]> = {
  [PROFILE.citizen]: ['resourceType', 'id', 'meta', 'identifier', 'deceasedBoolean', 'managingOrganization', 'active'],
  [PROFILE.organization]: ['resourceType', 'id', 'meta', 'identifier', 'active', 'name'],
  [PROFILE.serviceRequest]: [
    'resourceType',
    'id',
    'meta',
    'extension',
    'status',
    'intent',
    'category',
    'code',
    'subject',
    'occurrencePeriod',
    'authoredOn',
    'requester',
    'reasonReference',
    'replaces',
  ],
  [PROFILE.carePlan]: ['resourceType', 'id', 'meta', 'extension', 'status', 'intent', 'category', 'subject', 'period', 'activity'],
  [PROFILE.plannedIntervention]: ['resourceType', 'id', 'meta', 'extension', 'basedOn', 'status', 'intent', 'subject', 'period', 'activity'],
  [PROFILE.encounter]: ['resourceType', 'id', 'meta', 'extension', 'status', 'class', 'subject', 'period'],
};

const RESOURCE_TYPE: Record<string, string> = {
  [PROFILE.citizen]: 'Patient',
  [PROFILE.organization]: 'Organization',
  [PROFILE.serviceRequest]: 'ServiceRequest',
  [PROFILE.carePlan]: 'CarePlan',
  [PROFILE.plannedIntervention]: 'CarePlan',
  [PROFILE.encounter]: 'Encounter',
  [PROFILE.condition]: 'Condition',
  [PROFILE.focusCondition]: 'Condition',
};

/** The codes of each required value set (made once: a delivery checks every resource against them). */
const CODES = {
  allowedCats: codesOf(SERVICE_REQUEST_TYPES),
  reasonCodes: codesOf(NO_CONTACT_REASONS),
  planCats: codesOf(CARE_PLAN_CATEGORIES),
  cancel: codesOf(CANCELLATION_TYPES),
  fsiii: codesOf(FSIII_INTERVENTIONS),
  deliveryCodes: codesOf(DELIVERY_TYPES),
};

type J = Json & { [k: string]: unknown };
const arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : v === undefined ? [] : [v as J]);
const codesIn = (cc: unknown): string[] => arr((cc as J | undefined)?.coding).map((c) => String(c.code));
const extensions = (r: J, url: string): J[] => arr(r.extension).filter((e) => e.url === url);

/** A rule of a profile: `ok`, or its problem added to `out` (a function of its own: not a closure made per resource). */
function need(out: { field: string; message: string }[], field: string, ok: boolean, what = 'skal angives'): void {
  if (!ok) out.push({ field, message: what });
}

/** The problems of one resource against the profile it claims (none: it conforms). */
export function profileProblems(r: J, profile: string): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (RESOURCE_TYPE[profile] && r.resourceType !== RESOURCE_TYPE[profile]) out.push({ field: 'resourceType', message: `skal være ${RESOURCE_TYPE[profile]}` });
  const allowed = ALLOWED[profile];
  if (allowed) for (const k of Object.keys(r)) if (!allowed.includes(k)) out.push({ field: k, message: 'må ikke angives (0..0 i profilen)' });
  const status = String(r.status ?? '');
  switch (profile) {
    case PROFILE.citizen: {
      const ids = arr(r.identifier);
      need(out, 'identifier', ids.length === 1, 'skal have præcis ét CPR-nummer');
      need(out, 'identifier.use', ids[0]?.use === 'official' && ids[0]?.system === SYSTEM.cpr, 'skal være CPR-nummeret (use official, CPR-systemet)');
      need(out, 'deceasedBoolean', typeof r.deceasedBoolean === 'boolean');
      const org = (r.managingOrganization as J | undefined)?.identifier as J | undefined;
      need(out, 'managingOrganization.identifier', org?.use === 'official' && org?.system === SYSTEM.sor && !!org?.value, 'skal være kommunens SOR-kode');
      break;
    }
    case PROFILE.organization: {
      const ids = arr(r.identifier);
      need(
        out,
        'identifier',
        ids.length === 1 && ids[0]!.use === 'official' && (ids[0]!.system === SYSTEM.sor || ids[0]!.system === SYSTEM.kombitOrg),
        'skal være én SOR-kode (SHAK og ydernummer accepteres ikke)',
      );
      break;
    }
    case PROFILE.serviceRequest: {
      need(out, 'status', REQUEST_STATUS.has(status), `"${status}" er ikke en request-status`);
      need(out, 'intent', r.intent === 'plan', 'skal være plan');
      need(out, 'code', codesIn(r.code).length > 0 && codesIn(r.code).every((c) => c === SERVICE_TYPE.code), 'skal være fra ServiceTypes140');
      const cats = arr(r.category);
      need(out, 'category', cats.length >= 1 && cats.length <= 2, 'skal have 1 eller 2 typer');
      need(
        out,
        'category',
        cats.every((c) => codesIn(c).every((x) => CODES.allowedCats.has(x))),
        'skal være fra ServiceRequestTypes140',
      );
      need(out, 'requester', typeof (r.requester as J | undefined)?.reference === 'string', 'GGOP-afsenderen skal angives');
      need(out, 'subject', typeof (r.subject as J | undefined)?.reference === 'string');
      need(out, 'authoredOn', typeof r.authoredOn === 'string');
      const discharge = extensions(r, EXTENSION.dischargeDate);
      need(out, 'extension[dischargeDate]', discharge.length === 1 && typeof discharge[0]!.valueDate === 'string', 'udskrivningsdatoen skal angives');
      const reasons = extensions(r, EXTENSION.statusReason);
      need(out, 'extension[statusReason]', reasons.length <= 1, 'højst én årsag');
      need(
        out,
        'extension[statusReason]',
        reasons.every((x) => codesIn(x.valueCodeableConcept).every((c) => CODES.reasonCodes.has(c))),
        'skal være fra ServiceRequestStatusReasons140',
      );
      const period = r.occurrencePeriod as J | undefined;
      need(out, 'occurrencePeriod.end', !period || period.end === undefined, 'må ikke angives');
      need(out, 'replaces', arr(r.replaces).length <= 1, 'højst én erstattet GGOP');
      break;
    }
    case PROFILE.carePlan: {
      need(out, 'status', REQUEST_STATUS.has(status), `"${status}" er ikke en request-status`);
      need(out, 'intent', r.intent === 'plan', 'skal være plan');
      const cats = arr(r.category);
      need(out, 'category', cats.length === 1 && codesIn(cats[0]).every((c) => CODES.planCats.has(c)), 'skal være én fra CarePlanCategories140');
      need(out, 'subject', typeof (r.subject as J | undefined)?.reference === 'string');
      need(out, 'period.start', typeof (r.period as J | undefined)?.start === 'string');
      const acts = arr(r.activity);
      need(out, 'activity', acts.length === 1 && !!acts[0]!.detail, 'skal have præcis én aktivitet med detaljer');
      const d = (acts[0]?.detail ?? {}) as J;
      need(out, 'activity.detail.status', ACTIVITY_STATUS.has(String(d.status ?? '')), 'skal angives (care-plan-activity-status)');
      need(out, 'activity.detail.performer', arr(d.performer).length === 1, 'den udførende enhed skal angives (præcis én)');
      need(out, 'activity.detail.code', d.code === undefined, 'må ikke angives');
      need(out, 'activity.reference', acts[0]?.reference === undefined, 'må ikke angives');
      need(
        out,
        'activity.detail.statusReason',
        codesIn(d.statusReason).every((c) => CODES.cancel.has(c)),
        'skal være fra CancellationTypes',
      );
      break;
    }
    case PROFILE.plannedIntervention: {
      need(out, 'status', REQUEST_STATUS.has(status), `"${status}" er ikke en request-status`);
      need(out, 'intent', r.intent === 'plan', 'skal være plan');
      need(out, 'period.start', typeof (r.period as J | undefined)?.start === 'string');
      const acts = arr(r.activity);
      need(out, 'activity', acts.length === 1 && !!acts[0]!.detail, 'skal have præcis én aktivitet med detaljer');
      const d = (acts[0]?.detail ?? {}) as J;
      const codings = arr((d.code as J | undefined)?.coding);
      need(
        out,
        'activity.detail.code',
        codings.length >= 1 && codings.every((c) => c.system === SYSTEM.fsiii && CODES.fsiii.has(String(c.code))),
        'skal være en FSIII-indsats',
      );
      const types = extensions(d, EXTENSION.deliveryType);
      need(
        out,
        'activity.detail.extension[deliveryType]',
        types.length >= 1 && types.every((t) => codesIn(t.valueCodeableConcept).every((c) => CODES.deliveryCodes.has(c))),
        'leveringsformen skal angives (DeliveryTypes140)',
      );
      need(out, 'activity.detail.statusReason', d.statusReason === undefined, 'må ikke angives (0..0)');
      need(out, 'activity.detail.status', ACTIVITY_STATUS.has(String(d.status ?? '')), 'skal angives');
      need(out, 'activity.detail.performer', arr(d.performer).length <= 1, 'højst én udførende enhed');
      break;
    }
    case PROFILE.encounter: {
      need(out, 'status', ENCOUNTER_STATUS.has(status), `"${status}" er ikke en encounter-status`);
      const c = r.class as J | undefined;
      need(
        out,
        'class',
        !!c && ((c.system === SYSTEM.actCode && V3_ENCOUNTER.has(String(c.code))) || (c.system === SYSTEM.careSocial && KL_ENCOUNTER.has(String(c.code)))),
        'skal være fra EncounterClassCodes',
      );
      const p = r.period as J | undefined;
      need(out, 'period', typeof p?.start === 'string' && typeof p?.end === 'string', 'start og slut skal angives');
      need(out, 'subject', typeof (r.subject as J | undefined)?.reference === 'string');
      break;
    }
  }
  return out;
}

/** conformsTo(url), as the guide's invariants use it: claimed in meta.profile, and passing that profile's checks. */
function conformsTo(r: J, url: string): boolean {
  const claims = arr((r.meta as J | undefined)?.profile as unknown).map(String);
  return claims.includes(url) && profileProblems(r, url).length === 0;
}

/**
 * Where a resource's conformsTo answers are kept in the part of it an expression reads (readBy): they are part of
 * what the expression reads, so of what its remembered answers are found by. No FHIR element has a name like it.
 */
const CONFORMS = '#conformsTo';

const INVOCATIONS = {
  conformsTo: {
    fn: (inputs: unknown[], url: string) =>
      inputs.map((r) => {
        const known = (r as J)[CONFORMS] as Record<string, boolean> | undefined;
        return known && Object.hasOwn(known, url) ? known[url] : conformsTo(r as J, url);
      }),
    arity: { 1: ['String'] },
  },
};

interface Compiled {
  fn: (resource: unknown) => unknown[];
  /** The element names the expression reads (null: it reads whole resources). */
  names: Set<string> | null;
  /** The elements it only compares with one another (the invariant's `sameness`). */
  sameness: Set<string>;
  /** The elements of the resource itself its paths start from (null: any it names). */
  roots: Set<string> | null;
  /** The profiles it asks conformsTo about: each resource's answers go with the elements it reads. */
  profiles: string[];
  /** Its answers, by the elements it read (bounded: emptied when full). */
  answers: Map<string, boolean>;
}

/** Functions that read more than the elements an expression names: such an expression is evaluated on it all. */
const READS_ALL = /\b(descendants|children|resolve|repeat|trace)\s*\(/;

/** The identifiers an expression names (its string literals aside): element, function and operator names. */
function namesIn(expression: string): Set<string> | null {
  if (READS_ALL.test(expression)) return null;
  return new Set(expression.replace(/'(?:[^'\\]|\\.)*'/g, "''").match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
}

/** The profile URLs an expression's conformsTo calls name (as literals, as the guide writes them). */
function profilesIn(expression: string): string[] {
  return [...new Set([...expression.matchAll(/\bconformsTo\s*\(\s*'([^']*)'\s*\)/g)].map((m) => m[1]!))];
}

interface Node {
  type: string;
  text?: string;
  children?: Node[];
}

/**
 * Functions whose arguments are evaluated on each item they are given ($this the item: fhirpath.js's "Expr"). Any other
 * function's arguments are evaluated where the function is called: at the top of an expression, on the resource itself
 * (`a.union(b)` reads b from the resource).
 */
const PER_ITEM = new Set(['where', 'select', 'all', 'exists']);

/**
 * The elements of the resource an expression's paths start from: the first member of each path read from the resource,
 * not from what a path gave (a function of PER_ITEM reads its arguments from each item it is given). Null, meaning
 * every element it names, when it reads the resource some other way: a function, `$this` or an environment variable
 * (`%resource`) where a path starts, or an environment variable anywhere.
 */
export function rootsIn(expression: string): Set<string> | null {
  const roots = new Set<string>();
  const anywhere = (n: Node): boolean => n.type !== 'ExternalConstantTerm' && (n.children ?? []).every(anywhere);
  const functionName = (f: Node) => f.children?.[0]?.children?.[0]?.text;
  const argumentsOf = (f: Node): Node[] => f.children?.[0]?.children?.[1]?.children ?? [];
  // a node read from the resource: its paths' first members are roots; false when it reads the resource otherwise
  const fromResource = (n: Node): boolean => {
    const c = n.children ?? [];
    switch (n.type) {
      case 'InvocationExpression': {
        // what is invoked on the left's result reads that result; a function's arguments are read from each item of
        // it (PER_ITEM) or, any other function's, from the resource
        const invoked = c[1]!;
        if (invoked.type !== 'FunctionInvocation') return fromResource(c[0]!) && anywhere(invoked);
        const perItem = PER_ITEM.has(functionName(invoked) ?? '');
        return fromResource(c[0]!) && argumentsOf(invoked).every(perItem ? anywhere : fromResource);
      }
      case 'TermExpression':
      case 'InvocationTerm':
      case 'ParenthesizedTerm':
        return c.every(fromResource);
      case 'MemberInvocation':
        roots.add(n.text!);
        return true;
      case 'LiteralTerm':
        return true;
      case 'FunctionInvocation':
      case 'ThisInvocation':
      case 'IndexInvocation':
      case 'TotalInvocation':
      case 'ExternalConstantTerm':
        return false;
      case 'TypeSpecifier':
        return true;
      default:
        // operators (=, and, or, implies, |, is, as, [ ] …): each operand is read from the resource
        return c.every(fromResource);
    }
  };
  return fromResource((fhirpath as unknown as { parse(e: string): Node }).parse(expression)) ? roots : null;
}

/** A choice element (valueReference) is read by its name without the type (value). */
const named = (key: string, names: Set<string>) => {
  if (key === 'resourceType' || names.has(key)) return true;
  for (let i = key.length - 1; i > 0; i--) if (key.charCodeAt(i) >= 65 && key.charCodeAt(i) <= 90 && names.has(key.slice(0, i))) return true;
  return false;
};

/**
 * The part of a resource an expression can read: every element it names, at any depth, each resource's type, and what
 * conformsTo answers of each resource for the profiles the expression asks about (remembered per resource in
 * `conforms`, when given).
 */
function readBy(v: unknown, c: Compiled, conforms?: Conforms, seen?: Map<string, string>, top = true): unknown {
  if (Array.isArray(v)) return v.map((x) => readBy(x, c, conforms, seen, false));
  if (v === null || typeof v !== 'object') return v;
  const out: Json = {};
  const names = top && c.roots ? c.roots : c.names!;
  for (const k in v) {
    if (!named(k, names)) continue;
    const x = (v as J)[k];
    if (seen && typeof x === 'string' && c.sameness.has(k)) {
      // the n-th distinct value read: "#n#" (a text no other one ends or starts, whatever is appended to it)
      let token = seen.get(x);
      if (token === undefined) seen.set(x, (token = `#${seen.size + 1}#`));
      out[k] = token;
    } else out[k] = readBy(x, c, conforms, seen, false);
  }
  if (c.profiles.length > 0 && typeof (v as J).resourceType === 'string') {
    const known: Record<string, boolean> = {};
    for (const p of c.profiles) known[p] = conformsOf(v as J, p, conforms);
    out[CONFORMS] = known;
  }
  return out;
}

/** conformsTo, remembered per resource and profile for resources no one changes (a delivery's plan). */
type Conforms = WeakMap<object, Map<string, boolean>>;
function conformsOf(r: J, url: string, conforms?: Conforms): boolean {
  let m = conforms?.get(r);
  let answer = m?.get(url);
  if (answer === undefined) {
    answer = conformsTo(r, url);
    if (conforms) {
      if (!m) conforms.set(r, (m = new Map()));
      m.set(url, answer);
    }
  }
  return answer;
}

/**
 * Whether no text is the start of another. Values read as the order they first appear in ("#n#") keep what comparing
 * them says, also with a text appended (bdl-7 appends the version), only then: "ab" & "c" = "a" & "bc".
 */
function prefixFree(texts: Iterable<string>): boolean {
  const sorted = [...texts].sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.startsWith(sorted[i - 1]!)) return false;
  return true;
}

const compiled = new Map<string, Compiled>();
const MAX_ANSWERS = 50_000;

/** What an expression answers on its input, as an invariant: true, or nothing. */
function evaluate(c: Compiled, input: unknown): boolean {
  const r = c.fn(input);
  return r.length === 0 || r.every((x) => x === true);
}

/**
 * Whether an invariant holds: its expression compiled once (with the R4 model and our conformsTo), then evaluated on
 * the elements it reads. The same elements give the same answer: most resources of a delivery share them (the same
 * status, the same codes), and FHIRPath's cost grows with every node it wraps, so each answer is remembered.
 */
function holds(resource: J, expression: string, conforms?: Conforms, sameness: readonly string[] = []): boolean {
  let c = compiled.get(expression);
  if (!c) {
    const fn = fhirpath.compile(expression, r4, { userInvocationTable: INVOCATIONS } as never) as unknown as Compiled['fn'];
    c = { fn, names: namesIn(expression), sameness: new Set(sameness), roots: rootsIn(expression), profiles: profilesIn(expression), answers: new Map() };
    compiled.set(expression, c);
  }
  if (!c.names) return evaluate(c, resource);
  const seen = c.sameness.size > 0 ? new Map<string, string>() : undefined;
  let input = readBy(resource, c, conforms, seen);
  if (seen && !prefixFree(seen.keys())) input = readBy(resource, c, conforms);
  const key = JSON.stringify(input);
  let answer = c.answers.get(key);
  if (answer === undefined) {
    answer = evaluate(c, input);
    if (c.answers.size >= MAX_ANSWERS) c.answers.clear();
    c.answers.set(key, answer);
  }
  return answer;
}

/** The guide's profile URLs: a resource must claim one. */
const GUIDE_PROFILES = new Set<string>(Object.values(PROFILE));

const BUNDLE_FORBIDDEN = ['identifier', 'total', 'link', 'signature'];
const ENTRY_FORBIDDEN = ['link', 'search', 'request', 'response'];
const ENTRY_TYPES = new Set<string>(R4_TYPES);

/** The problems of one resource on its own (its place in a Bundle aside). */
/** No problems: one array for every resource that has none (a delivery remembers the answer of each). */
const NONE: readonly { field: string; message: string }[] = Object.freeze([]);

function resourceProblems(r: J, conforms?: Conforms): readonly { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const profiles = arr((r.meta as J | undefined)?.profile as unknown).map(String);
  if (!ENTRY_TYPES.has(String(r.resourceType))) out.push({ field: 'resourceType', message: 'hører ikke til en leverance' });
  for (const m of r4Problems(r)) out.push({ field: 'FHIR R4', message: m });
  for (const p of profiles) out.push(...profileProblems(r, p));
  if (!profiles.some((p) => GUIDE_PROFILES.has(p))) out.push({ field: 'meta.profile', message: 'skal nævne guidens profil' });
  if (typeof (r.meta as J | undefined)?.lastUpdated !== 'string') out.push({ field: 'meta.lastUpdated', message: 'skal angives' });
  for (const inv of INVARIANTS)
    if (inv.on !== 'Bundle' && profiles.includes(inv.on) && !holds(r, inv.expression, conforms, inv.sameness)) out.push({ field: inv.key, message: inv.human });
  return out.length === 0 ? NONE : out;
}

/**
 * What a delivery remembers of the resources it has checked: a resource in many reports (an Organization) is checked
 * once, and conformsTo is answered once per resource and profile. Only for resources no one changes after their first
 * check (a delivery's plan); a test that alters a resource between checks passes none.
 */
export interface CheckedResources {
  problems: WeakMap<object, readonly { field: string; message: string }[]>;
  conforms: Conforms;
}
export const checkedResources = (): CheckedResources => ({ problems: new WeakMap(), conforms: new WeakMap() });

/** Every problem of one delivery report (a citizen's Bundle). */
export function validateReport(bundle: J, checked?: CheckedResources): Problem[] {
  const out: Problem[] = [];
  const bad = (resource: string, field: string, message: string) => out.push({ resource, field, message });
  if (bundle.resourceType !== 'Bundle' || bundle.type !== 'collection') bad('Bundle', 'type', 'skal være en Bundle af typen collection');
  if (!arr((bundle.meta as J | undefined)?.profile as unknown).includes(PROFILE.deliveryReport as never))
    bad('Bundle', 'meta.profile', 'skal være klgateway-140-delivery-report');
  if (typeof bundle.timestamp !== 'string') bad('Bundle', 'timestamp', 'skal angives');
  for (const k of BUNDLE_FORBIDDEN) if (bundle[k] !== undefined) bad('Bundle', k, 'må ikke angives');
  const entries = arr(bundle.entry);
  const byRef = new Map<string, J>();
  let citizens = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    for (const k of ENTRY_FORBIDDEN) if (e[k] !== undefined) bad('Bundle', `entry[${i}].${k}`, 'må ikke angives');
    const r = e.resource as J | undefined;
    if (!r) {
      bad('Bundle', `entry[${i}].resource`, 'mangler');
      continue;
    }
    // the entry's fullUrl is the resource's name when it is "Type/id" (compared without making that text again)
    const fullUrl = e.fullUrl;
    const type = String(r.resourceType);
    const id = String(r.id);
    const isName =
      typeof fullUrl === 'string' &&
      fullUrl.length === type.length + 1 + id.length &&
      fullUrl.startsWith(type) &&
      fullUrl.charCodeAt(type.length) === 47 &&
      fullUrl.endsWith(id);
    const name = isName ? fullUrl : `${type}/${id}`;
    if (!isName) bad(name, `entry[${i}].fullUrl`, `skal være ${name}`);
    byRef.set(name, r);
    if (arr((r.meta as J | undefined)?.profile as unknown).includes(PROFILE.citizen as never)) citizens++;
    let own = checked?.problems.get(r);
    if (!own) {
      own = resourceProblems(r, checked?.conforms);
      checked?.problems.set(r, own);
    }
    for (const x of own) bad(name, x.field, x.message);
  }
  if (citizens !== 1) bad('Bundle', 'entry[citizen]', `skal have præcis én borger (har ${citizens})`);
  // every reference is "bundled": to a resource in this Bundle. The path to an element is made only for a problem
  const at: (string | number)[] = [];
  const pathOf = () => at.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  // only objects are gone into (a reference is one): a call per value, texts and numbers too, was most of the walk
  const walk = (v: object, from: string) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x === null || typeof x !== 'object') continue;
        at.push(i);
        walk(x, from);
        at.pop();
      }
      return;
    }
    const o = v as J;
    if (typeof o.reference === 'string' && !byRef.has(o.reference)) bad(from, pathOf(), `henviser til ${o.reference}, som ikke er med i leverancen`);
    for (const k in o) {
      const x = o[k];
      if (x === null || typeof x !== 'object' || k === 'meta') continue;
      at.push(k);
      walk(x, from);
      at.pop();
    }
  };
  for (const [name, r] of byRef) walk(r, name);
  // The Bundle's invariants that ask conformsTo about its resources are evaluated, as written, on a Bundle holding just
  // the entries they select (the same answer; FHIRPath's cost grows with every node it wraps). Every invariant reads
  // only the elements it names and, of each resource, what conformsTo answers (holds): reports alike share one answer
  const only = (type: string) => ({ ...bundle, entry: entries.filter((e) => (e.resource as J | undefined)?.resourceType === type) });
  const inputFor: Record<string, J> = { 'gateway-140-report-1': only('Condition'), 'gateway-140-report-2': only('CarePlan') };
  for (const inv of INVARIANTS)
    if (inv.on === 'Bundle' && !holds(inputFor[inv.key] ?? bundle, inv.expression, checked?.conforms, inv.sameness)) bad('Bundle', inv.key, inv.human);
  return out;
}
