// Reading the public SOR download (Sor.xml) as a stream, in both namespace generations (v1 and v2), so the national
// file (hundreds of MB) is never held as one string. The parent of a unit is given only by nesting.

import fs from 'node:fs';
import path from 'node:path';
import { SaxesParser, type SaxesTag } from 'saxes';
import { UserError } from '../../../schemas/errors.ts';

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

/**
 * A copy of a value that does not keep the file's chunk alive: V8 may store a substring as a slice of its parent, and
 * one kept name per chunk would hold the whole national file in memory.
 */
function own(v: string): string {
  return v.length < 13 ? v : (' ' + v).slice(1);
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

/** What a driver calls while it reads: elements by their qualified name, and text between tags. */
interface XmlEvents {
  open(tagName: string, attributes: () => Record<string, string>): void;
  /** Text s[from, to), entities already resolved. */
  text(s: string, from: number, to: number): void;
  close(tagName: string): void;
}

/** The fast scanner met something it leaves to the full parser: a fault, or XML it does not read itself. */
class LeaveToParser extends Error {}

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
    open(tagName, attributes) {
      depth++;
      text = '';
      const name = local(tagName);
      if (depth === 1) {
        if (name !== 'SorTree') fail(`rodelementet er <${tagName}>, ikke <SorTree>: filen er ikke et SOR-udtræk.`);
        const prefix = tagName.includes(':') ? tagName.slice(0, tagName.indexOf(':')) : '';
        const uri = String(attributes()[prefix ? `xmlns:${prefix}` : 'xmlns'] ?? '');
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
          sorId: '', name: '', level, type: '', parent, children: [], postal: null, visiting: null,
          email: '', website: '', phone: '', fromDate: '', firstFromDate: '', toDate: '', line: pos.line(),
        };
        inner = [];
        frame!.node = current;
      }
    },
    text(s, from, to) {
      if (state.keepText) text += from === 0 && to === s.length ? s : s.slice(from, to);
    },
    close(tagName) {
      depth--;
      state.keepText = current !== null;
      const name = local(tagName);
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

/** Chunks of the file as text, and the bytes read so far (for the progress bar). */
async function* chunksOf(file: string, size: number, opts: ReadOptions): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let done = 0;
  let first = true;
  for await (const buf of fs.createReadStream(file, { highWaterMark: opts.chunkSize ?? 1 << 20 }) as AsyncIterable<Buffer>) {
    let c = decoder.decode(buf, { stream: true });
    if (first && c.length > 0) {
      first = false;
      if (c.charCodeAt(0) === 0xfeff) c = c.slice(1);
    }
    done += buf.length;
    yield c;
    opts.onProgress?.(Math.min(done, size), size);
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;
const ATTRIBUTES = /^(\s+[A-Za-z_][\w.:-]*\s*=\s*("[^"<&]*"|'[^'<&]*'))*\s*$/;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY_REF = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const checkedAttributes = new Set<string>();
const NO_ATTRIBUTES = (): Record<string, string> => ({});

/**
 * A scanner for the XML a SOR download is: elements, attributes, text with the predefined and numeric entities,
 * comments and processing instructions. It jumps from "<" to ">" with indexOf (native) instead of reading character by
 * character, and checks what makes a document well-formed: names, attributes, nesting, one root, nothing but space
 * outside it, a complete end. It counts no lines; whatever it does not accept goes to the full parser.
 */
async function readFast(file: string, fileName: string, size: number, opts: ReadOptions): Promise<SorTreeData> {
  const leave = (why: string): never => {
    throw new LeaveToParser(why);
  };
  const b = treeBuilder(fileName, opts, { line: () => 0, column: () => 0 }, false);
  const ev = b.events;
  const keep = b.state;
  const stack: string[] = [];
  let rootSeen = false;
  let carry = '';
  const text = (s: string, from: number, to: number) => {
    if (stack.length === 0) {
      if (/\S/.test(s.slice(from, to))) leave('tekst uden for rodelementet');
      return;
    }
    let amp = from;
    while (amp < to && s.charCodeAt(amp) !== 38 /* & */) amp++;
    if (amp === to) return ev.text(s, from, to);
    const raw = s.slice(from, to);
    const decoded = raw.replace(ENTITY_REF, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) =>
      named ? PREDEFINED[named]! : String.fromCodePoint(Number.parseInt(hex ?? dec!, hex ? 16 : 10)),
    );
    if (raw.replace(ENTITY_REF, '').includes('&')) leave('ukendt entitet');
    ev.text(decoded, 0, decoded.length);
  };
  // Element names, one string each, found by length and two characters: the handlers look names up in maps, and a
  // string cut from the text would be hashed again for every tag. A new name is checked once.
  const names = new Map<number, string[]>();
  const keyOf = (s: string, from: number, to: number) => {
    const len = to - from;
    return len * 0x10000 + s.charCodeAt(to - 1) * 0x100 + (s.charCodeAt(from + (len >> 1)) & 0xff);
  };
  /** The name s[from, to) when it has been seen before. */
  const knownName = (s: string, from: number, to: number): string | undefined => {
    const known = names.get(keyOf(s, from, to));
    if (!known) return undefined;
    const cut = s.slice(from, to);
    for (const n of known) if (n === cut) return n;
    return undefined;
  };
  const intern = (s: string, from: number, to: number): string => {
    const key = keyOf(s, from, to);
    const known = names.get(key);
    const cut = s.slice(from, to);
    if (known) {
      for (const n of known) if (n === cut) return n;
    }
    const name = own(cut);
    if (!NAME.test(name)) leave('navn');
    if (known) known.push(name);
    else names.set(key, [name]);
    return name;
  };

  for await (const chunk of chunksOf(file, size, opts)) {
    const s = carry.length > 0 ? carry + chunk : chunk;
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        carry = s.slice(i);
        break;
      }
      const gt = s.indexOf('>', lt + 1);
      if (gt < 0) {
        carry = s.slice(i); // the text before the tag too: it is passed on with the tag, once the tag is whole
        break;
      }
      const c = s.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (!s.startsWith('<!--', lt)) leave('DTD eller CDATA'); // also a "<!" cut by the chunk: read by the parser
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) {
          carry = s.slice(i);
          break;
        }
        if (lt > i && (keep.keepText || stack.length === 0)) text(s, i, lt);
        i = end + 3;
        continue;
      }
      if (lt > i && (keep.keepText || stack.length === 0)) text(s, i, lt);
      if (c === 63 /* ? */) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) {
          carry = s.slice(lt);
          break;
        }
        i = end + 2;
        continue;
      }
      if (c === 47 /* / */) {
        let e = gt;
        while (e > lt + 2 && s.charCodeAt(e - 1) <= 32) e--;
        const open = stack.pop();
        if (open === undefined || s.slice(lt + 2, e) !== open) leave('slutmærke passer ikke');
        ev.close(open!); // the open element's string: its hash is known
        i = gt + 1;
        continue;
      }
      // a start tag; most are a known name and nothing else
      if (s.charCodeAt(gt - 1) !== 47 /* / */) {
        const known = knownName(s, lt + 1, gt);
        if (known !== undefined) {
          if (stack.length === 0) leave('mere end ét rodelement');
          ev.open(known, NO_ATTRIBUTES);
          stack.push(known);
          i = gt + 1;
          continue;
        }
      }
      // its name, then attributes (a ">" inside a quoted value is not the end)
      let e = lt + 1;
      for (; e < gt; e++) {
        const d = s.charCodeAt(e);
        if (d === 32 || d === 47 || d === 9 || d === 10 || d === 13) break;
      }
      const name = intern(s, lt + 1, e);
      let end = gt;
      let attrs = '';
      let selfClosing = false;
      if (e < gt) {
        // find the real end: skip over quoted values
        let q = 0;
        let k = e;
        for (;;) {
          if (k >= s.length) break;
          const d = s.charCodeAt(k);
          if (q !== 0) {
            if (d === q) q = 0;
          } else if (d === 34 || d === 39) q = d;
          else if (d === 62) break;
          k++;
        }
        if (k >= s.length) {
          carry = s.slice(lt);
          break;
        }
        end = k;
        selfClosing = s.charCodeAt(end - 1) === 47;
        attrs = s.slice(e, selfClosing ? end - 1 : end);
        if (!checkedAttributes.has(attrs)) {
          if (!ATTRIBUTES.test(attrs)) leave('attributter');
          if (checkedAttributes.size < 10_000) checkedAttributes.add(attrs);
        }
      }
      if (stack.length === 0) {
        if (rootSeen) leave('mere end ét rodelement');
        rootSeen = true;
      }
      const a = attrs;
      ev.open(
        name,
        a === ''
          ? NO_ATTRIBUTES
          : () => {
              const out: Record<string, string> = {};
              for (const m of a.matchAll(ATTRIBUTE)) out[m[1]!] = m[2] ?? m[3] ?? '';
              return out;
            },
      );
      if (selfClosing) ev.close(name);
      else stack.push(name);
      i = end + 1;
    }
  }
  if (!rootSeen || stack.length > 0 || /\S/.test(carry)) leave('filen slutter for tidligt');
  const tree = b.tree;
  if (tree.nodes.length === 0 && !tree.snapshotDate) leave('intet SOR-udtræk');
  return tree;
}

