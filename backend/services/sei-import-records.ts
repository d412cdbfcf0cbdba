// A SEI file's records as columns of numbers (typed arrays) naming their citizen, date, codes and place in tables of
// the distinct ones, and their ids kept as UTF-8 in one buffer (FirstSeen, which also finds an id written twice). A
// month of 100,000 records was 100,000 objects and as many id strings, which outlived V8's young generation and were
// copied on into the old one: as columns they take ~6 MB outside the collected heap and none of the collector's time.

import type { YdelseFields } from '../../schemas/forloeb-ydelser.ts';
import type { InstitutionCodeType } from '../../schemas/codes.ts';
import { FirstSeen } from './first-seen.ts';
import type { Action } from './sei-records.ts';
import { grown, Repeated } from './typed-columns.ts';

/** One record of the file, as an object (SeiRecords.get). */
export interface SeiRecord extends YdelseFields {
  /** The record's line in the file (0 when read by a reader that does not count lines). */
  line: number;
  uid: string;
  action: Action;
}

export interface SeiPlace {
  codeType: InstitutionCodeType;
  codeValue: string;
}

const ACTIONS: readonly Action[] = ['ny', 'rettelse', 'annullering'];
const ACTION_NUMBER = new Map(ACTIONS.map((a, i) => [a, i]));
/** The run of no tillægskoder (frozen, as every run's list is: the records with a run share it). */
const NO_CODES = Object.freeze([]) as unknown as string[];

/** The first id the file repeats: where, and where it stood first. */
export interface RepeatedId {
  /** The records kept before it (its place in the file). */
  index: number;
  /** Its date's number. */
  day: number;
  uid: string;
  line: number;
  firstLine: number;
}

export class SeiRecords {
  /** The records kept. */
  length = 0;
  /** The records read, a repeated id's included. */
  read = 0;
  private readonly citizens = new Repeated<string>();
  private readonly days = new Repeated<string>();
  private readonly codes = new Repeated<string>();
  private readonly runs = new Repeated<readonly string[]>();
  /** Each run's codes as the database keeps them (joined by a space). */
  private readonly runTexts: string[] = [];
  private readonly places = new Repeated<SeiPlace>();
  private citizen = new Int32Array(1024);
  private day = new Int32Array(1024);
  private code = new Int32Array(1024);
  private run = new Int32Array(1024);
  private place = new Int32Array(1024);
  /** bit 0: in the home; bits 1-2: the action (ACTIONS). */
  private flags = new Uint8Array(1024);
  private lines = new Uint32Array(1024);
  /** The ids, record by record (entry n is record n while no id repeats). */
  private readonly uids = new FirstSeen(1024);
  /** The first id written twice (the file is refused; the records after it are not all kept). */
  repeated: RepeatedId | null = null;

  /** The number of a citizen's checked CPR number. */
  citizenNumber(cpr: string): number {
    return this.citizens.numberOf(cpr);
  }
  /** The number of a checked date (ÅÅÅÅ-MM-DD). */
  dayNumber(dato: string): number {
    return this.days.numberOf(dato);
  }
  /** The number of a checked ydelseskode. */
  codeNumber(code: string): number {
    return this.codes.numberOf(code);
  }
  /** The number of a run of checked tillægskoder. */
  runNumber(codes: readonly string[]): number {
    const text = codes.join(' ');
    const n = this.runs.find(text);
    if (n !== undefined) return n;
    this.runTexts.push(text);
    return this.runs.add(text, codes.length === 0 ? NO_CODES : (Object.freeze([...codes]) as string[]));
  }
  /** The number of a checked place code. */
  placeNumber(codeType: InstitutionCodeType, codeValue: string): number {
    const key = `${codeType}:${codeValue}`;
    return this.places.find(key) ?? this.places.add(key, { codeType, codeValue });
  }

  /** Adds a record of checked values (by their numbers); an id seen before is kept as `repeated` (the first such). */
  add(citizen: number, day: number, code: number, run: number, place: number, hjemme: boolean, action: Action, line: number, uid: string): void {
    const i = this.length;
    this.read++;
    const firstLine = this.uids.firstOrAdd(uid, line);
    if (firstLine !== undefined) {
      this.repeated ??= { index: i, day, uid, line, firstLine };
      return;
    }
    if (i === this.citizen.length) {
      const n = i * 2;
      this.citizen = grown(this.citizen, n);
      this.day = grown(this.day, n);
      this.code = grown(this.code, n);
      this.run = grown(this.run, n);
      this.place = grown(this.place, n);
      this.flags = grown(this.flags, n);
      this.lines = grown(this.lines, n);
    }
    this.citizen[i] = citizen;
    this.day[i] = day;
    this.code[i] = code;
    this.run[i] = run;
    this.place[i] = place;
    this.flags[i] = (hjemme ? 1 : 0) | (ACTION_NUMBER.get(action)! << 1);
    this.lines[i] = line;
    this.length = i + 1;
  }

  uid(i: number): string {
    return this.uids.keys.get(i);
  }
  cpr(i: number): string {
    return this.citizens.values[this.citizen[i]!]!;
  }
  dato(i: number): string {
    return this.days.values[this.day[i]!]!;
  }
  ydelseskode(i: number): string {
    return this.codes.values[this.code[i]!]!;
  }
  /** The record's tillægskoder as the database keeps them (joined by a space; '' for none). */
  tillaegText(i: number): string {
    return this.runTexts[this.run[i]!]!;
  }
  hjemme(i: number): boolean {
    return (this.flags[i]! & 1) === 1;
  }
  action(i: number): Action {
    return ACTIONS[this.flags[i]! >> 1]!;
  }
  line(i: number): number {
    return this.lines[i]!;
  }
  /** The number of the record's place in `distinctPlaces()`. */
  placeOf(i: number): number {
    return this.place[i]!;
  }
  /** The number of the record's citizen in `distinctCprs()`. */
  citizenOf(i: number): number {
    return this.citizen[i]!;
  }
  /** The number of the record's date in `distinctDates()`. */
  dayOf(i: number): number {
    return this.day[i]!;
  }
  distinctCprs(): readonly string[] {
    return this.citizens.values;
  }
  distinctDates(): readonly string[] {
    return this.days.values;
  }
  distinctPlaces(): readonly SeiPlace[] {
    return this.places.values;
  }

  /** Record i as an object (its tillægskoder the frozen list its run shares). */
  get(i: number): SeiRecord {
    const place = this.places.values[this.place[i]!]!;
    return {
      cpr: this.cpr(i),
      dato: this.dato(i),
      ydelseskode: this.ydelseskode(i),
      tillaegskoder: this.runs.values[this.run[i]!] as string[],
      codeType: place.codeType,
      codeValue: place.codeValue,
      hjemme: this.hjemme(i),
      line: this.line(i),
      uid: this.uid(i),
      action: this.action(i),
    };
  }

  /** Every record as an object, in the file's order. */
  list(): SeiRecord[] {
    return Array.from({ length: this.length }, (_, i) => this.get(i));
  }
}
