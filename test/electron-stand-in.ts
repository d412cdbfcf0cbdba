// The smallest faithful stand-in for the parts of the `electron` module that the shipped shell uses, so that the very
// bundles that ship (dist/electron/main.cjs and preload.cjs) run in plain Node: the Electron binary cannot be
// downloaded here. It records what the shell installs (window options, protocol handler, IPC handlers, permission
// handlers, navigation guards) and everything the shell loads, fetches or opens, and carries IPC the way Electron does
// (structured clone both ways; "No handler registered" for a channel nobody handles).

import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export interface Frame {
  url: string;
}

/** A page as the shell's protocol handler served it to a window. */
export interface LoadedPage {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

/** Renders a loaded page to PDF with printToPDF's options (the test brings Chromium). */
export type PdfRenderer = (page: LoadedPage, options: Record<string, unknown>) => Promise<Buffer>;

export class WebContents extends EventEmitter {
  readonly mainFrame: Frame = { url: 'app://sei/index.html' };
  page: LoadedPage | null = null;
  renderPdf: PdfRenderer | null = null;
  printed: { url: string; options: unknown }[] = [];
  /** What the print dialog answers (the script's, set by the stand-in). */
  printConfirmed = () => true;
  async printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    if (!this.page) throw new Error('printToPDF before the page was loaded');
    if (!this.renderPdf) throw new Error('printToPDF: the stand-in was given no renderer');
    return this.renderPdf(this.page, options);
  }
  print(options: unknown, callback: (success: boolean, failureReason: string) => void) {
    if (!this.page) throw new Error('print before the page was loaded');
    this.printed.push({ url: this.page.url, options });
    const ok = this.printConfirmed();
    setImmediate(() => callback(ok, ok ? '' : 'cancelled'));
  }
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = fn;
  }
}

