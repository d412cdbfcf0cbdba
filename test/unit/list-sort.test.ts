// Sorting a list small enough to sort whole (places, exports, SOR findings): what a user sees when a header is pressed.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sortRows, type SortValue } from '../../schemas/list-sort.ts';

type Row = { name: string; code: string | null; n: number; id: number };
const ORDER: Record<'name' | 'code' | 'n', (r: Row) => SortValue> = { name: (r) => r.name, code: (r) => r.code, n: (r) => r.n };
const rows: Row[] = [
  { name: 'Åhuset', code: null, n: 10, id: 1 },
  { name: 'Ærøhjemmet', code: 'B2', n: 9, id: 2 },
  { name: 'aalborg Center', code: '', n: 100, id: 3 },
  { name: 'Birkely', code: 'A10', n: 9, id: 4 },
  { name: 'Østerbo', code: 'A9', n: 2, id: 5 },
];
const names = (rs: Row[]) => rs.map((r) => r.name);

describe('sorting a list by a column', () => {
  test('text in Danish order (æ, ø, å last; aa is å), either way', () => {
    assert.deepEqual(names(sortRows(rows, ORDER, { by: 'name', dir: 'asc' })), ['Birkely', 'Ærøhjemmet', 'Østerbo', 'Åhuset', 'aalborg Center']);
    assert.deepEqual(names(sortRows(rows, ORDER, { by: 'name', dir: 'desc' })), ['aalborg Center', 'Åhuset', 'Østerbo', 'Ærøhjemmet', 'Birkely']);
  });
  test('numbers as numbers (9 before 10 before 100), ties by the tie-breakers, always rising', () => {
    assert.deepEqual(names(sortRows(rows, ORDER, { by: 'n', dir: 'asc' }, (r) => r.name)), ['Østerbo', 'Birkely', 'Ærøhjemmet', 'Åhuset', 'aalborg Center']);
    assert.deepEqual(names(sortRows(rows, ORDER, { by: 'n', dir: 'desc' }, (r) => r.name)), ['aalborg Center', 'Åhuset', 'Birkely', 'Ærøhjemmet', 'Østerbo']);
  });
  test('an empty value (no code) last whichever way; codes with numbers in natural order', () => {
    assert.deepEqual(names(sortRows(rows, ORDER, { by: 'code', dir: 'asc' }, (r) => r.id)), ['Østerbo', 'Birkely', 'Ærøhjemmet', 'Åhuset', 'aalborg Center']);
    assert.deepEqual(names(sortRows(rows, ORDER, { by: 'code', dir: 'desc' }, (r) => r.id)), ['Ærøhjemmet', 'Birkely', 'Østerbo', 'Åhuset', 'aalborg Center']);
  });
  test('the list given is left as it was', () => {
    const before = names(rows);
    sortRows(rows, ORDER, { by: 'name', dir: 'desc' });
    assert.deepEqual(names(rows), before);
  });
});
