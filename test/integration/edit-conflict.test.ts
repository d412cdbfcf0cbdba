// Two users edit the same record (two windows on one database, each its own connection and login): the second save is
// refused with a Danish message naming who changed it and when, nothing is overwritten, and her own next save, based
// on the new version, goes through.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dispatch } from '../../backend/api/dispatch.ts';
import { startBackend } from '../../backend/start.ts';
import { placeInput, tmpDbPath } from '../helpers.ts';

type Ok<T> = { ok: true; result: T };
type Failed = { ok: false; error: { message: string; fields: { field: string }[] } };

describe('two users editing the same record', () => {
  test('forløb, ydelse and place: the later save is refused, naming who changed it; nothing is overwritten', async () => {
    const file = tmpDbPath();
    const anne = startBackend(file, 'browser', 'anne');
    const lars = startBackend(file, 'browser', 'lars');
    const call = async <T>(who: typeof anne, name: string, args: unknown) => (await dispatch(who.handlers, name as never, args)) as Ok<T> | Failed;
    const ok = async <T>(who: typeof anne, name: string, args: unknown) => {
      const r = await call<T>(who, name, args);
      assert.ok(r.ok, `${name}: ${(r as Failed).error?.message}`);
      return r.result;
    };
    try {
      const place = await ok<{ id: number; updatedAt: string }>(anne, 'places.create', { place: placeInput() });
      const f = await ok<{ id: number; updatedAt: string }>(anne, 'forloeb.create', {
        forloeb: { cpr: '0101902001', gopType: 'almen_basal', dischargeDate: '2026-11-01' },
      });
      const [y] = await ok<{ id: number; updatedAt: string }[]>(anne, 'ydelser.create', {
        forloebId: f.id,
        dates: ['2026-11-03'],
        ydelseskode: 'BLNB1',
        placeId: place.id,
      });

      // both open the forløb; Lars saves first
      const seenByAnne = await ok<{ updatedAt: string }>(anne, 'forloeb.get', { id: f.id });
      const seenByLars = await ok<{ updatedAt: string }>(lars, 'forloeb.get', { id: f.id });
      await new Promise((r) => setTimeout(r, 5));
      await ok(lars, 'forloeb.update', {
        id: f.id,
        forloeb: { cpr: '0101902001', gopType: 'specialiseret', dischargeDate: '2026-11-01' },
        basedOn: seenByLars.updatedAt,
      });
      const refused = await call(anne, 'forloeb.update', {
        id: f.id,
        forloeb: { cpr: '0101902001', gopType: 'almen_avanceret', dischargeDate: '2026-11-01', citizenName: 'Anne skrev dette' },
        basedOn: seenByAnne.updatedAt,
      });
      assert.equal(refused.ok, false);
      assert.match(
        (refused as Failed).error.message,
        /^Forløbet er ændret af lars \d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d, efter du åbnede det\. Dine ændringer er ikke gemt/,
      );
      const now = await ok<{ gopType: string; citizenName: string; updatedAt: string }>(anne, 'forloeb.get', { id: f.id });
      assert.equal(now.gopType, 'specialiseret', 'Lars’s change stands');
      assert.equal(now.citizenName, '', 'and nothing of Anne’s was written');
      const history = await ok<unknown[]>(anne, 'forloeb.history', { id: f.id });
      assert.equal(history.length, 2, 'created and Lars’s change: no third entry');
      // on the new version her save goes through
      await ok(anne, 'forloeb.update', {
        id: f.id,
        forloeb: { cpr: '0101902001', gopType: 'almen_avanceret', dischargeDate: '2026-11-01' },
        basedOn: now.updatedAt,
      });

      // the same for a ydelse and a place
      await new Promise((r) => setTimeout(r, 5));
      await ok(lars, 'ydelser.update', { id: y!.id, ydelse: { dato: '2026-11-04', ydelseskode: 'BLNB1', placeId: place.id }, basedOn: y!.updatedAt });
      const y2 = await call(anne, 'ydelser.update', {
        id: y!.id,
        ydelse: { dato: '2026-11-05', ydelseskode: 'BLNB1', placeId: place.id },
        basedOn: y!.updatedAt,
      });
      assert.match((y2 as Failed).error.message, /^Ydelsen er ændret af lars .*, efter du åbnede den\./);
      assert.equal((await ok<{ dato: string }>(anne, 'ydelser.get', { id: y!.id })).dato, '2026-11-04');

      await new Promise((r) => setTimeout(r, 5));
      await ok(lars, 'places.update', { id: place.id, place: placeInput({ phone: '11 22 33 44' }), basedOn: place.updatedAt });
      const p2 = await call(anne, 'places.update', { id: place.id, place: placeInput({ email: 'ny@example.dk' }), basedOn: place.updatedAt });
      assert.match((p2 as Failed).error.message, /^Stedet er ændret af lars .*, efter du åbnede det\./);
      assert.equal((await ok<{ phone: string; email: string }>(anne, 'places.get', { id: place.id })).email, 'nord@example.dk');
    } finally {
      anne.db.close();
      lars.db.close();
    }
  });
});
