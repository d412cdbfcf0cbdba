// Writing a file whole or not at all: a temporary file in the target's folder, readable by its owner only, flushed
// to disk, then renamed over the target. A failed write leaves the target as it was and no temporary file behind.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../schemas/errors.ts';

const REASONS: Record<string, string> = {
  ENOENT: 'mappen findes ikke',
  EACCES: 'du har ikke adgang til mappen',
  EPERM: 'du har ikke adgang til mappen',
  EROFS: 'mappen kan kun læses',
  ENOSPC: 'disken er fuld',
  EDQUOT: 'din diskkvote er brugt op',
  EISDIR: 'navnet er en mappe',
};

function refusal(target: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return new UserError(
    `${path.basename(target)} kunne ikke gemmes i ${path.dirname(target)}: ${REASONS[code] ?? `fejl ${code || (e as Error).message}`}. Intet er gemt.`,
  );
}

/** The temporary file beside the target, readable by its owner only: kept as the target, or discarded. */
class Temporary {
  readonly path: string;
  fd: number | null;
  constructor(target: string) {
    this.path = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    this.fd = fs.openSync(this.path, 'wx', 0o600);
  }
  /** Flushed to disk (unless it was), then renamed over the target. */
  keepAs(target: string, flushed = false): void {
    if (!flushed) fs.fsyncSync(this.fd!);
    fs.closeSync(this.fd!);
    this.fd = null;
    fs.renameSync(this.path, target);
  }
  discard(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    fs.rmSync(this.path, { force: true });
  }
}

export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  let tmp: Temporary | null = null;
  try {
    tmp = new Temporary(target);
    fs.writeFileSync(tmp.fd!, data);
    tmp.keepAs(target);
  } catch (e) {
    tmp?.discard();
    throw refusal(target, e);
  }
}

/**
 * The same promise for a file written piece by piece as it is made (an export's XML, never whole in memory), here or
 * by the file thread through `fd`: `keep` flushes it (unless the caller has: `flushed`) and renames it over the
 * target; until then, or after `discard` or `fail`, the target is as it was.
 */
export class AtomicFile {
  private tmp: Temporary | null = null;

  constructor(private readonly target: string) {
    try {
      this.tmp = new Temporary(target);
    } catch (e) {
      throw refusal(target, e);
    }
  }

  /** The temporary file's descriptor, to write to. */
  get fd(): number {
    if (!this.tmp) throw new Error('the file was kept or discarded already');
    return this.tmp.fd!;
  }

  write(piece: Uint8Array): void {
    this.guard(() => {
      for (let at = 0; at < piece.length; ) at += fs.writeSync(this.tmp!.fd!, piece, at);
    });
  }

  keep(flushed = false): void {
    this.guard(() => this.tmp!.keepAs(this.target, flushed));
    this.tmp = null;
  }

  discard(): void {
    this.tmp?.discard();
    this.tmp = null;
  }

  /** A failure of writing or flushing it elsewhere: discarded, and the refusal to throw. */
  fail(e: unknown): UserError {
    this.discard();
    return refusal(this.target, e);
  }

  private guard(work: () => void): void {
    if (!this.tmp) throw new Error('the file was kept or discarded already');
    try {
      work();
    } catch (e) {
      throw this.fail(e);
    }
  }
}

/**
 * The same promise for a file written as a stream (a spreadsheet of a million rows): `write` gets the temporary file's
 * stream and ends it; the file is flushed and renamed over the target only when it has finished without an error.
 */
export async function writeFileAtomicStream(target: string, write: (out: fs.WriteStream) => Promise<void>): Promise<void> {
  let tmp: Temporary | null = null;
  try {
    tmp = new Temporary(target);
    const out = fs.createWriteStream('', { fd: tmp.fd!, autoClose: false });
    const finished = new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
    });
    await write(out);
    await finished;
    tmp.keepAs(target);
  } catch (e) {
    tmp?.discard();
    if (e instanceof UserError) throw e;
    throw refusal(target, e);
  }
}
