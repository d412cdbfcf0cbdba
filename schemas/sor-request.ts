// Applying for a SOR code (or a change to one): the fields Sundhedsdatastyrelsen asks for, their checks, and the
// email to SORpost@sundhedsdata.dk. Source: ../shared/seeds/004_4efe30911a672bc1.txt, "Ansøgning om en SOR-kode".
// Pure: the window shows the same text it will send; the command line and the backend make the same email.

import { checkKommunekode, checkSor, checkYdernummer, isEmail, kommuneNavn } from './codes.ts';
import { normalizePhone } from './places.ts';

export const SOR_EMAIL = 'SORpost@sundhedsdata.dk';
export const SOR_SUPPORT = 'SOR-support, SORpost@sundhedsdata.dk, telefon 3268 5341 (mandag, onsdag og fredag kl. 10-11.30 og 13-14.30)';

/** The institution types the source names. */
export const SOR_INSTITUTION_TYPES = ['plejehjem', 'genoptraeningscenter', 'sundhedscenter', 'fysioterapiklinik'] as const;
export type SorInstitutionType = (typeof SOR_INSTITUTION_TYPES)[number];
export const SOR_TYPE_LABELS: Record<SorInstitutionType, string> = {
  plejehjem: 'Plejehjem',
  genoptraeningscenter: 'Genoptræningscenter',
  sundhedscenter: 'Sundhedscenter',
  fysioterapiklinik: 'Fysioterapiklinik',
};

