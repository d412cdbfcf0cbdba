// The kept SOR checks and their only writer: each check of an owner (kommune), so the next check of the same owner
// can say which findings are new and which were fixed.

import type { DB } from './open.ts';

export interface SorCheckRecord<F> {
  at: string;
  actor: string;
  fileName: string;
  /** The owner checked (its SOR id) and its name. */
  scopeKey: string;
  scopeName: string;
  checkDate: string;
  findings: F[];
}

/** The last check of an owner: when, and its findings. */
export function lastSorCheck<F>(db: DB, scopeKey: string): { at: string; findings: F[] } | null {
  const row = db.prepare('SELECT at, findings FROM sor_check WHERE scope_key = ? ORDER BY id DESC LIMIT 1').get(scopeKey) as
    | { at: string; findings: string }
    | undefined;
  return row ? { at: row.at, findings: JSON.parse(row.findings) as F[] } : null;
}

export function recordSorCheck<F>(db: DB, c: SorCheckRecord<F>): void {
  db.prepare('INSERT INTO sor_check (at, actor, file_name, scope_key, scope_name, check_date, findings) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    c.at,
    c.actor,
    c.fileName,
    c.scopeKey,
    c.scopeName,
    c.checkDate,
    JSON.stringify(c.findings),
  );
}
