// Import of the project's SEI file (schemas/sei-genoptraening-1.0.xsd): a round trip of our own exports, and files
// from other systems that use the format. Idempotent by record id. A hostile or broken file is refused with a clear
// message before anything is written: too large, not UTF-8, a DOCTYPE or entity declaration (entity expansion,
// external entities), not this format, another version, truncated, or a record that breaks the rules. The fast
// scanner (xml-scan.ts) reads the file; whatever it leaves, any fault included, is read again by saxes, which names
// the line and column.

import { SaxesParser, type SaxesTagNS } from 'saxes';
import { checkCpr, checkInstitutionCode, checkSksForm, type InstitutionCodeType } from '../../schemas/codes.ts';
import { formatShortDate, monthName, parseFileDate } from '../../schemas/dates.ts';
import { UserError } from '../../schemas/errors.ts';
import { recordChange } from '../../db/audit.ts';
import { type ReadBefore, readBefore, unchangedSince } from '../../db/busy.ts';
import type { DB } from '../../db/open.ts';
import { ensurePlaceForCode, placeIdsForCodes, placeLabels } from '../../db/places.ts';
import {
  countYdelser,
  importedChanges,
  insertBatchOf,
  insertYdelser,
  ownYdelserById,
  ydelserByUid,
  type NewYdelse,
  type StoredYdelse,
} from '../../db/ydelser.ts';
import { latestForloebOf } from '../../db/forloeb.ts';
import { finishImportBatch, startImportBatch } from '../../db/import-batches.ts';
import { installationId } from '../../db/settings.ts';
import { BOUNDED_BULK_CACHE_KIB, withIndexesDeferred } from '../../db/bulk.ts';
import { lastSent } from '../../db/sei.ts';
import { BULK_ROWS } from './ydelse-csv-import.ts';
import { SEI_NAMESPACE, SEI_VERSION, type Action } from './sei-export.ts';
import { own } from './own-string.ts';
import { SeiRecords } from './sei-import-records.ts';
import { danishXmlError, DISALLOWED_CHARS, FastXmlScanner, LeaveToParser, NO_ATTRIBUTES } from './xml-scan.ts';

export type { SeiRecord } from './sei-import-records.ts';

export const MAX_SEI_BYTES = 300 * 1024 * 1024;

export interface SeiFile {
  kommunekode: string;
  month: string;
  reporterName: string;
  reporterEmail: string;
  created: string;
  records: SeiRecords;
}

const ROOT = 'GenoptraeningIndberetning';

/**
 * The elements of the format (schemas/sei-genoptraening-1.0.xsd) by parent: what may stand inside each. An element
 * the format does not have is refused where it stands, so a crafted file (unknown or deeply nested elements) costs no
 * more than its first wrong element. A test checks this against the XSD.
 */
export const SEI_STRUCTURE: Readonly<Record<string, readonly string[]>> = {
  [ROOT]: ['Hoved', 'Personer'],
  Hoved: ['Kommunekode', 'Periode', 'Indberetter', 'Dannet', 'AntalAktiviteter'],
  Periode: ['Aar', 'Maaned'],
  Indberetter: ['Navn', 'Email'],
  Personer: ['Person'],
  Person: ['CPR', 'Aktivitet'],
  Aktivitet: ['Dato', 'Ydelseskode', 'Tillaegskode', 'Institution', 'Hjemmetraening'],
};
const CHILDREN = new Map(Object.entries(SEI_STRUCTURE).map(([parent, children]) => [parent, new Set(children)]));
const NO_CHILDREN = new Set<string>();
/** The actions, each as the one string every record that has it keeps (not a copy per record, cut from the file). */
const ACTIONS = new Map<string, Action>((['ny', 'rettelse', 'annullering'] as const).map((a) => [a, a]));
/** The code types, likewise. */
const CODE_TYPES = new Map<string, InstitutionCodeType>((['SOR', 'SHAK', 'YDER'] as const).map((t) => [t, t]));
/** A record's fields that must have been read by its end, with the element each comes from. */
const REQUIRED_IN_AKTIVITET = [
  ['day', 'Dato'],
  ['code', 'Ydelseskode'],
  ['place', 'Institution'],
  ['hjemme', 'Hjemmetraening'],
] as const;

