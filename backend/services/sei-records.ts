// The records of a month's SEI export, kept as columns of small numbers rather than as one object per record: a
// record names its citizen, its day and its "tail" (codes, place, home training) in tables of the few distinct ones,
// whose XML and sent-state bytes are made once each. A month's 100,000 record objects lived until the file was
// written and kept the collector busy (issue 16: ~0.1–0.2 s of the export's ~0.8 s, node --trace-gc); the XML of a
// record is now three pieces of bytes made before (its id's tag and prefix, its action and date, its tail) and its
// id's digits.

import type { InstitutionCodeType } from '../../schemas/codes.ts';
import type { IsoDate } from '../../schemas/dates.ts';
import type { YdelseFields } from '../../schemas/forloeb-ydelser.ts';
import { type ByteWriter, escapeXml } from './byte-writer.ts';
import { grown } from './typed-columns.ts';

export type Action = 'ny' | 'rettelse' | 'annullering';
const ACTIONS: readonly Action[] = ['ny', 'rettelse', 'annullering'];

export interface ExportRecord extends YdelseFields {
  ydelseId: number;
  readonly uid: string;
  action: Action;
}

/** What a record's codes, place and home training are: the part of it that a month's records share. */
export interface TailFields {
  ydelseskode: string;
  tillaegskoder: string[];
  codeType: InstitutionCodeType;
  codeValue: string;
  hjemme: boolean;
}

interface Tail extends TailFields {
  /** From `<Ydelseskode>` to `</Aktivitet>` and its line break. */
  xml: Uint8Array;
  /** The content after the CPR number and date (tailContent). */
  content: string;
  contentBytes: Uint8Array;
}

const ascii = (s: string): Uint8Array => Buffer.from(s, 'utf8');
/** The separator of a sent record's content's fields. */
const SEP = '|';

// the file's pieces around a record's own values (a record's XML is these, `day`'s and `tailXml`'s, put together by
// writeXml)
const OPEN_FIRST = ascii('    <Person>\n      <CPR>');
const OPEN_NEXT = ascii('    </Person>\n    <Person>\n      <CPR>');
const CPR_END = ascii('</CPR>\n');
const ACTIVITY_TEXT = '      <Aktivitet id="';
const ACTIVITY = ascii(ACTIVITY_TEXT);
const TAB = ascii('\t');
const LINE = ascii('\n');
const ACTION_TABS = ACTIONS.map((a) => ascii(`\t${a}\t`));

function tailXml(t: TailFields): string {
  let s = `</Dato>\n        <Ydelseskode>${t.ydelseskode}</Ydelseskode>\n`;
  for (const k of t.tillaegskoder) s += `        <Tillaegskode>${k}</Tillaegskode>\n`;
  return `${s}        <Institution type="${t.codeType}">${t.codeValue}</Institution>\n        <Hjemmetraening>${t.hjemme}</Hjemmetraening>\n      </Aktivitet>\n`;
}

// What was sent is compared by its content: the fields SEI receives, "CPR|dato|ydelseskode|tillægskoder|type|kode|0/1".
// None of the fields can hold "|": CPR digits, ISO date, SKS codes, code type and value.

/** The content after "CPR|dato|": a record's tail's. */
function tailContent(t: TailFields): string {
  return [t.ydelseskode, t.tillaegskoder.join(' '), t.codeType, t.codeValue, t.hjemme ? 1 : 0].join(SEP);
}

/** A record's content. */
export const contentOf = (cpr: string, dato: string, tail: string): string => cpr + SEP + dato + SEP + tail;

/** The fields of a content. */
export function fromContent(content: string): YdelseFields {
  const [cpr, dato, ydelseskode, tillaeg, codeType, codeValue, hjemme] = content.split(SEP) as [
    string,
    string,
    string,
    string,
    InstitutionCodeType,
    string,
    string,
  ];
  return { cpr, dato, ydelseskode, tillaegskoder: tillaeg === '' ? [] : tillaeg.split(' '), codeType, codeValue, hjemme: hjemme === '1' };
}

/**
 * A month's records, added in any order and read in the file's order (`ordered`, made when first read): by citizen
 * (CPR number), then date, then record id as text, compared as SQLite's ORDER BY compares (every field is ASCII, so
 * UTF-16 units order as bytes).
 */
