// The change history: who (the OS user) changed what and when, for every record of the app.

import { formatDateTime } from '../schemas/dates.ts';
import { UserError } from '../schemas/errors.ts';
import type { HistoryEntry } from '../schemas/places.ts';
import type { DB } from './open.ts';

export interface Change {
  field: string;
  before: string;
  after: string;
}

export interface ChangeRecord {
  at: string;
  actor: string;
  entity: string;
  entityId: number;
  action: string;
  changes: Change[];
}

export function recordChange(db: DB, c: ChangeRecord): void {
  db.prepare('INSERT INTO audit_log (at, actor, entity, entity_id, action, changes) VALUES (?, ?, ?, ?, ?, ?)').run(
    c.at,
    c.actor,
    c.entity,
    c.entityId,
    c.action,
    JSON.stringify(c.changes),
  );
}

export function readHistory(db: DB, entity: string, entityId: number): HistoryEntry[] {
  const rows = db.prepare('SELECT at, actor, action, changes FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC').all(entity, entityId) as {
    at: string;
    actor: string;
    action: string;
    changes: string;
  }[];
  return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, changes: JSON.parse(r.changes) as Change[] }));
}

/** The fields whose shown value differs between two versions of a record (a new record: every field that is set). */
export function diffRecords(before: Record<string, string>, after: Record<string, string>): Change[] {
  return Object.keys(after)
    .filter((k) => (before[k] ?? '') !== after[k])
    .map((k) => ({ field: k, before: before[k] ?? '', after: after[k] ?? '' }));
}

/** How a record is named in a conflict message: "Forløbet … efter du åbnede det". */
export const RECORD_NAMES = {
  forloeb: { the: 'Forløbet', it: 'det' },
  ydelse: { the: 'Ydelsen', it: 'den' },
  place: { the: 'Stedet', it: 'det' },
} as const;

/**
 * Optimistic locking: an edit is based on the record as the user saw it (its updated_at). When someone else has saved
 * it since, nothing is written and the user is told who and when; no one's work is overwritten silently.
 */
export function assertNotChangedSince(db: DB, entity: keyof typeof RECORD_NAMES, id: number, updatedAt: string, basedOn: string | null): void {
  if (basedOn === null || basedOn === updatedAt) return;
  const last = db.prepare('SELECT at, actor FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1').get(entity, id) as
    | { at: string; actor: string }
    | undefined;
  const n = RECORD_NAMES[entity];
  const who = last ? ` af ${last.actor} ${formatDateTime(last.at)}` : ` ${formatDateTime(updatedAt)}`;
  throw new UserError(
    `${n.the} er ændret${who}, efter du åbnede ${n.it}. Dine ændringer er ikke gemt, og intet er overskrevet. ` +
      `Åbn ${n.the.toLowerCase()} igen for at se den nye udgave, og ret derefter.`,
    [{ field: 'basedOn', message: 'Ændret af en anden.' }],
  );
}