/** Reads and checks a SEI file. Writes nothing; throws a UserError naming the line and column of the fault. */
export function parseSeiFile(bytes: Uint8Array, fileName: string, maxBytes = MAX_SEI_BYTES): SeiFile {
  const steps = parseSteps(bytes, fileName, maxBytes);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same, a slice at a time: the process answers other calls between slices (a 300 MB file is some hundreds of
 * slices), so the window's backend never stops for the length of a whole file.
 */
export async function parseSeiFileInSlices(bytes: Uint8Array, fileName: string, maxBytes = MAX_SEI_BYTES): Promise<SeiFile> {
  const steps = parseSteps(bytes, fileName, maxBytes);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Characters read between two pauses. */
const SLICE_CHARS = 1 << 20;

function* parseSteps(bytes: Uint8Array, fileName: string, maxBytes: number): Generator<void, SeiFile> {
  if (bytes.length === 0) throw new UserError(`${fileName} er tom.`);
  if (bytes.length > maxBytes) {
    throw new UserError(`${fileName} er for stor (${Math.round(bytes.length / 2 ** 20)} MB); højst ${Math.round(maxBytes / 2 ** 20)} MB. Intet er importeret.`);
  }
  // A file written as this program writes its own is read by regular expressions (canonical), piece by piece as it
  // is decoded (canonicalPieces). Matched from its first character to its last, it holds no character XML forbids and
  // no DTD (its expressions admit neither), so the two searches of the whole text below are for the other readers:
  // any other plain file, or one that does not pass a check, is decoded whole and read by the fast scanner; anything
  // it leaves, and any fault it meets, again by saxes, which names the line and column.
  try {
    return yield* parseText(canonicalPieces(bytes), fileName, 'canonical');
  } catch (e) {
    if (!(e instanceof LeaveToParser) && !(e instanceof UserError)) throw e;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${fileName} er ikke gemt som UTF-8, som formatet kræver. Intet er importeret.`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const control = DISALLOWED_CHARS.exec(text);
  if (control) {
    const before = text.slice(0, control.index);
    const line = before.split('\n').length;
    const column = control.index - before.lastIndexOf('\n');
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new UserError(`${fileName}, linje ${line}, kolonne ${column}: filen indeholder tegnet ${code}, som XML ikke tillader. Intet er importeret.`);
  }
  const decl = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (decl) {
    const line = text.slice(0, decl.index).split('\n').length;
    throw new UserError(
      `${fileName}, linje ${line}: filen indeholder en ${decl[1]!.toUpperCase()}-erklæring. Formatet tillader ingen DTD eller entiteter ` +
        '(de kan bruges til at angribe programmet), så filen er afvist. Intet er importeret.',
    );
  }
  try {
    return yield* parseText(text, fileName, 'scanner');
  } catch (e) {
    if (!(e instanceof LeaveToParser) && !(e instanceof UserError)) throw e;
  }
  return yield* parseText(text, fileName, 'exact');
}

/** Bytes decoded at a time for the canonical reader (a piece ends after the first `</Person>` past it). */
const PIECE_BYTES = 64 * 1024;
const PERSON_END = Buffer.from('</Person>');

/**
 * The file's text for the canonical reader, in pieces that each end just after a `</Person>` (the last: at the end),
 * so that no construct the reader matches is cut and every piece's decoding ends on a whole character. Pieces of
 * ~64 KB live and die in V8's young generation; the whole text of a 28 MB month was one string of 28-56 MB, and its
 * fresh memory cost more than its decoding. Bytes that are not UTF-8 leave the file to the readers after it, which
 * say so.
 */
function* canonicalPieces(bytes: Uint8Array): Generator<string, void> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for (let at = 0; at < buf.length; ) {
    const end = buf.indexOf(PERSON_END, Math.min(at + PIECE_BYTES, buf.length));
    const cut = end < 0 ? buf.length : end + PERSON_END.length;
    let piece: string;
    try {
      piece = decoder.decode(buf.subarray(at, cut), { stream: cut < buf.length });
    } catch {
      throw new LeaveToParser('ikke UTF-8');
    }
    if (first && piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    first = false;
    at = cut;
    yield piece;
  }
}

/** Who reads the text: see parseSteps. */
export type SeiReader = 'canonical' | 'scanner' | 'exact';

/**
 * The file as sei-export.ts writes it, for the canonical reader: the format's elements in the XSD's order, attributes
 * in ours, no comment, entity, CDATA or prefix, whitespace only between elements. A Person at a time is matched by
 * sticky expressions and its fields go straight to the same checks the other readers' handlers call: no event per
 * tag, no attribute object (a month of 83,335 records: ~510 ms to read with the scanner, ~270 ms so). Whatever else
 * a file holds, it is left to the scanner. Markup cannot hide in a text or an attribute value (no "<" or "&"), nor
 * a character XML forbids (DISALLOWED_CHARS), and a text is trimmed as the handlers trim it.
 */
const CANONICAL = (() => {
  const space = '[ \\t\\r\\n]*';
  // markup, and the characters XML forbids (DISALLOWED_CHARS is one class: its ranges, without the brackets)
  const notInText = `<&${DISALLOWED_CHARS.source.slice(1, -1)}`;
  const text = `([^${notInText}]*)`;
  const attribute = `"([^"${notInText}]*)"`;
  const leaf = (name: string) => `${space}<${name}>${text}</${name}>`;
  const sticky = (source: string) => new RegExp(source, 'y');
  return {
    head: sticky(
      `(?:<\\?xml version="1\\.0" encoding="UTF-8"\\?>)?${space}<${ROOT} xmlns=${attribute} version=${attribute}>${space}<Hoved>` +
        `${leaf('Kommunekode')}${space}<Periode>${leaf('Aar')}${leaf('Maaned')}${space}</Periode>` +
        `${space}<Indberetter>${leaf('Navn')}${leaf('Email')}${space}</Indberetter>${leaf('Dannet')}${leaf('AntalAktiviteter')}` +
        `${space}</Hoved>${space}<Personer>`,
    ),
    person: sticky(`${space}<Person>${leaf('CPR')}`),
    aktivitet: sticky(
      `${space}<Aktivitet id=${attribute} handling=${attribute}>${leaf('Dato')}${leaf('Ydelseskode')}` +
        `((?:${space}<Tillaegskode>[^${notInText}]*</Tillaegskode>)*)${space}<Institution type=${attribute}>${text}</Institution>` +
        `${leaf('Hjemmetraening')}${space}</Aktivitet>`,
    ),
    tillaeg: /<Tillaegskode>([^<&]*)<\/Tillaegskode>/g,
    personEnd: sticky(`${space}</Person>`),
    tail: sticky(`${space}</Personer>${space}</${ROOT}>${space}$`),
  };
})();

