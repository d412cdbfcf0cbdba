// A fast scanner for the plain XML our files are: elements, attributes, text with the predefined and numeric
// entities, comments and processing instructions. It jumps from "<" to ">" with indexOf (native) instead of reading
// character by character, and checks what makes a document well-formed: names, attributes, nesting, one root, nothing
// but space outside it, a complete end. It counts no lines: whatever it does not accept (a fault, or XML it does not
// read itself: DTD, CDATA) it leaves to the full parser (saxes) by throwing LeaveToParser, and the caller reads the
// file again with saxes, which names the line and column of a fault. On a national SOR file it takes a third of
// saxes' time.

import { own } from './own-string.ts';

/**
 * What the scanner calls: elements by their qualified name (and its local part, the name without a prefix: one string
 * per name, made once), and text between tags (entities resolved).
 */
export interface XmlEvents {
  /** `attributes` is NO_ATTRIBUTES (shared, empty) for a tag without any. */
  open(tagName: string, attributes: Readonly<Record<string, string>>, localName: string): void;
  text(s: string, from: number, to: number): void;
  close(tagName: string, localName: string): void;
}

/** An element name as read: qualified, and its local part. */
interface ElementName {
  q: string;
  local: string;
}

/**
 * The names of one key (length and two characters). `inPlace`: one name, compared where it stands in the text (indexOf
 * at the tag's position, nothing cut out); false after a tag of that key was not it, since indexOf then searches on
 * through the chunk: once per key, not once per tag.
 */
interface NamesOfKey {
  list: ElementName[];
  inPlace: boolean;
}

/** More distinct element names than any of our files has (SOR ~100, SEI ~20): such a file goes to the full parser. */
const MAX_NAMES = 10_000;

/** The scanner met something it leaves to the full parser. */
export class LeaveToParser extends Error {}

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;
const ATTRIBUTE_NAME = /^[A-Za-z_][\w.:-]*$/;
const ENTITY_REF = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
export const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/** Characters XML 1.0 does not allow in a document (raw): controls but tab, line feed and carriage return; U+FFFE/F. */
export const DISALLOWED_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

/** By byte value: 1 for a character below 128 that DISALLOWED_CHARS holds (in UTF-8 such a character is its own byte). */
const DISALLOWED_BYTE = Uint8Array.from({ length: 256 }, (_, b) => (b < 0x80 && DISALLOWED_CHARS.test(String.fromCharCode(b)) ? 1 : 0));
/** U+FFFE and U+FFFF in UTF-8. */
const NONCHARACTERS = [Buffer.from('\ufffe'), Buffer.from('\uffff')];

/**
 * Whether UTF-8 bytes (whole characters) hold a character of DISALLOWED_CHARS. Four bytes at a time: a word with no
 * byte below 0x20 (most: only line feeds, tabs and carriage returns are, in a well-made file) is passed without
 * looking at its bytes. A national SOR file (294 MB): ~130 ms, where the regular expression over the same text read
 * as latin1 took ~250 ms.
 */
export function disallowedInUtf8(b: Uint8Array): boolean {
  const head = Math.min(b.length, (4 - (b.byteOffset & 3)) & 3);
  for (let i = 0; i < head; i++) if (DISALLOWED_BYTE[b[i]!] === 1) return true;
  const words = new Uint32Array(b.buffer, b.byteOffset + head, (b.length - head) >>> 2);
  for (let w = 0; w < words.length; w++) {
    const x = words[w]!;
    // a byte below 0x20 in x (exact for bytes below 0x80, and a byte of 0x80 or more is never taken for one)
    if (((x - 0x20202020) & ~x & 0x80808080) !== 0) {
      const k = head + w * 4;
      if ((DISALLOWED_BYTE[b[k]!]! | DISALLOWED_BYTE[b[k + 1]!]! | DISALLOWED_BYTE[b[k + 2]!]! | DISALLOWED_BYTE[b[k + 3]!]!) !== 0) return true;
    }
  }
  for (let i = head + words.length * 4; i < b.length; i++) if (DISALLOWED_BYTE[b[i]!] === 1) return true;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  return NONCHARACTERS.some((n) => buf.includes(n));
}

/** Whether a character reference names a character XML 1.0 allows (&#0;, a surrogate or beyond U+10FFFF do not). */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** The longest stretch without a "<" the scanner holds (text or a tag): beyond it the file is not one of ours. */
export const MAX_PENDING_CHARS = 16 * 1024 * 1024;

