// The file thread's code (file-thread.ts starts it): for each file being made, every piece the making thread hands
// over is hashed (SHA-256), written to the file's descriptor and packed (a gzip member of its own, as db/packed.ts
// keeps files); on request the file is flushed to disk. Each piece's buffer goes back to be filled again. Plain Node.

import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { type MessagePort, workerData } from 'node:worker_threads';
import { postSignalled } from '../../db/signalled-port.ts';

/** What the making thread asks; `id` names the file. */
export type FileRequest =
  | { op: 'open'; id: number; fd: number | null }
  | { op: 'piece'; id: number; buf: ArrayBuffer; length: number }
  | { op: 'end'; id: number }
  | { op: 'flush'; id: number; fd: number };

/** A failure of the file system, for the making thread to word (atomic-file.ts). */
export interface FileFailure {
  code?: string;
  message: string;
}

/** What the thread answers: that it has started, a buffer to fill again, a file's end (hash and packed members), a flush done. */
export type FileReply =
  | { op: 'ready' }
  | { op: 'free'; buf: ArrayBuffer }
  | { op: 'ended'; id: number; sha256: string; members: Uint8Array[]; failed?: FileFailure }
  | { op: 'flushed'; id: number; failed?: FileFailure };

interface Making {
  fd: number | null;
  hash: crypto.Hash;
  members: Uint8Array[];
  failed?: FileFailure;
}

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
const files = new Map<number, Making>();

/** Posts, and wakes the making thread (it may be waiting). */
const reply = (message: FileReply, transfer: ArrayBuffer[] = []) => postSignalled(port, signal, message, transfer);

function failure(e: unknown): FileFailure {
  return { code: (e as NodeJS.ErrnoException).code, message: (e as Error).message ?? String(e) };
}

reply({ op: 'ready' });

port.on('message', (req: FileRequest) => {
  if (req.op === 'open') {
    files.set(req.id, { fd: req.fd, hash: crypto.createHash('sha256'), members: [] });
    return;
  }
  if (req.op === 'flush') {
    let failed: FileFailure | undefined;
    try {
      fs.fsyncSync(req.fd);
    } catch (e) {
      failed = failure(e);
    }
    reply({ op: 'flushed', id: req.id, ...(failed ? { failed } : {}) });
    return;
  }
  const f = files.get(req.id)!;
  if (req.op === 'piece') {
    const piece = new Uint8Array(req.buf, 0, req.length);
    f.hash.update(piece);
    f.members.push(zlib.gzipSync(piece, { level: 1 }));
    // after a failed write the rest is not written (the file is discarded), but still hashed and packed
    if (f.fd !== null && !f.failed) {
      try {
        for (let at = 0; at < piece.length; ) at += fs.writeSync(f.fd, piece, at);
      } catch (e) {
        f.failed = failure(e);
      }
    }
    reply({ op: 'free', buf: req.buf }, [req.buf]);
  } else {
    files.delete(req.id);
    reply({ op: 'ended', id: req.id, sha256: f.hash.digest('hex'), members: f.members, ...(f.failed ? { failed: f.failed } : {}) });
  }
});
