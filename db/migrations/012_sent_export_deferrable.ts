// Migration 12: what was sent of a month may name its export before the export's row is written, within the export's
// transaction (services/sei-export.ts: the server writes what was sent while the file is finished, and the export's row,
// which holds the file, last). The foreign key is still checked, at COMMIT.
// SQLite defers it per transaction (PRAGMA defer_foreign_keys, db/sei.ts): nothing to change in the file.
export default `
-- nothing: SQLite defers foreign keys per transaction
`;

// PostgreSQL defers only a constraint made deferrable; it stays checked at once unless a transaction defers it
export const pg = `
ALTER TABLE sei_sent_month ALTER CONSTRAINT sei_sent_month_export_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
`;
