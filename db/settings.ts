// Settings of the report kept in the database: the kommune and the reporter named in the SEI file's header.

import type { DB } from './open.ts';

export interface ReportSettings {
  kommunekode: string;
  reporterName: string;
  reporterEmail: string;
}

const KEYS = { kommunekode: 'kommunekode', reporterName: 'reporter_name', reporterEmail: 'reporter_email' } as const;

export function getMeta(db: DB, key: string): string | null {
  const row = db.prepare('SELECT value FROM app_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: DB, key: string, value: string): void {
  db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function installationId(db: DB): string {
  return getMeta(db, 'installation_id')!;
}

export function getReportSettings(db: DB): ReportSettings {
  return {
    kommunekode: getMeta(db, KEYS.kommunekode) ?? '',
    reporterName: getMeta(db, KEYS.reporterName) ?? '',
    reporterEmail: getMeta(db, KEYS.reporterEmail) ?? '',
  };
}

export function setReportSettings(db: DB, s: ReportSettings): ReportSettings {
  db.transaction(() => {
    for (const [k, key] of Object.entries(KEYS)) setMeta(db, key, s[k as keyof ReportSettings]);
  })();
  return getReportSettings(db);
}