/** A text in slices of SLICE_CHARS, or pieces as they come. */
function* slices(text: string | Iterable<string>): Generator<string, void> {
  if (typeof text !== 'string') return yield* text;
  for (let at = 0; at < text.length; at += SLICE_CHARS) yield text.slice(at, at + SLICE_CHARS);
}

/**
 * Reads the text of a SEI file with one reader (parseSteps): whole, or in pieces as they are decoded (for the
 * canonical reader, each ending after a `</Person>`: canonicalPieces). A fault is a UserError with saxes, else
 * LeaveToParser.
 */
export function* parseText(text: string | Iterable<string>, fileName: string, reader: SeiReader): Generator<void, SeiFile> {
  const exact = reader === 'exact';
  let parser: SaxesParser<{ xmlns: true; position: true }> | null = null;
  const records = new SeiRecords();
  // a file repeats its citizens, codes and dates: each distinct value is checked once, as the number the records
  // keep of it (a string: why it is wrong)
  const cprs = new Map<string, number | string>();
  // each code, checked once, as the one string the records keep (null: not an SKS code)
  const skss = new Map<string, string | null>();
  const dates = new Map<string, number>();
  // by code type, then code (no key joined from the two for every record)
  const insts = new Map<string, Map<string, number | string>>();
  const where = () => `${fileName}, linje ${parser?.line ?? 0}, kolonne ${(parser?.column ?? 0) + 1}`;
  const fail = (message: string): never => {
    if (!exact) throw new LeaveToParser(message);
    throw new UserError(`${where()}: ${message} Intet er importeret.`);
  };

  const file: SeiFile = { kommunekode: '', month: '', reporterName: '', reporterEmail: '', created: '', records };
  const stack: string[] = [];
  let text$ = '';
  let count: number | null = null;
  let year = '';
  let mm = '';
  // the citizen of the Person being read (-1: none yet), and the record being read: its checked values by number
  // (-1: not read yet), one object for the whole file
  let citizen = -1;
  const rec = { uid: '', action: 'ny' as Action, line: 0, citizen: -1, day: -1, code: -1, run: -1, codes: [] as string[], place: -1, hjemme: -1 };
  let institutionType = '';
  let sawRoot = false;

  const open = (name: string, local: string, uri: string, attributes: Record<string, string>) => {
    if (stack.length === 0) {
      if (local !== ROOT || uri !== SEI_NAMESPACE) {
        fail(`filen er ikke en SEI Genoptræning-fil: rodelementet er <${name}>${uri ? ` i navnerummet ${uri}` : ''}, ventet <${ROOT}> i ${SEI_NAMESPACE}.`);
      }
      const version = attributes.version;
      if (version !== SEI_VERSION) {
        fail(version ? `filen har formatversion ${version}; dette program læser version ${SEI_VERSION}.` : 'filen mangler formatversion (version="1.0").');
      }
      sawRoot = true;
    } else if (uri !== SEI_NAMESPACE) {
      fail(`elementet <${name}> hører ikke til formatet.`);
    } else {
      const parent = stack[stack.length - 1]!;
      if (!(CHILDREN.get(parent) ?? NO_CHILDREN).has(local)) {
        fail(CHILDREN.has(parent) ? `elementet <${name}> hører ikke til i <${parent}> i formatet.` : `<${parent}> må kun indeholde tekst, ikke <${name}>.`);
      }
    }
    stack.push(local);
    text$ = '';
    if (local === 'Aktivitet') startRecord(attributes.id ?? '', attributes.handling ?? '', parser?.line ?? 0);
    else if (local === 'Institution') {
      institutionType = attributes.type ?? '';
    }
  };
  // each field's check, the same whichever reader found it (a fault: LeaveToParser, or with saxes a UserError)
  const cprValue = (value: string): number => {
    if (citizen !== -1) fail('en <Person> har mere end ét CPR-nummer.');
    let n = cprs.get(value);
    if (n === undefined) {
      const r = checkCpr(value);
      cprs.set(value, (n = r.ok ? records.citizenNumber(r.value) : r.message));
    }
    if (typeof n === 'string') fail(`CPR-nummeret: ${n}`);
    return n as number;
  };
  const datoValue = (value: string): number => {
    let d = dates.get(value);
    if (d === undefined) {
      const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseFileDate(value) : null;
      dates.set(value, (d = date ? records.dayNumber(date) : -1));
    }
    if (d === -1) fail(`"${value}" er ikke en gyldig dato (ÅÅÅÅ-MM-DD).`);
    return d as number;
  };
  const sksValue = (value: string, name: 'Ydelseskode' | 'Tillaegskode'): string => {
    let kept = skss.get(value);
    if (kept === undefined) {
      const r = checkSksForm(value);
      const v = own(value);
      skss.set(v, (kept = r.ok && value === r.value ? v : null));
    }
    if (kept === null) fail(`${name === 'Ydelseskode' ? 'Ydelseskoden' : 'Tillægskoden'} "${value}" er ikke en SKS-kode.`);
    return kept!;
  };
  const setInstitution = (written: string, value: string): void => {
    const type = CODE_TYPES.get(written) ?? fail(`kodetypen "${written}" er ukendt: brug SOR, SHAK eller YDER.`);
    const ofType = insts.get(type) ?? insts.set(type, new Map()).get(type)!;
    let n = ofType.get(value);
    if (n === undefined) {
      // a value cut from the file's text is copied once, as it is kept (own): looked up, it is not copied
      const v = own(value);
      const r = checkInstitutionCode(type, v);
      ofType.set(v, (n = r.ok ? records.placeNumber(type, r.value) : r.message));
    }
    if (typeof n === 'string') fail(n);
    rec.place = n as number;
  };
  const hjemmeValue = (value: string): number => {
    if (value !== 'true' && value !== 'false') fail(`Hjemmetraening skal være true eller false, ikke "${value}".`);
    return value === 'true' ? 1 : 0;
  };
  const countValue = (value: string): number => {
    if (!/^\d+$/.test(value)) fail(`AntalAktiviteter "${value}" er ikke et tal.`);
    return Number(value);
  };
  const startRecord = (uid: string, written: string, line: number): void => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(uid)) fail(`aktiviteten har ikke et gyldigt id ("${uid}").`);
    const action = ACTIONS.get(written) ?? fail(`handlingen "${written}" er ukendt: brug ny, rettelse eller annullering.`);
    rec.uid = uid;
    rec.action = action;
    rec.line = line;
    rec.day = -1;
    rec.code = -1;
    rec.run = -1;
    rec.codes.length = 0;
    rec.place = -1;
    rec.hjemme = -1;
    rec.citizen = citizen;
  };
  const endRecord = (): void => {
    if (rec.citizen === -1) fail(`aktiviteten ${rec.uid} står i en <Person> uden CPR-nummer før den.`);
    for (const [f, element] of REQUIRED_IN_AKTIVITET) if (rec[f] === -1) fail(`aktiviteten ${rec.uid} mangler ${element}.`);
    const run = rec.run === -1 ? records.runNumber(rec.codes) : rec.run;
    records.add(rec.citizen, rec.day, rec.code, run, rec.place, rec.hjemme === 1, rec.action, rec.line, rec.uid);
  };

  const close = () => {
    const name = stack.pop();
    const value = text$.trim();
    text$ = '';
    const parent = stack[stack.length - 1];
    switch (name) {
      case 'Kommunekode':
        file.kommunekode = value;
        break;
      case 'Aar':
        year = value;
        break;
      case 'Maaned':
        mm = value;
        break;
      case 'Navn':
        if (parent === 'Indberetter') file.reporterName = value;
        break;
      case 'Email':
        if (parent === 'Indberetter') file.reporterEmail = value;
        break;
      case 'Dannet':
        file.created = value;
        break;
      case 'AntalAktiviteter':
        count = countValue(value);
        break;
      case 'CPR':
        citizen = cprValue(value);
        break;
      case 'Dato':
        rec.day = datoValue(value);
        break;
      case 'Ydelseskode':
        rec.code = records.codeNumber(sksValue(value, name));
        break;
      case 'Tillaegskode':
        rec.codes.push(sksValue(value, name));
        break;
      case 'Institution':
        setInstitution(institutionType, value);
        break;
      case 'Hjemmetraening':
        rec.hjemme = hjemmeValue(value);
        break;
      case 'Aktivitet':
        endRecord();
        break;
      case 'Person':
        citizen = -1;
        break;
    }
  };

  // A record's tillægskoder, as the file writes them between its Ydelseskode and its Institution: a file repeats a few
  // such runs, each checked once, as the number the records keep of it
  const runs = new Map<string, number>();
  const runIn = (run: string): number => {
    let n = runs.get(run);
    if (n === undefined) {
      const codes: string[] = [];
      for (const t of run.matchAll(CANONICAL.tillaeg)) codes.push(sksValue(t[1]!.trim(), 'Tillaegskode'));
      runs.set(own(run), (n = records.runNumber(codes)));
    }
    return n as number;
  };

  /**
   * The canonical reader (CANONICAL): header, then each Person and its records, then the end. A piece holds whole
   * Persons (the first, the header before them; the last, the end after them), so the expressions never meet a cut.
   */
  function* readCanonical(): Generator<void, void> {
    const leave = (): never => {
      throw new LeaveToParser('ikke skrevet som programmets egne SEI-filer');
    };
    const { head, person, aktivitet, personEnd, tail } = CANONICAL;
    const noCodes = records.runNumber([]);
    let ended = false;
    let read = 0;
    for (const piece of typeof text === 'string' ? [text] : text) {
      if (ended) leave();
      let at = 0;
      if (!sawRoot) {
        head.lastIndex = 0;
        const h = head.exec(piece) ?? leave();
        if (h[1] !== SEI_NAMESPACE || h[2] !== SEI_VERSION) leave(); // the scanner says what is wrong
        sawRoot = true;
        // kept with the file (own: a cut would keep the first piece alive)
        file.kommunekode = own(h[3]!.trim());
        year = h[4]!.trim();
        mm = h[5]!.trim();
        file.reporterName = own(h[6]!.trim());
        file.reporterEmail = own(h[7]!.trim());
        file.created = own(h[8]!.trim());
        count = countValue(h[9]!.trim());
        at = head.lastIndex;
      }
      let pause = at + SLICE_CHARS;
      for (;;) {
        person.lastIndex = at;
        const p = person.exec(piece);
        if (!p) break;
        at = person.lastIndex;
        citizen = cprValue(p[1]!.trim());
        for (;;) {
          aktivitet.lastIndex = at;
          const a = aktivitet.exec(piece);
          if (!a) break;
          at = aktivitet.lastIndex;
          startRecord(a[1]!, a[2]!, 0);
          rec.day = datoValue(a[3]!.trim());
          rec.code = records.codeNumber(sksValue(a[4]!.trim(), 'Ydelseskode'));
          rec.run = a[5] ? runIn(a[5]) : noCodes;
          setInstitution(a[6]!, a[7]!.trim());
          rec.hjemme = hjemmeValue(a[8]!.trim());
          endRecord();
        }
        personEnd.lastIndex = at;
        if (!personEnd.test(piece)) leave();
        at = personEnd.lastIndex;
        citizen = -1;
        if (at >= pause) {
          yield;
          pause = at + SLICE_CHARS;
        }
      }
      if (at < piece.length) {
        tail.lastIndex = at;
        if (!tail.test(piece)) leave();
        ended = true;
      }
      read += piece.length;
      if (read >= SLICE_CHARS) {
        yield;
        read = 0;
      }
    }
    if (!ended) leave();
  }

  if (reader === 'canonical') {
    yield* readCanonical();
  } else if (exact) {
    const p = new SaxesParser({ xmlns: true, position: true, fileName });
    parser = p;
    p.on('opentag', (tag: SaxesTagNS) => {
      const attributes: Record<string, string> = {};
      for (const [k, a] of Object.entries(tag.attributes)) attributes[k] = a.value;
      open(tag.name, tag.local, tag.uri, attributes);
    });
    p.on('text', (t) => {
      text$ += t;
    });
    p.on('closetag', close);
    p.on('error', (e) => {
      throw new UserError(`${where()}: filen er ikke gyldig XML (${danishXmlError(e.message)}). Intet er importeret.`);
    });
    for (const slice of slices(text)) {
      p.write(slice);
      yield;
    }
    try {
      p.close();
    } catch (e) {
      if (e instanceof UserError) {
        throw new UserError(e.message.replace(/filen er ikke gyldig XML/, 'filen slutter for tidligt eller er ikke gyldig XML'));
      }
      throw e;
    }
  } else {
    // the fast scanner reads names as written: a file with prefixes or namespace declarations below the root is
    // left to saxes, so every element is in the root's default namespace
    let defaultNamespace = '';
    // text is only ever read between an element's start and its first child or end (the format has no mixed content)
    const wants = { keepText: false };
    const scanner = new FastXmlScanner(
      {
        open(name, attributes) {
          wants.keepText = true;
          if (name.includes(':')) throw new LeaveToParser('præfiks');
          // the format's own namespace as the one string (compared with it at every element: by identity, not character by character)
          if (stack.length === 0) defaultNamespace = attributes.xmlns === SEI_NAMESPACE ? SEI_NAMESPACE : (attributes.xmlns ?? '');
          else if (attributes !== NO_ATTRIBUTES && Object.keys(attributes).some((k) => k === 'xmlns' || k.startsWith('xmlns:')))
            throw new LeaveToParser('navnerum');
          open(name, name, defaultNamespace, attributes);
        },
        text(s, from, to) {
          text$ += from === 0 && to === s.length ? s : s.slice(from, to);
        },
        close() {
          wants.keepText = false;
          close();
        },
      },
      wants,
      false,
      true, // parseSteps has refused any character XML does not allow
    );
    for (const slice of slices(text)) {
      scanner.write(slice);
      yield;
    }
    scanner.end();
  }
  if (!sawRoot) throw new UserError(`${fileName} indeholder ingen XML. Intet er importeret.`);
  if (!/^\d{4}$/.test(year) || !/^(0[1-9]|1[0-2])$/.test(mm))
    throw new UserError(`${fileName}: perioden (Aar, Maaned) mangler eller er forkert. Intet er importeret.`);
  file.month = `${year}-${mm}`;
  if (!/^0\d{3}$/.test(file.kommunekode)) throw new UserError(`${fileName}: Kommunekode "${file.kommunekode}" er forkert eller mangler. Intet er importeret.`);
  if (count === null) throw new UserError(`${fileName}: AntalAktiviteter mangler i hovedet. Intet er importeret.`);
  if (count !== records.read) {
    throw new UserError(`${fileName}: hovedet siger ${count} aktiviteter, men filen har ${records.read}. Filen er måske afkortet. Intet er importeret.`);
  }
  // the first record dated outside the month, or written with an id seen before, whichever comes first in the file
  const outside = records.distinctDates().map((d) => !d.startsWith(`${file.month}-`));
  const repeated = records.repeated;
  const before = repeated ? repeated.index : records.length;
  for (let i = 0; i <= before; i++) {
    const day = i < before ? records.dayOf(i) : repeated ? repeated.day : -1;
    if (day !== -1 && outside[day]) {
      const [dato, line] = i < before ? [records.dato(i), records.line(i)] : [records.distinctDates()[day]!, repeated!.line];
      throw new UserError(
        `${fileName}, linje ${line}: datoen ${formatShortDate(dato)} ligger uden for perioden (${monthName(file.month)}). Intet er importeret.`,
      );
    }
  }
  if (repeated) {
    throw new UserError(`${fileName}, linje ${repeated.line}: id "${repeated.uid}" står også i linje ${repeated.firstLine}. Intet er importeret.`);
  }
  return file;
}

