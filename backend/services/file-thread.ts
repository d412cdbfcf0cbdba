// A thread that takes a large file's bytes off the thread that makes them: while the SEI file's XML (or a KL Gateway
// delivery's JSON) is being made, each megabyte made is hashed, written and packed there (file-thread-worker.ts), and
// the file is flushed to disk there while the export is recorded. The making thread copies each piece into one of a
// few buffers that travel to the thread and back (moved, not copied), so no fresh memory is touched per piece.
//
// The data layer is synchronous, and so is this: where an answer is needed (a file's end, its flush), the making
// thread waits for it (Atomics.wait), as the PostgreSQL connection's thread is waited for (db/pg/sync-database.ts).
// One thread per process, started when a file first needs it and never keeping the process alive.

import { SignalledThread } from '../../db/signalled-port.ts';
import { UserError } from '../../schemas/errors.ts';
import { workerUrl } from '../../db/worker-url.ts';
import type { FileFailure, FileReply, FileRequest } from './file-thread-worker.ts';

/** The size of a piece's buffer (the making ByteWriter's), and how many may be on their way at once. */
export const PIECE = 1 << 20;
const BUFFERS = 8;
const TIMEOUT_MS = 120_000;

class FileThread extends SignalledThread {
  private readonly free: ArrayBuffer[] = [];
  private made = 0;
  private ids = 0;
  private readonly answers: FileReply[] = [];

  constructor() {
    // the thread's code: file-thread-worker.ts, or file-thread-worker.mjs beside a bundle
    super(workerUrl(import.meta.url, './file-thread-worker.ts', 'file-thread-worker.mjs'), TIMEOUT_MS);
  }

  open(fd: number | null): number {
    const id = ++this.ids;
    this.post({ op: 'open', id, fd });
    return id;
  }

  /** Copies `piece` into a free buffer and hands it to the thread. */
  piece(id: number, piece: Uint8Array): void {
    const buf = piece.length <= PIECE ? this.buffer() : new ArrayBuffer(piece.length);
    new Uint8Array(buf).set(piece);
    this.port.postMessage({ op: 'piece', id, buf, length: piece.length } satisfies FileRequest, [buf]);
  }

  end(id: number): Extract<FileReply, { op: 'ended' }> {
    this.post({ op: 'end', id });
    return this.answer((r) => r.op === 'ended' && r.id === id) as Extract<FileReply, { op: 'ended' }>;
  }

  /** Begins flushing `fd` to disk; `flushed(id)` waits for it. */
  flush(id: number, fd: number): void {
    this.post({ op: 'flush', id, fd });
  }

  flushed(id: number): FileFailure | undefined {
    return (this.answer((r) => r.op === 'flushed' && r.id === id) as Extract<FileReply, { op: 'flushed' }>).failed;
  }

  private post(req: FileRequest): void {
    this.port.postMessage(req);
  }

  /** A buffer back from the thread, a new one while fewer than BUFFERS exist, else the next to come back. */
  private buffer(): ArrayBuffer {
    this.take(false);
    if (this.free.length === 0 && this.made < BUFFERS) {
      this.made++;
      return new ArrayBuffer(PIECE);
    }
    while (this.free.length === 0) this.take(true);
    return this.free.pop()!;
  }

  private answer(wanted: (r: FileReply) => boolean): FileReply {
    for (;;) {
      const at = this.answers.findIndex(wanted);
      if (at >= 0) return this.answers.splice(at, 1)[0]!;
      this.take(true);
    }
  }

  /** A buffer back to the free list, or an answer kept. */
  protected receive(message: unknown): void {
    const r = message as Exclude<FileReply, { op: 'ready' }>;
    if (r.op === 'free') {
      if (r.buf.byteLength === PIECE) this.free.push(r.buf);
    } else this.answers.push(r);
  }

  protected timedOut(seconds: number): Error {
    return new UserError(`Filen blev ikke skrevet færdig inden for ${seconds} sekunder.`);
  }
}

let thread: FileThread | null = null;

/** The process's file thread, started when first asked for (an export asks as it begins: the thread starts meanwhile). */
export function fileThread(): FileThread {
  thread ??= new FileThread();
  return thread;
}

/** The file thread when something has started it, else null (a file made without asking for it does not start it). */
export function startedFileThread(): FileThread | null {
  return thread;
}
