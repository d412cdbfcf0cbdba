// Forløb (courses of genoptræning) and ydelser (the services reported to SEI, one record each): shapes, labels and checks.
// Specification: ../shared/domain/sei-genoptraening.md.

import { z } from 'zod';
import { checkCpr, checkSksForm, checkSor, type InstitutionCodeType } from './codes.ts';
import { addDays, daysBetween, formatShortDate, monthName, parseFileDate, type IsoDate } from './dates.ts';
import { CARE_PLAN_CATEGORY_KEYS, CONTACT_CLASS_KEYS, NO_CONTACT_REASON_KEYS } from './kl-gateway.ts';

export const GOP_TYPES = ['almen_basal', 'almen_avanceret', 'specialiseret', 'rehabilitering_specialiseret'] as const;
export type GopType = (typeof GOP_TYPES)[number];
export const GOP_LABELS: Record<GopType, string> = {
  almen_basal: 'Almen genoptræning, basalt niveau',
  almen_avanceret: 'Almen genoptræning, avanceret niveau',
  specialiseret: 'Genoptræning på specialiseret niveau',
  rehabilitering_specialiseret: 'Rehabilitering på specialiseret niveau',
};

export const FORLOEB_STATUSES = ['aktiv', 'afsluttet'] as const;
export type ForloebStatus = (typeof FORLOEB_STATUSES)[number];

export const END_REASONS = ['ikke_behov_borger', 'ikke_behov_fagperson', 'aktivt_fravalg', 'haendelse_ophoer', 'udeblevet'] as const;
export type EndReason = (typeof END_REASONS)[number];
export const END_REASON_LABELS: Record<EndReason, string> = {
  ikke_behov_borger: 'Ikke yderligere behov (borger-vurderet)',
  ikke_behov_fagperson: 'Ikke yderligere behov (fagperson-vurderet)',
  aktivt_fravalg: 'Aktivt fravalg',
  haendelse_ophoer: 'Hændelse medfører ophør',
  udeblevet: 'Borger har ikke henvendt sig eller er udeblevet',
};

/** An optional date: empty or missing is null. */
const isoDate = (label: string) =>
  z
    .string()
    .nullish()
    .transform((v) => (v ?? '').trim())
    .refine((v) => v === '' || parseFileDate(v) !== null, `${label} skal være en gyldig dato (ÅÅÅÅ-MM-DD).`)
    .transform((v) => (v === '' ? null : parseFileDate(v)));

const cprField = z.string().transform((v, ctx) => {
  const r = checkCpr(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value;
});

/** A genoptræningsplan from the hospital: its type, the discharge, when it came, and the unit that sent it. */
const ggopFields = {
  gopType: z.enum(GOP_TYPES, { message: 'Vælg genoptræningsplanens type.' }),
  dischargeDate: isoDate('Udskrivningsdatoen'),
  gopReceivedDate: isoDate('Datoen for modtaget genoptræningsplan'),
  // for the KL Gateway report (schemas/kl-gateway.ts); optional
  ggopSenderSor: z
    .string()
    .trim()
    .max(30)
    .nullable()
    .default(null)
    .transform((v, ctx) => {
      if (!v) return null;
      const r = checkSor(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.value;
    }),
};

/** A GGOP that replaces the forløb's GGOP in force (KL Gateway: `replaces`, the old one `revoked`). */
export const GgopInput = z.object(ggopFields);
export type GgopInput = z.input<typeof GgopInput>;
export type GgopData = z.output<typeof GgopInput>;

/** A GGOP the forløb had before it was replaced. */
export const ReplacedGgop = z.object({
  gopType: z.enum(GOP_TYPES),
  dischargeDate: z.string().nullable(),
  gopReceivedDate: z.string().nullable(),
  ggopSenderSor: z.string().nullable(),
  replacedAt: z.string(),
  replacedBy: z.string(),
});
export type ReplacedGgop = z.infer<typeof ReplacedGgop>;

export const ForloebInput = z
  .object({
    cpr: cprField,
    citizenName: z.string().trim().max(200, 'Navnet må højst have 200 tegn.').default(''),
    ...ggopFields,
    laterStartDate: isoDate('Den senere startdato'),
    status: z.enum(FORLOEB_STATUSES).default('aktiv'),
    endDate: isoDate('Slutdatoen'),
    endReason: z.enum(END_REASONS, { message: 'Vælg en afslutningsårsag.' }).nullable().default(null),
    // for the KL Gateway report (schemas/kl-gateway.ts); all optional, with the guide's defaults
    firstContactOffered: isoDate('Datoen for tilbudt første kontakt'),
    noContactReason: z.enum(NO_CONTACT_REASON_KEYS).nullable().default(null),
    carePlanCategory: z.enum(CARE_PLAN_CATEGORY_KEYS).default('interventionsforloeb'),
    deceased: z.boolean().default(false),
  })
  .superRefine((f, ctx) => {
    if (f.status === 'afsluttet') {
      if (!f.endDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'Et afsluttet forløb skal have en slutdato.' });
      if (!f.endReason) ctx.addIssue({ code: 'custom', path: ['endReason'], message: 'Et afsluttet forløb skal have en afslutningsårsag.' });
    }
    if (f.dischargeDate && f.laterStartDate && f.laterStartDate < f.dischargeDate) {
      ctx.addIssue({ code: 'custom', path: ['laterStartDate'], message: 'Den senere startdato kan ikke ligge før udskrivningsdatoen.' });
    }
    if (f.dischargeDate && f.endDate && f.endDate < f.dischargeDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'Slutdatoen kan ikke ligge før udskrivningsdatoen.' });
    }
  })
  .transform((f) => (f.status === 'aktiv' ? { ...f, endDate: null, endReason: null } : f));
