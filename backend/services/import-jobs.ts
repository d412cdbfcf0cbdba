// Import jobs for the window: the file is analysed in steps (the window polls for progress), shown as a preview,
// and written only when the user says so.

import crypto from 'node:crypto';
import { UserError } from '../../schemas/errors.ts';
import type { DB } from '../../db/open.ts';
import { analyseYdelseCsv, writeYdelseCsv, type Analysis, type ImportResult } from './ydelse-csv-import.ts';

export interface Job {
  id: string;
  fileName: string;
  state: 'analyserer' | 'klar' | 'skriver' | 'faerdig' | 'fejl';
  done: number;
  total: number;
  analysis: Analysis | null;
  result: ImportResult | null;
  message: string | null;
  startedAt: number;
}

const MAX_AGE_MS = 60 * 60 * 1000;

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  constructor(
    private readonly db: DB,
    private readonly today: () => string,
  ) {}

  start(fileName: string, bytes: Uint8Array): Job {
    this.prune();
    const job: Job = {
      id: crypto.randomUUID(),
      fileName,
      state: 'analyserer',
      done: 0,
      total: 0,
      analysis: null,
      result: null,
      message: null,
      startedAt: Date.now(),
    };
    this.jobs.set(job.id, job);
    analyseYdelseCsv(this.db, bytes, fileName, this.today(), (_phase, done, total) => {
      job.done = done;
      job.total = total;
    }).then(
      (a) => {
        job.analysis = a;
        job.state = 'klar';
        job.done = job.total = a.totalRows;
      },
      (e: unknown) => {
        job.state = 'fejl';
        job.message = e instanceof UserError ? e.message : `Filen kunne ikke læses: ${(e as Error).message}`;
      },
    );
    return job;
  }

  get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new UserError('Importen findes ikke længere. Vælg filen igen.');
    return job;
  }

  commit(id: string, skipInvalid: boolean, actor: string): ImportResult {
    const job = this.get(id);
    if (job.state !== 'klar' || !job.analysis) throw new UserError('Filen er ikke klar til import endnu.');
    job.state = 'skriver';
    try {
      const result = writeYdelseCsv(this.db, job.analysis, { skipInvalid, actor });
      job.result = result;
      job.state = result.batchId === null ? 'klar' : 'faerdig';
      return result;
    } catch (e) {
      job.state = 'klar';
      throw e;
    }
  }

  discard(id: string): void {
    this.jobs.delete(id);
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (now - j.startedAt > MAX_AGE_MS) this.jobs.delete(id);
  }
}