export interface SeiImportResult {
  month: string;
  records: number;
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  placesCreated: number;
  /** Conflicts where the local version was kept. */
  keptLocal: number;
  /** Conflicts where the file's version was taken (the user chose it). */
  tookFile: number;
}

/** What an import would do with one record of the file. */
export type SeiImportKind = 'ny' | 'rettelse' | 'annullering' | 'uaendret' | 'konflikt';

export interface FieldChange {
  field: string;
  local: string;
  file: string;
}

export interface SeiRecordPlan {
  /** The record's place in the file. */
  index: number;
  uid: string;
  line: number;
  cpr: string;
  dato: string;
  kind: SeiImportKind;
  /** For a konflikt: what the file would do if taken. */
  fileAction: 'rettelse' | 'annullering' | 'gendan' | null;
  changes: FieldChange[];
  /** For a konflikt: why the local copy wins unless the user takes the file's. */
  reason: string | null;
}

export interface SeiImportPlan {
  fileName: string;
  month: string;
  /** When the file was made (its Dannet). */
  created: string;
  counts: Record<SeiImportKind, number>;
  /** Every record but the unchanged ones (and the new ones, when not asked for), in the file's order. */
  records: SeiRecordPlan[];
}

/** How the user resolves conflicts: keep the local version (the default), take the file's for all, or for some. */
export type TakeFile = 'ingen' | 'alle' | ReadonlySet<string>;

