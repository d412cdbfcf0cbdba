// What was last sent to SEI of each record of a month: one row per month holding the whole state, one line per
// record ("ydelse id TAB record id TAB action TAB content"), so that an export of 100,000 records writes one value,
// not 100,000 rows, and the next export reads it back in one piece. No field can hold a tab or a line break: ids are
// digits, record ids are [A-Za-z0-9._-], and the content is digits, dates, SKS codes and "|".

import type { DB } from '../../db/open.ts';
import { loadSentRecords } from '../../db/sei.ts';
import { MadeFile } from './made-file.ts';
import type { Action, RecordTable } from './sei-records.ts';

export interface Sent {
  uid: string;
  action: Action;
  /** The fields SEI received, as sei-records.ts's contentOf writes them. */
  content: string;
}

/** The month's sent state by ydelse id (empty when nothing was sent). */
export function loadSent(db: DB, month: string): Map<number, Sent> {
  const bytes = loadSentRecords(db, month);
  const sent = new Map<number, Sent>();
  if (!bytes || bytes.length === 0) return sent;
  for (const line of bytes.toString('utf8').split('\n')) {
    const [id, uid, action, content] = line.split('\t') as [string, string, Action, string];
    sent.set(Number(id), { uid, action, content });
  }
  return sent;
}

/**
 * The month's sent state as it will be after an export (written by `saveSentRecords` in the export's transaction):
 * what was sent before, with the records of this export in place of their earlier lines. Packed as it is made (by the
 * file thread when it runs, while the export's own file is finished): `end()` it, then record its `packed`.
 */
export function madeSent(before: Map<number, Sent>, now: RecordTable): MadeFile {
  const made = new MadeFile();
  const out = made.out;
  let first = now.writeSent(out, true);
  if (before.size === 0) return made;
  const replaced = new Set(now.ydelseIds());
  for (const [id, s] of before) {
    if (replaced.has(id)) continue;
    out.write(`${first ? '' : '\n'}${id}\t${s.uid}\t${s.action}\t${s.content}`);
    first = false;
  }
  return made;
}
