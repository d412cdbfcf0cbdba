// Columns of numbers kept in typed arrays (a row's values without an object per row): grown by doubling; values that
// repeat from row to row kept once, a row keeping their number (Repeated).

type Column = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** `a` copied into a column of the same kind, `n` long. */
export function grown<T extends Column>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Values that repeat from row to row (dates, codes, places), each kept once under its key; a row keeps its number. */
export class Repeated<T = string> {
  readonly values: T[] = [];
  private readonly numbers = new Map<string, number>();

  /** The number of a string kept as its own key. */
  numberOf(this: Repeated<string>, s: string): number {
    return this.find(s) ?? this.add(s, s);
  }
  /** The number of the value kept under `key`, if there is one. */
  find(key: string): number | undefined {
    return this.numbers.get(key);
  }
  /** Keeps `value` under `key` (not kept before); answers its number. */
  add(key: string, value: T): number {
    const n = this.values.length;
    this.values.push(value);
    this.numbers.set(key, n);
    return n;
  }
}
