// The good rows of a CSV analysis (ydelse-csv-import.ts), kept until the user says to import them.

import type { InstitutionCodeType } from '../../schemas/codes.ts';
import type { GopType } from '../../schemas/forloeb-ydelser.ts';
import type { EncounterClass } from '../../schemas/kl-gateway.ts';
import type { NewYdelse } from '../../db/ydelser.ts';

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
 * The good rows of an analysis, kept column by column until they are written: a million rows as objects (with their
 * arrays of tillægskoder) held some 300 MB between the analysis and the write. Values that repeat (dates, codes,
 * places) are one string each; the rest is a CPR number and an ekstern_id per row.
 */
export class ImportRows {
  length = 0;
  // made to a size and doubled when full (pushing a million rows onto nine growing arrays took a second; filling
  // arrays of a size, a fifth of that); numbers in typed arrays
  private capacity: number;
  private place: Uint32Array;
  private hjemme: Uint8Array;
  private cpr: string[];
  private dato: string[];
  private kode: string[];
  private tillaeg: string[];
  private ekstern: (string | null)[];
  private readonly extra = new Map<number, RowExtra>();
  /** Each distinct place (code type and value) once; a row keeps its number. */
  readonly places: { codeType: InstitutionCodeType; codeValue: string; used: boolean }[] = [];
  private readonly placeNumbers = new Map<InstitutionCodeType, Map<string, number>>();

  constructor(expected = 1024) {
    this.capacity = Math.max(16, Math.ceil(expected));
    this.place = new Uint32Array(this.capacity);
    this.hjemme = new Uint8Array(this.capacity);
    this.cpr = new Array(this.capacity);
    this.dato = new Array(this.capacity);
    this.kode = new Array(this.capacity);
    this.tillaeg = new Array(this.capacity);
    this.ekstern = new Array(this.capacity);
  }

  private grow(): void {
    const n = this.capacity * 2;
    const typed = <T extends Uint32Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(n);
      b.set(a);
      return b;
    };
    const plain = <T>(a: T[]): T[] => {
      const b = new Array<T>(n);
      for (let i = 0; i < this.length; i++) b[i] = a[i]!;
      return b;
    };
    this.place = typed(this.place, Uint32Array);
    this.hjemme = typed(this.hjemme, Uint8Array);
    this.cpr = plain(this.cpr);
    this.dato = plain(this.dato);
    this.kode = plain(this.kode);
    this.tillaeg = plain(this.tillaeg);
    this.ekstern = plain(this.ekstern);
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
   * A good row. The caller gives values that repeat as one string each (its checks remember them): dates, codes,
   * tillægskoder space-separated, the place by its number.
   */
  add(cpr: string, dato: string, kode: string, tillaeg: string, place: number, hjemme: boolean, ekstern: string | null, extra: RowExtra | null): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.cpr[i] = cpr;
    this.dato[i] = dato;
    this.kode[i] = kode;
    this.tillaeg[i] = tillaeg;
    this.place[i] = place;
    this.places[place]!.used = true;
    this.hjemme[i] = hjemme ? 1 : 0;
    this.ekstern[i] = ekstern;
    if (extra) this.extra.set(i, extra);
  }

  cprOf(i: number): string {
    return this.cpr[i]!;
  }

  datoOf(i: number): string {
    return this.dato[i]!;
  }

  /** Row i's KL Gateway fields, when it has any. */
  extraOf(i: number): RowExtra | undefined {
    return this.extra.get(i);
  }

  /** Row i as the table takes it (no object per row made on the way): `placeIds` by place number. */
  newYdelse(i: number, forloebId: number | null, placeIds: readonly number[]): NewYdelse {
    const x = this.extra.get(i);
    return [
      forloebId,
      this.cpr[i]!,
      this.dato[i]!,
      this.kode[i]!,
      this.tillaeg[i]!,
      placeIds[this.place[i]!]!,
      this.hjemme[i]!,
      null,
      this.ekstern[i]!,
      x?.starttid ?? null,
      x?.sluttid ?? null,
      x?.kontaktklasse ?? null,
    ];
  }
}
