// An import's batch (the import_batch table): made before its rows, told the counts after.

import type { DB } from './open.ts';

/** An import's batch: made before its rows, told the counts after. */
export function startImportBatch(db: DB, at: string, actor: string, fileName: string, rejected = 0, duplicates = 0): number {
  return Number(
    db
      .prepare('INSERT INTO import_batch (at, actor, file_name, imported, rejected, duplicates) VALUES (?, ?, ?, 0, ?, ?)')
      .run(at, actor, fileName, rejected, duplicates).lastInsertRowid,
  );
}

export function finishImportBatch(db: DB, id: number, imported: number, duplicates?: number): void {
  if (duplicates === undefined) db.prepare('UPDATE import_batch SET imported = ? WHERE id = ?').run(imported, id);
  else db.prepare('UPDATE import_batch SET imported = ?, duplicates = ? WHERE id = ?').run(imported, duplicates, id);
}
