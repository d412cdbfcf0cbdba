// A file made as it is written (the SEI file's XML, a KL Gateway delivery's JSON, what an export sent): a megabyte at
// a time into one reused buffer (byte-writer.ts), each piece hashed, written to a temporary file beside the target and
// packed for the record. A file of more than one piece has that done by the file thread (file-thread.ts) while the
// next piece is made, when something has started the thread and it is up by then (`MadeFile.warm()` as an export
// begins that waits on something else meanwhile: PostgreSQL's server, the KL Gateway checks); a file of one piece, or
// one begun before the thread is up, is done here (a fresh process's thread takes ~0.1–0.2 s to start).
// The file takes the target's place only when kept; undone, a file kept is removed again and one not kept is
// discarded (a file that stood at the target before is left as it was).

import crypto from 'node:crypto';
import fs from 'node:fs';
import { Packed } from '../../db/packed.ts';
import { AtomicFile } from './atomic-file.ts';
import { ByteWriter } from './byte-writer.ts';
import { fileThread, PIECE, startedFileThread } from './file-thread.ts';

export class MadeFile {
  readonly out: ByteWriter;
  private readonly file: AtomicFile | null;
  /** The file thread's number for this file, once a piece has gone there. */
  private threaded: number | null = null;
  private ending = false;
  /** Done here: each piece hashed, written and packed as it comes. */
  private here: { hash: crypto.Hash; packed: Packed } | null = null;
  private ended: { sha256: string; packed: Packed } | null = null;
  private state: 'writing' | 'flushing' | 'kept' | 'undone' = 'writing';

  /** Without a target, the bytes are only hashed and packed. */
  constructor(private readonly target?: string) {
    this.file = target ? new AtomicFile(target) : null;
    this.out = new ByteWriter(PIECE, (piece) => {
      if (this.threaded === null && (this.here || this.ending || !startedFileThread()?.ready())) {
        this.here ??= { hash: crypto.createHash('sha256'), packed: new Packed() };
        this.here.hash.update(piece);
        this.file?.write(piece);
        this.here.packed.add(piece);
        return;
      }
      const thread = fileThread();
      this.threaded ??= thread.open(this.file?.fd ?? null);
      thread.piece(this.threaded, piece);
    });
  }

  /** Starts the file thread, if it has not started, so that it is up when a large file is written. */
  static warm(): void {
    fileThread();
  }

  /** The end of the writing; the file's SHA-256. */
  end(): string {
    this.ending = true;
    this.out.end();
    if (this.threaded === null) {
      const here = this.here ?? { hash: crypto.createHash('sha256'), packed: new Packed() };
      this.ended = { sha256: here.hash.digest('hex'), packed: here.packed };
    } else {
      const r = fileThread().end(this.threaded);
      if (r.failed) {
        this.state = 'undone';
        throw this.file!.fail(r.failed);
      }
      this.ended = { sha256: r.sha256, packed: new Packed(r.members.map((m) => Buffer.from(m.buffer, m.byteOffset, m.byteLength))) };
    }
    return this.ended.sha256;
  }

  /** The bytes, packed as the stores keep them (after `end`). */
  get packed(): Packed {
    if (!this.ended) throw new Error('the file is not ended');
    return this.ended.packed;
  }

  /**
   * Begins flushing the file to disk, on the file thread while the caller goes on (recording the export); `keep`
   * waits for it. A file made here is flushed by `keep`.
   */
  flush(): void {
    if (this.state !== 'writing') return;
    this.state = 'flushing';
    if (this.file && this.threaded !== null) fileThread().flush(this.threaded, this.file.fd);
  }

  /** Flushed and renamed over the target. */
  keep(): void {
    const flushing = this.state === 'flushing' && this.threaded !== null;
    if (this.state !== 'writing' && this.state !== 'flushing') throw new Error(`the file cannot be kept: ${this.state}`);
    if (!this.file) {
      this.state = 'kept';
      return;
    }
    if (flushing) {
      const failed = fileThread().flushed(this.threaded!);
      if (failed) {
        this.state = 'undone';
        throw this.file.fail(failed);
      }
    }
    this.file.keep(flushing);
    this.state = 'kept';
  }

  undo(): void {
    if (this.state === 'undone') return;
    // pieces still on their way are waited for: the thread must be done with the descriptor before it is closed (its
    // number could be another file's next)
    if (this.threaded !== null && !this.ended) {
      this.ended = { sha256: '', packed: new Packed() };
      fileThread().end(this.threaded);
    }
    // a flush under way is waited for: the thread must be done with the descriptor before it is closed
    if (this.state === 'flushing' && this.file && this.threaded !== null) fileThread().flushed(this.threaded);
    if (this.state === 'kept' && this.target) fs.rmSync(this.target, { force: true });
    else this.file?.discard();
    this.state = 'undone';
  }
}
