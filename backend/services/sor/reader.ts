// Reading the public SOR download (Sor.xml) as a stream, in both namespace generations (v1 and v2), so the national
// file (hundreds of MB) is never held as one string. The parent of a unit is given only by nesting. The fast scanner
// (../xml-scan.ts) reads the file; whatever it leaves, a fault included, is read again by saxes, which names the line
// and column. Both feed the same tree builder.

import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { SaxesParser, type SaxesTag } from 'saxes';
import { UserError } from '../../../schemas/errors.ts';
import { danishXmlError, disallowedInUtf8, FastXmlScanner, LeaveToParser, type XmlEvents } from '../xml-scan.ts';
import { own } from '../own-string.ts';

export const SOR_V2 = 'urn:oio:nsi:2.0.0';
export const SOR_V1 = 'urn:oio:sundhedsstyrelsen:organisation:1.0.0';

export interface Address {
  street: string;
  number: string;
  postCode: string;
  district: string;
  municipality: string;
}

export type Level = 'owner' | 'institution' | 'unit';

export interface SorNode {
  sorId: string;
  name: string;
  level: Level;
  type: string;
  parent: SorNode | null;
  children: SorNode[];
  postal: Address | null;
  visiting: Address | null;
  email: string;
  website: string;
  phone: string;
  fromDate: string;
  firstFromDate: string;
  toDate: string;
  /** Where in the file the entity starts (for messages). */
  line: number;
}

export interface SorTreeData {
  fileName: string;
  version: 'v1' | 'v2';
  snapshotDate: string;
  createdAt: string;
  owners: SorNode[];
  /** Every node kept, in file order. */
  nodes: SorNode[];
  /** Units read, including those of owners that were not kept. */
  unitCount: number;
  /** Which reader read the file: the fast scanner, or the full parser (saxes) for what the scanner left to it. */
  readBy: 'fast' | 'exact';
}

export interface ReadOptions {
  onProgress?: (done: number, total: number) => void;
  /**
   * Whether an owner's subtree is needed. An owner not needed (no unit of a role the check uses, not a kommune) is
   * kept without its subtree, so a national file fits in memory.
   */
  keepOwner?: (owner: SorNode, units: SorNode[]) => boolean;
  /** Which reader: the fast scanner with the full parser for what it leaves (default), or the full parser alone. */
  parser?: 'fast' | 'exact';
  /** Bytes per chunk read (tests use small chunks to cut every construct at a chunk's end). */
  chunkSize?: number;
}

const localNames = new Map<string, string>();
/** The local part of a qualified name ("sor1:SorIdentifier" -> "SorIdentifier"), one string per distinct name. */
function local(name: string): string {
  let l = localNames.get(name);
  if (l === undefined) {
    const i = name.indexOf(':');
    l = i < 0 ? name : name.slice(i + 1);
    if (localNames.size < 10_000) localNames.set(name, l);
  }
  return l;
}

export class SorReadError extends UserError {}

const DATA: Record<string, Level> = { InstitutionOwner: 'owner', HealthInstitution: 'institution', OrganizationalUnit: 'unit' };
const ENTITY = new Set(['InstitutionOwnerEntity', 'HealthInstitutionEntity', 'OrganizationalUnitEntity']);
const TYPE_FIELDS = new Set(['EntityTypeIdentifier', 'OwnerType', 'InstitutionType', 'UnitType']);
const LEVEL_NAMES: Record<Level, string> = { owner: 'en institutionsejer', institution: 'en institution', unit: 'en enhed' };

function emptyAddress(): Address {
  return { street: '', number: '', postCode: '', district: '', municipality: '' };
}

/** Where the reader is in the file; the fast scanner does not count lines (see readSorFile). */
interface Position {
  line(): number;
  column(): number;
}

/** A SOR extract nests owners, institutions and units some ten levels deep; far deeper is not an extract. */
const MAX_DEPTH = 100;
/** The longest stretch without "<" the full parser is given (a text that long is no SOR data). */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

