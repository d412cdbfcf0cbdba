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

describe('a date as a person writes it', () => {
  test('24.11.2026, 24.11, 24-11-2026, 2026-11-24, i dag and i går; nonsense is not a date', async () => {
    const { parseDateInput } = await import('../../renderer/src/components/DateField.tsx');
    const today = '2026-11-30';
    for (const t of ['24.11.2026', '24.11', '24-11-2026', '2026-11-24', ' 24.11.26 ']) assert.equal(parseDateInput(t, today), '2026-11-24', t);
    assert.equal(parseDateInput('i dag', today), '2026-11-30');
    assert.equal(parseDateInput('I går', today), '2026-11-29');
    for (const t of ['31.11.2026', 'mandag', '11/24/2026']) assert.equal(parseDateInput(t, today), null, t);
  });
});