export function electronStandIn(opts: { userData: string; documents: string; packaged?: boolean; renderPdf?: PdfRenderer }) {
  const record = {
    privilegedSchemes: [] as unknown[],
    sandboxEnabled: false,
    windows: [] as { options: unknown; webContents: WebContents; destroyed: boolean }[],
    loadedUrls: [] as string[],
    fetchedUrls: [] as string[],
    openedExternally: [] as string[],
    protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
    ipcHandlers: new Map<string, Handler>(),
    permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | ((wc: unknown, permission: string) => boolean),
    spellChecker: true,
    errorBoxes: [] as string[],
    dialogs: [] as { kind: 'open' | 'save' | 'message'; options: unknown }[],
    menuTemplate: null as unknown,
    exitCode: null as number | null,
    relaunched: false,
  };
  const script = { nextOpen: null as string | null, nextSave: null as string | null, nextMessageBox: 0, printConfirmed: true };

  let fireReady!: () => void;
  const ready = new Promise<void>((r) => (fireReady = r));
  const app = Object.assign(new EventEmitter(), {
    name: 'SEI Genoptræning',
    isPackaged: opts.packaged ?? true,
    enableSandbox: () => void (record.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    whenReady: () => ready,
    quit: () => {},
    exit: (code: number) => void (record.exitCode = code),
    relaunch: () => void (record.relaunched = true),
    getPath: (name: string) => {
      if (name === 'userData') return opts.userData;
      if (name === 'documents') return opts.documents;
      throw new Error(`getPath(${name}) is not in the stand-in`);
    },
  });

  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    static fromWebContents = (wc: WebContents) => BrowserWindow.all.find((w) => w.webContents === wc) ?? null;
    readonly webContents = new WebContents();
    private readonly entry: (typeof record.windows)[number];
    constructor(readonly options: unknown) {
      super();
      BrowserWindow.all.push(this);
      this.entry = { options, webContents: this.webContents, destroyed: false };
      record.windows.push(this.entry);
      this.webContents.renderPdf = opts.renderPdf ?? null;
      this.webContents.printConfirmed = () => script.printConfirmed;
      app.emit('web-contents-created', {}, this.webContents);
    }
    /** As Electron: the page comes through the protocol handler the shell registered for its scheme. */
    async loadURL(url: string) {
      record.loadedUrls.push(url);
      const handler = record.protocolHandlers.get(url.slice(0, url.indexOf(':')));
      if (!handler) return;
      const res = await handler({ url });
      this.webContents.page = { url, status: res.status, headers: res.headers, body: await res.text() };
      if (res.status !== 200) throw new Error(`ERR_FAILED (${res.status}) loading '${url}'`);
    }
    destroy() {
      this.entry.destroyed = true;
      BrowserWindow.all = BrowserWindow.all.filter((w) => w !== this);
      this.emit('closed');
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
  }

  const dialogArgs = (a: unknown[]) => (a.length === 2 ? a[1] : a[0]);
  const main = {
    app,
    BrowserWindow,
    ipcMain: {
      handle(channel: string, fn: Handler) {
        if (record.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        record.ipcHandlers.set(channel, fn);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void record.privilegedSchemes.push(...schemes),
      handle: (scheme: string, fn: (req: { url: string }) => Promise<Response>) => void record.protocolHandlers.set(scheme, fn),
    },
    net: {
      async fetch(url: string) {
        record.fetchedUrls.push(url);
        if (!url.startsWith('file:')) throw new Error(`net.fetch(${url}) is not in the stand-in`);
        try {
          return new Response(fs.readFileSync(fileURLToPath(url)), { status: 200, headers: { 'content-type': 'text/html' } });
        } catch {
          return new Response('', { status: 404 });
        }
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof record.permissionRequest) => void (record.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof record.permissionCheck) => void (record.permissionCheck = fn),
        setSpellCheckerEnabled: (on: boolean) => void (record.spellChecker = on),
      },
    },
    shell: { openExternal: async (url: string) => void record.openedExternally.push(url) },
    // the OS keychain: what is stored is not the text (reversed and marked), and only this keychain reads it back
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string) => Buffer.concat([Buffer.from('KEYCHAIN:'), Buffer.from(plain, 'utf8').reverse()]),
      decryptString: (b: Buffer) => {
        if (!b.subarray(0, 9).equals(Buffer.from('KEYCHAIN:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return Buffer.from(b.subarray(9)).reverse().toString('utf8');
      },
    },
    dialog: {
      async showOpenDialog(...a: unknown[]) {
        record.dialogs.push({ kind: 'open', options: dialogArgs(a) });
        return script.nextOpen === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [script.nextOpen] };
      },
      async showSaveDialog(...a: unknown[]) {
        record.dialogs.push({ kind: 'save', options: dialogArgs(a) });
        return script.nextSave === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: script.nextSave };
      },
      showErrorBox: (title: string, message: string) => void record.errorBoxes.push(`${title}: ${message}`),
      showMessageBoxSync(...a: unknown[]) {
        record.dialogs.push({ kind: 'message', options: dialogArgs(a) });
        return script.nextMessageBox;
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: { template: unknown }) => void (record.menuTemplate = menu.template),
    },
  };

  /** What the preload's ipcRenderer.invoke does: the main process's handler, with an event from this frame. */
  let senderFrame: Frame = { url: 'app://sei/index.html' };
  const invoke = async (channel: string, ...args: unknown[]) => {
    const handler = record.ipcHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const contents = record.windows[0]!.webContents;
    const frame = senderFrame.url === contents.mainFrame.url ? contents.mainFrame : senderFrame;
    const event = { sender: contents, senderFrame: frame };
    return structuredClone(await handler(event, ...args.map((a) => structuredClone(a))));
  };

  return {
    record,
    script,
    fireReady,
    /** Calls from a frame other than the window's own page (a subframe, or another page). */
    setSenderFrame: (f: Frame) => void (senderFrame = f),
    /** Loads a CommonJS bundle of the main process, with `require('electron')` answered by the stand-in. */
    loadMain(file: string) {
      const original = (Module as unknown as { _load: (...a: unknown[]) => unknown })._load;
      (Module as unknown as { _load: (...a: unknown[]) => unknown })._load = function (request: unknown, ...rest: unknown[]) {
        if (request === 'electron') return main;
        return original.call(this, request, ...rest);
      };
      try {
        // each load runs the bundle afresh, as each start of the program does
        const load = Module.createRequire(path.resolve(file));
        delete load.cache[load.resolve(path.resolve(file))];
        load(path.resolve(file));
      } finally {
        (Module as unknown as { _load: unknown })._load = original;
      }
    },
    /**
     * Runs the preload bundle as Electron's sandbox does: its own context, and a `require` that knows only the few
     * modules a sandboxed preload may use. Returns what it exposed to the window (contextBridge.exposeInMainWorld).
     */
    loadPreload(file: string): Record<string, unknown> {
      const exposed: Record<string, unknown> = {};
      const renderer = {
        // contextBridge copies what crosses between the preload's world and the page's, as structured clone does.
        contextBridge: {
          exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) =>
            void (exposed[key] = Object.fromEntries(
              Object.entries(api).map(([k, fn]) => [k, async (...a: unknown[]) => structuredClone(await fn(...a.map((x) => structuredClone(x))))]),
            )),
        },
        ipcRenderer: { invoke },
      };
      const sandboxRequire = (id: string) => {
        if (id === 'electron') return renderer;
        throw new Error(`module not found: ${id} (a sandboxed preload can require only electron, events, timers and url)`);
      };
      const module = { exports: {} };
      vm.runInNewContext(`(function (require, module, exports) {${fs.readFileSync(file, 'utf8')}\n})`, { Promise }, { filename: file })(
        sandboxRequire,
        module,
        module.exports,
      );
      return exposed;
    },
  };
}
