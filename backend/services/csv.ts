// Reading the CSV files Danish users have: UTF-8 (with or without BOM) or Windows-1252 (what Danish Excel writes),
// separated by ";" or ",", with quoted fields. Every record knows the line it starts on, for error messages.

import { UserError } from '../../schemas/errors.ts';

export type Encoding = 'UTF-8' | 'UTF-8 med BOM' | 'Windows-1252';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise Windows-1252. */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 med BOM' };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new UserError('Filen er gemt som UTF-16. Gem den som CSV (UTF-8) eller CSV (semikolonsepareret) og prøv igen.');
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252' };
  }
}

/** ";" or ",": the one that splits the header line into more fields. */
export function detectSeparator(headerLine: string): ';' | ',' {
  const count = (c: string) => headerLine.split(c).length - 1;
  return count(';') >= count(',') && count(';') > 0 ? ';' : ',';
}

export interface CsvRecord {
  /** The line (1-based) the record starts on. */
  line: number;
  fields: string[];
  /** The record as it stood in the file, for reject files. */
  raw: string;
}

export class CsvSyntaxError extends UserError {}

/** The longest field and line the files the program reads may have (their fields are codes, dates and short texts). */
export const MAX_CSV_FIELD = 64 * 1024;
export const MAX_CSV_LINE = 1024 * 1024;
const tooLong = (line: number, what: string, max: number) =>
  new CsvSyntaxError(`Linje ${line}: ${what} er længere end ${max / 1024} KB. Filen er ikke en liste, programmet kan læse.`);

/** Parses CSV text record by record. Quoted fields may hold separators, quotes ("") and line breaks. */
export function* parseCsv(text: string, sep: ';' | ','): Generator<CsvRecord> {
  let pos = 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    const startLine = line;
    if (end - pos > MAX_CSV_LINE) throw tooLong(startLine, 'linjen', MAX_CSV_LINE);
    let rawLine = text.slice(pos, end > pos && text[end - 1] === '\r' ? end - 1 : end);
    if (!rawLine.includes('"')) {
      // the common case: no quotes, one line
      pos = end + 1;
      line++;
      if (rawLine.trim() !== '') yield { line: startLine, fields: rawLine.split(sep), raw: rawLine };
      continue;
    }
    // quoted fields, possibly across lines
    const fields: string[] = [];
    let field = '';
    let i = pos;
    let inQuotes = false;
    let atFieldStart = true;
    for (;;) {
      if (i >= n) {
        if (inQuotes) throw new CsvSyntaxError(`Linje ${startLine}: et felt i anførselstegn slutter aldrig (mangler ").`);
        break;
      }
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          inQuotes = false;
          i++;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        if (field.length > MAX_CSV_FIELD) throw tooLong(startLine, 'et felt i anførselstegn', MAX_CSV_FIELD);
        continue;
      }
      if (c === '"' && atFieldStart) {
        inQuotes = true;
        atFieldStart = false;
        i++;
        continue;
      }
      if (c === sep) {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
        continue;
      }
      if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) break;
      field += c;
      atFieldStart = false;
      i++;
      if (i - pos > MAX_CSV_LINE) throw tooLong(startLine, 'linjen', MAX_CSV_LINE);
    }
    fields.push(field);
    const stop = i;
    rawLine = text.slice(pos, stop);
    pos = text[stop] === '\r' ? stop + 2 : stop + 1;
    line++;
    yield { line: startLine, fields, raw: rawLine };
  }
}

/** A header as a column name: "Tillægskoder" -> "tillaegskoder", "Ekstern id" -> "ekstern_id". */
export function normaliseHeader(h: string): string {
  return h
    .trim()
    .replace(/^"|"$/g, '')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[\s-]+/g, '_');
}
