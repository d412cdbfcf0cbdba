// The table behind the CSV import's "ekstern_id … står også i linje N": each string's first value is kept, however
// many strings there are and however the table grew.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FirstSeen } from '../../backend/services/first-seen.ts';

test('the first line of every id is answered again, through growth from the smallest table to 200,000 ids', () => {
  const seen = new FirstSeen(1);
  for (let i = 0; i < 200_000; i++) assert.equal(seen.firstOrAdd(`K-${i}`, i + 2), undefined);
  assert.equal(seen.size, 200_000);
  for (let i = 0; i < 200_000; i += 997) assert.equal(seen.firstOrAdd(`K-${i}`, 999_999), i + 2, `K-${i}`);
  assert.equal(seen.size, 200_000, 'a repeated id is not added again');
});

test('ids that differ only in case, accents or length are different ids', () => {
  const seen = new FirstSeen();
  const ids = ['abc', 'ABC', 'åbc', 'abc ', 'ab', '', 'Ærø-7', 'ærø-7'];
  ids.forEach((id, i) => assert.equal(seen.firstOrAdd(id, i), undefined, id));
  ids.forEach((id, i) => assert.equal(seen.firstOrAdd(id, 100), i, id));
});