export type ForloebInput = z.input<typeof ForloebInput>;
export type ForloebData = z.output<typeof ForloebInput>;

/** § 140, stk. 4: the state of the seven-day limit for a forløb. */
export const SevenDay = z.object({
  /** brudt: the first ydelse came after the limit (the breach stands, also once training has started). */
  state: z.enum(['startet', 'brudt', 'ok', 'naer', 'overskredet', 'ukendt', 'afsluttet']),
  deadline: z.string().nullable(),
  daysLeft: z.number().nullable(),
  message: z.string(),
});
export type SevenDay = z.infer<typeof SevenDay>;

export const Forloeb = z.object({
  id: z.number(),
  cpr: z.string(),
  citizenName: z.string(),
  gopType: z.enum(GOP_TYPES),
  dischargeDate: z.string().nullable(),
  gopReceivedDate: z.string().nullable(),
  laterStartDate: z.string().nullable(),
  status: z.enum(FORLOEB_STATUSES),
  endDate: z.string().nullable(),
  endReason: z.enum(END_REASONS).nullable(),
  ggopSenderSor: z.string().nullable(),
  firstContactOffered: z.string().nullable(),
  noContactReason: z.enum(NO_CONTACT_REASON_KEYS).nullable(),
  carePlanCategory: z.enum(CARE_PLAN_CATEGORY_KEYS),
  deceased: z.boolean(),
  firstYdelseDate: z.string().nullable(),
  ydelseCount: z.number(),
  sevenDay: SevenDay,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Forloeb = z.infer<typeof Forloeb>;

export { SEVEN_DAY_FILTERS, type SevenDayFilter } from './list-sort.ts';

/** Sundhedsloven § 140, stk. 4: the days from discharge (or the later start date) within which training must start. */
export const SEVEN_DAY_LIMIT_DAYS = 7;

/** Days before the limit at which a forløb without a first ydelse is flagged as close to it. */
export const SEVEN_DAY_WARNING_DAYS = 2;

/**
 * The seven-day rule of Sundhedsloven § 140, stk. 4: the kommune must be able to start the training within 7 days
 * of discharge, or of the later start date the plan names; otherwise the citizen may choose a private provider.
 */
export function sevenDayState(
  f: { dischargeDate: IsoDate | null; laterStartDate: IsoDate | null; status: ForloebStatus },
  firstYdelseDate: IsoDate | null,
  today: IsoDate,
): SevenDay {
  const base = f.laterStartDate ?? f.dischargeDate;
  const deadline = base ? addDays(base, SEVEN_DAY_LIMIT_DAYS) : null;
  if (firstYdelseDate) {
    if (deadline !== null && firstYdelseDate > deadline) {
      return {
        state: 'brudt',
        deadline,
        daysLeft: null,
        message: `Fristen overskredet: første ydelse ${formatShortDate(firstYdelseDate)}, frist ${formatShortDate(deadline)} (§ 140).`,
      };
    }
    return { state: 'startet', deadline, daysLeft: null, message: `Startede ${formatShortDate(firstYdelseDate)}.` };
  }
  if (f.status === 'afsluttet') return { state: 'afsluttet', deadline, daysLeft: null, message: 'Afsluttet uden ydelser.' };
  if (!deadline) {
    return { state: 'ukendt', deadline: null, daysLeft: null, message: 'Udskrivningsdato mangler: 7-dagesfristen kan ikke beregnes.' };
  }
  const daysLeft = daysBetween(today, deadline);
  if (daysLeft < 0) {
    return {
      state: 'overskredet',
      deadline,
      daysLeft,
      message: `7-dagesfristen (§ 140) udløb ${formatShortDate(deadline)} uden første ydelse: borgeren kan vælge privat leverandør.`,
    };
  }
  if (daysLeft <= SEVEN_DAY_WARNING_DAYS) {
    return {
      state: 'naer',
      deadline,
      daysLeft,
      message:
        daysLeft === 0
          ? `7-dagesfristen (§ 140) udløber i dag (${formatShortDate(deadline)}), og der er ingen første ydelse.`
          : `7-dagesfristen (§ 140) udløber om ${daysLeft} ${daysLeft === 1 ? 'dag' : 'dage'} (${formatShortDate(deadline)}), og der er ingen første ydelse.`,
    };
  }
  return { state: 'ok', deadline, daysLeft, message: `Første ydelse senest ${formatShortDate(deadline)}.` };
}

// ---------------------------------------------------------------- Ydelser

/** The fields of one ydelse as SEI receives it: in import rows, SEI file records and export records alike. */
export interface YdelseFields {
  cpr: string;
  dato: IsoDate;
  ydelseskode: string;
  tillaegskoder: string[];
  codeType: InstitutionCodeType;
  codeValue: string;
  hjemme: boolean;
}

/** Splits tillægskoder written with spaces, commas or "|", upper-cased, without duplicates. */
export function splitCodes(input: string): string[] {
  if (input === '') return [];
  return [
    ...new Set(
      input
        .split(/[\s|,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter((c) => c !== ''),
    ),
  ];
}

/** A time of day, HH:MM (also H:MM and HH.MM), or empty: null. */
const clockTime = (label: string) =>
  z
    .string()
    .trim()
    .nullable()
    .default(null)
    .transform((v, ctx) => {
      if (!v) return null;
      const m = /^(\d{1,2})[:.](\d{2})$/.exec(v);
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
        ctx.addIssue({ code: 'custom', message: `${label} skal skrives TT:MM, fx 09:30.` });
        return z.NEVER;
      }
      return `${m[1]!.padStart(2, '0')}:${m[2]}`;
    });

export const YdelseFields = {
  ydelseskode: z.string().transform((v, ctx) => {
    const r = checkSksForm(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: v.trim() === '' ? 'Ydelseskoden mangler.' : `Ydelseskoden: ${r.message}` });
      return z.NEVER;
    }
    return r.value;
  }),
  tillaegskoder: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const codes = splitCodes(v);
      for (const c of codes) {
        const r = checkSksForm(c);
        if (!r.ok) ctx.addIssue({ code: 'custom', message: `Tillægskoden: ${r.message}` });
      }
      return codes;
    }),
  placeId: z.number().int().positive().nullable().default(null),
  hjemme: z.boolean().default(false),
  // for the KL Gateway report; empty: the settings' default start and length, and the contact class from `hjemme`
  startTime: clockTime('Starttidspunktet'),
  endTime: clockTime('Sluttidspunktet'),
  contactClass: z.enum(CONTACT_CLASS_KEYS).nullable().default(null),
};

