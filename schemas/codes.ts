// Checks of the Danish codes the product handles, by the rules of ../shared/domain/codes.md.
// Pure functions: they run in the window, in Node, on the command line and in tests alike.
// Every message is Danish and names the code, so it can be shown to the user as it is.

import { KOMMUNER } from './kommuner.ts';

export type CodeResult = { ok: true; value: string; warnings: string[] } | { ok: false; message: string };

const ok = (value: string, warnings: string[] = []): CodeResult => ({ ok: true, value, warnings });
const fail = (message: string): CodeResult => ({ ok: false, message });

/** Removes spaces (people paste "48 44 1000016000" or "0101 01-1234"). */
function compact(input: string): string {
  return input.replace(/[\s\u00a0]+/g, '');
}

// ---------------------------------------------------------------- Verhoeff (SOR-ID / SNOMED CT)

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** True when a string of digits (check digit last) passes the Verhoeff check. */
export function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![digit]!]!;
  }
  return c === 0;
}

/** The Verhoeff check digit for a string of digits (used to make test data). */
export function verhoeffCheckDigit(digits: string): string {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = VERHOEFF_D[c]![VERHOEFF_P[(i + 1) % 8]![digit]!]!;
  }
  return String(VERHOEFF_INV[c]);
}

export const SOR_NAMESPACE = '1000016';

/**
 * SOR code: 11 to 18 digits in SNOMED CT identifier form: item, namespace 1000016, partition 00, Verhoeff check digit.
 */
export function checkSor(input: string): CodeResult {
  const v = compact(input);
  if (v === '') return fail('SOR-koden mangler.');
  if (!/^\d+$/.test(v)) return fail(`SOR-koden "${v}" må kun indeholde cifre.`);
  if (v.length < 11 || v.length > 18) {
    return fail(`SOR-koden "${v}" har ${v.length} cifre; en SOR-kode har 11 til 18 cifre.`);
  }
  const namespace = v.slice(-10, -3);
  const partition = v.slice(-3, -1);
  if (namespace !== SOR_NAMESPACE || partition !== '00') {
    return fail(`"${v}" er ikke en SOR-kode: en SOR-kode slutter med ${SOR_NAMESPACE}, 00 og et kontrolciffer (fx 8341000016002).`);
  }
  if (!verhoeffValid(v)) {
    return fail(`SOR-koden "${v}" har forkert kontrolciffer (sidste ciffer). Tjek koden for tastefejl.`);
  }
  return ok(v);
}

// ---------------------------------------------------------------- SHAK

export type ShakLevel = 'sygehus' | 'afdeling' | 'afsnit';

export function shakLevel(code: string): ShakLevel {
  return code.length === 4 ? 'sygehus' : code.length === 6 ? 'afdeling' : 'afsnit';
}

/** SHAK code: 4 (hospital), 6 (department) or 7 (section) characters, digits and capital letters. */
export function checkShak(input: string): CodeResult {
  const v = compact(input).toUpperCase();
  if (v === '') return fail('SHAK-koden mangler.');
  if (!/^[0-9A-Z]+$/.test(v)) {
    return fail(`SHAK-koden "${v}" må kun indeholde cifre og store bogstaver (A-Z).`);
  }
  if (v.length !== 4 && v.length !== 6 && v.length !== 7) {
    return fail(`SHAK-koden "${v}" har ${v.length} tegn; en SHAK-kode har 4 (sygehus), 6 (afdeling) eller 7 tegn (afsnit).`);
  }
  return ok(v);
}

/** The hospital code a SHAK code belongs to (its first 4 characters). */
export function shakHospital(code: string): string {
  return code.slice(0, 4);
}

// ---------------------------------------------------------------- Ydernummer

/** Ydernummer: 1 to 6 digits, shown and exported zero-padded to 6 digits. */
export function checkYdernummer(input: string): CodeResult {
  const v = compact(input);
  if (v === '') return fail('Ydernummeret mangler.');
  if (!/^\d+$/.test(v)) return fail(`Ydernummeret "${v}" må kun indeholde cifre.`);
  if (v.length > 6) return fail(`Ydernummeret "${v}" har ${v.length} cifre; et ydernummer har højst 6 cifre.`);
  if (/^0+$/.test(v)) return fail('Ydernummeret kan ikke være 0.');
  return ok(v.padStart(6, '0'));
}

// ---------------------------------------------------------------- Institution codes