/** Text read as latin1 (a character per byte) decoded as the UTF-8 it is. */
const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/** A name's key: its length and two of its characters (element and attribute names are found by it). */
function keyOf(s: string, from: number, to: number): number {
  const len = to - from;
  return len * 0x10000 + s.charCodeAt(to - 1) * 0x100 + (s.charCodeAt(from + (len >> 1)) & 0xff);
}

/** More distinct attribute names than any of our files has: the rest are checked, not kept. */
const MAX_ATTRIBUTE_NAMES = 1000;

/**
 * The attribute name s[from, to), one string per name (compared where it stands, nothing cut out when known): a name
 * cut from the text for every tag was hashed twice per attribute, for the known names and for the tag's own (reading a
 * SEI file of 83,000 records, two attributes each: ~570 -> ~535 ms, median of 6 paired runs).
 */
function attributeName(s: string, from: number, to: number, names: Map<number, string>): string {
  const key = keyOf(s, from, to);
  const known = names.get(key);
  if (known !== undefined && s.startsWith(known, from)) return known; // of the same length (keyOf)
  const name = own(s.slice(from, to));
  if (!ATTRIBUTE_NAME.test(name)) leave('attributnavn');
  if (known === undefined && names.size < MAX_ATTRIBUTE_NAMES) names.set(key, name);
  return name;
}

/** The attributes of a start tag, s[from, to): space, name, "=", a quoted value; anything else is left to the parser. */
function readAttributes(s: string, from: number, to: number, names: Map<number, string>, latin1: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  let k = from;
  for (;;) {
    const before = k;
    while (k < to && isSpace(s.charCodeAt(k))) k++;
    if (k >= to) return out;
    if (k === before) leave('attributter'); // a name must follow space
    const eq = s.indexOf('=', k);
    if (eq < 0 || eq >= to) leave('attributter');
    let nameEnd = eq;
    while (nameEnd > k && isSpace(s.charCodeAt(nameEnd - 1))) nameEnd--;
    const name = attributeName(s, k, nameEnd, names);
    if (name in out) leave('attributten står to gange');
    k = eq + 1;
    while (k < to && isSpace(s.charCodeAt(k))) k++;
    const q = s.charCodeAt(k);
    if (q !== 34 && q !== 39) leave('attributværdi uden anførselstegn');
    const close = s.indexOf(q === 34 ? '"' : "'", k + 1);
    if (close < 0 || close >= to) leave('attributværdi');
    const value = s.slice(k + 1, close);
    if (value.includes('<') || value.includes('&')) leave('attributværdi med < eller &');
    out[name] = latin1 && /[\x80-\xff]/.test(value) ? utf8(value) : own(value);
    k = close + 1;
  }
}

const leave = (why: string): never => {
  throw new LeaveToParser(why);
};

export class FastXmlScanner {
  private readonly stack: ElementName[] = [];
  private rootSeen = false;
  /** Whether any markup has been read (the XML declaration may only come first). */
  private started = false;
  private carry = '';
  /** Element names, one string each, found by length and two characters (the handlers look names up in maps, and a
   * string cut from the text would be hashed again for every tag). */
  private readonly names = new Map<number, NamesOfKey>();
  private nameCount = 0;
  private readonly attributeNames = new Map<number, string>();

  /**
   * `wants.keepText` says whether the text now read is wanted: the rest is skipped without being cut out.
   * `latin1`: the chunks are the file's bytes one character each (Buffer latin1), which is quick to make and always a
   * one-byte string; the scanner decodes the UTF-8 of the text and attribute values it passes on (markup is ASCII).
   * Such a caller checks the bytes for characters XML does not allow (disallowedInUtf8) and says so (`charsChecked`).
   */
  constructor(
    private readonly ev: XmlEvents,
    private readonly wants: { keepText: boolean },
    private readonly latin1 = false,
    /** The caller has already checked the whole text for characters XML does not allow (DISALLOWED_CHARS). */
    private readonly charsChecked = false,
  ) {
    if (latin1 && !charsChecked) throw new Error('FastXmlScanner: text read as latin1 is checked by its bytes first (disallowedInUtf8)');
  }

  /** The name s[from, to) when it has been seen before. */
  private knownName(s: string, from: number, to: number): ElementName | undefined {
    const known = this.names.get(keyOf(s, from, to));
    if (!known) return undefined;
    if (known.inPlace) {
      if (s.indexOf(known.list[0]!.q, from) === from) return known.list[0]; // of the same length (keyOf)
      known.inPlace = false;
      return undefined;
    }
    const cut = s.slice(from, to);
    for (const n of known.list) if (n.q === cut) return n;
    return undefined;
  }

