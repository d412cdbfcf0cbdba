// Where a worker thread's code is: beside the module that starts it when run from the sources (tsx), and in a bundle
// (the command line's, the Electron shell's) its own file, built by electron/bundle.mjs next to the bundle or its chunks.

import fs from 'node:fs';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `here` is the starting module's import.meta.url; `source` its worker's file beside it; `bundled` the built file's name. */
export function workerUrl(here: string, source: string, bundled: string): URL {
  if (here.endsWith('.ts')) return new URL(source, here);
  for (const rel of [`./${bundled}`, `../${bundled}`]) {
    const u = new URL(rel, here);
    if (fs.existsSync(u)) return u;
  }
  throw new Error(`${bundled} is missing beside ${here}`);
}

/**
 * A worker thread on `code` (from workerUrl). A TypeScript source is compiled by tsx in the thread too: the command
 * line run from its sources (bin/sei-genoptraening.mjs, when the bundle is older than a source) registers tsx in its
 * own thread only, and Node's type stripping refuses the sources' syntax (a thread that never started, and an
 * export or a PostgreSQL connection waiting for it until its time-out).
 */
export function startWorker(code: URL, options: WorkerOptions): Worker {
  const needsTsx = code.pathname.endsWith('.ts') && !process.execArgv.some((a) => a.includes('tsx'));
  return new Worker(code, needsTsx ? { ...options, execArgv: [...process.execArgv, '--import', 'tsx'] } : options);
}
