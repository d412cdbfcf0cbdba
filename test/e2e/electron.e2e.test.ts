/// <reference lib="dom" />
// End to end in real Electron, where its binary exists. Electron 42 and later fetch the binary on first use, not at
// install, and this machine cannot reach Electron's download host: here the test is skipped and says why.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { tmpDbPath } from '../helpers.ts';

function electronBinary(): string | null {
  const dir = path.resolve('node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, fs.readFileSync(pathFile, 'utf8'))
    : path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8'));
  return fs.existsSync(bin) ? bin : null;
}

type Api = { call(name: string, args: unknown): Promise<unknown> };

const binary = electronBinary();
const skip = !binary
  ? 'Electron-binæren er ikke hentet (Electron henter den ved første brug, og denne maskine kan ikke nå dens server)'
  : process.platform === 'linux' && !process.env.DISPLAY
    ? 'Ingen skærm (DISPLAY); kør under xvfb-run'
    : !fs.existsSync('dist/electron/main.cjs')
      ? 'Skallen er ikke bygget; kør npm run build'
      : false;

describe('the desktop app in Electron', { skip }, () => {
  let app: ElectronApplication;
  let win: Page;
  before(async () => {
    app = await _electron.launch({ executablePath: binary!, args: ['.', '--db', tmpDbPath()] });
    win = await app.firstWindow();
    await win.getByRole('heading', { name: 'Steder' }).waitFor();
  });
  after(async () => {
    await app?.close();
  });

  test('the window is served from app:// with no Node in it, and talks through window.api', async () => {
    assert.match(win.url(), /^app:\/\/sei\//);
    assert.equal(await win.title(), 'SEI Genoptræning');
    assert.equal(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require), 'undefined');
    assert.equal(await win.evaluate(() => typeof (window as unknown as { process?: unknown }).process), 'undefined');
    const info = (await win.evaluate(() => (window as unknown as { api: Api }).api.call('app.info', {}))) as { ok: boolean; result: { mode: string } };
    assert.equal(info.ok, true);
    assert.equal(info.result.mode, 'electron');
  });

  test('navigation away from the app is refused', async () => {
    await win.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await win.waitForTimeout(500);
    assert.match(win.url(), /^app:\/\/sei\//);
  });

  test('a call outside the contract is refused', async () => {
    const r = (await win.evaluate(() => (window as unknown as { api: Api }).api.call('fs.readFile', {}))) as { ok: boolean };
    assert.equal(r.ok, false);
  });
});