/** The fields of an application, as the form, the database and `sor-request --from FIELDS.json` hold them. */
export interface SorRequestFields {
  /** "ny": a new SOR code; "aendring": a change to an existing one. */
  kind: 'ny' | 'aendring';
  /** For a change: the existing SOR code, and what changes. */
  existingSorCode: string;
  changes: string;
  institutionName: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  fax: string;
  email: string;
  web: string;
  institutionType: SorInstitutionType | '';
  owner: 'kommunal' | 'privat_med_aftale' | '';
  /** A private place must have an agreement with the kommune to deliver genoptræning. */
  agreementWithKommune: boolean;
  ydernummer: string;
  /** The kommune that applies (named in the subject). */
  kommunekode: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

export const EMPTY_FIELDS: SorRequestFields = {
  kind: 'ny',
  existingSorCode: '',
  changes: '',
  institutionName: '',
  street: '',
  postalCode: '',
  city: '',
  phone: '',
  fax: '',
  email: '',
  web: '',
  institutionType: '',
  owner: '',
  agreementWithKommune: false,
  ydernummer: '',
  kommunekode: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
};

export const FIELD_LABELS: Record<keyof SorRequestFields, string> = {
  kind: 'Ansøgningstype',
  existingSorCode: 'Eksisterende SOR-kode',
  changes: 'Hvad ændres',
  institutionName: 'Institutionens navn',
  street: 'Adresse',
  postalCode: 'Postnummer',
  city: 'By',
  phone: 'Telefonnummer',
  fax: 'Fax',
  email: 'E-mailadresse',
  web: 'Web-adresse',
  institutionType: 'Type institution',
  owner: 'Ejerforhold',
  agreementWithKommune: 'Aftale med kommunen',
  ydernummer: 'Ydernummer',
  kommunekode: 'Kommune',
  contactName: 'Kontaktperson',
  contactEmail: 'Kontaktpersonens e-mail',
  contactPhone: 'Kontaktpersonens telefon',
};

export interface FieldProblem {
  field: keyof SorRequestFields;
  message: string;
}

/** Every problem of an application, in the order of the form, each naming its field in Danish. */
export function checkSorRequest(input: Partial<SorRequestFields>): { fields: SorRequestFields; problems: FieldProblem[] } {
  const f: SorRequestFields = { ...EMPTY_FIELDS, ...input };
  for (const k of Object.keys(f) as (keyof SorRequestFields)[]) {
    const v = f[k];
    if (typeof v === 'string') (f as unknown as Record<string, string>)[k] = v.trim();
  }
  const problems: FieldProblem[] = [];
  const need = (field: keyof SorRequestFields) => {
    if (String(f[field]) === '') problems.push({ field, message: `${FIELD_LABELS[field]} skal udfyldes.` });
  };
  if (f.kind !== 'ny' && f.kind !== 'aendring') problems.push({ field: 'kind', message: 'Vælg, om der søges om en ny SOR-kode eller en ændring.' });
  if (f.kind === 'aendring') {
    if (f.existingSorCode === '') need('existingSorCode');
    else {
      const r = checkSor(f.existingSorCode);
      if (!r.ok) problems.push({ field: 'existingSorCode', message: r.message });
      else f.existingSorCode = r.value;
    }
    need('changes');
  }
  need('institutionName');
  need('street');
  if (f.postalCode === '') need('postalCode');
  else if (!/^\d{4}$/.test(f.postalCode)) problems.push({ field: 'postalCode', message: 'Postnummeret skal have 4 cifre.' });
  need('city');
  if (f.phone === '') need('phone');
  else {
    const p = normalizePhone(f.phone);
    if (p === null) problems.push({ field: 'phone', message: 'Telefonnummeret skal have 8 cifre (evt. med +45 foran).' });
    else f.phone = p;
  }
  if (f.fax !== '') {
    const p = normalizePhone(f.fax);
    if (p === null) problems.push({ field: 'fax', message: 'Faxnummeret skal have 8 cifre.' });
    else f.fax = p;
  }
  if (f.email !== '' && !isEmail(f.email)) problems.push({ field: 'email', message: 'E-mailadressen er ikke gyldig (fx navn@kommune.dk).' });
  if (f.web !== '' && !/^(https?:\/\/)?[^\s/]+\.[^\s/]+(\/\S*)?$/i.test(f.web))
    problems.push({ field: 'web', message: 'Web-adressen er ikke gyldig (fx www.kommune.dk).' });
  if (!(SOR_INSTITUTION_TYPES as readonly string[]).includes(f.institutionType)) {
    problems.push({ field: 'institutionType', message: 'Vælg typen: plejehjem, genoptræningscenter, sundhedscenter eller fysioterapiklinik.' });
  }
  if (f.owner !== 'kommunal' && f.owner !== 'privat_med_aftale') {
    problems.push({ field: 'owner', message: 'Angiv, om institutionen er kommunalt ejet eller privat.' });
  } else if (f.owner === 'privat_med_aftale' && !f.agreementWithKommune) {
    problems.push({
      field: 'agreementWithKommune',
      message: 'En privat institution skal have en aftale med kommunen om at varetage genoptræning; bekræft aftalen.',
    });
  }
  if (f.ydernummer !== '') {
    const r = checkYdernummer(f.ydernummer);
    if (!r.ok) problems.push({ field: 'ydernummer', message: r.message });
    else f.ydernummer = r.value;
  }
  if (f.kommunekode === '') need('kommunekode');
  else {
    const r = checkKommunekode(f.kommunekode);
    if (!r.ok) problems.push({ field: 'kommunekode', message: r.message });
    else f.kommunekode = r.value;
  }
  need('contactName');
  if (f.contactEmail === '') need('contactEmail');
  else if (!isEmail(f.contactEmail)) problems.push({ field: 'contactEmail', message: 'Kontaktpersonens e-mail er ikke gyldig.' });
  if (f.contactPhone !== '') {
    const p = normalizePhone(f.contactPhone);
    if (p === null) problems.push({ field: 'contactPhone', message: 'Kontaktpersonens telefon skal have 8 cifre.' });
    else f.contactPhone = p;
  }
  return { fields: f, problems };
}

function kommuneOf(f: SorRequestFields): string {
  const name = kommuneNavn(f.kommunekode) ?? f.kommunekode;
  return `${name} Kommune`;
}

export interface SorEmail {
  to: string;
  subject: string;
  body: string;
}

/** The email, in Danish, with every field as the page asks for it. The fields must have passed checkSorRequest. */
export function sorEmail(f: SorRequestFields): SorEmail {
  const kommune = kommuneOf(f);
  const isChange = f.kind === 'aendring';
  const subject = isChange
    ? `Ændring af SOR-kode ${f.existingSorCode}: ${f.institutionName}, ${kommune}`
    : `Ansøgning om SOR-kode: ${f.institutionName}, ${kommune}`;
  const owner = f.owner === 'kommunal' ? 'Kommunalt ejet' : `Privat virksomhed, der har truffet aftale med ${kommune} om at varetage genoptræning`;
  const lines = [
    'Til Sundhedsdatastyrelsen, SOR',
    '',
    isChange
      ? `${kommune} anmoder hermed om en ændring af SOR-kode ${f.existingSorCode}, som bruges til indberetning af genoptræning i SEI.`
      : `${kommune} ansøger hermed om en SOR-kode til nedenstående institution, så genoptræning udført dér kan stedfæstes ved indberetning i SEI.`,
    '',
    ...(isChange ? [`Eksisterende SOR-kode: ${f.existingSorCode}`, `Hvad ændres: ${f.changes}`, ''] : []),
    `Institutionens navn: ${f.institutionName}`,
    `Adresse: ${f.street}, ${f.postalCode} ${f.city}`,
    `Telefonnummer: ${f.phone}`,
    `Fax: ${f.fax || 'findes ikke'}`,
    `E-mailadresse: ${f.email || 'findes ikke'}`,
    `Web-adresse: ${f.web || 'findes ikke'}`,
    `Type institution: ${f.institutionType ? SOR_TYPE_LABELS[f.institutionType] : ''}`,
    `Ejerforhold: ${owner}`,
    `Ydernummer: ${f.ydernummer || 'findes ikke'}`,
    '',
    'Med venlig hilsen',
    f.contactName,
    kommune,
    f.contactEmail,
    ...(f.contactPhone ? [`Telefon ${f.contactPhone}`] : []),
  ];
  return { to: SOR_EMAIL, subject, body: lines.join('\n') };
}

/** Mail programs (Outlook among them) cut mailto: links at about 2,000 characters. */
export const MAILTO_LIMIT = 2000;

/** The mailto: link, or null when it would be too long for mail programs (then save the .eml or copy the text). */
export function mailtoLink(e: SorEmail, limit = MAILTO_LIMIT): string | null {
  const enc = (s: string) => encodeURIComponent(s);
  const link = `mailto:${e.to}?subject=${enc(e.subject)}&body=${enc(e.body.replace(/\n/g, '\r\n'))}`;
  return link.length <= limit ? link : null;
}

/** The whole email as text, for "Kopiér tekst". */
export function emailText(e: SorEmail): string {
  return `Til: ${e.to}\nEmne: ${e.subject}\n\n${e.body}\n`;
}
