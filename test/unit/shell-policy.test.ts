import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  allowNavigation,
  CONTENT_SECURITY_POLICY,
  isSafeExternalUrl,
  isTrustedSender,
  permissionDecision,
  resolveAppRequest,
  START_URL,
  windowOpenDecision,
  windowOptions,
} from '../../electron/policy.ts';

const ROOT = path.resolve('/opt/sei/renderer');

describe("the Electron shell's security decisions", () => {
  test('the window: context isolation, sandbox, no Node, web security on', () => {
    const w = windowOptions('/x/preload.cjs').webPreferences;
    assert.equal(w.contextIsolation, true);
    assert.equal(w.sandbox, true);
    assert.equal(w.nodeIntegration, false);
    assert.equal(w.nodeIntegrationInWorker, false);
    assert.equal(w.nodeIntegrationInSubFrames, false);
    assert.equal(w.webSecurity, true);
    assert.equal(w.allowRunningInsecureContent, false);
    assert.equal(w.webviewTag, false);
    assert.equal(w.preload, '/x/preload.cjs');
  });

  test('the window is served from app://, not file://', () => {
    assert.match(START_URL, /^app:\/\/sei\//);
  });

  test('navigation is allowed only inside the app', () => {
    assert.equal(allowNavigation('app://sei/index.html'), true);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'http://127.0.0.1/', 'app://other/index.html', 'javascript:alert(1)']) {
      assert.equal(allowNavigation(url), false, url);
    }
  });

  test("new windows are always denied; only https and mailto go to the user's programs", () => {
    assert.deepEqual(windowOpenDecision('https://www.sundhedsdata.dk/'), { action: 'deny', openExternally: true });
    assert.deepEqual(windowOpenDecision('mailto:SORpost@sundhedsdata.dk'), { action: 'deny', openExternally: true });
    for (const url of [
      'http://example.com/',
      'file:///C:/Windows/system32/calc.exe',
      'smb://server/share',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
      'ms-msdt:foo',
      'nonsense',
    ]) {
      assert.equal(isSafeExternalUrl(url), false, url);
      assert.equal(windowOpenDecision(url).openExternally, false, url);
    }
  });

  test('every permission is denied but writing text to the clipboard', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'serial']) {
      assert.equal(permissionDecision(p), false, p);
    }
    assert.equal(permissionDecision('clipboard-sanitized-write'), true);
  });

  test("IPC is answered only for the app's own page", () => {
    assert.equal(isTrustedSender('app://sei/index.html'), true);
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://sei.evil/index.html', '', null, undefined]) {
      assert.equal(isTrustedSender(url as string), false, String(url));
    }
  });

  test('app:// requests resolve only to files inside the window folder', () => {
    assert.equal(resolveAppRequest(ROOT, 'app://sei/index.html'), path.join(ROOT, 'index.html'));
    assert.equal(resolveAppRequest(ROOT, 'app://sei/'), path.join(ROOT, 'index.html'));
    assert.equal(resolveAppRequest(ROOT, 'app://sei/assets/index-1.js'), path.join(ROOT, 'assets', 'index-1.js'));
    for (const url of [
      'app://sei/../secret.txt',
      'app://sei/%2e%2e/secret.txt',
      'app://sei/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://sei/..%5csecret.txt',
      'app://sei/%00index.html',
      'app://other/index.html',
      'https://sei/index.html',
      'app://sei/%E0%A4%A',
    ]) {
      const r = resolveAppRequest(ROOT, url);
      assert.ok(r === null || r.startsWith(ROOT + path.sep), `${url} -> ${r}`);
      assert.notEqual(r, path.resolve(ROOT, '..', 'secret.txt'), url);
    }
  });

  test('the built window carries the same strict CSP as a meta tag', () => {
    // the build writes it in (renderer/vite.config.ts); npm test builds before the tests run
    const html = fs.readFileSync('dist/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    assert.ok(meta);
    assert.equal(meta[1], CONTENT_SECURITY_POLICY);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/);
  });
});