type Existing = StoredYdelse;

interface Lookup {
  /** What the database has of record i of the file (by its id), or null. */
  existing: (i: number) => Existing | null;
  /** The place that has the code, or null when the import would create one. */
  placeOf: (type: InstitutionCodeType, value: string) => number | null;
  placeLabel: (id: number | null) => string;
  /** When our own last export of the month was made, and the ydelser in it. */
  ownExport: { at: string; ids: Set<number> } | null;
  /** By citizen (SeiRecords.citizenOf): the forløb new records join. */
  forloebOf: (number | null)[];
}

/** What the database already has of the file's records, citizens and places, each in one statement. */
function lookup(db: DB, file: SeiFile): Lookup {
  const records = file.records;
  const prefix = `${installationId(db)}-`;
  const localId = (uid: string) => (uid.startsWith(prefix) && /^\d+$/.test(uid.slice(prefix.length)) ? Number(uid.slice(prefix.length)) : null);
  let existing: Lookup['existing'] = () => null;
  let byUid = new Map<string, Existing>();
  let byId = new Map<number, Existing>();
  // a file into a database without ydelser (a first import) reads no id again
  if (countYdelser(db) > 0) {
    const uids = Array.from({ length: records.length }, (_, i) => records.uid(i));
    byUid = ydelserByUid(db, uids);
    const locals = uids.map(localId).filter((id) => id !== null);
    if (locals.length > 0) byId = ownYdelserById(db, locals);
    existing = (i) => {
      const uid = records.uid(i);
      const local = localId(uid);
      return byUid.get(uid) ?? (local !== null ? byId.get(local) : undefined) ?? null;
    };
  }
  const placeByCode = placeIdsForCodes(
    db,
    records.distinctPlaces().map((p) => `${p.codeType}:${p.codeValue}`),
  );
  const labels = placeLabels(db, [...new Set([...byUid.values(), ...byId.values()].map((e) => e.place_id).filter((x): x is number => x !== null))]);
  const last = lastSent(db, file.month);
  const forloeb = latestForloebOf(db, [...records.distinctCprs()]);
  return {
    existing,
    placeOf: (type, value) => placeByCode.get(`${type}:${value}`) ?? null,
    placeLabel: (id) => (id === null ? '(intet sted)' : (labels.get(id) ?? `sted ${id}`)),
    ownExport: last
      ? {
          at: last.at,
          ids: new Set(
            last.records
              .toString('utf8')
              .split('\n')
              .map((l) => Number(l.slice(0, l.indexOf('\t')))),
          ),
        }
      : null,
    forloebOf: records.distinctCprs().map((cpr) => forloeb.get(cpr) ?? null),
  };
}

