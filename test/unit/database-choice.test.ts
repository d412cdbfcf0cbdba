// The desktop keeps the user's choice of a shared database: the address, and the password only encrypted by the OS
// keychain (Electron's safeStorage, here a stand-in that reverses and marks it), in a file readable by the user only.
// Where the system has no keychain, no password is kept at all.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { type Keychain, readDatabaseChoice, saveDatabaseChoice } from '../../electron/database-choice.ts';
import { tmpDir } from '../helpers.ts';

const keychain = (available = true): Keychain => ({
  isEncryptionAvailable: () => available,
  encryptString: (p) => Buffer.concat([Buffer.from('K:'), Buffer.from(p).reverse()]),
  decryptString: (b) => Buffer.from(b.subarray(2)).reverse().toString(),
});

describe('the desktop’s choice of database', () => {
  test('kept with the password encrypted, readable by the user only, and read back', () => {
    const dir = tmpDir();
    saveDatabaseChoice(dir, keychain(), 'postgres://anne@server/genoptraening', 'hemmelig-kode');
    const file = path.join(dir, 'database.json');
    const text = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /hemmelig-kode/, 'no password in clear');
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readDatabaseChoice(dir, keychain()), { url: 'postgres://anne@server/genoptraening', password: 'hemmelig-kode' });
    saveDatabaseChoice(dir, keychain(), null, undefined);
    assert.equal(readDatabaseChoice(dir, keychain()), null, 'back to this computer’s file');
  });

  test('without a keychain the password is not kept (it comes from .pgpass)', () => {
    const dir = tmpDir();
    saveDatabaseChoice(dir, keychain(false), 'postgres://anne@server/genoptraening', 'hemmelig-kode');
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'database.json'), 'utf8'), /hemmelig-kode|edok/);
    assert.deepEqual(readDatabaseChoice(dir, keychain(false)), { url: 'postgres://anne@server/genoptraening', password: undefined });
  });
});
