// Before a timed step: the files the previous step wrote are flushed to disk, so the OS writing them back in the
// background (hundreds of MB) is not measured as part of the step.

import fs from 'node:fs';

export function settle(...files: string[]): void {
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const fd = fs.openSync(file, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