export const YdelseCreate = z.object({
  forloebId: z.number().int().positive(),
  dates: z
    .array(z.string().refine((d) => parseFileDate(d) !== null, 'Datoen skal være gyldig (ÅÅÅÅ-MM-DD).'))
    .min(1, 'Angiv mindst én dato.')
    .max(60, 'Højst 60 datoer ad gangen.'),
  ...YdelseFields,
});
export type YdelseCreate = z.input<typeof YdelseCreate>;

export const YdelseUpdate = z.object({
  dato: z.string().refine((d) => parseFileDate(d) !== null, 'Datoen skal være gyldig (ÅÅÅÅ-MM-DD).'),
  ...YdelseFields,
});
export type YdelseUpdate = z.input<typeof YdelseUpdate>;

export const Problem = z.object({
  code: z.string(),
  field: z.string(),
  message: z.string(),
  placeId: z.number().optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Ydelse = z.object({
  id: z.number(),
  forloebId: z.number().nullable(),
  cpr: z.string(),
  dato: z.string(),
  ydelseskode: z.string(),
  tillaegskoder: z.array(z.string()),
  placeId: z.number().nullable(),
  placeName: z.string().nullable(),
  institutionCode: z.object({ type: z.enum(['SOR', 'SHAK', 'YDER']), value: z.string() }).nullable(),
  hjemme: z.boolean(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  contactClass: z.enum(CONTACT_CLASS_KEYS).nullable(),
  eksternId: z.string().nullable(),
  reportable: z.boolean(),
  errors: z.array(Problem),
  warnings: z.array(Problem),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Ydelse = z.infer<typeof Ydelse>;

// ---------------------------------------------------------------- Validation, as SEI does it

/** How a code stands in the loaded SKS code list on a given day. */
export type CodeStanding = { state: 'gyldig' } | { state: 'ukendt' } | { state: 'ugyldig'; from: string; to: string | null };

export interface CodeLookup {
  standing(code: string, day: IsoDate): CodeStanding;
}

export interface PlaceFacts {
  id: number;
  name: string;
  code: { type: InstitutionCodeType; value: string } | null;
  active: boolean;
}

export interface YdelseFacts {
  cpr: string;
  dato: IsoDate;
  ydelseskode: string;
  tillaegskoder: string[];
  hjemme: boolean;
  place: PlaceFacts | null;
}

export interface ValidationContext {
  /** The loaded SKS code list, or null when none is loaded. */
  codes: CodeLookup | null;
  today: IsoDate;
  /** When exporting a month (YYYY-MM): dates outside it are errors. */
  month?: string;
  /** The CPR check to use (a bulk import passes a memoised one: a citizen has many rows). */
  checkCpr?: (input: string) => ReturnType<typeof checkCpr>;
}

/** A date this many days before today or more is "far in the past" (a warning). */
export const FAR_PAST_DAYS = 365;

let farPastMemo = { today: '', limit: '' };
/** The last date that is far in the past, seen from today (computed once per day: this runs for every row). */
function farPastLimit(today: IsoDate): IsoDate {
  if (farPastMemo.today !== today) farPastMemo = { today, limit: addDays(today, -FAR_PAST_DAYS) };
  return farPastMemo.limit;
}

function codeProblem(kind: 'Ydelseskoden' | 'Tillægskoden', code: string, day: IsoDate, codes: CodeLookup): string | null {
  const s = codes.standing(code, day);
  if (s.state === 'gyldig') return null;
  if (s.state === 'ukendt') return `${kind} ${code} findes ikke i den indlæste SKS-kodeliste.`;
  return `${kind} ${code} er ikke gyldig den ${day} (gyldig ${s.from} til ${s.to ?? 'i dag'}).`;
}

/**
 * The checks of one ydelse, split as SEI splits them: errors block the export of the record, warnings are shown and
 * never block. Messages are Danish and name the field.
 */
export function validateYdelse(y: YdelseFacts, ctx: ValidationContext): { errors: Problem[]; warnings: Problem[] } {
  const parts = [
    validateCprOf(y.cpr, ctx.checkCpr),
    validateDato(y.dato, ctx),
    validateCodes(y.ydelseskode, y.tillaegskoder, y.dato, ctx),
    validatePlace(y.place, y.hjemme),
  ];
  return { errors: parts.flatMap((p) => p.errors), warnings: parts.flatMap((p) => p.warnings) };
}

// The four parts of validateYdelse, each depending on few facts: an export of a month checks each citizen, day,
// code combination and place once, not once per ydelse.

export type Checked = { errors: Problem[]; warnings: Problem[] };

/** The CPR number. */
export function validateCprOf(cprInput: string, check: (input: string) => ReturnType<typeof checkCpr> = checkCpr): Checked {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const cpr = check(cprInput);
  if (!cpr.ok) errors.push({ code: 'cpr_ugyldig', field: 'cpr', message: cpr.message });
  else for (const w of cpr.warnings) warnings.push({ code: 'cpr_modulus11', field: 'cpr', message: w });
  return { errors, warnings };
}

/** The date: in the month exported, not far in the past, not in the future. */
export function validateDato(dato: IsoDate, ctx: Pick<ValidationContext, 'today' | 'month'>): Checked {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  if (ctx.month && dato.slice(0, 7) !== ctx.month) {
    errors.push({ code: 'dato_udenfor_maaned', field: 'dato', message: `Datoen ${formatShortDate(dato)} ligger uden for ${monthName(ctx.month)}.` });
  }
  if (dato <= farPastLimit(ctx.today)) {
    warnings.push({ code: 'dato_gammel', field: 'dato', message: `Datoen ${formatShortDate(dato)} ligger mere end et år tilbage.` });
  }
  if (dato > ctx.today) {
    warnings.push({ code: 'dato_fremtid', field: 'dato', message: `Datoen ${formatShortDate(dato)} ligger i fremtiden.` });
  }
  return { errors, warnings };
}

/** The SKS codes: their form, and their validity on the day in the loaded code list. */
export function validateCodes(ydelseskode: string, tillaegskoder: readonly string[], dato: IsoDate, ctx: Pick<ValidationContext, 'codes'>): Checked {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const form = checkSksForm(ydelseskode);
  if (ydelseskode.trim() === '') {
    errors.push({ code: 'ydelseskode_mangler', field: 'ydelseskode', message: 'Ydelseskoden mangler.' });
  } else if (!form.ok) {
    errors.push({ code: 'ydelseskode_form', field: 'ydelseskode', message: `Ydelseskoden: ${form.message}` });
  } else if (ctx.codes) {
    const p = codeProblem('Ydelseskoden', ydelseskode, dato, ctx.codes);
    if (p) errors.push({ code: 'ydelseskode_ugyldig', field: 'ydelseskode', message: p });
  }
  for (const t of tillaegskoder) {
    const f = checkSksForm(t);
    if (!f.ok) errors.push({ code: 'tillaegskode_form', field: 'tillaegskoder', message: `Tillægskoden: ${f.message}` });
    else if (ctx.codes) {
      const p = codeProblem('Tillægskoden', t, dato, ctx.codes);
      if (p) errors.push({ code: 'tillaegskode_ugyldig', field: 'tillaegskoder', message: p });
    }
  }
  if (!ctx.codes) {
    warnings.push({
      code: 'kodeliste_mangler',
      field: 'ydelseskode',
      message: 'SKS-kodelisten er ikke indlæst: kun kodernes form er kontrolleret.',
    });
  }
  return { errors, warnings };
}

/** The place: there is one (for training at home: the unit that performed it), it has a code, it is active. */
export function validatePlace(place: PlaceFacts | null, hjemme: boolean): Checked {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  if (!place) {
    errors.push(
      hjemme
        ? {
            code: 'hjemme_uden_enhed',
            field: 'placeId',
            message: 'Træning i borgerens hjem skal stedfæstes ved den enhed, der udførte den: vælg den udførende enhed.',
          }
        : { code: 'sted_mangler', field: 'placeId', message: 'Ydelsen har intet sted og dermed ingen institutionskode: vælg stedet.' },
    );
  } else if (!place.code) {
    errors.push({
      code: 'sted_uden_kode',
      field: 'placeId',
      placeId: place.id,
      message: `Stedet "${place.name}" har ingen kode endnu (SOR-kode skal søges). Ydelsen kan ikke indberettes, før stedet har en kode.`,
    });
  } else if (!place.active) {
    warnings.push({ code: 'sted_deaktiveret', field: 'placeId', placeId: place.id, message: `Stedet "${place.name}" er deaktiveret.` });
  }
  return { errors, warnings };
}
