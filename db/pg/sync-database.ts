// The PostgreSQL store behind the same interface as the SQLite file: the part of better-sqlite3's API the data layer
// uses (prepare → run/get/all/iterate, pluck, raw; exec; transaction; inTransaction; close), so db/ keeps one SQL text
// and one control flow for both stores.
//
// Why synchronous: the data layer is synchronous (better-sqlite3), and its transactions must not interleave with other
// calls. The connection lives on a thread of its own (sync-worker.ts); a statement is posted to it and this thread
// waits (Atomics.wait) for the answer. A statement costs the network's round trip plus some 50 µs.
//
// The dialects differ in a few words, translated here: `?` placeholders become $1, $2, …; an INSERT into a table with
// an id returns it (lastInsertRowid); booleans come back as 1/0 and bigint/numeric as numbers, as SQLite gives them.
// Where SQL differs more (json_each, date arithmetic), db/ asks `dialectOf(db)`.

import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { UserError } from '../../schemas/errors.ts';
import { copyRows } from './copy-text.ts';
import { maskUrl } from './url.ts';
import { startWorker, workerUrl } from '../worker-url.ts';
import { newSignal } from '../signalled-port.ts';

const TIMEOUT_MS = 120_000;

interface Reply {
  ok: boolean;
  rows?: unknown[];
  /** Many rows without bytes, as one JSON text. */
  json?: string;
  /** COPY TO's output (UTF-8), a part of whole lines. */
  bytes?: Uint8Array;
  /** More parts of COPY TO's output follow. */
  more?: boolean;
  rowCount?: number;
  error?: { name?: string; code?: string; message: string; detail?: string; constraint?: string; fields?: unknown };
}

const SQLITE_CODES: Record<string, string> = {
  '23505': 'SQLITE_CONSTRAINT_UNIQUE',
  '23514': 'SQLITE_CONSTRAINT_CHECK',
  '23503': 'SQLITE_CONSTRAINT_FOREIGNKEY',
  // another session's lock or a serialization conflict: tried again, as SQLite's busy database is
  '40001': 'SQLITE_BUSY',
  '40P01': 'SQLITE_BUSY',
  '55P03': 'SQLITE_BUSY',
};

/** An error of the server, with SQLite-like codes where the data layer looks at them. */
export class PgError extends Error {
  readonly code: string;
  constructor(e: NonNullable<Reply['error']>) {
    super(e.message);
    this.name = 'PgError';
    // the data layer recognises a unique constraint, and the dispatcher a conflict worth trying again, by SQLite's codes
    this.code = SQLITE_CODES[e.code ?? ''] ?? `PG_${e.code ?? 'ERROR'}`;
    (this as { pgCode?: string }).pgCode = e.code;
  }
}

/** `?` → `$n`, outside quoted text. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = null;
      out += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else if (c === '?') out += `$${++n}`;
    else out += c;
  }
  return out;
}

type Mode = 'object' | 'pluck' | 'raw';

class Statement {
  private mode: Mode = 'object';
  constructor(
    private readonly db: PgDatabase,
    private readonly text: string,
    private readonly returnsId: boolean,
  ) {}
  pluck(on = true): this {
    this.mode = on ? 'pluck' : 'object';
    return this;
  }
  raw(on = true): this {
    this.mode = on ? 'raw' : 'object';
    return this;
  }
  private rows(params: unknown[]): unknown[] {
    const r = this.db.query(this.text, flat(params), this.mode === 'object' ? undefined : 'array');
    const rows = r.rows ?? [];
    return this.mode === 'pluck' ? rows.map((x) => (x as unknown[])[0]) : rows;
  }
  get(...params: unknown[]): unknown {
    return this.rows(params)[0];
  }
  all(...params: unknown[]): unknown[] {
    return this.rows(params);
  }
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.rows(params)[Symbol.iterator]();
  }
  run(...params: unknown[]): { changes: number; lastInsertRowid: number } {
    const r = this.db.query(this.text, flat(params), 'array');
    const id = this.returnsId ? Number((r.rows?.[0] as unknown[] | undefined)?.[0] ?? 0) : 0;
    return { changes: r.rowCount ?? 0, lastInsertRowid: id };
  }
  /** run() without waiting for the server (PgDatabase.runLater). */
  later(...params: unknown[]): void {
    this.db.runLater(this.text, flat(params));
  }
}