  private intern(s: string, from: number, to: number): ElementName {
    const key = keyOf(s, from, to);
    const known = this.names.get(key);
    const cut = s.slice(from, to);
    if (known) for (const n of known.list) if (n.q === cut) return n;
    const q = own(cut);
    if (!NAME.test(q)) leave('navn');
    if (++this.nameCount > MAX_NAMES) leave('for mange forskellige elementnavne');
    const name = { q, local: q.includes(':') ? own(q.slice(q.indexOf(':') + 1)) : q };
    if (known) {
      known.list.push(name);
      known.inPlace = false;
    } else this.names.set(key, { list: [name], inPlace: true });
    return name;
  }

  private text(s: string, from: number, to: number): void {
    if (this.stack.length === 0) {
      if (/\S/.test(s.slice(from, to))) leave('tekst uden for rodelementet');
      return;
    }
    let amp = false;
    let high = false;
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c === 38 /* & */) amp = true;
      else if (c >= 0x80) high = true;
    }
    if (!amp && !(high && this.latin1)) return this.ev.text(s, from, to);
    let raw = s.slice(from, to);
    if (high && this.latin1) raw = utf8(raw);
    if (!amp) return this.ev.text(raw, 0, raw.length);
    if (raw.replace(ENTITY_REF, '').includes('&')) leave('ukendt entitet');
    const decoded = raw.replace(ENTITY_REF, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
      if (named) return PREDEFINED[named]!;
      const cp = (hex ?? dec!).length > 8 ? -1 : Number.parseInt(hex ?? dec!, hex ? 16 : 10);
      if (!isXmlChar(cp)) leave('tegnreference til et tegn, XML ikke tillader'); // saxes names its line and column
      return String.fromCodePoint(cp);
    });
    this.ev.text(decoded, 0, decoded.length);
  }

  /** Scans the next piece of the document. */
  write(chunk: string): void {
    if (!this.charsChecked && DISALLOWED_CHARS.test(chunk)) leave('tegn, XML ikke tillader');
    if (this.carry.length > MAX_PENDING_CHARS) leave('for lang tekst uden mærker');
    if (this.carry.length === 0) return this.scan(chunk, 0);
    // What the last piece left unfinished (a tag cut in two, the text before it) is finished with this piece up to its
    // first ">", as a short text of its own. Joined to the whole piece (carry + chunk), it made V8 copy the megabyte,
    // character by character, before it could be searched: a third of a national SOR file's scanning time.
    const gt = chunk.indexOf('>');
    if (gt < 0) return this.scan(this.takeCarry() + chunk, 0);
    this.scan(this.takeCarry() + chunk.slice(0, gt + 1), 0);
    if (this.carry.length === 0) return this.scan(chunk, gt + 1);
    // that ">" did not end it (a comment, a ">" in a quoted value): the rest is joined to it, as before
    this.scan(this.takeCarry() + chunk.slice(gt + 1), 0);
  }

  private takeCarry(): string {
    const c = this.carry;
    this.carry = '';
    return c;
  }

  /** Scans s from i; what is unfinished at its end is kept (carry) for the next piece. */
  private scan(s: string, from: number): void {
    const { ev, wants, stack } = this;
    let i = from;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        this.carry = s.slice(i);
        return;
      }
      const gt = s.indexOf('>', lt + 1);
      if (gt < 0) {
        this.carry = s.slice(i); // the text before the tag too: it is passed on with the tag, once the tag is whole
        return;
      }
      const c = s.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (!s.startsWith('<!--', lt)) leave('DTD eller CDATA'); // also a "<!" cut by the chunk: read by the parser
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) {
          this.carry = s.slice(i);
          return;
        }
        if (lt > i && (wants.keepText || stack.length === 0)) this.text(s, i, lt);
        this.started = true;
        i = end + 3;
        continue;
      }
      if (lt > i && (wants.keepText || stack.length === 0)) this.text(s, i, lt);
      if (c === 63 /* ? */) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) {
          this.carry = s.slice(lt);
          return;
        }
        // the XML declaration belongs at the very start; another "<?xml" is a fault
        if (this.started && /^<\?xml[\s?]/i.test(s.slice(lt, lt + 6))) leave('XML-erklæring midt i filen');
        this.started = true;
        i = end + 2;
        continue;
      }
      this.started = true;
      if (c === 47 /* / */) {
        let e = gt;
        while (e > lt + 2 && s.charCodeAt(e - 1) <= 32) e--;
        const open = stack.pop();
        // compared in place (no name cut out per end tag: millions in a national file); when it is not there, indexOf
        // searches on, once: the file is then read again by the full parser
        if (open === undefined || e - (lt + 2) !== open.q.length || s.indexOf(open.q, lt + 2) !== lt + 2) leave('slutmærke passer ikke');
        ev.close(open!.q, open!.local); // the open element's strings: their hashes are known
        i = gt + 1;
        continue;
      }
      // a start tag; most are a known name and nothing else
      if (s.charCodeAt(gt - 1) !== 47 /* / */) {
        const known = this.knownName(s, lt + 1, gt);
        if (known !== undefined) {
          if (stack.length === 0) leave('mere end ét rodelement');
          ev.open(known.q, NO_ATTRIBUTES, known.local);
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
      const name = this.intern(s, lt + 1, e);
      let end = gt;
      let attrs = NO_ATTRIBUTES;
      let selfClosing = false;
      if (e < gt) {
        let q = 0;
        let k = e;
        for (; k < s.length; k++) {
          const d = s.charCodeAt(k);
          if (q !== 0) {
            if (d === q) q = 0;
          } else if (d === 34 || d === 39) q = d;
          else if (d === 62) break;
        }
        if (k >= s.length) {
          this.carry = s.slice(lt);
          return;
        }
        end = k;
        selfClosing = s.charCodeAt(end - 1) === 47;
        attrs = readAttributes(s, e, selfClosing ? end - 1 : end, this.attributeNames, this.latin1);
      }
      if (stack.length === 0) {
        if (this.rootSeen) leave('mere end ét rodelement');
        this.rootSeen = true;
      }
      ev.open(name.q, attrs, name.local);
      if (selfClosing) ev.close(name.q, name.local);
      else stack.push(name);
      i = end + 1;
    }
  }

  /** The document is complete: one root, closed, and nothing after it but space. */
  end(): void {
    if (!this.rootSeen || this.stack.length > 0 || /\S/.test(this.carry)) leave('filen slutter for tidligt');
  }
}

