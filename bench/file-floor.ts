// The part of a floor that every file the app makes shares: its bytes packed as the stores keep them (db/packed.ts, a
// piece at a time), hashed (SHA-256), written and flushed to disk, as backend/services/made-file.ts does, on one
// thread, each part timed. Nothing is made or checked here: a job that must write such a file is never quicker.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { PIECE } from '../backend/services/file-thread.ts';
import { Packed } from '../db/packed.ts';

export interface FileFloorTimes {
  /** Milliseconds packing and hashing. */
  pack: number;
  /** Milliseconds writing and flushing. */
  write: number;
  /** The bytes that went through. */
  bytes: number;
}

export class FileFloor {
  private readonly fd: number;
  private readonly hash = crypto.createHash('sha256');
  private readonly packed = new Packed();
  readonly took: FileFloorTimes = { pack: 0, write: 0, bytes: 0 };

  constructor(private readonly scratch: string) {
    this.fd = fs.openSync(scratch, 'w', 0o600);
  }

  piece(piece: Uint8Array): void {
    let t = performance.now();
    this.hash.update(piece);
    this.packed.add(piece);
    this.took.pack += performance.now() - t;
    t = performance.now();
    fs.writeSync(this.fd, piece);
    this.took.write += performance.now() - t;
    this.took.bytes += piece.length;
  }

  /** Hashed to the end, flushed, and the scratch file removed. */
  end(): FileFloorTimes {
    let t = performance.now();
    this.hash.digest('hex');
    this.took.pack += performance.now() - t;
    t = performance.now();
    fs.fsyncSync(this.fd);
    this.took.write += performance.now() - t;
    fs.closeSync(this.fd);
    fs.rmSync(this.scratch);
    return this.took;
  }
}

/** The floor of a file already made: its bytes read (untimed), then packed, hashed, written and flushed. */
export function fileBytesFloor(file: string, scratch: string): FileFloorTimes {
  const bytes = fs.readFileSync(file);
  const floor = new FileFloor(scratch);
  for (let at = 0; at < bytes.length; at += PIECE) floor.piece(bytes.subarray(at, at + PIECE));
  return floor.end();
}
