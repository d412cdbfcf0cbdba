import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { after, before } from 'node:test';
import type { DB } from '../../db/open.ts';
import { createPlace, getPlace, listPlaces, placeHistory, setPlaceActive, updatePlace } from '../../db/places.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { UserError } from '../../schemas/errors.ts';
import { placeInput, sorCode } from '../helpers.ts';
import { STORES } from '../stores.ts';

let fresh: () => DB;
const parse = (over = {}) => PlaceInput.parse(placeInput(over));

for (const store of STORES)
  describe(`places in the database (${store.name})`, { skip: store.skip }, () => {
    before(async () => {
      await store.start();
      fresh = store.fresh;
    });
    after(() => store.stop());

    test('create stores every field, normalised', () => {
      const db = fresh();
      const p = createPlace(db, parse({ code: { type: 'YDER', value: '24015' }, phone: '+45 87130000' }), 'anna');
      assert.equal(p.code?.value, '024015');
      assert.equal(p.phone, '87 13 00 00');
      assert.equal(p.active, true);
      assert.deepEqual(getPlace(db, p.id), p);
    });

    test('edit changes the place and writes who changed what', () => {
      const db = fresh();
      const p = createPlace(db, parse(), 'anna');
      const q = updatePlace(db, p.id, parse({ name: 'Genoptræning Syd', city: 'Aarhus' }), 'bo');
      assert.equal(q.name, 'Genoptræning Syd');
      const h = placeHistory(db, p.id);
      assert.equal(h.length, 2);
      assert.equal(h[0]!.action, 'Rettet');
      assert.equal(h[0]!.actor, 'bo');
      assert.deepEqual(
        h[0]!.changes.map((c) => [c.field, c.before, c.after]),
        [
          ['Navn', 'Genoptræningscenter Nord', 'Genoptræning Syd'],
          ['By', 'Aarhus C', 'Aarhus'],
        ],
      );
      assert.equal(h[1]!.action, 'Oprettet');
      assert.equal(h[1]!.actor, 'anna');
    });

    test('saving without changes writes no history', () => {
      const db = fresh();
      const p = createPlace(db, parse(), 'anna');
      updatePlace(db, p.id, parse(), 'anna');
      assert.equal(placeHistory(db, p.id).length, 1);
    });

    test('deactivate hides the place from the list, keeps it, and it can be reactivated', () => {
      const db = fresh();
      const p = createPlace(db, parse(), 'anna');
      const off = setPlaceActive(db, p.id, false, 'anna');
      assert.equal(off.active, false);
      assert.ok(off.deactivatedAt);
      assert.deepEqual(listPlaces(db), []);
      assert.equal(listPlaces(db, { includeInactive: true }).length, 1);
      const on = setPlaceActive(db, p.id, true, 'anna');
      assert.equal(on.active, true);
      assert.equal(on.deactivatedAt, null);
      assert.deepEqual(
        placeHistory(db, p.id).map((h) => h.action),
        ['Genaktiveret', 'Deaktiveret', 'Oprettet'],
      );
    });

    test('two active places cannot share a code; a deactivated one can (reused ydernummer)', () => {
      const db = fresh();
      const a = createPlace(db, parse({ name: 'Klinik A', code: { type: 'YDER', value: '24015' } }), 'x');
      assert.throws(
        () => createPlace(db, parse({ name: 'Klinik B', code: { type: 'YDER', value: '024015' } }), 'x'),
        (e: unknown) => e instanceof UserError && /bruges allerede af det aktive sted "Klinik A"/.test(e.message),
      );
      assert.equal(listPlaces(db, { includeInactive: true }).length, 1, 'nothing was written');
      setPlaceActive(db, a.id, false, 'x');
      const b = createPlace(db, parse({ name: 'Klinik B', code: { type: 'YDER', value: '24015' } }), 'x');
      assert.throws(() => setPlaceActive(db, a.id, true, 'x'), /bruges allerede af det aktive sted "Klinik B"/);
      assert.equal(getPlace(db, a.id).active, false);
      assert.equal(b.active, true);
    });

    test('Danish-aware search: æ, ø, å in any case, aa = å, several words', () => {
      const db = fresh();
      const names = ['Ærøskøbing Plejecenter', 'Østergården', 'Århus Genoptræning', 'Åbenrå Klinik', 'Zeus Fysioterapi', 'Ebeltoft Sundhedshus'];
      names.forEach((name, i) => createPlace(db, parse({ name, city: 'By', code: { type: 'SOR', value: sorCode(100 + i) } }), 'x'));
      const find = (s: string) => listPlaces(db, { search: s }).map((p) => p.name);
      assert.deepEqual(find('ærø'), ['Ærøskøbing Plejecenter']);
      assert.deepEqual(find('ØSTER'), ['Østergården']);
      assert.deepEqual(find('aarhus'), ['Århus Genoptræning'], 'aa finds å');
      assert.deepEqual(find('åben'), ['Åbenrå Klinik']);
      assert.deepEqual(find('genoptræning århus'), ['Århus Genoptræning'], 'words in any order');
      assert.deepEqual(find(sorCode(104)), ['Zeus Fysioterapi'], 'search by code');
      assert.deepEqual(find('%'), [], 'LIKE wildcards are literal');
      assert.deepEqual(
        listPlaces(db).map((p) => p.name),
        ['Ebeltoft Sundhedshus', 'Zeus Fysioterapi', 'Ærøskøbing Plejecenter', 'Østergården', 'Åbenrå Klinik', 'Århus Genoptræning'],
        'Danish alphabetical order: æ, ø, å after z',
      );
    });

    test('an unknown id gives a Danish message', () => {
      assert.throws(() => getPlace(fresh(), 999), /Stedet med id 999 findes ikke/);
    });
  });

describe('place input validation', () => {
  const issues = (over: object) => {
    const r = PlaceInput.safeParse(placeInput(over));
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  test('a valid place has no problems', () => assert.deepEqual(issues({}), []));
  test('each problem is named by field, in Danish', () => {
    assert.deepEqual(issues({ name: '  ' }), ['name: Navn skal udfyldes.']);
    assert.deepEqual(issues({ postalCode: '80000' }), ['postalCode: Postnummeret må højst have 4 tegn.']);
    assert.deepEqual(issues({ postalCode: '80a0' }), ['postalCode: Postnummeret skal have 4 cifre.']);
    assert.deepEqual(issues({ phone: '1234' }), ['phone: Telefonnummeret skal have 8 cifre (evt. med +45 foran).']);
    assert.deepEqual(issues({ email: 'nord@' }), ['email: E-mailadressen er ikke gyldig (fx navn@kommune.dk).']);
    assert.deepEqual(issues({ type: 'andet' }), ['typeOther: Beskriv typen, når den er "Andet".']);
    assert.match(issues({ code: { type: 'SOR', value: '8341000016003' } })[0]!, /^code\.value: .*forkert kontrolciffer/);
    assert.match(issues({ code: { type: 'YDER', value: '8341000016002' } })[0]!, /^code\.value: .*højst 6 cifre/);
    assert.match(issues({ owner: 'privat' })[0]!, /^owner: Angiv ejerforhold/);
  });
  test('"no code yet" is allowed', () => assert.deepEqual(issues({ code: null }), []));
});