/** saxes' messages in Danish (its position prefix removed): what a user reads after "filen er ikke gyldig XML". */
const DANISH_XML_ERRORS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^malformed character entity/, () => 'en tegnreference (&#…;) til et tegn, XML ikke tillader'],
  [/^disallowed character\.?$/, () => 'et tegn, XML ikke tillader'],
  [/^disallowed character in (.*?)\.?$/, () => 'et tegn, XML ikke tillader, i et navn'],
  [/^unclosed tag: (.*)$/, (m) => `mærket <${m[1]}> lukkes aldrig`],
  [/^unmatched closing tag: (.*?)\.?$/, (m) => `slutmærket </${m[1]}> passer ikke til noget startmærke`],
  [/^unexpected close tag/, () => 'et slutmærke, der ikke passer'],
  [/^unexpected end/, () => 'filen slutter midt i et mærke'],
  [/^text data outside of root node/, () => 'tekst uden for rodelementet'],
  [/^document must contain a root element/, () => 'filen har intet rodelement'],
  [/^documents may contain only one root/, () => 'mere end ét rodelement'],
  [/^duplicate attribute: (.*?)\.?$/, (m) => `attributten ${m[1]} står to gange`],
  [/^(unquoted attribute value|value must be quoted)/, () => 'en attributværdi uden anførselstegn'],
  [/^attribute without value/, () => 'en attribut uden værdi'],
  [/^malformed name: (.*?)\.?$/, (m) => `navnet "${m[1]}" er ikke gyldigt`],
  [/^empty entity name|^incorrect syntax/, () => 'et & uden en gyldig entitet efter sig'],
  [/XML declaration|xml declaration/, () => 'XML-erklæringen (<?xml …?>) er forkert eller står ikke først'],
  [/^inappropriately located doctype/, () => 'en DOCTYPE-erklæring et forkert sted'],
  [/^malformed comment/, () => 'en kommentar, der ikke er gyldig'],
];

/** saxes' message without its position, in Danish where it is one we know; else "XML-fejl: …" with the original. */
export function danishXmlError(message: string): string {
  const m = message.replace(/^[^:]*:\d+:\d+: /, '').trim();
  for (const [re, say] of DANISH_XML_ERRORS) {
    const hit = re.exec(m);
    if (hit) return say(hit);
  }
  return `XML-fejl: ${m.replace(/\.$/, '')}`;
}