/** An e-mail address as the forms accept it: something@domain.tld, no spaces. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

export const INSTITUTION_CODE_TYPES = ['SOR', 'SHAK', 'YDER'] as const;
export type InstitutionCodeType = (typeof INSTITUTION_CODE_TYPES)[number];

export const INSTITUTION_CODE_LABELS: Record<InstitutionCodeType, string> = {
  SOR: 'SOR-kode',
  SHAK: 'SHAK-kode',
  YDER: 'Ydernummer',
};

export function checkInstitutionCode(type: InstitutionCodeType, input: string): CodeResult {
  switch (type) {
    case 'SOR':
      return checkSor(input);
    case 'SHAK':
      return checkShak(input);
    case 'YDER':
      return checkYdernummer(input);
  }
}

// ---------------------------------------------------------------- CPR

export interface CprInfo {
  readonly value: string; // 10 digits, no hyphen
  readonly birthDate: string; // YYYY-MM-DD
  readonly sex: 'mand' | 'kvinde';
  readonly modulus11: boolean;
}

const CPR_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

export function cprModulus11(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (digits.charCodeAt(i) - 48) * CPR_WEIGHTS[i]!;
  return sum % 11 === 0;
}

/** The full birth year of a CPR number from its two-digit year and its seventh digit. */
export function cprCentury(yy: number, digit7: number): number {
  if (digit7 <= 3) return 1900 + yy;
  if (digit7 === 4 || digit7 === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy; // 5-8
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the day exists in the (proleptic Gregorian) calendar. */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Whether `s` is exactly ten digits (as a stored CPR number is: checked without a pattern, a month's citizens). */
function isTenDigits(s: string): boolean {
  if (s.length !== 10) return false;
  for (let i = 0; i < 10; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function parseCpr(input: string): { ok: true; info: CprInfo } | { ok: false; message: string } {
  let digits = input;
  if (!isTenDigits(input)) {
    const v = compact(input);
    if (v === '') return { ok: false, message: 'CPR-nummeret mangler.' };
    const m = /^(\d{6})-?(\d{4})$/.exec(v);
    if (!m) return { ok: false, message: 'CPR-nummeret skal have 10 cifre (DDMMÅÅ-XXXX).' };
    digits = m[1]! + m[2]!;
  }
  const day = digitAt(digits, 0) * 10 + digitAt(digits, 1);
  const month = digitAt(digits, 2) * 10 + digitAt(digits, 3);
  const year = cprCentury(digitAt(digits, 4) * 10 + digitAt(digits, 5), digitAt(digits, 6));
  if (!isValidDate(year, month, day)) {
    return { ok: false, message: 'CPR-nummerets første 6 cifre er ikke en gyldig dato (DDMMÅÅ).' };
  }
  return { ok: true, info: new ParsedCpr(digits, year, month, day) };
}

const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** A CPR number's facts, worked out when asked for (an export checks a month's ~28,000 citizens). */
class ParsedCpr implements CprInfo {
  constructor(
    readonly value: string,
    private readonly year: number,
    private readonly month: number,
    private readonly day: number,
  ) {}
  get birthDate(): string {
    return `${this.year}-${String(this.month).padStart(2, '0')}-${String(this.day).padStart(2, '0')}`;
  }
  get sex(): 'mand' | 'kvinde' {
    return digitAt(this.value, 9) % 2 === 1 ? 'mand' : 'kvinde';
  }
  get modulus11(): boolean {
    return cprModulus11(this.value);
  }
}

/**
 * CPR number: the date must exist. A number that fails modulus 11 is accepted with a warning: such numbers have been
 * issued since 2007 and must never be rejected.
 */
export function checkCpr(input: string): CodeResult {
  const r = parseCpr(input);
  if (!r.ok) return fail(r.message);
  const warnings = r.info.modulus11
    ? []
    : ['CPR-nummeret opfylder ikke den gamle modulus 11-kontrol. Det er tilladt (numre uden modulus 11 er udstedt siden 2007).'];
  return ok(r.info.value, warnings);
}

/** Shows a CPR number as DDMMYY-XXXX. */
export function formatCpr(digits: string): string {
  return digits.length === 10 ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits;
}

// ---------------------------------------------------------------- Kommunekode

const KOMMUNE_BY_CODE = new Map(KOMMUNER.map(([kode, navn]) => [kode, navn]));

/** Kommunekode: 3 digits, written with a leading zero as 4 ("0751"); one of the 98 kommuner. */
export function checkKommunekode(input: string): CodeResult {
  const v = compact(input);
  if (v === '') return fail('Kommunekoden mangler.');
  if (!/^\d{3,4}$/.test(v) || (v.length === 4 && v[0] !== '0')) {
    return fail(`Kommunekoden "${v}" skal have 3 cifre, skrevet med et foranstillet 0 som 4 (fx 0751).`);
  }
  const code = v.padStart(4, '0');
  if (!KOMMUNE_BY_CODE.has(code)) return fail(`"${code}" er ikke kode for en af de 98 kommuner.`);
  return ok(code);
}

export function kommuneNavn(code: string): string | undefined {
  return KOMMUNE_BY_CODE.get(code.padStart(4, '0'));
}

// ---------------------------------------------------------------- SKS

/** SKS code form: one capital letter then 2 to 9 capital letters or digits. Membership needs the loaded code list. */
export function checkSksForm(input: string): CodeResult {
  const v = compact(input).toUpperCase();
  if (v === '') return fail('SKS-koden mangler.');
  if (!/^[A-Z][A-Z0-9]{2,9}$/.test(v)) {
    return fail(`"${v}" er ikke en SKS-kode: den skal være et stort bogstav efterfulgt af 2 til 9 bogstaver eller cifre.`);
  }
  return ok(v);
}

// ---------------------------------------------------------------- EAN / GLN

/** GS1 modulus-10 check of a 13-digit location number. */
export function checkEan(input: string): CodeResult {
  const v = compact(input);
  if (v === '') return fail('EAN-lokationsnummeret mangler.');
  if (!/^\d{13}$/.test(v)) return fail(`EAN-lokationsnummeret "${v}" skal have 13 cifre.`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (v.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  const check = (10 - (sum % 10)) % 10;
  if (check !== Number(v[12])) {
    return fail(`EAN-lokationsnummeret "${v}" har forkert kontrolciffer (sidste ciffer). Tjek for tastefejl.`);
  }
  return ok(v);
}