/** The SOR tree built from the events of one read of the file. */
function treeBuilder(fileName: string, opts: ReadOptions, pos: Position, exact: boolean) {
  const tree: SorTreeData = { fileName, version: 'v2', snapshotDate: '', createdAt: '', owners: [], nodes: [], unitCount: 0, readBy: exact ? 'exact' : 'fast' };
  /** The nodes of the owner being read (kept or dropped when it closes). */
  let ownerNodes: SorNode[] = [];
  const fail = (message: string): never => {
    // without positions, a fault is read again by the full parser, which names the line and column
    if (!exact) throw new LeaveToParser(message);
    throw new SorReadError(`${fileName}, linje ${pos.line()}, kolonne ${pos.column() + 1}: ${message}`);
  };

  /** Open entities (…Entity elements) with their node once its data element has been read. */
  const frames: { node: SorNode | null }[] = [];
  /** The node whose data element we are inside, and the path of element names below it. */
  let current: SorNode | null = null;
  let inner: string[] = [];
  let text = '';
  let depth = 0;
  let address: Address | null = null;
  /** Whether the text now read is wanted (the scanner skips the rest without cutting it out). */
  const state = { keepText: false };

  const events: XmlEvents = {
    open(tagName, attributes, localName) {
      depth++;
      if (depth > MAX_DEPTH) fail(`elementerne er indlejret i mere end ${MAX_DEPTH} niveauer: filen er ikke et SOR-udtræk.`);
      text = '';
      const name = localName;
      if (depth === 1) {
        if (name !== 'SorTree') fail(`rodelementet er <${tagName}>, ikke <SorTree>: filen er ikke et SOR-udtræk.`);
        const prefix = tagName.includes(':') ? tagName.slice(0, tagName.indexOf(':')) : '';
        const uri = String(attributes[prefix ? `xmlns:${prefix}` : 'xmlns'] ?? '');
        if (uri === SOR_V2) tree.version = 'v2';
        else if (uri === SOR_V1) tree.version = 'v1';
        else fail(`navnerummet "${uri}" er hverken SOR v1 (${SOR_V1}) eller v2 (${SOR_V2}).`);
        return;
      }
      state.keepText = current !== null || name === 'SnapshotDate' || name === 'CreatedAtTime';
      if (current) {
        inner.push(name);
        if (name === 'PostalAddressInformation' || name === 'VisitingAddressInformation') address = emptyAddress();
        return;
      }
      if (ENTITY.has(name)) {
        frames.push({ node: null });
        return;
      }
      const level = DATA[name];
      if (level) {
        const frame = frames[frames.length - 1];
        if (!frame || frame.node) fail(`<${name}> står uden for sin ${name}Entity.`);
        const parentFrame = frames[frames.length - 2];
        const parent = parentFrame?.node ?? null;
        current = {
          sorId: '',
          name: '',
          level,
          type: '',
          parent,
          children: [],
          postal: null,
          visiting: null,
          email: '',
          website: '',
          phone: '',
          fromDate: '',
          firstFromDate: '',
          toDate: '',
          line: pos.line(),
        };
        inner = [];
        frame!.node = current;
      }
    },
    text(s, from, to) {
      if (state.keepText) text += from === 0 && to === s.length ? s : s.slice(from, to);
    },
    close(_tagName, localName) {
      depth--;
      state.keepText = current !== null;
      const name = localName;
      const value = text.length ? own(text.trim()) : '';
      text = '';
      if (!current) {
        if (name === 'SnapshotDate') tree.snapshotDate = value;
        else if (name === 'CreatedAtTime') tree.createdAt = value;
        else if (ENTITY.has(name)) {
          const frame = frames.pop();
          if (name === 'InstitutionOwnerEntity' && frame?.node) {
            const owner = frame.node;
            const units = ownerNodes.filter((n) => n.level === 'unit');
            tree.unitCount += units.length;
            if (!opts.keepOwner || opts.keepOwner(owner, units)) tree.nodes.push(...ownerNodes);
            else {
              owner.children = [];
              tree.nodes.push(owner);
            }
            ownerNodes = [];
          }
        }
        return;
      }
      if (DATA[name] && inner.length === 0) {
        const node = current;
        if (!node.sorId) fail(`${LEVEL_NAMES[node.level]} (fra linje ${node.line}) har ingen SorIdentifier.`);
        if (node.parent) node.parent.children.push(node);
        else if (node.level === 'owner') tree.owners.push(node);
        else fail(`${LEVEL_NAMES[node.level]} ${node.sorId} står ikke under en institutionsejer.`);
        ownerNodes.push(node);
        current = null;
        state.keepText = false;
        return;
      }
      const parentName = inner[inner.length - 2];
      const top = inner[0];
      inner.pop();
      if (inner.length === 0) {
        // a direct child of the data element
        if (name === 'SorIdentifier') current.sorId = value;
        else if (name === 'EntityName') current.name = value;
        else if (TYPE_FIELDS.has(name)) current.type = value;
        else if ((name === 'PostalAddressInformation' || name === 'VisitingAddressInformation') && address) {
          const a = address;
          address = null;
          if (a.street || a.postCode || a.district) {
            if (name === 'PostalAddressInformation') current.postal = a;
            else current.visiting = a;
          }
        }
        return;
      }
      if (top === 'SorStatus' && parentName === 'SorStatus') {
        if (name === 'FromDate') current.fromDate = value;
        else if (name === 'FirstFromDate') current.firstFromDate = value;
        else if (name === 'ToDate') current.toDate = value;
      } else if ((top === 'PostalAddressInformation' || top === 'VisitingAddressInformation') && address) {
        if (name === 'StreetName') address.street = value;
        else if (name === 'StreetBuildingIdentifier') address.number = value;
        else if (name === 'PostCodeIdentifier') address.postCode = value;
        else if (name === 'DistrictName') address.district = value;
        else if (name === 'MunicipalityCode') address.municipality = value;
      } else if (top === 'VirtualAddressInformation') {
        if (name === 'EmailAddressIdentifier') current.email = value;
        else if (name === 'Website') current.website = value;
        else if (name === 'TelephoneNumberIdentifier') current.phone = value;
      }
    },
  };
  return { tree, events, state, depth: () => depth };
}

