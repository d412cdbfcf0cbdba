// The desktop app as shipped: dist/electron/main.cjs and preload.cjs (npm run build:electron), run in plain Node with
// a stand-in for the electron module (test/electron-stand-in.ts), since the Electron binary cannot be downloaded here.
// Every call of the contract goes from window.api through the preload, IPC and the dispatcher to a real SQLite file;
// what main.cjs installs (window options, CSP, protocol handler, navigation, permissions) is what policy.ts decides.

import { CANONICAL, EXTENSION, PROFILE, R4_SCHEMA_ID, SYSTEM } from '../../schemas/kl-gateway.ts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { CALL_NAMES, channelOf, type Envelope, type ExportReport } from '../../schemas/api.ts';
import { DB_ENV } from '../../backend/paths.ts';
import { DISCARD_BUTTON, DISCARD_DIALOG, openDialogOptions, saveDialogOptions } from '../../electron/file-dialogs.ts';
import {
  allowNavigation,
  CONTENT_SECURITY_POLICY,
  isSafeExternalUrl,
  isShellLoad,
  permissionDecision,
  printTokenOf,
  printWindowOptions,
  PRIVILEGED_SCHEMES,
  REPORT_PRINT_POLICY,
  START_URL,
  windowOptions,
} from '../../electron/policy.ts';
import { SHARED_UNREACHABLE_BUTTONS } from '../../electron/database-choice.ts';
import { electronStandIn, type PdfRenderer, WebContents } from '../electron-stand-in.ts';
import { walkEveryCall } from '../contract-walk.ts';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, tmpDir } from '../helpers.ts';

const MAIN = path.resolve('dist/electron/main.cjs');
const PRELOAD = path.resolve('dist/electron/preload.cjs');
const RENDERER = path.resolve('dist/renderer');

type Api = { call(name: unknown, args: unknown): Promise<Envelope<unknown>> };

const pdfSkip = !hasChromium
  ? `Chromium mangler (${CHROMIUM}); installér Debians pakke chromium (det gør .ci/run)`
  : spawnSync('pdftotext', ['-v']).status !== 0
    ? 'pdftotext mangler; installér Debians pakke poppler-utils (det gør .ci/run)'
    : false;

