// Each file stays in its process: the window never reaches Node, only the Electron shell imports electron, and the
// shared schemas run anywhere.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, test } from 'node:test';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return /\.(ts|tsx|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of src.matchAll(/(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** The shell's files: those the lint rule lets import electron (biome.json's exceptions to its electron/** rule). */
const ELECTRON_SHELL = new Set(
  (JSON.parse(fs.readFileSync('biome.json', 'utf8')) as { overrides: { includes: string[] }[] }).overrides
    .find((o) => o.includes[0] === 'electron/**')!
    .includes.filter((p) => p.startsWith('!'))
    .map((p) => p.slice(1)),
);

describe('process boundaries', () => {
  test('the window (renderer/src) imports no Node module, no electron, and nothing from db/, backend/ or electron/', () => {
    const bad: string[] = [];
    for (const f of files('renderer/src')) {
      for (const spec of imports(f)) {
        if (NODE_BUILTINS.has(spec) || spec === 'electron' || spec === 'better-sqlite3') bad.push(`${f}: ${spec}`);
        if (spec.startsWith('.') && /(^|\/)(db|backend|electron)\//.test(path.relative('.', path.resolve(path.dirname(f), spec)))) {
          bad.push(`${f}: ${spec}`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  test('only the Electron shell imports electron', () => {
    const bad: string[] = [];
    for (const dir of ['schemas', 'db', 'backend', 'electron', 'renderer', 'bin', 'bench']) {
      if (!fs.existsSync(dir)) continue;
      for (const f of files(dir)) {
        if (imports(f).includes('electron') && !ELECTRON_SHELL.has(f.split(path.sep).join('/'))) bad.push(f);
      }
    }
    assert.deepEqual(bad, []);
  });

  test('the shared schemas import no Node module, so they run in the window too', () => {
    const bad = files('schemas').flatMap((f) =>
      imports(f)
        .filter((s) => NODE_BUILTINS.has(s))
        .map((s) => `${f}: ${s}`),
    );
    assert.deepEqual(bad, []);
  });

  test("the shell's decisions (policy.ts) import no electron, so tests check them without the binary", () => {
    assert.ok(!imports('electron/policy.ts').includes('electron'));
  });
});

describe('db/ owns every table', () => {
  const tables = [...new Set(files('db/migrations').flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]!)))];
  /** Where SQL on a table may stand outside db/: nowhere. */
  const NOT_YET_MOVED: Record<string, string[]> = {};

  test('no SQL outside db/ reads or writes a table', () => {
    assert.ok(tables.includes('sei_export') && tables.includes('ydelse'), `tables found in the migrations: ${tables.join(', ')}`);
    const found: Record<string, string[]> = {};
    for (const dir of ['backend', 'electron', 'renderer', 'schemas']) {
      for (const f of files(dir)) {
        const src = fs.readFileSync(f, 'utf8');
        const hits = tables.filter((t) => new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+${t}\\b`).test(src)).sort();
        if (hits.length) found[f.split(path.sep).join('/')] = hits;
      }
    }
    assert.deepEqual(found, NOT_YET_MOVED);
  });
});
