// A worker thread's port, read synchronously by the thread that waits for it (the data layer is synchronous, and so
// are the threads it hands work to: the PostgreSQL connection's, the file thread, the KL Gateway check thread). The
// worker posts, then counts a shared signal up and wakes the waiting thread (postSignalled); the waiting thread reads
// the count before it looks at the port, so a message posted in between is never slept through (takeSignalled).

import { MessageChannel, type MessagePort, receiveMessageOnPort, type Transferable } from 'node:worker_threads';
import { startWorker } from './worker-url.ts';

/** A signal to share with a worker (in its workerData). */
export const newSignal = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));

/** In the worker: posts, then counts the signal up and wakes the waiting thread (it may be in Atomics.wait). */
export function postSignalled(port: MessagePort, signal: Int32Array, message: unknown, transfer: readonly Transferable[] = []): void {
  port.postMessage(message, transfer as Transferable[]);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/**
 * In the waiting thread: hands each message the worker has posted to `each`; with `wait`, waits until at least one has
 * come, and throws `timedOut()` after `timeoutMs` without any.
 */
export function takeSignalled(
  port: MessagePort,
  signal: Int32Array,
  wait: boolean,
  each: (message: unknown) => void,
  timeoutMs: number,
  timedOut: () => Error,
): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = Atomics.load(signal, 0);
    let got = false;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      each(m.message);
      got = true;
    }
    if (got || !wait) return;
    const left = deadline - Date.now();
    if (left <= 0) throw timedOut();
    // woken by the count; at least every 20 ms the port is looked at again all the same
    Atomics.wait(signal, 0, seen, Math.min(left, 20));
  }
}

/**
 * A worker thread waited for synchronously: started with its port and signal, never keeping the process alive, ready
 * once it has posted `{ op: 'ready' }`. A thread that fails to start, or ends, is broken: not ready again (an error
 * event with no listener would end the process).
 */
export abstract class SignalledThread {
  protected readonly port: MessagePort;
  protected readonly signal = newSignal();
  private started = false;
  /** Why the thread cannot work (its code failed to load, or it ended). */
  protected broken: string | null = null;

  constructor(
    code: URL,
    private readonly timeoutMs: number,
  ) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    const worker = startWorker(code, { workerData: { port: channel.port2, signal: this.signal }, transferList: [channel.port2] });
    worker.on('error', (e) => {
      this.broken = e.message;
    });
    worker.on('exit', () => {
      this.broken ??= 'the thread ended';
    });
    worker.unref();
  }

  /** A message the thread posted (but its 'ready'). */
  protected abstract receive(message: unknown): void;
  /** The error when the thread has not answered within the time. */
  protected abstract timedOut(seconds: number): Error;

  /** Reads what the thread has posted; with `wait`, waits for something. */
  protected take(wait: boolean): void {
    takeSignalled(
      this.port,
      this.signal,
      wait,
      (m) => {
        if ((m as { op?: string }).op === 'ready') this.started = true;
        else this.receive(m);
      },
      this.timeoutMs,
      () => this.timedOut(this.timeoutMs / 1000),
    );
  }

  /** Whether the thread has started (its code loaded) and works: until then the work is better done here. */
  ready(): boolean {
    this.take(false);
    return this.started && this.broken === null;
  }

  /** Waits until the thread has started; throws when it cannot. */
  waitReady(): void {
    while (!this.ready()) {
      if (this.broken !== null) throw new Error(`The thread cannot work: ${this.broken}`);
      this.take(true);
    }
  }
}
