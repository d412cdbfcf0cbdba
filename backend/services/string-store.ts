// Many short strings (a CSV file's ekstern_id, a million of them) kept as UTF-8 bytes in one buffer instead of a
// string object each: a million ids took ~34 MB as strings, and an id of 13 characters or more, cut from the file's
// text, kept the text itself alive (V8 makes such a cut a view into its parent).

export class StringStore {
  private bytes: Buffer;
  private used = 0;
  /** Where string i starts; it ends where i + 1 starts. */
  private starts: Uint32Array;
  length = 0;

  constructor(expected = 1024, averageBytes = 16) {
    this.starts = new Uint32Array(Math.max(16, Math.ceil(expected)) + 1);
    this.bytes = Buffer.allocUnsafe(Math.max(1024, Math.ceil(expected * averageBytes)));
  }

  /** Keeps `s`; answers its number. */
  add(s: string): number {
    const most = s.length * 3;
    if (this.used + most > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + most));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    if (this.length + 1 >= this.starts.length) {
      const bigger = new Uint32Array(this.starts.length * 2);
      bigger.set(this.starts);
      this.starts = bigger;
    }
    this.used += this.bytes.write(s, this.used, 'utf8');
    this.starts[++this.length] = this.used;
    return this.length - 1;
  }

  get(i: number): string {
    return this.bytes.toString('utf8', this.starts[i]!, this.starts[i + 1]!);
  }

  /** Whether string i is `s`: a string is made only when the lengths allow it. */
  is(i: number, s: string): boolean {
    const size = this.starts[i + 1]! - this.starts[i]!;
    // a string of n UTF-16 units is n to 3n bytes of UTF-8
    if (size < s.length || size > s.length * 3) return false;
    return this.get(i) === s;
  }
}
