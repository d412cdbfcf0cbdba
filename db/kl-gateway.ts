// The KL Gateway report's tables and reads: the forløb and ydelser a report is built from (with the SOR code of each
// ydelse's place), its settings, and what was delivered (kl_delivery, kl_delivered).

import { DEFAULT_KL_SETTINGS, type EncounterClass, type KlSettings } from '../schemas/kl-gateway.ts';
import type { z } from 'zod';
import type { KlDelivery } from '../schemas/contract/kl.ts';
import type { StoredForloeb } from './forloeb.ts';
import type { DB } from './open.ts';
import { withTextValues } from './ydelse-values.ts';
import { YDELSE_CHANGED_AT } from './ydelser.ts';
import { dialectOf } from './dialect.ts';
import { getMeta, setMeta } from './settings.ts';

/** The forløb a report is built from: the table's columns. */
export type KlForloebRow = StoredForloeb;

export interface KlYdelseRow {
  id: number;
  forloeb_id: number;
  dato: string;
  ydelseskode: string;
  tillaegskoder: string;
  hjemme: number;
  start_time: string | null;
  end_time: string | null;
  contact_class: EncounterClass | null;
  deleted_at: string | null;
  updated_at: string;
  place_name: string | null;
  code_type: string | null;
  code_value: string | null;
}

/** A GGOP a forløb had before a newer one replaced it (ggop_replaced). */
export interface KlReplacedGgopRow {
  forloeb_id: number;
  gop_type: StoredForloeb['gop_type'];
  discharge_date: string | null;
  gop_received_date: string | null;
  ggop_sender_sor: string | null;
  replaced_at: string;
}

/**
 * Every forløb, with its ydelser (deleted ones too: they become entered-in-error), ordered by date, and the GGOPs
 * each had before the one in force, oldest first.
 */
export function klSourceRows(db: DB): { forloeb: KlForloebRow[]; ydelser: KlYdelseRow[]; replaced: KlReplacedGgopRow[] } {
  const forloeb = db.prepare('SELECT * FROM forloeb ORDER BY cpr, id').all() as KlForloebRow[];
  const ydelser = db
    .prepare(
      `SELECT y.id, y.forloeb_id, y.dato, y.ydelseskode, y.tillaegskoder, y.hjemme, y.start_time, y.end_time, y.contact_class,
              y.deleted_at, ${YDELSE_CHANGED_AT} AS updated_at,
              p.name AS place_name, p.code_type, p.code_value
       FROM ydelse y LEFT JOIN place p ON p.id = y.place_id
       WHERE y.forloeb_id IS NOT NULL
       ORDER BY y.forloeb_id, y.dato, y.id`,
    )
    .all() as KlYdelseRow[];
  for (const y of ydelser) withTextValues(y);
  const replaced = db
    .prepare('SELECT forloeb_id, gop_type, discharge_date, gop_received_date, ggop_sender_sor, replaced_at FROM ggop_replaced ORDER BY forloeb_id, id')
    .all() as KlReplacedGgopRow[];
  return { forloeb, ydelser, replaced };
}

const KEY = 'kl_settings';

export function getKlSettings(db: DB): KlSettings {
  const raw = getMeta(db, KEY);
  return raw ? { ...DEFAULT_KL_SETTINGS, ...(JSON.parse(raw) as Partial<KlSettings>) } : { ...DEFAULT_KL_SETTINGS };
}

export function setKlSettings(db: DB, s: KlSettings): KlSettings {
  setMeta(db, KEY, JSON.stringify(s));
  return getKlSettings(db);
}

export interface Delivered {
  cpr: string;
  hash: string;
  /** Its JSON as recorded by an earlier version; null: it is in the file of delivery `deliveryId`. */
  resource: string | null;
  deliveryId: number;
}

/** What was delivered last, per resource key. */
export function deliveredResources(db: DB): Map<string, Delivered> {
  const rows = db.prepare('SELECT resource_key, cpr, hash, resource, delivery_id FROM kl_delivered').all() as {
    resource_key: string;
    cpr: string;
    hash: string;
    resource: string | null;
    delivery_id: number | bigint;
  }[];
  return new Map(rows.map((r) => [r.resource_key, { cpr: r.cpr, hash: r.hash, resource: r.resource, deliveryId: Number(r.delivery_id) }]));
}