/** The full parser (saxes): reads what the fast scanner leaves to it, and names the line and column of a fault. */
async function readExact(file: string, fileName: string, size: number, opts: ReadOptions): Promise<SorTreeData> {
  // Namespaces are resolved by hand from the root's declarations: the element names are read by their local part,
  // and saxes' own namespace processing would double the time on a national file.
  const parser = new SaxesParser({ xmlns: false, position: true, fileName });
  const b = treeBuilder(fileName, opts, { line: () => parser.line, column: () => parser.column }, true);
  const tree = b.tree;
  const where = () => `${fileName}, linje ${parser.line}, kolonne ${parser.column + 1}`;
  parser.on('opentag', (tag: SaxesTag) => b.events.open(tag.name, () => tag.attributes as Record<string, string>));
  parser.on('text', (t) => b.events.text(t, 0, t.length));
  parser.on('closetag', (tag: SaxesTag) => b.events.close(tag.name));
  parser.on('error', (e: Error) => {
    throw new SorReadError(`${where()}: filen er ikke gyldig XML (${e.message.replace(/^[^:]*:\d+:\d+: /, '')}).`);
  });

  let done = 0;
  let first = true;
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: opts.chunkSize ?? 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let c = chunk;
      if (first) {
        first = false;
        if (c.charCodeAt(0) === 0xfeff) c = c.slice(1);
      }
      done += Buffer.byteLength(c, 'utf8');
      parser.write(c);
      opts.onProgress?.(Math.min(done, size), size);
    }
    if (b.depth() === 0 && tree.nodes.length === 0 && !tree.snapshotDate && first) {
      throw new SorReadError(`SOR-filen ${fileName} er tom.`);
    }
    parser.close();
  } catch (e) {
    stream.destroy();
    if (e instanceof SorReadError) {
      if (/ikke gyldig XML/.test(e.message) && tree.nodes.length === 0 && b.depth() === 0 && done <= 3) throw new SorReadError(`SOR-filen ${fileName} er tom.`);
      throw e.message.includes('ikke gyldig XML') && b.depth() > 0
        ? new SorReadError(e.message.replace('filen er ikke gyldig XML', 'filen slutter for tidligt eller er ikke gyldig XML'))
        : e;
    }
    throw e;
  }
  if (tree.nodes.length === 0 && !tree.snapshotDate) throw new SorReadError(`SOR-filen ${fileName} indeholder intet SOR-udtræk.`);
  return tree;
}
