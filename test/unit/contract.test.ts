import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CALL_NAMES, contract } from '../../schemas/api.ts';
import { dispatch } from '../../electron/api/dispatch.ts';
import { startBackend } from '../../electron/backend.ts';
import { handledChannels } from '../../electron/shell/policy.ts';
import { tmpDbPath } from '../helpers.ts';

/** For each call: an argument that must be refused by the contract. */
const INVALID_ARGS: Record<string, unknown[]> = {
  'app.info': [{ extra: 1 }, 'tekst'],
  'places.list': [{ search: 5 }, { includeInactive: 'ja' }, { unknownField: true }],
  'places.get': [{}, { id: 'en' }, { id: -1 }, { id: 1.5 }],
  'places.create': [{}, { place: { name: 'Kun navn' } }, { place: null }],
  'places.update': [{ id: 1 }, { place: {} }, { id: 'x', place: {} }],
  'places.setActive': [{ id: 1 }, { id: 1, active: 'nej' }],
  'places.history': [{}, { id: 0 }],
};

describe('the API contract', () => {
  const backend = startBackend(tmpDbPath(), 'browser', 'test');

  test('every call of the contract has a handler, and there are no others', () => {
    assert.deepEqual(Object.keys(backend.handlers).sort(), [...CALL_NAMES].sort());
    for (const name of CALL_NAMES) assert.equal(typeof backend.handlers[name], 'function', name);
  });

  test('every call has a Danish summary, an argument schema and a result schema', () => {
    for (const name of CALL_NAMES) {
      const c = contract[name];
      assert.ok(c.summary.length > 10, name);
      assert.ok(c.args && c.result, name);
    }
  });

  test('the Electron shell handles exactly one channel per call', () => {
    assert.deepEqual(handledChannels(), CALL_NAMES.map((n) => `api:${n}`));
  });

  test('every call refuses an invalid argument before its handler runs', async () => {
    assert.deepEqual(Object.keys(INVALID_ARGS).sort(), [...CALL_NAMES].sort(), 'every call has invalid examples');
    for (const [name, examples] of Object.entries(INVALID_ARGS)) {
      for (const args of examples) {
        const env = await dispatch(backend.handlers, name, args, () => {});
        assert.equal(env.ok, false, `${name} ${JSON.stringify(args)}`);
        if (!env.ok) assert.ok(env.error.message.length > 0);
      }
    }
    const created = await dispatch(backend.handlers, 'places.list', {}, () => {});
    assert.deepEqual(created, { ok: true, result: [] }, 'nothing was created by the invalid calls');
  });

  test('every result conforms to its schema', async () => {
    const create = await dispatch(backend.handlers, 'places.create', {
      place: { name: 'Plejehjemmet Lærkehøj', type: 'plejehjem', owner: 'kommunal', code: null },
    });
    assert.ok(create.ok);
    const id = (create.result as { id: number }).id;
    const samples: Record<string, unknown> = {
      'app.info': {},
      'places.list': {},
      'places.get': { id },
      'places.create': { place: { name: 'Klinik', type: 'fysioterapiklinik', owner: 'privat_med_aftale', code: { type: 'YDER', value: '1' } } },
      'places.update': { id, place: { name: 'Lærkehøj', type: 'plejehjem', owner: 'kommunal' } },
      'places.setActive': { id, active: false },
      'places.history': { id },
    };
    for (const name of CALL_NAMES) {
      const env = await dispatch(backend.handlers, name, samples[name]);
      assert.ok(env.ok, `${name}: ${JSON.stringify(env)}`);
      const parsed = contract[name].result.safeParse(env.result);
      assert.ok(parsed.success, `${name} result matches its schema`);
    }
  });

  test('an unknown call is refused with a message', async () => {
    const env = await dispatch(backend.handlers, 'fs.readFile', {}, () => {});
    assert.deepEqual(env, { ok: false, error: { message: 'Ukendt kald: fs.readFile', fields: [] } });
    const proto = await dispatch(backend.handlers, '__proto__', {}, () => {});
    assert.equal(proto.ok, false);
  });

  test('an unexpected fault is logged without the argument and answered with a Danish message', async () => {
    const logged: string[] = [];
    const broken = { ...backend.handlers, 'places.list': () => { throw new Error('disk full'); } };
    const env = await dispatch(broken, 'places.list', { search: '0101902001' }, (m) => logged.push(m));
    assert.equal(env.ok, false);
    if (!env.ok) assert.match(env.error.message, /uventet fejl. Intet er gemt/);
    assert.equal(logged.length, 1);
    assert.doesNotMatch(logged[0]!, /0101902001/, 'the argument (which may hold a CPR number) is not logged');
  });
});