/**
 * What the database had of a file's records, citizens and places when the file was previewed: the import uses it again
 * when nothing has been written since, instead of reading it all a second time (a month of 100,000 records already
 * imported into a database of 1,000,000: ~0.4 s).
 */
export type SeiLookedUp = ReadBefore<Lookup>;

/** Looks up what the database has of the file's records (for the preview, and for the import after it). */
export function lookUpSeiFile(db: DB, file: SeiFile): SeiLookedUp {
  return readBefore(db, () => lookup(db, file));
}

const yesNo = (b: boolean) => (b ? 'ja' : 'nej');
const codesText = (s: string) => s || '–';

/**
 * What importing the file would do, record by record, without writing anything: new, changed (field by field),
 * cancelled, unchanged, and conflicts: records whose local copy changed after the file was made (its Dannet), or
 * was exported by us after that, or was deleted here, which the file would change. A conflict keeps the local
 * version unless the user takes the file's.
 */
export function planSeiImport(db: DB, file: SeiFile, fileName: string, found: Lookup = lookup(db, file), listNew = true): SeiImportPlan {
  const made = new Date(file.created).toISOString();
  const counts: Record<SeiImportKind, number> = { ny: 0, rettelse: 0, annullering: 0, uaendret: 0, konflikt: 0 };
  const records: SeiRecordPlan[] = [];
  const all = file.records;
  for (let index = 0; index < all.length; index++) {
    const e = found.existing(index);
    if (!e) {
      if (all.action(index) === 'annullering') counts.uaendret++;
      else {
        counts.ny++;
        if (listNew)
          records.push({
            index,
            uid: all.uid(index),
            line: all.line(index),
            cpr: all.cpr(index),
            dato: all.dato(index),
            kind: 'ny',
            fileAction: null,
            changes: [],
            reason: null,
          });
      }
      continue;
    }
    const r = all.get(index);
    const base = { index, uid: r.uid, line: r.line, cpr: r.cpr, dato: r.dato };
    if (e.cpr !== r.cpr) throw new UserError(`${fileName}, linje ${r.line}: id "${r.uid}" tilhører en anden borger i databasen. Intet er importeret.`);
    const deleted = e.deleted_at !== null;
    let changes: FieldChange[];
    let fileAction: SeiRecordPlan['fileAction'];
    if (r.action === 'annullering') {
      if (deleted) {
        counts.uaendret++;
        continue;
      }
      changes = [{ field: 'Status', local: 'registreret', file: 'annulleret' }];
      fileAction = 'annullering';
    } else {
      const tillaeg = r.tillaegskoder.join(' ');
      const place = found.placeOf(r.codeType, r.codeValue);
      changes = [];
      if (deleted) changes.push({ field: 'Status', local: 'slettet', file: 'registreret' });
      if (e.dato !== r.dato) changes.push({ field: 'Dato', local: formatShortDate(e.dato), file: formatShortDate(r.dato) });
      if (e.ydelseskode !== r.ydelseskode) changes.push({ field: 'Ydelseskode', local: e.ydelseskode, file: r.ydelseskode });
      if (e.tillaegskoder !== tillaeg) changes.push({ field: 'Tillægskoder', local: codesText(e.tillaegskoder), file: codesText(tillaeg) });
      if (place === null || e.place_id !== place) changes.push({ field: 'Sted', local: found.placeLabel(e.place_id), file: `${r.codeType} ${r.codeValue}` });
      if ((e.hjemme === 1) !== r.hjemme) changes.push({ field: 'I hjemmet', local: yesNo(e.hjemme === 1), file: yesNo(r.hjemme) });
      if (changes.length === 0) {
        counts.uaendret++;
        continue;
      }
      fileAction = deleted ? 'gendan' : 'rettelse';
    }
    const changedAt = (deleted ? e.deleted_at! : e.updated_at) > made ? (deleted ? e.deleted_at! : e.updated_at) : null;
    const exportedAt = found.ownExport && found.ownExport.at > made && found.ownExport.ids.has(e.id) ? found.ownExport.at : null;
    const reason =
      deleted && fileAction === 'gendan'
        ? `Ydelsen er slettet her${changedAt ? ` (${formatShortDate(changedAt.slice(0, 10))})` : ''}; filen har den.`
        : changedAt
          ? `Ændret her ${formatShortDate(changedAt.slice(0, 10))}, efter filen blev dannet ${formatShortDate(made.slice(0, 10))}.`
          : exportedAt
            ? `Indberettet herfra ${formatShortDate(exportedAt.slice(0, 10))}, efter filen blev dannet ${formatShortDate(made.slice(0, 10))}.`
            : null;
    if (reason) {
      counts.konflikt++;
      records.push({ ...base, kind: 'konflikt', fileAction, changes, reason });
    } else {
      counts[fileAction === 'annullering' ? 'annullering' : 'rettelse']++;
      records.push({ ...base, kind: fileAction === 'annullering' ? 'annullering' : 'rettelse', fileAction: null, changes, reason: null });
    }
  }
  return { fileName, month: file.month, created: made, counts, records };
}