/** Reads a SOR file. Calls onProgress with bytes read and the file size. Throws SorReadError naming line and column. */
export async function readSorFile(file: string, options: ReadOptions | ((done: number, total: number) => void) = {}): Promise<SorTreeData> {
  const opts: ReadOptions = typeof options === 'function' ? { onProgress: options } : options;
  const fileName = path.basename(file);
  let size: number;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new SorReadError(`${file} er en mappe, ikke en SOR-fil.`);
    size = st.size;
  } catch (e) {
    if (e instanceof SorReadError) throw e;
    throw new SorReadError(`SOR-filen ${file} kan ikke læses: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'den findes ikke' : (e as Error).message}.`);
  }
  // The fast scanner reads a well-formed file in a third of the full parser's time. Anything else (a fault, or XML
  // it does not read itself: DTD, CDATA) is read again from the start by saxes, which finds the fault and names its
  // line and column.
  if (opts.parser === 'exact') return readExact(file, fileName, size, opts);
  try {
    return await readFast(file, fileName, size, opts);
  } catch (e) {
    if (!(e instanceof LeaveToParser)) throw e;
  }
  return readExact(file, fileName, size, opts);
}

/**
 * Bytes read at a time. Reads of 64 KB each left the check waiting on the disk (~0.25 s of a national file in a
 * profile); a megabyte read, cut into TEXT_PIECEs, took 2.84 s against 3.03 s (8 alternated rounds, median; faster in
 * 7 of 8).
 */
const READ_CHUNK = 1 << 20;

