// Places (steder) where genoptræning happens: the shapes, their Danish labels and their validation.

import { z } from 'zod';
import { checkInstitutionCode, INSTITUTION_CODE_TYPES, isEmail, type InstitutionCodeType } from './codes.ts';

export const PLACE_TYPES = ['plejehjem', 'genoptraeningscenter', 'sundhedscenter', 'fysioterapiklinik', 'andet'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

export const PLACE_TYPE_LABELS: Record<PlaceType, string> = {
  plejehjem: 'Plejehjem',
  genoptraeningscenter: 'Genoptræningscenter',
  sundhedscenter: 'Sundhedscenter',
  fysioterapiklinik: 'Fysioterapiklinik',
  andet: 'Andet',
};

export const OWNERS = ['kommunal', 'privat_med_aftale'] as const;
export type Owner = (typeof OWNERS)[number];

export const OWNER_LABELS: Record<Owner, string> = {
  kommunal: 'Kommunalt ejet',
  privat_med_aftale: 'Privat, med aftale med kommunen om genoptræning',
};

const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label} må højst have ${max} tegn.`).default('');

/** Danish phone number: 8 digits, optionally +45 / 0045 in front; spaces and hyphens allowed. */
export function normalizePhone(input: string): string | null {
  const v = input.replace(/[\s\-().]/g, '');
  if (v === '') return '';
  const m = /^(?:\+45|0045)?(\d{8})$/.exec(v);
  if (!m) return null;
  const d = m[1]!;
  return `${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4, 6)} ${d.slice(6, 8)}`;
}

const WEB_RE = /^(https?:\/\/)?[^\s/]+\.[^\s/]+(\/\S*)?$/i;

export const InstitutionCodeInput = z.object({
  type: z.enum(INSTITUTION_CODE_TYPES, { message: 'Vælg kodetype: SOR, SHAK eller ydernummer.' }),
  value: z.string(),
});

/** What the user fills in for a place. Codes are checked and normalised (ydernummer zero-padded, SHAK upper case). */
export const PlaceInput = z
  .object({
    name: z.string().trim().min(1, 'Navn skal udfyldes.').max(200, 'Navnet må højst have 200 tegn.'),
    type: z.enum(PLACE_TYPES, { message: 'Vælg en stedtype.' }),
    typeOther: optionalText(100, 'Beskrivelsen af typen'),
    owner: z.enum(OWNERS, { message: 'Angiv ejerforhold: kommunalt eller privat med aftale.' }),
    street: optionalText(200, 'Adressen'),
    postalCode: optionalText(4, 'Postnummeret'),
    city: optionalText(100, 'Bynavnet'),
    phone: optionalText(30, 'Telefonnummeret'),
    email: optionalText(200, 'E-mailadressen'),
    web: optionalText(300, 'Webadressen'),
    note: optionalText(2000, 'Bemærkningen'),
    code: InstitutionCodeInput.nullable().default(null),
  })
  .transform((p, ctx) => {
    if (p.type === 'andet' && p.typeOther === '') {
      ctx.addIssue({ code: 'custom', path: ['typeOther'], message: 'Beskriv typen, når den er "Andet".' });
    }
    if (p.postalCode !== '' && !/^\d{4}$/.test(p.postalCode)) {
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'Postnummeret skal have 4 cifre.' });
    }
    const phone = normalizePhone(p.phone);
    if (phone === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Telefonnummeret skal have 8 cifre (evt. med +45 foran).',
      });
    }
    if (p.email !== '' && !isEmail(p.email)) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'E-mailadressen er ikke gyldig (fx navn@kommune.dk).' });
    }
    if (p.web !== '' && !WEB_RE.test(p.web)) {
      ctx.addIssue({ code: 'custom', path: ['web'], message: 'Webadressen er ikke gyldig (fx www.kommune.dk).' });
    }
    let code: { type: InstitutionCodeType; value: string } | null = null;
    if (p.code) {
      const r = checkInstitutionCode(p.code.type, p.code.value);
      if (r.ok) code = { type: p.code.type, value: r.value };
      else ctx.addIssue({ code: 'custom', path: ['code', 'value'], message: r.message });
    }
    return { ...p, typeOther: p.type === 'andet' ? p.typeOther : '', phone: phone ?? p.phone, code };
  });
export type PlaceInput = z.input<typeof PlaceInput>;
export type PlaceData = z.output<typeof PlaceInput>;

export const Place = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.enum(PLACE_TYPES),
  typeOther: z.string(),
  owner: z.enum(OWNERS),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  phone: z.string(),
  email: z.string(),
  web: z.string(),
  note: z.string(),
  code: z.object({ type: z.enum(INSTITUTION_CODE_TYPES), value: z.string() }).nullable(),
  active: z.boolean(),
  /** Created by an import from its code alone: name, type and address must be filled in. */
  needsCompletion: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deactivatedAt: z.string().nullable(),
});
export type Place = z.infer<typeof Place>;

export const HistoryEntry = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Danish field names, for history and error lists. */
export const PLACE_FIELD_LABELS: Record<string, string> = {
  name: 'Navn',
  type: 'Type',
  typeOther: 'Anden type',
  owner: 'Ejerforhold',
  street: 'Adresse',
  postalCode: 'Postnummer',
  city: 'By',
  phone: 'Telefon',
  email: 'E-mail',
  web: 'Web',
  note: 'Bemærkning',
  code: 'Institutionskode',
  'code.type': 'Kodetype',
  'code.value': 'Institutionskode',
  active: 'Aktiv',
};

/** "SOR 8341000016002", "Ydernummer 024015" or "Ingen kode endnu". */
export function describeCode(code: Place['code']): string {
  if (!code) return 'Ingen kode endnu';
  return `${code.type === 'YDER' ? 'Ydernummer' : code.type} ${code.value}`;
}

/** The type as the list shows it: the kind of place, or what the user wrote for "andet". */
export function placeTypeText(p: Pick<Place, 'type' | 'typeOther'>): string {
  return p.type === 'andet' && p.typeOther ? p.typeOther : PLACE_TYPE_LABELS[p.type];
}

/** "Vejen 1, 8000 Aarhus C", as much of it as is known. */
export function placeAddress(p: Pick<Place, 'street' | 'postalCode' | 'city'>): string {
  return [p.street, [p.postalCode, p.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}
