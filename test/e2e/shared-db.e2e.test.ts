// The window on a kommune's shared (PostgreSQL) database, in Chromium: it says which database and as whom, and a
// therapist is not offered what the server would refuse her (export, marking a month submitted, the settings), while
// an administrator is.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { main } from '../../backend/cli/main.ts';
import { ydelseCsv } from '../../bench/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS, chromiumSkipReason, openApp, startBrowserMode, tmpDir } from '../helpers.ts';
import { type Cluster, pgSkipReason, startCluster } from '../pg-cluster.ts';

const skip = chromiumSkipReason() || pgSkipReason() || false;

describe('the window on the shared database', { skip }, () => {
  let cluster: Cluster;
  let browser: Browser;
  const io = { out: () => {}, err: (s: string) => void process.stderr.write(s), env: process.env };

  before(async () => {
    cluster = await startCluster();
    process.env.PGPASSFILE = cluster.pgpass;
    cluster.psql('postgres', 'CREATE DATABASE genoptraening');
    assert.equal(await main(['db', 'init', cluster.url('genoptraening')], io), 0);
    for (const [user, role] of [
      ['anne', 'sei_terapeut'],
      ['lars', 'sei_administrator'],
    ]) {
      cluster.psql('postgres', `CREATE ROLE ${user} LOGIN PASSWORD 'pw-${user}' IN ROLE ${role}`);
      cluster.addPassword(user!, `pw-${user}`);
    }
    const csv = path.join(tmpDir(), 'ydelser.csv');
    fs.writeFileSync(csv, ydelseCsv(200, 2, 1));
    assert.equal(await main(['--db', cluster.url('genoptraening', 'anne'), 'import-ydelser', csv], io), 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    cluster?.stop();
    delete process.env.PGPASSFILE;
  });

  for (const [user, role] of [
    ['anne', 'terapeut'],
    ['lars', 'administrator'],
  ] as const) {
    test(`${user} (${role}) sees the database, the login and its role, and ${role === 'terapeut' ? 'not' : 'also'} the administrator’s actions`, async () => {
      const srv = await startBrowserMode(cluster.url('genoptraening', user));
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        await openApp(page, srv.url);
        const panel = page.locator('section[aria-labelledby=database-titel]');
        await panel.waitFor();
        assert.match(
          await panel.innerText(),
          new RegExp(`Kommunens fælles database: postgres://${user}@127\\.0\\.0\\.1:\\d+/genoptraening, som brugeren ${user} med rollen ${role}`),
        );
        assert.equal(await page.getByRole('heading', { name: 'Sikkerhedskopier' }).count(), 0, 'backups are the server’s');
        const note = page.getByText('Du er terapeut i kommunens fælles database');
        const save = page.getByRole('button', { name: 'Gem indstillinger' });
        await page
          .getByRole('button', { name: /^Eksportér/ })
          .first()
          .click();
        const make = page.getByRole('button', { name: /^Dan SEI-fil med/ });
        if (role === 'terapeut') {
          assert.equal(await note.count(), 1);
          assert.equal(await save.isDisabled(), true);
          assert.equal(await make.isDisabled(), true);
          assert.equal(await make.getAttribute('title'), 'Kræver rollen administrator i kommunens fælles database.');
        } else {
          assert.equal(await note.count(), 0);
          assert.equal(await save.isDisabled(), false);
          assert.equal(await make.isDisabled(), false);
        }
      } finally {
        await page.close();
        srv.stop();
      }
    });
  }
});
