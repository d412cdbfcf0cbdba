// The good rows of a CSV analysis (ydelse-csv-import.ts), kept until the user says to import them.

import type { InstitutionCodeType } from '../../schemas/codes.ts';
import type { GopType } from '../../schemas/forloeb-ydelser.ts';
import type { EncounterClass } from '../../schemas/kl-gateway.ts';
import type { NewYdelse } from '../../db/ydelser.ts';
import type { StringStore } from './string-store.ts';
import { grown, Repeated } from './typed-columns.ts';

/** The KL Gateway fields of a row: most files have none, so they are kept only for the rows that have one. */
export interface RowExtra {
  gopType: GopType | null;
  udskrivningsdato: string | null;
  /** For a forløb the import makes: the GGOP's sender and the day it was received. */
  ggopAfsenderSor: string | null;
  gopModtaget: string | null;
  /** The contact's start and end (HH:MM) and class. */
  starttid: string | null;
  sluttid: string | null;
  kontaktklasse: EncounterClass | null;
}

/**
 * The good rows of an analysis, kept column by column until they are written, in typed arrays: a million rows as
 * objects (with their arrays of tillægskoder) held some 300 MB between the analysis and the write, as a string per
 * row and column ~110 MB, now ~40 MB. A CPR number is kept as its number (ten digits, the leading zero restored when
 * it is read), an ekstern_id by its number in the analysis's FirstSeen (its ids as UTF-8 in one buffer), values that
 * repeat (dates, codes, places) by their number.
 */
export class ImportRows {
  length = 0;
  // made to a size and doubled when full
  private capacity: number;
  private place: Uint32Array;
  private hjemme: Uint8Array;
  private cpr: Float64Array;
  private dato: Uint32Array;
  private kode: Uint32Array;
  private tillaeg: Uint32Array;
  /** -1: none; else its number in eksternIds. */
  private ekstern: Int32Array;
  /** The analysis's ekstern_ids (FirstSeen's), each once: a row keeps its number. */
  private readonly eksternIds: StringStore | null;
  private readonly dates = new Repeated();
  private readonly codes = new Repeated();
  private readonly extra = new Map<number, RowExtra>();
  /** Each distinct place (code type and value) once; a row keeps its number. */
  readonly places: { codeType: InstitutionCodeType; codeValue: string; used: boolean }[] = [];
  private readonly placeNumbers = new Map<InstitutionCodeType, Map<string, number>>();

  constructor(expected = 1024, eksternIds: StringStore | null = null) {
    this.capacity = Math.max(16, Math.ceil(expected));
    this.place = new Uint32Array(this.capacity);
    this.hjemme = new Uint8Array(this.capacity);
    this.cpr = new Float64Array(this.capacity);
    this.dato = new Uint32Array(this.capacity);
    this.kode = new Uint32Array(this.capacity);
    this.tillaeg = new Uint32Array(this.capacity);
    this.ekstern = new Int32Array(this.capacity);
    this.eksternIds = eksternIds;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.place = grown(this.place, n);
    this.hjemme = grown(this.hjemme, n);
    this.cpr = grown(this.cpr, n);
    this.dato = grown(this.dato, n);
    this.kode = grown(this.kode, n);
    this.tillaeg = grown(this.tillaeg, n);
    this.ekstern = grown(this.ekstern, n);
    this.capacity = n;
  }

  /** The number of a place, made the first time it is asked for. */
  placeOf(codeType: InstitutionCodeType, codeValue: string): number {
    let byValue = this.placeNumbers.get(codeType);
    if (!byValue) this.placeNumbers.set(codeType, (byValue = new Map()));
    let n = byValue.get(codeValue);
    if (n === undefined) {
      n = this.places.length;
      this.places.push({ codeType, codeValue, used: false });
      byValue.set(codeValue, n);
    }
    return n;
  }

  /**
   * A good row: its CPR number as ten digits, tillægskoder space-separated, the place by its number (placeOf), its
   * ekstern_id by its number in eksternIds (-1: none).
   */
  add(cpr: string, dato: string, kode: string, tillaeg: string, place: number, hjemme: boolean, ekstern: number, extra: RowExtra | null): void {
    if (!TEN_DIGITS.test(cpr)) throw new Error('ImportRows: a CPR number is ten digits');
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.cpr[i] = Number(cpr);
    this.dato[i] = this.dates.numberOf(dato);
    this.kode[i] = this.codes.numberOf(kode);
    this.tillaeg[i] = this.codes.numberOf(tillaeg);
    this.place[i] = place;
    this.places[place]!.used = true;
    this.hjemme[i] = hjemme ? 1 : 0;
    if (ekstern !== -1 && (!this.eksternIds || ekstern >= this.eksternIds.length)) throw new Error('ImportRows: no such ekstern_id');
    this.ekstern[i] = ekstern;
    if (extra) this.extra.set(i, extra);
  }

  cprOf(i: number): string {
    return String(this.cpr[i]!).padStart(10, '0');
  }

  datoOf(i: number): string {
    return this.dates.values[this.dato[i]!]!;
  }

  /** Row i's KL Gateway fields, when it has any. */
  extraOf(i: number): RowExtra | undefined {
    return this.extra.get(i);
  }

  /** Row i as the table takes it: `placeIds` by place number, its CPR number as cprOf gave it. */
  newYdelse(i: number, cpr: string, forloebId: number | null, placeIds: readonly number[]): NewYdelse {
    const x = this.extra.get(i);
    const e = this.ekstern[i]!;
    return [
      forloebId,
      cpr,
      this.dates.values[this.dato[i]!]!,
      this.codes.values[this.kode[i]!]!,
      this.codes.values[this.tillaeg[i]!]!,
      placeIds[this.place[i]!]!,
      this.hjemme[i]!,
      null,
      e === -1 ? null : this.eksternIds!.get(e),
      x?.starttid ?? null,
      x?.sluttid ?? null,
      x?.kontaktklasse ?? null,
    ];
  }
}

const TEN_DIGITS = /^\d{10}$/;
