// Files and states the stores keep gzip-compressed (SEI files, what was sent, KL Gateway deliveries).

import zlib from 'node:zlib';

/**
 * Bytes as the stores keep them, gzip-compressed (level 1: quick), packed a piece at a time as they are made: each
 * piece is a gzip member of its own, and gunzip reads the members one after another as one stream.
 */
export class Packed {
  /** `parts`: gzip members made elsewhere (the file thread: backend/services/file-thread.ts), in order. */
  constructor(private readonly parts: Buffer[] = []) {}

  add(piece: Uint8Array): void {
    if (piece.length > 0) this.parts.push(zlib.gzipSync(piece, { level: 1 }));
  }

  bytes(): Buffer {
    return this.parts.length === 0 ? zlib.gzipSync(Buffer.alloc(0)) : this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
  }

  /** What was packed. */
  unpacked(): Buffer {
    return zlib.gunzipSync(this.bytes());
  }
}
