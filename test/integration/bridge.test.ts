import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
import { CALL_NAMES } from '../../schemas/api.ts';
import { startBackend, type Backend } from '../../backend/start.ts';
import { startBridge, type Bridge } from '../../backend/server/bridge.ts';
import { placeInput, tmpDbPath, tmpDir } from '../helpers.ts';

let backend: Backend;
let bridge: Bridge;
let origin: string;
let staticDir: string;

before(async () => {
  // the served folder inside a temporary folder of its own, beside a file that must not be served (both removed at exit)
  staticDir = path.join(tmpDir(), 'www');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head><title>x</title></head><body></body></html>');
  fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'hemmelig.txt'), 'må ikke serveres');
  backend = startBackend(tmpDbPath(), 'browser', 'testbruger');
  bridge = await startBridge({ handlers: backend.handlers, files: backend.files, staticDir, port: 0, log: () => {} });
  origin = `http://127.0.0.1:${bridge.port}`;
});
after(async () => {
  await bridge.close();
  backend.close();
});

function post(name: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, 'x-sei-token': bridge.token, ...headers },
    body: JSON.stringify(body),
  });
}

describe('the loopback bridge', () => {
  test('binds 127.0.0.1 only and prints its address', () => {
    assert.match(bridge.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('answers a call from its own origin with the secret', async () => {
    const res = await post('places.create', { place: placeInput() });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { ok: boolean; result: { name: string } };
    assert.equal(body.ok, true);
    assert.equal(body.result.name, 'Genoptræningscenter Nord');
    const list = (await (await post('places.list', {})).json()) as { result: unknown[] };
    assert.equal(list.result.length, 1);
  });

  test('answers POST /api/CALL with JSON for every call of the contract', async () => {
    for (const name of CALL_NAMES) {
      const res = await post(name, {});
      assert.match(res.headers.get('content-type') ?? '', /application\/json/, name);
      const body = (await res.json()) as { ok: boolean };
      assert.equal(typeof body.ok, 'boolean', name);
    }
  });

  test('refuses a foreign origin, and no CORS header lets another page read the answer', async () => {
    const res = await post('places.list', {}, { origin: 'http://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const body = (await res.json()) as { ok: boolean; error: { message: string } };
    assert.equal(body.ok, false);
    assert.match(body.error.message, /kommer ikke fra SEI Genoptrænings eget vindue/);
  });

  test('refuses another local port as origin', async () => {
    const res = await post('places.list', {}, { origin: `http://127.0.0.1:${bridge.port + 1}` });
    assert.equal(res.status, 403);
  });

  test('refuses a call without origin', async () => {
    const res = await fetch(`${origin}/api/places.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sei-token': bridge.token },
      body: '{}',
    });
    assert.equal(res.status, 403);
  });

  test('refuses a missing or wrong secret', async () => {
    const missing = await fetch(`${origin}/api/places.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: '{}',
    });
    assert.equal(missing.status, 403);
    assert.match(((await missing.json()) as { error: { message: string } }).error.message, /mangler programmets nøgle/);
    const wrong = await post('places.list', {}, { 'x-sei-token': 'x'.repeat(bridge.token.length) });
    assert.equal(wrong.status, 403);
  });

  test('refuses a foreign Host header (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: bridge.port, path: '/', method: 'GET', headers: { host: `evil.example:${bridge.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 421);
  });

  test('validates the argument and names the field in Danish', async () => {
    const res = await post('places.create', { place: placeInput({ code: { type: 'SOR', value: '8341000016003' } }) });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { ok: false; error: { message: string; fields: { field: string; message: string }[] } };
    assert.match(body.error.message, /forkert kontrolciffer/);
    assert.equal(body.error.fields[0]!.field, 'place.code.value');
  });

  test('refuses GET on the API, bad JSON and non-JSON bodies', async () => {
    assert.equal((await fetch(`${origin}/api/places.list`)).status, 405);
    assert.equal(
      (
        await post('places.list', undefined, {}).then(() =>
          fetch(`${origin}/api/places.list`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin, 'x-sei-token': bridge.token },
            body: '{nej',
          }),
        )
      ).status,
      400,
    );
    const form = await fetch(`${origin}/api/places.list`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin, 'x-sei-token': bridge.token },
      body: '{}',
    });
    assert.equal(form.status, 415);
  });

  test('serves the window without its secret, with a strict CSP; the secret is only in the address it prints', async () => {
    const res = await fetch(`${origin}/`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(!html.includes(bridge.token), 'GET / does not give the secret away');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal((await fetch(`${origin}/app.js`)).status, 200);
    assert.equal(bridge.address, `${bridge.url}#noegle=${encodeURIComponent(bridge.token)}`);
  });

  test('a process of another OS user on the machine cannot call it: the page holds no secret, a forged Origin gets 403', {
    skip: otherUserSkip(),
  }, async () => {
    // asynchronously: the bridge answers in this very process
    const asNobody = (args: string[]) => execFileAsync('runuser', ['-u', 'nobody', '--', 'curl', '-s', '-w', '\n%{http_code}', ...args], { encoding: 'utf8' });
    const page = await asNobody([`${origin}/`]);
    assert.equal(page.stdout.trim().split('\n').pop(), '200');
    assert.ok(!page.stdout.includes(bridge.token));
    const call = await asNobody(['-X', 'POST', '-H', `origin: ${origin}`, '-H', 'content-type: application/json', '-d', '{}', `${origin}/api/forloeb.list`]);
    assert.equal(call.stdout.trim().split('\n').pop(), '403', call.stdout + call.stderr);
    assert.match(call.stdout, /mangler programmets nøgle/);
  });

  test('serves nothing outside the window folder', async () => {
    for (const p of ['/../hemmelig.txt', '/%2e%2e/hemmelig.txt', '/..%2fhemmelig.txt', '/%2e%2e%5chemmelig.txt']) {
      const res = await fetch(`${origin}${p}`);
      assert.equal(res.status, 404, p);
      assert.doesNotMatch(await res.text(), /må ikke serveres/, p);
    }
  });

  const upload = (body: BodyInit, query: string, headers: Record<string, string> = {}) =>
    fetch(`${origin}/upload?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', origin, 'x-sei-token': bridge.token, ...headers },
      body,
    });

  test('takes a chosen file as raw bytes, and the file is then read by its id', async () => {
    const bytes = Buffer.from('BLNB1;Genoptræning;2020-01-01;\nBLNB2;Genoptræning, avanceret;2020-01-01;\n', 'utf8');
    const res = await upload(bytes, 'purpose=sks&name=sks-koder.csv');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { ok: true; result: { fileId: string; fileName: string; size: number } };
    assert.deepEqual({ ...body.result, fileId: typeof body.result.fileId }, { fileId: 'string', fileName: 'sks-koder.csv', size: bytes.length });
    const preview = (await (await post('sks.preview', { fileId: body.result.fileId })).json()) as { ok: boolean; result: { previewId: string; count: number } };
    const loaded = (await (await post('sks.load', { previewId: preview.result.previewId })).json()) as {
      ok: boolean;
      result: { count: number; fileName: string };
    };
    assert.deepEqual([loaded.ok, loaded.result.count, loaded.result.fileName], [true, 2, 'sks-koder.csv']);
    const again = (await (await post('sks.preview', { fileId: body.result.fileId })).json()) as { ok: boolean; error: { message: string } };
    assert.equal(again.ok, false, 'a file is read once; its copy is gone');
    assert.match(again.error.message, /Vælg den igen/);
  });

  test('refuses an upload from another origin, without the secret, as JSON, or for no purpose', async () => {
    assert.equal((await upload('x', 'purpose=sks&name=a.csv', { origin: 'http://evil.example' })).status, 403);
    assert.equal((await upload('x', 'purpose=sks&name=a.csv', { 'x-sei-token': 'nej' })).status, 403);
    assert.equal((await upload('x', 'purpose=sks&name=a.csv', { 'content-type': 'application/json' })).status, 415);
    assert.equal((await upload('x', 'purpose=passwd&name=a.csv')).status, 400);
    assert.equal((await fetch(`${origin}/upload?purpose=sks&name=a.csv`)).status, 405);
  });

  test('refuses an upload over its limit with a Danish message, and keeps nothing of it', async () => {
    const res = await upload(Buffer.alloc(51 * 1024 * 1024, 65), 'purpose=klassifikation&name=stor.csv');
    assert.equal(res.status, 413);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /stor\.csv er for stor .*højst 50 MB/);
  });

  test('refuses an API call larger than any argument needs, answering a client that is still sending', async () => {
    // a bridge whose limit is 1 MB, so the call over it is 3 MB, not 70 (the default limit is 64 MB)
    const small = await startBridge({ handlers: backend.handlers, files: backend.files, staticDir, port: 0, log: () => {}, maxCallBytes: 1024 * 1024 });
    try {
      const at = small.url.slice(0, -1);
      const call = (search: string) =>
        fetch(`${at}/api/places.list`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: at, 'x-sei-token': small.token },
          body: JSON.stringify({ search }),
        });
      const res = await call('x'.repeat(3 * 1024 * 1024));
      assert.equal(res.status, 413);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /for stort/);
      assert.equal((await call('x')).status, 200, 'a call under the limit still goes through');
    } finally {
      await small.close();
    }
  });

  test('has no file dialogs: files.choose and files.save say the browser chooses', async () => {
    const res = await post('files.choose', { purpose: 'sor' });
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /vælges og gemmes i browseren/);
  });
});

/** The test as another OS user needs root (runuser) and curl; elsewhere it says why it is skipped. */
function otherUserSkip(): string | false {
  if (process.platform !== 'linux') return 'runuser findes kun på Linux';
  if (process.getuid?.() !== 0) return 'kræver root for at køre som en anden bruger (runuser)';
  if (spawnSync('runuser', ['-u', 'nobody', '--', 'curl', '--version']).status !== 0) return 'runuser eller curl mangler, eller brugeren nobody findes ikke';
  return false;
}