export class RecordTable {
  private readonly cprs: string[] = [];
  private readonly days: IsoDate[] = [];
  /** By day and action (day * 3 + action): from the id's closing quote to the date. */
  private readonly actionDayXml: Uint8Array[] = [];
  /** By day: "|date|", between the CPR number and the tail's content. */
  private readonly dayPipes: Uint8Array[] = [];
  private readonly tails: Tail[] = [];
  private readonly tailByContent = new Map<string, number>();
  // one entry per record, by the order they were added (typed arrays: no object per record, and none for the
  // collector to look over)
  private size = 0;
  private ids = new Float64Array(1 << 16);
  private citizenOf = new Int32Array(1 << 16);
  private dayOf = new Int32Array(1 << 16);
  private tailOf = new Int32Array(1 << 16);
  private actionOf = new Uint8Array(1 << 16);
  private next = new Int32Array(1 << 16);
  /** The ids of records from another system's file, by record (most records are this installation's own). */
  private readonly foreign = new Map<number, string>();
  // each citizen's records as a chain, in the order they were added
  private readonly head: number[] = [];
  private readonly tailRecord: number[] = [];
  private order: Int32Array | null = null;
  /** What an own record's id follows: in the file, and in the sent state. */
  private readonly ownXml: Uint8Array;
  private readonly ownSent: Uint8Array;
  readonly counts = { ny: 0, rettelse: 0, annullering: 0 };

  /** `prefix`: this installation's id, which its own records' ids begin with ("<prefix>-<ydelse id>"). */
  constructor(private readonly prefix: string) {
    this.ownXml = ascii(`${ACTIVITY_TEXT}${escapeXml(prefix)}-`);
    this.ownSent = ascii(`\t${prefix}-`);
  }

  /** A citizen's number in the table (each CPR number added once). */
  citizen(cpr: string): number {
    this.cprs.push(cpr);
    this.head.push(-1);
    this.tailRecord.push(-1);
    return this.cprs.length - 1;
  }

  /** A day's number in the table (each date added once). */
  day(dato: IsoDate): number {
    this.days.push(dato);
    for (const a of ACTIONS) this.actionDayXml.push(ascii(`" handling="${a}">\n        <Dato>${dato}`));
    this.dayPipes.push(ascii(SEP + dato + SEP));
    return this.days.length - 1;
  }

  /** A tail's number in the table: the same fields give the same number. */
  tail(t: TailFields): number {
    const content = tailContent(t);
    let n = this.tailByContent.get(content);
    if (n === undefined) {
      n = this.tails.length;
      this.tails.push({ ...t, xml: ascii(tailXml(t)), content, contentBytes: ascii(content) });
      this.tailByContent.set(content, n);
    }
    return n;
  }

  /** The content of a record made of these parts. */
  content(citizen: number, day: number, tail: number): string {
    return contentOf(this.cprs[citizen]!, this.days[day]!, this.tails[tail]!.content);
  }

  /** Adds a record; `uid` null: this installation's own ("<prefix>-<ydelse id>"). */
  add(ydelseId: number, uid: string | null, citizen: number, day: number, tail: number, action: Action): void {
    const i = this.size++;
    if (i === this.ids.length) this.grow();
    this.ids[i] = ydelseId;
    this.citizenOf[i] = citizen;
    this.dayOf[i] = day;
    this.tailOf[i] = tail;
    this.actionOf[i] = ACTIONS.indexOf(action);
    if (uid !== null) this.foreign.set(i, uid);
    this.next[i] = -1;
    if (this.head[citizen] === -1) this.head[citizen] = i;
    else this.next[this.tailRecord[citizen]!] = i;
    this.tailRecord[citizen] = i;
    this.counts[action]++;
    this.order = null;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    this.ids = grown(this.ids, n);
    this.citizenOf = grown(this.citizenOf, n);
    this.dayOf = grown(this.dayOf, n);
    this.tailOf = grown(this.tailOf, n);
    this.actionOf = grown(this.actionOf, n);
    this.next = grown(this.next, n);
  }

  get length(): number {
    return this.size;
  }

  private uidOf(i: number): string {
    return this.foreign.get(i) ?? `${this.prefix}-${this.ids[i]}`;
  }

