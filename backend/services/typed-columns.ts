// Columns of numbers kept in typed arrays (a row's values without an object per row): grown by doubling.

type Column = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** `a` copied into a column of the same kind, `n` long. */
export function grown<T extends Column>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