describe('the desktop app as shipped (main.cjs and preload.cjs with a stand-in for electron)', () => {
  const dir = tmpDir('sei-desktop-');
  const dbFile = path.join(dir, 'db', 'sei.sqlite');
  // printToPDF is Chromium's: the stand-in hands the page the shell served (its body and headers, CSP included) to
  // Chromium, script off as in the print window, with the shell's own PDF options
  let browser: Browser | null = null;
  const cspViolations: string[] = [];
  const renderPdf: PdfRenderer = async (loaded, o) => {
    browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.route('http://print.invalid/**', (route) =>
      route.fulfill({ status: loaded.status, headers: Object.fromEntries(loaded.headers.entries()), body: loaded.body }),
    );
    await page.goto('http://print.invalid/rapport');
    const m = o.margins as Record<string, number>;
    const pdf = await page.pdf({
      format: o.pageSize as string,
      printBackground: o.printBackground as boolean,
      margin: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, `${v}in`])),
      displayHeaderFooter: o.displayHeaderFooter as boolean,
      headerTemplate: o.headerTemplate as string,
      footerTemplate: o.footerTemplate as string,
      outline: o.generateDocumentOutline as boolean,
    });
    await context.close();
    return pdf;
  };
  const stand = electronStandIn({
    userData: path.join(dir, 'userData'),
    documents: path.join(dir, 'Dokumenter'),
    // without Chromium a marked stand-in, so the other checks still run (the PDF test says why it is skipped)
    renderPdf: hasChromium ? renderPdf : async (p) => Buffer.from(`%PDF-1.7\n% ${p.body.length}\n%%EOF\n`),
  });
  let api: Api;
  after(async () => {
    await browser?.close();
  });

  before(async () => {
    assert.ok(fs.existsSync(MAIN) && fs.existsSync(PRELOAD), 'the shell is built (npm run build:electron; npm test does it)');
    fs.mkdirSync(path.dirname(dbFile));
    const saved = process.env[DB_ENV];
    process.env[DB_ENV] = dbFile;
    try {
      stand.loadMain(MAIN);
      stand.fireReady();
      for (let i = 0; i < 50 && stand.record.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      if (saved === undefined) delete process.env[DB_ENV];
      else process.env[DB_ENV] = saved;
    }
    assert.deepEqual(stand.record.errorBoxes, [], 'the app started');
    api = stand.loadPreload(PRELOAD).api as Api;
  });

  test('every call of the contract reaches the backend from window.api, and answers as its schema says', async () => {
    await walkEveryCall((name, args) => api.call(name, args), stand.script, dir);
    assert.ok(fs.statSync(dbFile).size > 0, 'the calls wrote the real SQLite file');
    const kinds = stand.record.dialogs.map((d) => d.kind);
    assert.ok(kinds.includes('open') && kinds.includes('save'), 'files went through the system dialogs');
  });

  test('choosing the database in the window: an address that does not answer is refused and nothing kept; a choice restarts the program', async () => {
    const choice = path.join(dir, 'userData', 'database.json');
    const refused = await api.call('store.choose', { url: 'postgres://anne@127.0.0.1:1/genoptraening', password: 'hemmelig' });
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.match(refused.error.message, /Databaseserveren 127\.0\.0\.1:1 svarer ikke/);
      assert.doesNotMatch(refused.error.message, /hemmelig/);
    }
    assert.equal(fs.existsSync(choice), false, 'nothing kept');
    for (let i = 0; i < 50 && !stand.record.relaunched; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(stand.record.relaunched, true, 'the walk’s choice of this computer’s file restarted the program');
  });

  test('each call has its own channel with a handler: an invalid argument gets the contract\'s Danish answer, not "Ukendt kald"', async () => {
    assert.deepEqual([...stand.record.ipcHandlers.keys()].sort(), CALL_NAMES.map(channelOf).sort());
    for (const name of CALL_NAMES) {
      const env = await api.call(name, 'ikke et objekt');
      assert.equal(env.ok, false, name);
      if (!env.ok) {
        assert.doesNotMatch(env.error.message, /Ukendt kald/, name);
        assert.ok(env.error.message.length > 0, name);
      }
    }
  });

  test('a name outside the contract never reaches IPC', async () => {
    for (const name of ['fs.readFile', '__proto__', 'constructor', 'app.info ', 'api:app.info', 42, null]) {
      assert.deepEqual(await api.call(name, {}), { ok: false, error: { message: 'Ukendt kald.', fields: [] } }, String(name));
    }
  });

  test('a call from another page or a subframe is refused by the main process', async () => {
    const handler = stand.record.ipcHandlers.get(channelOf('places.list'))!;
    const contents = stand.record.windows[0]!.webContents;
    for (const frame of [{ url: 'https://evil.example/' }, { url: 'app://sei/index.html' }]) {
      // a subframe of our own origin is refused too: only the window's main frame may call
      const env = (await handler({ sender: contents, senderFrame: frame }, {})) as Envelope<unknown>;
      assert.equal(env.ok, false, frame.url);
      if (!env.ok) assert.match(env.error.message, /kommer ikke fra programmets eget vindue/);
    }
    const own = (await handler({ sender: contents, senderFrame: contents.mainFrame }, {})) as Envelope<unknown>;
    assert.equal(own.ok, true);
  });

  test('the window is the one policy.ts describes: sandbox, isolation, no Node, no spell-check download, no devtools', () => {
    assert.equal(stand.record.sandboxEnabled, true);
    assert.deepEqual(stand.record.privilegedSchemes, PRIVILEGED_SCHEMES);
    // the main window, and the hidden windows reports were printed from (each destroyed when done)
    assert.deepEqual(stand.record.windows[0]!.options, JSON.parse(JSON.stringify(windowOptions(PRELOAD, true))));
    for (const w of stand.record.windows.slice(1)) {
      assert.deepEqual(w.options, JSON.parse(JSON.stringify(printWindowOptions())));
      assert.equal(w.destroyed, true, 'a print window does not outlive its report');
    }
    const prefs = (stand.record.windows[0]!.options as ReturnType<typeof windowOptions>).webPreferences;
    assert.equal(prefs.preload, PRELOAD, 'the preload that ships next to main.cjs');
    assert.equal(prefs.spellcheck, false);
    assert.equal(prefs.devTools, false);
    assert.equal(stand.record.spellChecker, false, 'no dictionary is downloaded');
    assert.equal(stand.record.loadedUrls[0], START_URL);
    assert.deepEqual(
      stand.record.loadedUrls.slice(1).filter((u) => printTokenOf(u) === null),
      [],
      'the shell loads nothing but its window and the reports it prints',
    );
  });

  test("app:// serves the built window with the policy's CSP, and nothing outside it", async () => {
    const handle = stand.record.protocolHandlers.get('app')!;
    const res = await handle({ url: 'app://sei/index.html' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await res.text(), fs.readFileSync(path.join(RENDERER, 'index.html'), 'utf8'));
    for (const url of ['app://sei/../../package.json', 'app://sei/%2e%2e/%2e%2e/package.json', 'app://other/index.html', 'app://sei/..%5c..%5cpackage.json']) {
      assert.equal((await handle({ url })).status, 404, url);
    }
  });

  test('navigation, new windows and permissions are decided as policy.ts says', () => {
    const contents = stand.record.windows[0]!.webContents as WebContents;
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://sei/index.html', 'javascript:alert(1)']) {
      for (const ev of ['will-navigate', 'will-redirect']) {
        let prevented = false;
        contents.emit(ev, { preventDefault: () => (prevented = true) }, url);
        assert.equal(prevented, !allowNavigation(url), `${ev} ${url}`);
      }
    }
    let attached = false;
    contents.emit('will-attach-webview', { preventDefault: () => (attached = true) });
    assert.equal(attached, true, 'webviews are refused');
    const before = stand.record.openedExternally.length;
    for (const url of ['https://www.sundhedsdata.dk/', 'mailto:SORpost@sundhedsdata.dk', 'file:///C:/Windows/system32/calc.exe', 'http://example.com/']) {
      assert.deepEqual(contents.windowOpenHandler!({ url }), { action: 'deny' }, url);
    }
    assert.deepEqual(stand.record.openedExternally.slice(before), ['https://www.sundhedsdata.dk/', 'mailto:SORpost@sundhedsdata.dk']);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid']) {
      let answer: boolean | null = null;
      stand.record.permissionRequest!(contents, p, (ok) => (answer = ok));
      assert.equal(answer, permissionDecision(p), p);
      assert.equal(stand.record.permissionCheck!(contents, p), permissionDecision(p), p);
    }
  });

  test('closing the window with unsaved changes asks first, and closes only on "Kassér ændringer"', () => {
    const contents = stand.record.windows[0]!.webContents as WebContents;
    for (const [answer, closes] of [
      [1, false],
      [DISCARD_BUTTON, true],
    ] as const) {
      stand.script.nextMessageBox = answer;
      let unloads = false;
      contents.emit('will-prevent-unload', { preventDefault: () => (unloads = true) });
      assert.equal(unloads, closes, `answer ${answer}`);
      assert.deepEqual(stand.record.dialogs.at(-1), { kind: 'message', options: DISCARD_DIALOG });
    }
  });

  test('the file dialogs show what schemas/files.ts says, over the window', () => {
    const open = stand.record.dialogs.find((d) => d.kind === 'open' && (d.options as { title: string }).title === openDialogOptions('sor').title);
    assert.deepEqual(open?.options, openDialogOptions('sor'));
    const save = stand.record.dialogs.find((d) => d.kind === 'save');
    const name = path.basename((save!.options as { defaultPath: string }).defaultPath);
    assert.deepEqual(save!.options, saveDialogOptions(name, path.join(dir, 'Dokumenter')));
  });

  test('a report is printed from a hidden page of its own origin, served only while it prints, and saved as a real PDF', { skip: pdfSkip }, async () => {
    const { monthReportHtml } = await import('../../schemas/month-report.ts');
    const html = monthReportHtml(
      {
        month: '2026-11',
        counts: { ny: 2, rettelse: 1, annullering: 0 },
        unchanged: 4,
        pendingCount: 1,
        places: [{ name: 'Center Nord', code: '123456789012', ny: 2, rettelse: 1, annullering: 0, pending: 1 }],
        pending: [{ ydelseId: 7, placeId: 1, dato: '2026-11-06', cpr: '0101001234', message: 'Stedet "Bakkehuset" har ingen kode endnu.' }],
        warnings: [],
      } satisfies ExportReport,
      { kommune: 'Aarhus Kommune (0751)', made: '01.12.2026 kl. 09.00' },
    );
    const before = stand.record.windows.length;
    stand.script.nextSave = path.join(dir, 'Dokumenter-valgt', 'Maanedsrapport-2026-11.pdf');
    fs.mkdirSync(path.dirname(stand.script.nextSave), { recursive: true });
    const env = await api.call('files.savePdf', { fileName: 'Maanedsrapport-2026-11.pdf', html });
    assert.ok(env.ok, JSON.stringify(env));
    const file = (env.result as { savedTo: string }).savedTo;
    assert.equal(file, stand.script.nextSave);
    assert.equal(fs.statSync(file).mode & 0o077, 0, 'readable by its owner only (it names citizens)');
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    assert.match(text, /Månedsrapport: november 2026/);
    assert.match(text, /Aarhus Kommune \(0751\)\. Indberetningsfrist 10\.12\.2026/);
    assert.match(text, /Center Nord 2 1 0 1/);
    assert.match(text, /Side 1 af 1/, 'page numbers in Danish');
    assert.deepEqual(cspViolations, [], "the report's stylesheet is allowed by the print page's policy, nothing else is needed");
    // the page it was printed from: its own origin, the strict policy, script off, gone afterwards
    const w = stand.record.windows.at(-1)!;
    assert.equal(stand.record.windows.length, before + 1);
    assert.deepEqual(w.options, JSON.parse(JSON.stringify(printWindowOptions())));
    assert.equal(printWindowOptions().webPreferences.javascript, false);
    const page = w.webContents.page!;
    assert.ok(printTokenOf(page.url), page.url);
    assert.equal(page.headers.get('content-security-policy'), REPORT_PRINT_POLICY);
    assert.equal(w.destroyed, true);
    const handle = stand.record.protocolHandlers.get('app')!;
    assert.equal((await handle({ url: page.url })).status, 404, 'the page is not served once printed');
    // IPC from a print page is refused: it is not the window's own origin
    const handler = stand.record.ipcHandlers.get(channelOf('places.list'))!;
    const refused = (await handler({ sender: w.webContents, senderFrame: { url: page.url } }, {})) as Envelope<unknown>;
    assert.equal(refused.ok, false);
    // the print dialog: printed, or cancelled without a word
    const printed = await api.call('files.print', { html });
    assert.deepEqual(printed, { ok: true, result: { printed: true } });
    assert.equal(stand.record.windows.at(-1)!.webContents.printed.length, 1);
    stand.script.printConfirmed = false;
    assert.deepEqual(await api.call('files.print', { html }), { ok: true, result: { printed: false } }, 'cancelled in the dialog: nothing to say');
    stand.script.printConfirmed = true;
  });

  test('offline: every URL the shell loaded, fetched or opened is its own page, its own files, or one the user clicked', () => {
    const loads = [...stand.record.loadedUrls, ...stand.record.fetchedUrls];
    assert.ok(loads.length >= 2);
    for (const url of loads) assert.ok(isShellLoad(url, RENDERER) || printTokenOf(url) !== null, url);
    for (const url of stand.record.openedExternally) assert.ok(isSafeExternalUrl(url), url);
    // No address of any server is written into the shipped shell but XML and JSON Schema names (never fetched).
    const NAMES = new Set([
      'http://www.w3.org/XML/1998/namespace',
      'http://www.w3.org/2000/xmlns/',
      'http://json-schema.org/draft-07/schema',
      'http://json-schema.org/draft-04/schema',
      'https://json-schema.org/draft/2020-12/schema',
      'http://',
      'https://',
      // FHIR's names of the KL Gateway report's code systems, profiles and extensions (identifiers, never fetched)
      CANONICAL,
      R4_SCHEMA_ID,
      ...Object.values(SYSTEM),
      ...Object.values(EXTENSION),
      ...Object.values(PROFILE),
    ]);
    for (const file of [MAIN, PRELOAD]) {
      const urls = new Set(fs.readFileSync(file, 'utf8').match(/https?:\/\/[A-Za-z0-9./_-]*/g) ?? []);
      assert.deepEqual(
        [...urls].filter((u) => !NAMES.has(u) && !u.includes('sei-genoptraening')),
        [],
        file,
      );
    }
  });
});

