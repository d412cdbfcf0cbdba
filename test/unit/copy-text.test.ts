// PostgreSQL's COPY text format, both ways: what db copy and the importers send, and what the export reads back, for
// text a user may type (tabs, line breaks, backslashes, quotes, æøå) and NULL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { copyRows, copyText, sqlLiteral } from '../../db/pg/copy-text.ts';

describe('COPY text', () => {
  test('rows survive the round trip, NULL apart from the text "\\N"', () => {
    const rows = [
      ['Tab\there', 'line\nbreak\r', 'back\\slash', null, '\\N', 'Ærø "citat" \'x\''],
      ['', 'BLNB1', null, '2026-11-03', 'a\\tb', 'æøå'],
    ];
    assert.deepEqual([...copyRows(copyText(rows))], rows);
  });

  test('a literal doubles its quotes', () => {
    assert.equal(sqlLiteral("O'Brien"), "'O''Brien'");
  });
});
