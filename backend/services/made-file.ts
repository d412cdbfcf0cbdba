// A file made as it is written (the SEI file's XML, a KL Gateway delivery's JSON): a megabyte at a time into one
// reused buffer (byte-writer.ts), each piece hashed, written to a temporary file beside the target and packed for the
// record. The file takes the target's place only when kept; undone, a file kept is removed again and one not kept is
// discarded (a file that stood at the target before is left as it was).

import crypto from 'node:crypto';
import fs from 'node:fs';
import { Packed } from '../../db/packed.ts';
import { AtomicFile } from './atomic-file.ts';
import { ByteWriter } from './byte-writer.ts';

export class MadeFile {
  readonly out: ByteWriter;
  /** The bytes, packed as the stores keep them. */
  readonly packed = new Packed();
  private readonly hash = crypto.createHash('sha256');
  private readonly file: AtomicFile | null;
  private kept = false;

  /** Without a target, the bytes are only hashed and packed. */
  constructor(private readonly target?: string) {
    this.file = target ? new AtomicFile(target) : null;
    this.out = new ByteWriter(1 << 20, (piece) => {
      this.hash.update(piece);
      this.file?.write(piece);
      this.packed.add(piece);
    });
  }

  /** The end of the writing; the file's SHA-256. */
  end(): string {
    this.out.end();
    return this.hash.digest('hex');
  }

  /** Flushed and renamed over the target. */
  keep(): void {
    if (!this.file) return;
    this.file.keep();
    this.kept = true;
  }

  undo(): void {
    if (this.kept && this.target) fs.rmSync(this.target, { force: true });
    else this.file?.discard();
  }
}
