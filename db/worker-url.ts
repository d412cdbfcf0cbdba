// Where a worker thread's code is: beside the module that starts it when run from the sources (tsx), and in a bundle
// (the command line's, the Electron shell's) its own file, built by electron/bundle.mjs next to the bundle or its chunks.

import fs from 'node:fs';

/** `here` is the starting module's import.meta.url; `source` its worker's file beside it; `bundled` the built file's name. */
export function workerUrl(here: string, source: string, bundled: string): URL {
  if (here.endsWith('.ts')) return new URL(source, here);
  for (const rel of [`./${bundled}`, `../${bundled}`]) {
    const u = new URL(rel, here);
    if (fs.existsSync(u)) return u;
  }
  throw new Error(`${bundled} is missing beside ${here}`);
}
