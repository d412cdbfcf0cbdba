// Where each of up to a few million strings was first seen (the CSV import's ekstern_id: "also in line N"): an
// open-addressing table of entry numbers over the strings, kept as bytes (StringStore). A Map of a million fresh
// strings took ~0.7 s to fill (growing and rehashing its entries); this ~0.4 s.

import { StringStore } from './string-store.ts';

/** FNV-1a over the UTF-16 code units. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class FirstSeen {
  /** 0: empty; else 1 + the entry's number. */
  private slots: Int32Array;
  private mask: number;
  /** The strings, by entry number (the first string seen is 0). */
  readonly keys: StringStore;
  /** The value of entry n; hashes[n] its key's hash (the table grows without reading the keys again). */
  private values: Int32Array;
  private hashes: Uint32Array;

  constructor(expected = 1024) {
    let size = 1024;
    while (size * 3 < expected * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    const entries = Math.max(16, Math.ceil(expected));
    this.keys = new StringStore(entries, 8);
    this.values = new Int32Array(entries);
    this.hashes = new Uint32Array(entries);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The value recorded when `key` was first seen; or, the first time, records `value` and answers undefined. */
  firstOrAdd(key: string, value: number): number | undefined {
    const h = hash(key);
    let at = h & this.mask;
    for (;;) {
      const slot = this.slots[at]!;
      if (slot === 0) break;
      if (this.hashes[slot - 1] === h && this.keys.is(slot - 1, key)) return this.values[slot - 1];
      at = (at + 1) & this.mask;
    }
    const n = this.keys.add(key);
    if (n === this.values.length) {
      const values = new Int32Array(n * 2);
      values.set(this.values);
      this.values = values;
      const hashes = new Uint32Array(n * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.values[n] = value;
    this.hashes[n] = h;
    this.slots[at] = n + 1;
    // at most three slots in four taken (linear probing stays short; twice the slots cost 8 MB at a million)
    if ((n + 1) * 4 > this.slots.length * 3) this.grow();
    return undefined;
  }

  /** Twice the slots, the entries placed again by their kept hashes (no key is read). */
  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let n = 0; n < this.keys.length; n++) {
      let at = this.hashes[n]! & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = n + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
