// A thread that checks a KL Gateway delivery's reports while the delivering thread builds the next citizens: each
// citizen's reports go there as the JSON text made for the file, and are written only once the thread has found them
// right (deliver.ts). Checking was a third of a large delivery's time on the one thread (100,000 ydelser: ~1 of ~3.3 s).
//
// The data layer is synchronous, and so is this, as the file thread is (file-thread.ts): where an answer is needed,
// the delivering thread waits for it (db/signalled-port.ts). One thread per process, started when a delivery first
// asks for it and never keeping the process alive; until it has started, a delivery checks its citizens itself.

import { SignalledThread } from '../../../db/signalled-port.ts';
import { workerUrl } from '../../../db/worker-url.ts';
import { UserError } from '../../../schemas/errors.ts';
import type { CheckReply, CheckRequest } from './check-thread-worker.ts';
import type { Problem } from './validate.ts';

const TIMEOUT_MS = 120_000;

class CheckThread extends SignalledThread {
  private readonly answers = new Map<number, Problem[][]>();
  /** The next citizen's number: never given twice in a process. */
  private next = 0;
  /** Answers to citizens numbered below this are dropped: their delivery ended (a failed one, without reading them). */
  private live = 0;

  constructor() {
    // the thread's code: check-thread-worker.ts, or kl-check-worker.mjs beside a bundle
    super(workerUrl(import.meta.url, './check-thread-worker.ts', 'kl-check-worker.mjs'), TIMEOUT_MS);
  }

  /**
   * A delivery begins: the answers still to come to an earlier one (one that failed before it read them all) are
   * dropped, and can never be taken for this one's citizens.
   */
  begin(): void {
    this.live = this.next;
    for (const seq of this.answers.keys()) if (seq < this.live) this.answers.delete(seq);
  }

  /** Hands a citizen's reports (their JSON texts) to the thread; answers the number `answer` knows them by. */
  check(reports: string[]): number {
    const seq = this.next++;
    this.port.postMessage({ op: 'check', seq, reports } satisfies CheckRequest);
    return seq;
  }

  /** The problems of citizen `seq`'s reports, once the thread has answered (null: not yet, unless `wait`). */
  answer(seq: number, wait: boolean): Problem[][] | null {
    this.take(false);
    for (;;) {
      const a = this.answers.get(seq);
      if (a) {
        this.answers.delete(seq);
        return a;
      }
      if (!wait) return null;
      this.take(true);
    }
  }

  protected receive(message: unknown): void {
    const r = message as Exclude<CheckReply, { op: 'ready' }>;
    if (r.op === 'checked') {
      if (r.seq >= this.live) this.answers.set(r.seq, r.problems);
    } else if (r.seq >= this.live) throw new Error(`KL Gateway: the check thread failed: ${r.message}`);
  }

  protected timedOut(seconds: number): Error {
    return new UserError(`Leverancen blev ikke kontrolleret færdig inden for ${seconds} sekunder. Intet er leveret.`);
  }
}

let thread: CheckThread | null = null;

/** The process's check thread, started when first asked for (a delivery asks as it begins: the thread starts meanwhile). */
export function checkThread(): CheckThread {
  thread ??= new CheckThread();
  return thread;
}