  /** The file's order of the records. */
  private ordered(): Int32Array {
    if (this.order) return this.order;
    const order = new Int32Array(this.size);
    const citizens = [];
    for (let c = 0; c < this.cprs.length; c++) if (this.head[c] !== -1) citizens.push(c);
    const cprs = this.cprs;
    citizens.sort((a, b) => (cprs[a]! < cprs[b]! ? -1 : cprs[a]! > cprs[b]! ? 1 : 0));
    const days = this.days;
    const inOrder = (a: number, b: number): number => {
      const da = this.dayOf[a]!;
      const db = this.dayOf[b]!;
      if (da !== db) return days[da]! < days[db]! ? -1 : 1;
      const ua = this.uidOf(a);
      const ub = this.uidOf(b);
      return ua < ub ? -1 : ua > ub ? 1 : 0;
    };
    let at = 0;
    for (const c of citizens) {
      // a citizen's records mostly come in order already (by date and row id): looked over, sorted only if not
      const from = at;
      let sorted = true;
      for (let i = this.head[c]!; i !== -1; i = this.next[i]!) {
        if (at > from && sorted && inOrder(order[at - 1]!, i) > 0) sorted = false;
        order[at++] = i;
      }
      if (!sorted) order.subarray(from, at).sort(inOrder);
    }
    this.order = order;
    return order;
  }

  /** The records as objects, in the file's order (for tests and reports; the file and the sent state are written without). */
  list(): ExportRecord[] {
    const out: ExportRecord[] = [];
    for (const i of this.ordered()) {
      const t = this.tails[this.tailOf[i]!]!;
      out.push({
        ydelseId: this.ids[i]!,
        uid: this.uidOf(i),
        action: ACTIONS[this.actionOf[i]!]!,
        cpr: this.cprs[this.citizenOf[i]!]!,
        dato: this.days[this.dayOf[i]!]!,
        ydelseskode: t.ydelseskode,
        tillaegskoder: t.tillaegskoder,
        codeType: t.codeType,
        codeValue: t.codeValue,
        hjemme: t.hjemme,
      });
    }
    return out;
  }

  /** Per tail (codes, place, home), how many records of each action: what the month report counts by place. */
  perTail(): { fields: TailFields; counts: Record<Action, number> }[] {
    const out = this.tails.map((fields) => ({ fields, counts: { ny: 0, rettelse: 0, annullering: 0 } }));
    for (let i = 0; i < this.size; i++) out[this.tailOf[i]!]!.counts[ACTIONS[this.actionOf[i]!]!]++;
    return out;
  }

  /** The records' `<Person>` elements, in the file's order (without the last `</Person>`: false when there was none). */
  writeXml(out: ByteWriter): boolean {
    const { citizenOf, dayOf, tailOf, actionOf, cprs, actionDayXml, tails } = this;
    let person = -1;
    for (const i of this.ordered()) {
      const c = citizenOf[i]!;
      if (c !== person) {
        out.bytes(person === -1 ? OPEN_FIRST : OPEN_NEXT);
        out.ascii(cprs[c]!);
        out.bytes(CPR_END);
        person = c;
      }
      // only the id can come from another system's file; the other fields passed the checks (digits, ISO dates, SKS
      // codes) and hold nothing to escape
      this.writeId(out, i, this.ownXml, ACTIVITY, true);
      out.bytes(actionDayXml[dayOf[i]! * ACTIONS.length + actionOf[i]!]!);
      out.bytes(tails[tailOf[i]!]!.xml);
    }
    return person !== -1;
  }

  /** A record's id after `own` (this installation's prefix) or `other` (another system's id, escaped for XML or not). */
  private writeId(out: ByteWriter, i: number, own: Uint8Array, other: Uint8Array, xml: boolean): void {
    const uid = this.foreign.size > 0 ? this.foreign.get(i) : undefined;
    if (uid === undefined) {
      out.bytes(own);
      out.digits(this.ids[i]!);
      return;
    }
    out.bytes(other);
    if (xml) out.text(uid);
    else out.ascii(uid);
  }

  /**
   * The records' lines of the sent state (sei-sent.ts): "ydelse id TAB record id TAB action TAB content", a line break
   * before each but the first when `first`; whether it wrote none. The content is `content()`'s, written from the
   * pieces made once (CPR number, "|date|", the tail's content).
   */
  writeSent(out: ByteWriter, first: boolean): boolean {
    const { ids, citizenOf, dayOf, tailOf, actionOf, cprs, dayPipes, tails } = this;
    for (const i of this.ordered()) {
      if (!first) out.bytes(LINE);
      first = false;
      out.digits(ids[i]!);
      this.writeId(out, i, this.ownSent, TAB, false);
      out.bytes(ACTION_TABS[actionOf[i]!]!);
      out.ascii(cprs[citizenOf[i]!]!);
      out.bytes(dayPipes[dayOf[i]!]!);
      out.bytes(tails[tailOf[i]!]!.contentBytes);
    }
    return first;
  }

  /** The ydelse ids of the records. */
  ydelseIds(): Float64Array {
    return this.ids.subarray(0, this.size);
  }
}