/** bytea values arrive from the connection thread as Uint8Array; the data layer reads them as Buffers, as from SQLite. */
function asBuffers(row: Record<string, unknown> | unknown[]): void {
  for (const k in row) {
    const v = (row as Record<string, unknown>)[k];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) (row as Record<string, unknown>)[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
}

function flat(params: unknown[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

export class PgDatabase {
  readonly dialect = 'pg' as const;
  readonly name: string;
  open = true;
  private depth = 0;
  private readonly worker: Worker;
  private readonly port: MessageChannel['port1'];
  private readonly signal = newSignal();
  private seq = 0;
  /** A statement sent by copyFromLater or runLater whose answer is not read yet. */
  private unanswered: number | null = null;
  private readonly idTables: Set<string>;

  constructor(url: string, options: { password?: string } = {}) {
    this.name = maskUrl(url);
    const channel = new MessageChannel();
    this.port = channel.port1;
    // the connection thread's code: sync-worker.ts, or pg-sync-worker.mjs beside a bundle
    this.worker = startWorker(workerUrl(import.meta.url, './sync-worker.ts', 'pg-sync-worker.mjs'), {
      workerData: { port: channel.port2, signal: this.signal, url, password: options.password },
      transferList: [channel.port2],
    });
    this.worker.unref();
    const ready = this.wait(0);
    if (!ready.ok) {
      void this.worker.terminate();
      this.open = false;
      throw new UserError(ready.error?.message ?? 'Forbindelsen til databasen mislykkedes.');
    }
    this.idTables = new Set(
      (
        this.query("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'", [])
          .rows as { table_name: string }[]
      ).map((r) => r.table_name),
    );
  }

  /**
   * Waits for the answer to request `id`. The connection thread posts it and then counts the signal up; this thread
   * reads the count before looking at the port, so an answer posted in between is never slept through. Answers to an
   * earlier request (one given up on) are passed over, so an answer is never taken for another's.
   */
  private wait(id: number): Reply {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const msg = receiveMessageOnPort(this.port);
      if (msg) {
        const reply = msg.message as Reply & { id: number };
        if (reply.id === id) return reply;
        // a part of a COPY TO's output still being read: kept for it, in order (never passed over)
        if (this.stream?.id === reply.id) this.stream.parts.push(reply);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new UserError(`Databaseserveren ${this.name} svarede ikke inden for ${TIMEOUT_MS / 1000} sekunder.`);
      // woken by the count; at least every 20 ms the port is looked at again all the same
      Atomics.wait(this.signal, 0, seen, Math.min(left, 20));
    }
  }

  /** Reads the answer of the COPY sent by copyFromLater, if any; throws its error. */
  private settle(): void {
    if (this.unanswered === null) return;
    const id = this.unanswered;
    this.unanswered = null;
    const r = this.wait(id);
    if (!r.ok) throw new PgError(r.error!);
  }

  query(text: string, values: unknown[], rowMode?: 'array'): Reply {
    if (!this.open) throw new TypeError('The database connection is not open');
    this.settle();
    const id = ++this.seq;
    this.port.postMessage({ id, text, values, rowMode });
    const r = this.wait(id);
    if (!r.ok) throw new PgError(r.error!);
    if (r.json !== undefined) r.rows = JSON.parse(r.json) as unknown[];
    else if (r.rows) for (const row of r.rows) asBuffers(row as Record<string, unknown>);
    return r;
  }

  /** COPY … FROM STDIN with `data` in COPY's text format (db/pg/copy-text.ts): the server's bulk path. Rows copied. */
  copyFrom(sql: string, data: string): number {
    if (!this.open) throw new TypeError('The database connection is not open');
    this.settle();
    const id = ++this.seq;
    this.port.postMessage({ id, copy: sql, data });
    const r = this.wait(id);
    if (!r.ok) throw new PgError(r.error!);
    return r.rowCount ?? 0;
  }

  /**
   * copyFrom without waiting for the server: the caller goes on (making the next batch) while the server takes this
   * one. The answer is read before the next statement of this connection, which throws the COPY's error if it failed
   * (so a transaction's COMMIT never passes a failed COPY).
   */
  copyFromLater(sql: string, data: string): void {
    if (!this.open) throw new TypeError('The database connection is not open');
    this.settle();
    const id = ++this.seq;
    this.port.postMessage({ id, copy: sql, data });
    this.unanswered = id;
  }

  /**
   * A statement run without waiting for the server: the caller goes on (finishing a file) while the server writes. Its
   * answer is read before the next statement of this connection, which throws its error if it failed (so a
   * transaction's COMMIT never passes a failed statement). Its rows are not read.
   */
  runLater(text: string, values: unknown[]): void {
    if (!this.open) throw new TypeError('The database connection is not open');
    this.settle();
    const id = ++this.seq;
    this.port.postMessage({ id, text, values });
    this.unanswered = id;
  }

  /**
   * COPY (query) TO STDOUT: the rows as arrays of text (null for NULL), the server's quickest way out. COPY takes no
   * parameters: `query` must hold only literals made by sqlLiteral.
   */
  copyOut(query: string): Generator<(string | null)[]> {
    if (!this.open) throw new TypeError('The database connection is not open');
    this.settle();
    this.finishStream();
    const id = ++this.seq;
    this.port.postMessage({ id, copyOut: `COPY (${query}) TO STDOUT` });
    // the output comes in parts (sync-worker.ts); statements sent before the last has come are answered after it, and
    // the parts that come meanwhile are kept here
    const stream = { id, parts: [] as Reply[], done: false };
    this.stream = stream;
    const next = (): Reply => {
      const r = stream.parts.shift() ?? this.wait(id);
      if (!r.ok || !r.more) {
        stream.done = true;
        if (this.stream === stream) this.stream = null;
      }
      if (!r.ok) throw new PgError(r.error!);
      return r;
    };
    this.finishStream = () => {
      while (!stream.done) next();
    };
    return (function* () {
      for (;;) {
        const r = next();
        if (r.bytes && r.bytes.length > 0) yield* copyRows(Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('utf8'));
        if (!r.more) return;
      }
    })();
  }

  /** The COPY TO being read, if any, and the parts of it that came while another answer was waited for. */
  private stream: { id: number; parts: Reply[]; done: boolean } | null = null;
  /** Reads the rest of an earlier COPY TO's output (left unread), so that a new one can begin. */
  private finishStream: () => void = () => {};

  prepare(sql: string): Statement {
    let text = numberPlaceholders(sql);
    const insert = /^\s*INSERT\s+INTO\s+"?(\w+)"?/i.exec(text);
    const returnsId = !!insert && this.idTables.has(insert[1]!) && !/\bRETURNING\b/i.test(text);
    if (returnsId) text = `${text.replace(/;\s*$/, '')} RETURNING id`;
    return new Statement(this, text, returnsId);
  }

  exec(sql: string): this {
    this.query(sql, []);
    return this;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** better-sqlite3's transaction(): BEGIN … COMMIT, a savepoint when nested; ROLLBACK when fn throws. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) & { immediate: (...args: A) => R } {
    const run = (...args: A): R => {
      const outer = this.depth === 0;
      const sp = `sp${this.depth}`;
      this.query(outer ? 'BEGIN' : `SAVEPOINT ${sp}`, []);
      this.depth++;
      try {
        const result = fn(...args);
        // COMMIT may fail too (a foreign key checked at its end, a statement run later failing): rolled back below,
        // the depth counted down once
        this.query(outer ? 'COMMIT' : `RELEASE SAVEPOINT ${sp}`, []);
        this.depth--;
        return result;
      } catch (e) {
        this.depth--;
        try {
          // a COPY still unanswered is read first: its own failure must not keep the ROLLBACK from being sent
          this.settle();
        } catch {
          // rolled back below with the rest
        }
        try {
          this.query(outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${sp}`, []);
        } catch {
          // the connection is gone: the server rolls back by itself
        }
        throw e;
      }
    };
    return Object.assign(run, { immediate: run });
  }

  pragma(): never {
    throw new Error('PRAGMA is SQLite only: ask dialectOf(db)');
  }

  function(): this {
    // SQLite's application functions (fold_da) are SQL functions of the PostgreSQL schema
    return this;
  }

  close(): void {
    if (!this.open) return;
    // a COPY not answered yet: its error is thrown once the connection is closed
    let failed: unknown = null;
    try {
      this.settle();
    } catch (e) {
      failed = e;
    }
    const id = ++this.seq;
    this.port.postMessage({ id, close: true });
    try {
      this.wait(id);
    } finally {
      this.open = false;
      void this.worker.terminate();
    }
    if (failed) throw failed;
  }
}