/**
 * Writes a parsed file in one transaction, as planSeiImport says: new records, changes and cancellations; conflicts
 * keep the local version unless `takeFile` takes the file's. The same file twice changes nothing the second time.
 * `lookedUp`: what the preview found (lookUpSeiFile), used when nothing has been written since.
 */
export function applySeiFile(
  db: DB,
  file: SeiFile,
  fileName: string,
  actor: string,
  takeFile: TakeFile = 'ingen',
  now = new Date(),
  lookedUp?: SeiLookedUp,
): SeiImportResult {
  const at = now.toISOString();
  return db.transaction(() => {
    const found = unchangedSince(db, lookedUp) ?? lookup(db, file);
    const plan = planSeiImport(db, file, fileName, found, false);
    const planned = new Map(plan.records.map((p) => [p.index, p]));
    const take = (uid: string) => takeFile === 'alle' || (takeFile !== 'ingen' && takeFile.has(uid));
    const result: SeiImportResult = {
      month: file.month,
      records: file.records.length,
      created: 0,
      updated: 0,
      cancelled: 0,
      unchanged: plan.counts.uaendret,
      placesCreated: 0,
      keptLocal: 0,
      tookFile: 0,
    };
    const batchId = startImportBatch(db, at, actor, fileName);
    // a large file into a smaller database builds the ydelse indexes once afterwards (the lookups are done above)
    const bulk = file.records.length >= BULK_ROWS && file.records.length >= countYdelser(db);
    const insertBatch = insertYdelser(db, bulk);
    const batchSize = insertBatchOf(db);
    let batch: NewYdelse[] = [];
    const flush = () => {
      insertBatch(batch, batchId);
      batch = [];
    };
    const change = importedChanges(db);
    const all = file.records;
    // by the file's place number: the place's id here, created the first time it is needed
    const places = all.distinctPlaces();
    const placeIds: (number | undefined)[] = [];
    const placeFor = (index: number) => {
      const n = all.placeOf(index);
      let placeId = placeIds[n];
      if (placeId === undefined) {
        const { codeType, codeValue } = places[n]!;
        const p = ensurePlaceForCode(db, codeType, codeValue, actor, fileName, at);
        placeIds[n] = placeId = p.id;
        if (p.created) result.placesCreated++;
      }
      return placeId;
    };
    // a record new to this database (the SEI file carries no start, end or contact class: the defaults apply)
    const addNew = (index: number) => {
      batch.push([
        found.forloebOf[all.citizenOf(index)]!,
        all.cpr(index),
        all.dato(index),
        all.ydelseskode(index),
        all.tillaegText(index),
        placeFor(index),
        all.hjemme(index) ? 1 : 0,
        all.uid(index),
        null,
        null,
        null,
        null,
      ]);
      if (batch.length >= batchSize) flush();
      result.created++;
    };
    const applyAll = () => {
      for (let index = 0; index < all.length; index++) {
        const p = planned.get(index);
        if (!p) {
          // not planned: new, or nothing to do (unchanged, or an annullering of a record we never had)
          if (all.action(index) === 'annullering' || found.existing(index)) continue;
          addNew(index);
          continue;
        }
        let kind = p.kind;
        if (kind === 'konflikt') {
          if (!take(p.uid)) {
            result.keptLocal++;
            continue;
          }
          result.tookFile++;
          kind = p.fileAction === 'annullering' ? 'annullering' : 'rettelse';
        }
        if (kind === 'ny') {
          addNew(index);
          continue;
        }
        const existing = found.existing(index)!;
        const changes = p.changes.map((c) => ({ field: c.field, before: c.local, after: c.file }));
        if (kind === 'annullering') {
          change.cancel(existing.id, at);
          recordChange(db, { at, actor, entity: 'ydelse', entityId: existing.id, action: `Annulleret ved import af ${fileName}`, changes });
          result.cancelled++;
          continue;
        }
        change.update(existing.id, all.dato(index), all.ydelseskode(index), all.tillaegText(index), placeFor(index), all.hjemme(index), at);
        recordChange(db, { at, actor, entity: 'ydelse', entityId: existing.id, action: `Rettet ved import af ${fileName}`, changes });
        result.updated++;
      }
      flush();
    };
    if (bulk) withIndexesDeferred(db, 'ydelse', [], applyAll, BOUNDED_BULK_CACHE_KIB);
    else applyAll();
    finishImportBatch(db, batchId, result.created + result.updated);
    return result;
  })();
}
