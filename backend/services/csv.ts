// Reading the CSV files Danish users have: UTF-8 (with or without BOM) or Windows-1252 (what Danish Excel writes),
// separated by ";" or ",", with quoted fields. Every record knows the line it starts on, for error messages.

import { isUtf8 } from 'node:buffer';
import { UserError } from '../../schemas/errors.ts';

export type Encoding = 'UTF-8' | 'UTF-8 med BOM' | 'Windows-1252';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** How the bytes are written: UTF-8 when they are valid UTF-8 (a BOM is dropped), otherwise Windows-1252. */
export function encodingOf(bytes: Uint8Array): Encoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'UTF-8 med BOM';
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new UserError('Filen er gemt som UTF-16. Gem den som CSV (UTF-8) eller CSV (semikolonsepareret) og prøv igen.');
  }
  // the same test as a fatal TextDecoder's, without making the text
  return isUtf8(bytes) ? 'UTF-8' : 'Windows-1252';
}

const decoderOf = (encoding: Encoding) => new TextDecoder(encoding === 'Windows-1252' ? 'windows-1252' : 'utf-8');
const bodyOf = (bytes: Uint8Array, encoding: Encoding) => (encoding === 'UTF-8 med BOM' ? bytes.subarray(3) : bytes);

/** The whole text (see encodingOf). */
export function decodeText(bytes: Uint8Array): Decoded {
  const encoding = encodingOf(bytes);
  return { text: decoderOf(encoding).decode(bodyOf(bytes, encoding)), encoding };
}

/** The bytes decoded as decodeText does, handed out a piece at a time: a file's text is never whole in memory. */
export function decodeChunks(bytes: Uint8Array, chunkBytes = DECODE_CHUNK): { encoding: Encoding; chunks: Generator<string> } {
  const encoding = encodingOf(bytes);
  const body = bodyOf(bytes, encoding);
  function* chunks(): Generator<string> {
    const decoder = decoderOf(encoding);
    for (let at = 0; at < body.length; at += chunkBytes) yield decoder.decode(body.subarray(at, at + chunkBytes), { stream: true });
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  }
  return { encoding, chunks: chunks() };
}

/**
 * 64 KB: small enough for V8's young generation, where a piece's text dies cheaply once read. A 60 MB file's text was
 * held whole before (as much memory again as its bytes); pieces of a megabyte, V8's large objects, were freed only by
 * a full collection and piled up to ~130 MB.
 */
const DECODE_CHUNK = 1 << 16;

/** ";" or ",": the one that splits the header line into more fields. */
export function detectSeparator(headerLine: string): ';' | ',' {
  const count = (c: string) => headerLine.split(c).length - 1;
  return count(';') >= count(',') && count(';') > 0 ? ';' : ',';
}

export interface CsvRecord {
  /** The line (1-based) the record starts on. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends UserError {}

/** The longest field and line the files the program reads may have (their fields are codes, dates and short texts). */
export const MAX_CSV_FIELD = 64 * 1024;
export const MAX_CSV_LINE = 1024 * 1024;
const tooLong = (line: number, what: string, max: number) =>
  new CsvSyntaxError(`Linje ${line}: ${what} er længere end ${max / 1024} KB. Filen er ikke en liste, programmet kan læse.`);

/**
 * Parses CSV text record by record: the text whole, or in pieces (decodeChunks) cut anywhere, even inside a quoted
 * field or between \r and \n. Quoted fields may hold separators, quotes ("") and line breaks.
 */
export function* parseCsv(input: string | Iterable<string>, sep: ';' | ','): Generator<CsvRecord> {
  const pieces = typeof input === 'string' ? null : input[Symbol.iterator]();
  let text = typeof input === 'string' ? input : '';
  let ended = pieces === null;
  let pos = 0;
  let line = 1;
  /** Joins the next piece to what is left from pos (which becomes 0); false at the end of the input. */
  const more = (): boolean => {
    if (ended) return false;
    const next = pieces!.next();
    if (next.done) {
      ended = true;
      return false;
    }
    text = text.slice(pos) + next.value;
    pos = 0;
    return true;
  };
  for (;;) {
    let end = text.indexOf('\n', pos);
    while (end === -1 && !ended) {
      const searched = text.length - pos;
      if (searched > MAX_CSV_LINE) throw tooLong(line, 'linjen', MAX_CSV_LINE);
      if (more()) end = text.indexOf('\n', searched);
    }
    const n = text.length;
    if (pos >= n) return;
    if (end === -1) end = n;
    const startLine = line;
    if (end - pos > MAX_CSV_LINE) throw tooLong(startLine, 'linjen', MAX_CSV_LINE);
    const rawLine = text.slice(pos, end > pos && text[end - 1] === '\r' ? end - 1 : end);
    if (!rawLine.includes('"')) {
      // the common case: no quotes, one line
      pos = end + 1;
      line++;
      if (rawLine.trim() !== '') yield { line: startLine, fields: rawLine.split(sep) };
      continue;
    }
    // quoted fields, possibly across lines and pieces: i counts from pos, which more() moves to 0
    const fields: string[] = [];
    let field = '';
    let i = 0;
    let inQuotes = false;
    let atFieldStart = true;
    for (;;) {
      // the character after this one is looked at below ("" and \r\n): it must be here if the input has it
      if (pos + i + 1 >= text.length && more()) continue;
      const at = pos + i;
      if (at >= text.length) {
        if (inQuotes) throw new CsvSyntaxError(`Linje ${startLine}: et felt i anførselstegn slutter aldrig (mangler ").`);
        break;
      }
      const c = text[at]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[at + 1] === '"') {
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
      if (c === '\n' || (c === '\r' && text[at + 1] === '\n')) break;
      field += c;
      atFieldStart = false;
      i++;
      if (i > MAX_CSV_LINE) throw tooLong(startLine, 'linjen', MAX_CSV_LINE);
    }
    fields.push(field);
    const stop = pos + i;
    pos = text[stop] === '\r' ? stop + 2 : stop + 1;
    line++;
    yield { line: startLine, fields };
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
