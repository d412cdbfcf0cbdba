// The change history: who (the OS user) changed what and when, for every record of the app.

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
