// The layer rules of biome.json fire: a file planted in a copy of the tree that crosses a layer is refused with the
// rule's Danish message, and the same file without the crossing passes. (npm test runs the linter on the real tree
// first; this checks that the rules it runs are not silently off.)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { tmpDir } from '../helpers.ts';

const BIOME = path.resolve('node_modules/.bin/biome');

function lint(files: Record<string, string>): { code: number | null; out: string } {
  const dir = tmpDir('sei-lint-');
  fs.writeFileSync(
    path.join(dir, 'biome.json'),
    fs.readFileSync('biome.json', 'utf8').replace('"$schema": "./node_modules/@biomejs/biome/configuration_schema.json",', ''),
  );
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  const r = spawnSync(BIOME, ['lint', '--vcs-enabled=false', '.'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

const DB = { 'db/open.ts': 'export const openDatabase = 1;\n' };

describe('the linter enforces the layers', () => {
  test('the window may not reach db/ or Node', () => {
    const bad = lint({ ...DB, 'renderer/src/side.ts': "import { openDatabase } from '../../db/open.ts';\nexport const x = openDatabase;\n" });
    assert.notEqual(bad.code, 0);
    assert.match(bad.out, /Vinduet må kun importere fra renderer\/ og schemas\//);
    const server = lint({ 'renderer/src/side.ts': "import pg from 'pg';\nexport const x = pg;\n" });
    assert.match(server.out, /Vinduet når aldrig databasen/, 'nor the PostgreSQL driver');
    const node = lint({ 'renderer/src/side.ts': "import fs from 'node:fs';\nexport const x = fs;\n" });
    assert.match(node.out, /Node-moduler hører ikke til i dette lag/);
    assert.equal(lint({ 'renderer/src/side.ts': 'export const x = 1;\n' }).code, 0);
  });

  test('backend/ may not import electron or the shell, a service not the bridge; db/ may not import a service', () => {
    const svc = lint({ 'backend/services/side.ts': "import { app } from 'electron';\nexport const x = app;\n" });
    assert.match(svc.out, /Kun skallen \(electron\/main, preload, menu\) importerer electron/);
    const shell = lint({
      'electron/policy.ts': 'export const p = 1;\n',
      'backend/cli/side.ts': "import { p } from '../../electron/policy.ts';\nexport const x = p;\n",
    });
    assert.match(shell.out, /backend\/ er ren Node-kode: den kender ikke Electron-skallen/);
    const bridge = lint({
      'backend/server/b.ts': 'export const b = 1;\n',
      'backend/services/side.ts': "import { b } from '../server/b.ts';\nexport const x = b;\n",
    });
    assert.match(bridge.out, /Tjenester og API afhænger ikke af bro eller kommandolinje/);
    const db = lint({
      'backend/services/s.ts': 'export const s = 1;\n',
      'db/side.ts': "import { s } from '../backend/services/s.ts';\nexport const x = s;\n",
    });
    assert.match(db.out, /db\/ kender kun schemas\//);
  });

  test('an import cycle is refused', () => {
    const r = lint({
      'schemas/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'schemas/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    });
    assert.notEqual(r.code, 0);
    assert.match(r.out, /noImportCycles/);
  });
});
