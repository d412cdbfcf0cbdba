// CPR numbers never leave in a message unmasked: not in the window's error messages, not in the command line's, not in
// an import's list of errors (a CPR number in the wrong column is echoed as a date that is not one).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { maskCpr } from '../../schemas/privacy.ts';
import { UserError } from '../../schemas/errors.ts';
import { dispatch } from '../../backend/api/dispatch.ts';
import { startBackend } from '../../backend/start.ts';
import { tmpDbPath, tmpDir } from '../helpers.ts';

const UNMASKED = /(?<!\d)\d{6}-?\d{4}(?!\d)/;

describe('no CPR number in a message', () => {
  test('a value shaped like a CPR number is shown as its birth date and xxxx; other numbers are left', () => {
    assert.equal(maskCpr('"0101300000" er ikke en gyldig dato'), '"010130-xxxx" er ikke en gyldig dato');
    assert.equal(maskCpr('CPR 010130-0000 og 0202904002.'), 'CPR 010130-xxxx og 020290-xxxx.');
    for (const keep of ['SOR 8341000016002', 'telefon 87130000', 'ydernummer 024015', '2026-11-03', 'linje 1234567']) assert.equal(maskCpr(keep), keep);
  });

  test('the command line: a CPR number in the date column is not echoed', () => {
    const dir = tmpDir();
    const csv = path.join(dir, 'forskudt.csv');
    fs.writeFileSync(csv, 'cpr;dato;ydelseskode;kodetype;institutionskode\n2026-11-03;0101300000;BLNB1;YDER;24015\n');
    const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', 'import-ydelser', csv, '--db', path.join(dir, 'db.sqlite'), '--ny', '--skip-invalid'], {
      encoding: 'utf8',
    });
    const all = r.stdout + r.stderr + fs.readFileSync(path.join(dir, 'forskudt-afviste.csv'), 'utf8').replace(/^0101300000;|;0101300000;/m, ';');
    assert.match(all, /010130-xxxx/, 'the value is named, masked');
    assert.doesNotMatch(r.stdout + r.stderr, UNMASKED);
  });

  test('the window: an error message from the backend and a logged fault are masked', async () => {
    const b = startBackend(tmpDbPath(), 'browser', 'test');
    const logged: string[] = [];
    const broken = {
      ...b.handlers,
      'places.list': () => {
        throw new UserError('Borgeren 0101902001 findes ikke.');
      },
      'places.get': () => {
        throw new Error('uventet: 0101902001');
      },
    };
    const env = await dispatch(broken, 'places.list', {}, (m) => logged.push(m));
    assert.deepEqual(env, { ok: false, error: { message: 'Borgeren 010190-xxxx findes ikke.', fields: [] } });
    await dispatch(broken, 'places.get', { id: 1 }, (m) => logged.push(m));
    assert.equal(logged.length, 1);
    assert.doesNotMatch(logged[0]!, UNMASKED);
    b.close();
  });
});