/**
 * Bytes made into one string: 64 KB, so that a piece's text is an ordinary object in V8's young generation and dies
 * there once scanned. Strings of a megabyte were "large objects", freed only by full collections: the national file's
 * check peaked at 234-257 MB against ~170-185 MB now, and took more CPU (user time, 4 paired runs: median ~3.4 s
 * against ~2.7 s). Pieces of 128 and 256 KB were slower than both (4-5 s, once each).
 */
const TEXT_PIECE = 1 << 16;

/**
 * Pieces of the file's text without a byte-order mark, reporting the bytes read (the progress bar): as UTF-8 text,
 * or a character per byte (latin1, for FastXmlScanner).
 */
async function* chunksOf(file: string, size: number, opts: ReadOptions, encoding: 'utf8' | 'latin1'): AsyncGenerator<string> {
  const BOM = '\xef\xbb\xbf';
  const decoder = new TextDecoder('utf-8'); // drops a byte-order mark itself
  let done = 0;
  let head = ''; // latin1: the first bytes, until it is clear whether they are a byte-order mark
  let started = encoding === 'utf8';
  const check = encoding === 'latin1' ? new Utf8Check(file) : null;
  for await (const buf of fs.createReadStream(file, { highWaterMark: opts.chunkSize ?? READ_CHUNK }) as AsyncIterable<Buffer>) {
    check?.push(buf, done);
    for (let at = 0; at < buf.length; at += TEXT_PIECE) {
      const piece = buf.subarray(at, at + TEXT_PIECE);
      let c = encoding === 'utf8' ? decoder.decode(piece, { stream: true }) : piece.toString('latin1');
      if (!started) {
        head += c;
        if (head.length < BOM.length && BOM.startsWith(head)) continue;
        started = true;
        c = head.startsWith(BOM) ? head.slice(BOM.length) : head;
      }
      yield c;
    }
    done += buf.length;
    opts.onProgress?.(Math.min(done, size), size);
  }
  check?.end(done);
  if (encoding === 'utf8') {
    const rest = decoder.decode();
    if (rest) yield rest;
  } else if (!started && head) yield head;
}

/** The offset of the first byte that breaks UTF-8 (a stray continuation, a bad lead, an overlong or surrogate form). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    const second = b[i + 1]!;
    if ((c === 0xe0 && second < 0xa0) || (c === 0xed && second > 0x9f) || (c === 0xf0 && second < 0x90) || (c === 0xf4 && second > 0x8f)) return i;
    i += n + 1;
  }
  return b.length;
}

/**
 * Checks that the file is UTF-8, chunk by chunk (node:buffer's isUtf8, a character cut between two chunks carried
 * over). A file saved in another encoding (Windows-1252, Latin-1) is refused with the line of its first such byte,
 * never read with replacement characters in its names. The same whole characters are checked for those XML does not
 * allow (disallowedInUtf8), which the full parser then names.
 */
class Utf8Check {
  private tail: Buffer | null = null;
  constructor(private readonly file: string) {}

  push(buf: Buffer, offset: number): void {
    const data = this.tail ? Buffer.concat([this.tail, buf]) : buf;
    const start = offset - (this.tail?.length ?? 0);
    // an incomplete character at the end waits for the next chunk
    let cut = data.length;
    for (let k = data.length - 1; k >= Math.max(0, data.length - 3); k--) {
      const b = data[k]!;
      if ((b & 0xc0) === 0x80) continue; // a continuation byte
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (k + need > data.length) cut = k;
      break;
    }
    const whole = data.subarray(0, cut);
    if (!isUtf8(whole)) this.fail(start, whole);
    // a character XML does not allow: the full parser names its line and column
    if (disallowedInUtf8(whole)) throw new LeaveToParser('tegn, XML ikke tillader');
    this.tail = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
  }

  end(size: number): void {
    if (this.tail) this.fail(size - this.tail.length, this.tail);
  }

