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

export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new UserError(`${path.basename(target)} kunne ikke gemmes i ${dir}: ${REASONS[code] ?? `fejl ${code || (e as Error).message}`}. Intet er gemt.`);
  }
}
