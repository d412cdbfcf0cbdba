// Danish counts and lists: one way, everywhere.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { count, listDa } from '../../schemas/danish.ts';

describe('Danish counts and lists', () => {
  test('a count takes the singular for exactly one, the plural for 0 and more, with Danish thousands', () => {
    assert.deepEqual(
      [0, 1, 2, 1234].map((n) => count(n, 'ydelse', 'ydelser')),
      ['0 ydelser', '1 ydelse', '2 ydelser', '1.234 ydelser'],
    );
    assert.deepEqual(
      [0, 1, 2].map((n) => count(n, 'nyt fund', 'nye fund')),
      ['0 nye fund', '1 nyt fund', '2 nye fund'],
    );
  });
  test('a list is joined with commas and "og" (or "eller")', () => {
    assert.equal(listDa([]), '');
    assert.equal(listDa(['postadresse']), 'postadresse');
    assert.equal(listDa(['postadresse', 'e-mail']), 'postadresse og e-mail');
    assert.equal(listDa(['postadresse', 'e-mail', 'hjemmeside']), 'postadresse, e-mail og hjemmeside');
    assert.equal(listDa(['SOR', 'SHAK', 'YDER'], 'eller'), 'SOR, SHAK eller YDER');
  });
});