describe('the desktop when the shared database chosen in the window cannot be reached at start', () => {
  test('it asks, instead of closing: "Brug denne computers databasefil" forgets the choice and starts again', async () => {
    const dir = tmpDir('sei-desktop-');
    const userData = path.join(dir, 'userData');
    fs.mkdirSync(userData, { recursive: true });
    fs.writeFileSync(path.join(userData, 'database.json'), JSON.stringify({ url: 'postgres://anne@127.0.0.1:1/genoptraening' }));
    const stand = electronStandIn({ userData, documents: path.join(dir, 'Dokumenter') });
    stand.script.nextMessageBox = SHARED_UNREACHABLE_BUTTONS.useFile;
    const saved = process.env[DB_ENV];
    delete process.env[DB_ENV];
    try {
      stand.loadMain(MAIN);
      stand.fireReady();
      for (let i = 0; i < 100 && stand.record.exitCode === null; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      if (saved !== undefined) process.env[DB_ENV] = saved;
    }
    const asked = stand.record.dialogs.find((d) => d.kind === 'message');
    assert.ok(asked, 'a question, not an error box that closes the program');
    assert.match(JSON.stringify(asked.options), /Kommunens fælles database kan ikke åbnes.*Databaseserveren 127\.0\.0\.1:1 svarer ikke/);
    assert.deepEqual(stand.record.errorBoxes, []);
    assert.equal(fs.existsSync(path.join(userData, 'database.json')), false, 'the choice is forgotten');
    assert.equal(stand.record.relaunched, true);
    assert.equal(stand.record.exitCode, 0);
  });
});
