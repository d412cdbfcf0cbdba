// The packaging configuration is checked with electron-builder's own validator (its JSON schema), without building.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

const require = createRequire(import.meta.url);
const builderLib = require.resolve('app-builder-lib/out/util/config/config.js', {
  paths: [require.resolve('electron-builder')],
});
const { validateConfiguration } = require(builderLib) as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const yaml = require(require.resolve('js-yaml', { paths: [builderLib] })) as { load(s: string): unknown };

interface BuilderConfig {
  productName: string;
  asarUnpack: string[];
  win: { target: { target: string }[] };
  mac: { target: { target: string }[] };
  linux: { target: string[] };
  electronFuses: Record<string, boolean>;
  files: string[];
}

const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

describe('packaging (electron-builder.yml)', () => {
  test('is valid for electron-builder', async () => {
    await assert.doesNotReject(validateConfiguration(config, { isEnabled: false, add() {} }));
  });

  test('names the product and builds NSIS, dmg, AppImage and deb', () => {
    assert.equal(config.productName, 'SEI Genoptræning');
    assert.deepEqual(
      config.win.target.map((t) => t.target),
      ['nsis'],
    );
    assert.deepEqual(
      config.mac.target.map((t) => t.target),
      ['dmg'],
    );
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  });

  test('unpacks the native SQLite module from asar and ships the built app', () => {
    assert.ok(config.asarUnpack.includes('**/*.node'));
    assert.ok(config.asarUnpack.some((p) => p.includes('better-sqlite3')));
    assert.ok(config.files.includes('dist/**/*'));
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { main: string; dependencies: Record<string, string> };
    assert.match(pkg.main, /^dist\/electron\/main\.cjs$/);
    assert.ok(pkg.dependencies['better-sqlite3'], 'better-sqlite3 is a production dependency, so it is packed');
  });

  test('the fuses turn off running as plain Node and Node options from the environment', () => {
    assert.equal(config.electronFuses.runAsNode, false);
    assert.equal(config.electronFuses.enableNodeOptionsEnvironmentVariable, false);
    assert.equal(config.electronFuses.enableNodeCliInspectArguments, false);
    assert.equal(config.electronFuses.onlyLoadAppFromAsar, true);
  });
});
