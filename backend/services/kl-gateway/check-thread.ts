// A thread that checks a KL Gateway delivery's reports while the delivering thread builds the next citizens: each
// citizen's reports go there as the JSON text made for the file, and are written only once the thread has found them
// right (deliver.ts). Checking was a third of a large delivery's time on the one thread (100,000 ydelser: ~1 of ~3.3 s).
//
// The data layer is synchronous, and so is this, as the file thread is (file-thread.ts): where an answer is needed, the
// delivering thread waits for it (Atomics.wait). One thread per process, started when a delivery first asks for it and
// never keeping the process alive; until it has started, a delivery checks its citizens itself.

import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { workerUrl } from '../../../db/worker-url.ts';
import { UserError } from '../../../schemas/errors.ts';
import type { CheckReply, CheckRequest } from './check-thread-worker.ts';
import type { Problem } from './validate.ts';

const TIMEOUT_MS = 120_000;

class CheckThread {
  private readonly port: MessageChannel['port1'];
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private started = false;
  /** Why the thread cannot check (its code failed to load, or it ended): deliveries check their citizens themselves. */
  private broken: string | null = null;
  private readonly answers = new Map<number, Problem[][]>();
  /** The next citizen's number: never given twice in a process. */
  private next = 0;
  /** Answers to citizens numbered below this are dropped: their delivery ended (a failed one, without reading them). */
  private live = 0;

  constructor() {
    const channel = new MessageChannel();
    this.port = channel.port1;
    // the thread's code: check-thread-worker.ts, or kl-check-worker.mjs beside a bundle
    const worker = new Worker(workerUrl(import.meta.url, './check-thread-worker.ts', 'kl-check-worker.mjs'), {
      workerData: { port: channel.port2, signal: this.signal },
      transferList: [channel.port2],
    });
    // a thread that fails to start, or ends, is not waited for again (an error event with no listener would end the
    // process)
    worker.on('error', (e) => {
      this.broken = e.message;
    });
    worker.on('exit', () => {
      this.broken ??= 'the check thread ended';
    });
    worker.unref();
  }

  /** Whether the thread has started (its checks loaded): until then a delivery checks its citizens itself. */
  ready(): boolean {
    this.take(false);
    return this.started && this.broken === null;
  }

  /** Waits until the thread has started. */
  waitReady(): void {
    while (!this.ready()) {
      if (this.broken !== null) throw new Error(`KL Gateway: the check thread cannot check: ${this.broken}`);
      this.take(true);
    }
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
    for (;;) {
      const a = this.answers.get(seq);
      if (a) {
        this.answers.delete(seq);
        return a;
      }
      if (!wait) {
        this.take(false);
        const now = this.answers.get(seq);
        if (now) this.answers.delete(seq);
        return now ?? null;
      }
      this.take(true);
    }
  }

  /** Reads what the thread has posted; with `wait`, waits for something. */
  private take(wait: boolean): void {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      let got = false;
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const r = m.message as CheckReply;
        if (r.op === 'ready') this.started = true;
        else if (r.op === 'checked') {
          if (r.seq >= this.live) this.answers.set(r.seq, r.problems);
        } else if (r.seq >= this.live) throw new Error(`KL Gateway: the check thread failed: ${r.message}`);
        got = true;
      }
      if (got || !wait) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new UserError(`Leverancen blev ikke kontrolleret færdig inden for ${TIMEOUT_MS / 1000} sekunder. Intet er leveret.`);
      // woken by the count; at least every 20 ms the port is looked at again all the same
      Atomics.wait(this.signal, 0, seen, Math.min(left, 20));
    }
  }
}

let thread: CheckThread | null = null;

/** The process's check thread, started when first asked for (a delivery asks as it begins: the thread starts meanwhile). */
export function checkThread(): CheckThread {
  thread ??= new CheckThread();
  return thread;
}