/** A delivery's file, gzip-compressed as it was recorded. */
export function klDeliveryFile(db: DB, id: number): Buffer | null {
  const r = db.prepare('SELECT file FROM kl_delivery WHERE id = ?').get(id) as { file: Buffer } | undefined;
  return r ? Buffer.from(r.file) : null;
}

/** A delivery to record: what the window shows of one (the contract's KlDelivery), without its id, and the file. */
export type KlDeliveryRecord = Omit<KlDeliveryInfo, 'id'> & {
  /** The file, gzip-compressed. */
  file: Buffer;
};

/** Resources recorded as delivered per statement: given as one JSON array (PostgreSQL), or as bound values (SQLite). */
const RECORD_BATCH = 20_000;
const RECORD_ROWS = 300;

/** Records a delivery and, for each resource in it, its hash and the delivery; answers the delivery's id. */
export function recordKlDelivery(db: DB, d: KlDeliveryRecord, sent: { key: string; cpr: string; hash: string }[]): number {
  const id = Number(
    db
      .prepare('INSERT INTO kl_delivery (at, actor, file_name, until, citizens, reports, resources, sha256, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(d.at, d.actor, d.fileName, d.until, d.citizens, d.reports, d.resources, d.sha256, d.file).lastInsertRowid,
  );
  // many rows a statement (a first delivery records every resource: one statement per row took most of a large
  // delivery's recording); the resource itself is in the delivery's file (migration 10). A key is in `sent` once: one
  // statement never meets the same row twice
  const onConflict = 'ON CONFLICT (resource_key) DO UPDATE SET cpr = excluded.cpr, hash = excluded.hash, resource = NULL, delivery_id = excluded.delivery_id';
  if (dialectOf(db) === 'pg') {
    const put = db.prepare(
      `INSERT INTO kl_delivered (resource_key, cpr, hash, resource, delivery_id)
       SELECT j.value->>0, j.value->>1, j.value->>2, NULL, ?::bigint FROM json_array_elements(?::json) AS j(value) ${onConflict}`,
    );
    for (let i = 0; i < sent.length; i += RECORD_BATCH) put.run(id, JSON.stringify(sent.slice(i, i + RECORD_BATCH).map((s) => [s.key, s.cpr, s.hash])));
    return id;
  }
  // SQLite: RECORD_ROWS rows of bound values a statement (a first delivery of 100,000 ydelser, 170,000 resources: ~310
  // ms through one JSON array per 20,000 and json_each, ~235 ms so)
  const statements = new Map<number, ReturnType<DB['prepare']>>();
  const put = (rows: number) => {
    let st = statements.get(rows);
    if (!st) {
      const values = Array.from({ length: rows }, () => `(?, ?, ?, NULL, ${id})`).join(', ');
      st = db.prepare(`INSERT INTO kl_delivered (resource_key, cpr, hash, resource, delivery_id) VALUES ${values} ${onConflict}`);
      statements.set(rows, st);
    }
    return st;
  };
  // in the order of the key's index: each row goes beside the last, in pages already at hand. A first delivery of
  // 170,000 resources, in the delivery's order (citizen by citizen, so the keys' index was written all over): median
  // 916 ms to record; sorted first, 533 ms (9 deliveries each way, alternating); the sort itself ~15 ms
  // (the keys come in long sorted runs)
  const inOrder = sent.slice().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const params: string[] = [];
  for (let i = 0; i < inOrder.length; i += RECORD_ROWS) {
    const n = Math.min(RECORD_ROWS, inOrder.length - i);
    params.length = 0;
    for (let j = i; j < i + n; j++) params.push(inOrder[j]!.key, inOrder[j]!.cpr, inOrder[j]!.hash);
    put(n).run(params);
  }
  return id;
}

export type KlDeliveryInfo = z.infer<typeof KlDelivery>;

export function lastKlDelivery(db: DB): KlDeliveryInfo | null {
  const r = db
    .prepare('SELECT id, at, actor, file_name AS fileName, until, citizens, reports, resources, sha256 FROM kl_delivery ORDER BY id DESC LIMIT 1')
    .get() as KlDeliveryInfo | undefined;
  return r ?? null;
}