  /** Names the line of the first byte that is not UTF-8 (read again from the start: only on failure). */
  private fail(start: number, bytes: Buffer): never {
    const bad = firstInvalidUtf8(bytes);
    const at = start + bad;
    let line = 1;
    const fd = fs.openSync(this.file, 'r');
    try {
      const piece = Buffer.alloc(1 << 20);
      for (let pos = 0; pos < at; pos += piece.length) {
        const n = fs.readSync(fd, piece, 0, Math.min(piece.length, at - pos), pos);
        if (n <= 0) break;
        for (let i = piece.indexOf(10); i >= 0 && i < n; i = piece.indexOf(10, i + 1)) line++;
      }
    } finally {
      fs.closeSync(fd);
    }
    throw new SorReadError(
      `${path.basename(this.file)}, linje ${line}: filen er ikke gyldig UTF-8 (den er måske gemt som Windows-1252 eller Latin-1). SOR-udtrækket er altid UTF-8; hent det igen.`,
    );
  }
}

/** Reads the file with the fast scanner (xml-scan.ts); whatever it leaves goes to readExact. */
async function readFast(file: string, fileName: string, size: number, opts: ReadOptions): Promise<SorTreeData> {
  const b = treeBuilder(fileName, opts, { line: () => 0, column: () => 0 }, false);
  const scanner = new FastXmlScanner(b.events, b.state, true, true); // chunksOf checked the bytes (Utf8Check)
  for await (const chunk of chunksOf(file, size, opts, 'latin1')) scanner.write(chunk);
  scanner.end();
  if (b.tree.nodes.length === 0 && !b.tree.snapshotDate) throw new LeaveToParser('intet SOR-udtræk');
  return b.tree;
}

/** The full parser (saxes): reads what the fast scanner leaves to it, and names the line and column of a fault. */
async function readExact(file: string, fileName: string, size: number, opts: ReadOptions): Promise<SorTreeData> {
  // Namespaces are resolved by hand from the root's declarations: the element names are read by their local part,
  // and saxes' own namespace processing would double the time on a national file.
  const parser = new SaxesParser({ xmlns: false, position: true, fileName });
  const b = treeBuilder(fileName, opts, { line: () => parser.line, column: () => parser.column }, true);
  const tree = b.tree;
  const where = () => `${fileName}, linje ${parser.line}, kolonne ${parser.column + 1}`;
  parser.on('opentag', (tag: SaxesTag) => b.events.open(tag.name, tag.attributes as Record<string, string>, local(tag.name)));
  parser.on('text', (t) => b.events.text(t, 0, t.length));
  parser.on('closetag', (tag: SaxesTag) => b.events.close(tag.name, local(tag.name)));
  parser.on('error', (e: Error) => {
    throw new SorReadError(`${where()}: filen er ikke gyldig XML (${danishXmlError(e.message)}).`);
  });

  if (size === 0) throw new SorReadError(`SOR-filen ${fileName} er tom.`);
  let ending = false;
  try {
    let sinceTag = 0;
    for await (const chunk of chunksOf(file, size, opts, 'utf8')) {
      const lt = chunk.lastIndexOf('<');
      sinceTag = lt < 0 ? sinceTag + chunk.length : chunk.length - lt;
      if (sinceTag > MAX_TEXT_BYTES)
        throw new SorReadError(`${where()}: over ${MAX_TEXT_BYTES / 2 ** 20} MB uden et eneste mærke: filen er ikke et SOR-udtræk.`);
      parser.write(chunk);
    }
    ending = true;
    parser.close();
  } catch (e) {
    if (e instanceof SorReadError) {
      // nothing but a byte-order mark
      if (/ikke gyldig XML/.test(e.message) && tree.nodes.length === 0 && b.depth() === 0 && size <= 3) throw new SorReadError(`SOR-filen ${fileName} er tom.`);
      throw ending && e.message.includes('ikke gyldig XML') && b.depth() > 0
        ? new SorReadError(e.message.replace('filen er ikke gyldig XML', 'filen slutter for tidligt eller er ikke gyldig XML'))
        : e;
    }
    throw e;
  }
  if (tree.nodes.length === 0 && !tree.snapshotDate) throw new SorReadError(`SOR-filen ${fileName} indeholder intet SOR-udtræk.`);
  return tree;
}
