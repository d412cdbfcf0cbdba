// Generated data for the benchmarks: invented CPR numbers with valid dates (never real people), SOR codes with valid
// check digits, and a CSV of ydelser as another system would export it.

import { verhoeffCheckDigit } from '../schemas/codes.ts';

export function sor(item: number): string {
  const body = `${item}100001600`;
  return body + verhoeffCheckDigit(body);
}

/** The n-th invented citizen: a valid date in 1930-1999 and a sequence number whose 7th digit keeps the 1900s. */
export function cprOf(n: number): string {
  const day = 1 + (n % 28);
  const month = 1 + (Math.floor(n / 28) % 12);
  const yy = 30 + (Math.floor(n / 336) % 70);
  const seq = Math.floor(n / 23520) % 4000;
  return `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(yy).padStart(2, '0')}${String(seq).padStart(4, '0')}`;
}

const CODES = ['BLNB1', 'BLNB2', 'BLNB3', 'BLNB4', 'BLNB5', 'BLNB6'];

/** A CSV of `rows` ydelser over `places` SOR-coded places, 10 per citizen, dates spread over `months` months of 2026. */
export function ydelseCsv(rows: number, places = 50, months = 12): string {
  const out: string[] = ['cpr;dato;ydelseskode;kodetype;institutionskode;tillaegskoder;hjemme;ekstern_id'];
  const placeCodes = Array.from({ length: places }, (_, i) => sor(1000 + i));
  for (let i = 0; i < rows; i++) {
    const citizen = Math.floor(i / 10);
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 7) % months);
    out.push(
      `${cprOf(citizen)};2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')};${CODES[i % CODES.length]};SOR;${placeCodes[citizen % places]};${i % 3 === 0 ? 'ZPW00900' : ''};${i % 10 === 0 ? 'ja' : 'nej'};X${i}`,
    );
  }
  return `${out.join('\n')}\n`;
}
