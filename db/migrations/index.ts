// The numbered migrations, in order. A migration is never edited once released: add the next number instead.

import places from './001_places.ts';
import activities from './002_activities.ts';
import sei from './003_sei.ts';
import sorRequests from './004_sor_requests.ts';
import sorChecks from './005_sor_checks.ts';
import seiSentMonth from './006_sei_sent_month.ts';
import exportFiles from './007_export_files.ts';
import klGateway from './008_kl_gateway.ts';
import ggopReplaced, { pg as ggopReplacedPg } from './009_ggop_replaced.ts';
import klDeliveredInFile, { pg as klDeliveredInFilePg } from './010_kl_delivered_in_file.ts';
import ydelseCompact, { pg as ydelseCompactPg } from './011_ydelse_compact.ts';
import sentExportDeferrable, { pg as sentExportDeferrablePg } from './012_sent_export_deferrable.ts';
import ydelseIntegers, { pg as ydelseIntegersPg } from './013_ydelse_integers.ts';
import klDeliveredWithoutRowid, { pg as klDeliveredWithoutRowidPg } from './014_kl_delivered_without_rowid.ts';

export interface Migration {
  version: number;
  name: string;
  /** SQLite's text. */
  sql: string;
  /**
   * PostgreSQL's text (db/pg/): required for every migration after the PostgreSQL store's baseline (version 8,
   * db/pg/schema.ts), which creates everything before it at once.
   */
  pg?: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'places', sql: places },
  { version: 2, name: 'activities', sql: activities },
  { version: 3, name: 'sei', sql: sei },
  { version: 4, name: 'sor requests', sql: sorRequests },
  { version: 5, name: 'sor checks', sql: sorChecks },
  { version: 6, name: 'sei sent per month', sql: seiSentMonth },
  { version: 7, name: 'export files kept', sql: exportFiles },
  { version: 8, name: 'kl gateway', sql: klGateway },
  { version: 9, name: 'ggop replaced', sql: ggopReplaced, pg: ggopReplacedPg },
  { version: 10, name: 'kl delivered kept in the file', sql: klDeliveredInFile, pg: klDeliveredInFilePg },
  { version: 11, name: 'ydelse compact', sql: ydelseCompact, pg: ydelseCompactPg },
  { version: 12, name: 'sent state names its export at commit', sql: sentExportDeferrable, pg: sentExportDeferrablePg },
  { version: 13, name: 'ydelse date and cpr as integers', sql: ydelseIntegers, pg: ydelseIntegersPg },
  { version: 14, name: 'kl delivered without rowid', sql: klDeliveredWithoutRowid, pg: klDeliveredWithoutRowidPg },
];
