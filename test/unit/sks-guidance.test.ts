// The registration guidance a therapist sees on a forløb: what it warns about, and that it names its source.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GUIDANCE_SOURCE, registrationGuidance, type RegisteredYdelse } from '../../schemas/sks-guidance.ts';

const y = (dato: string, ydelseskode: string, over: Partial<RegisteredYdelse> = {}): RegisteredYdelse => ({
  dato,
  ydelseskode,
  tillaegskoder: [],
  hjemme: false,
  ...over,
});

describe('SKS registration guidance', () => {
  test('three codes a day and training at a place: nothing to say', () => {
    assert.deepEqual(registrationGuidance([y('2026-11-23', 'BLNB1'), y('2026-11-23', 'BLNB2'), y('2026-11-23', 'BLNB3'), y('2026-11-24', 'BLNB1')]), []);
  });
  test('a fourth ydelseskode on a day is warned about, with the day and the count; the same code twice counts once', () => {
    const g = registrationGuidance([
      y('2026-11-24', 'BLNB1'),
      y('2026-11-24', 'BLNB2'),
      y('2026-11-24', 'BLNB3'),
      y('2026-11-24', 'BLNB4'),
      y('2026-11-23', 'BLNB1'),
      y('2026-11-23', 'BLNB1'),
    ]);
    assert.equal(g.length, 1);
    assert.match(g[0]!.message, /^Mere end 3 ydelseskoder samme dag \(tir 24\.11\.2026: 4\)\. En session registreres med de 2–3 ydelseskoder/);
    assert.equal(g[0]!.source, GUIDANCE_SOURCE);
  });
  test('training at home without a tillægskode: counted, in Danish plural', () => {
    const one = registrationGuidance([y('2026-11-23', 'BLNB1', { hjemme: true }), y('2026-11-24', 'BLNB1', { hjemme: true, tillaegskoder: ['ZPW00900'] })]);
    assert.match(one[0]!.message, /^1 ydelse i borgerens hjem er registreret uden tillægskode/);
    const two = registrationGuidance([y('2026-11-23', 'BLNB1', { hjemme: true }), y('2026-11-24', 'BLNB1', { hjemme: true })]);
    assert.match(two[0]!.message, /^2 ydelser i borgerens hjem/);
  });
});
