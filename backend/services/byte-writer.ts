// Bytes written one string at a time into a buffer that grows: a file of tens of MB is made without holding its
// text as one string (no rope to flatten, and each piece dies young).

export class ByteWriter {
  private buf: Buffer;
  private length = 0;

  constructor(expected = 1 << 16) {
    this.buf = Buffer.allocUnsafe(Math.max(1 << 12, expected));
  }

  write(s: string): void {
    const most = s.length * 3; // UTF-8 bytes of a UTF-16 string, at most
    if (this.length + most > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + most));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(s, this.length, 'utf8');
  }

  /** What was written (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
