// The Electron shell: one window, served from app://, with every security decision taken by ./policy.ts.

import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CALL_NAMES, channelOf } from '../schemas/api.ts';
import { UserError } from '../schemas/errors.ts';
import { dispatch } from '../backend/api/dispatch.ts';
import { startBackend, type Backend } from '../backend/start.ts';
import type { FileDialogs } from '../backend/api/handlers.ts';
import { DISCARD_BUTTON, DISCARD_DIALOG, openDialogOptions, saveDialogOptions } from './file-dialogs.ts';
import { DB_ENV, DB_FILE_NAME } from '../backend/paths.ts';
import { isPostgresUrl } from '../db/pg/url.ts';
import { buildMenu } from './menu.ts';
import { reportPrinter } from './report-printer.ts';
import { readDatabaseChoice, SHARED_UNREACHABLE_BUTTONS, SHARED_UNREACHABLE_DIALOG, saveDatabaseChoice } from './database-choice.ts';
import {
  allowNavigation,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isSafeExternalUrl,
  isShellLoad,
  isTrustedSender,
  permissionDecision,
  PRIVILEGED_SCHEMES,
  resolveAppRequest,
  START_URL,
  windowOpenDecision,
  windowOptions,
} from './policy.ts';

const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const PRELOAD = path.join(__dirname, 'preload.cjs');

let backend: Backend | null = null;
const printing = reportPrinter();
let mainWindow: BrowserWindow | null = null;

/** The system's file dialogs, over the program's window; the backend reads and writes the paths they give. */
const dialogs: FileDialogs = {
  async open(purpose) {
    const options = openDialogOptions(purpose);
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
  },
  async save(fileName) {
    const options = saveDialogOptions(fileName, app.getPath('documents'));
    const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
};

/** The one door to the user's browser and mail program. */
function openExternalSafely(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

function dbPathFromArgs(): string {
  const i = process.argv.indexOf('--db');
  const given = (i > 0 ? process.argv[i + 1] : undefined) ?? process.env[DB_ENV];
  // a kommune's shared database is an address (postgres://…), not a path
  if (given && isPostgresUrl(given)) return given;
  if (i > 0 && process.argv[i + 1]) return path.resolve(process.argv[i + 1]!);
  if (process.env[DB_ENV]) return path.resolve(process.env[DB_ENV]!);
  // chosen in the window (store.choose): the kommune's shared database
  const chosen = readDatabaseChoice(app.getPath('userData'), safeStorage);
  if (chosen) return chosen.url;
  return path.join(app.getPath('userData'), DB_FILE_NAME);
}

/** Whether the database opened is the shared one chosen in the window (not given by --db or the environment). */
function sharedChosenInWindow(): boolean {
  const i = process.argv.indexOf('--db');
  return !(i > 0 && process.argv[i + 1]) && !process.env[DB_ENV] && readDatabaseChoice(app.getPath('userData'), safeStorage) !== null;
}

/** The user's choice in the window: kept (the password in the keychain), then the program starts again with it. */
async function chooseStore(url: string | null, password: string | undefined): Promise<void> {
  saveDatabaseChoice(app.getPath('userData'), safeStorage, url, password);
  // after the window has its answer
  setTimeout(() => {
    app.relaunch();
    app.exit(0);
  }, 300);
}

protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // the window has unsaved changes (beforeunload): close only when the user says so
  contents.on('will-prevent-unload', (event) => {
    const win = BrowserWindow.fromWebContents(contents);
    const choice = win ? dialog.showMessageBoxSync(win, DISCARD_DIALOG) : dialog.showMessageBoxSync(DISCARD_DIALOG);
    if (choice === DISCARD_BUTTON) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) openExternalSafely(url);
    return { action: decision.action };
  });
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(PRELOAD, app.isPackaged));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(START_URL);
  return win;
}

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.whenReady().then(() => {
  try {
    const where = dbPathFromArgs();
    const chosen = readDatabaseChoice(app.getPath('userData'), safeStorage);
    backend = startBackend(where, 'electron', undefined, dialogs, {
      password: chosen?.url === where ? chosen.password : undefined,
      chooseStore,
      printer: printing.printer,
    });
  } catch (e) {
    const message = e instanceof UserError ? e.message : `Databasen kunne ikke åbnes: ${(e as Error).message}`;
    if (sharedChosenInWindow()) {
      // the shared database chosen in the window cannot be reached: the user is not locked out of the program
      const choice = dialog.showMessageBoxSync(SHARED_UNREACHABLE_DIALOG(message));
      if (choice === SHARED_UNREACHABLE_BUTTONS.tryAgain) app.relaunch();
      if (choice === SHARED_UNREACHABLE_BUTTONS.useFile) {
        saveDatabaseChoice(app.getPath('userData'), safeStorage, null, undefined);
        app.relaunch();
      }
      app.exit(choice === SHARED_UNREACHABLE_BUTTONS.quit ? 1 : 0);
      return;
    }
    dialog.showErrorBox('SEI Genoptræning kan ikke starte', message);
    app.exit(1);
    return;
  }
  const handlers = backend.handlers;

  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
  // Offline: no dictionary download (see windowOptions).
  session.defaultSession.setSpellCheckerEnabled(false);

  protocol.handle(APP_SCHEME, async (request) => {
    // a report being printed (report-printer.ts): its own origin, served only while it prints
    const page = printing.respond(request.url);
    if (page) return page;
    const file = resolveAppRequest(RENDERER_DIR, request.url);
    const fileUrl = file && pathToFileURL(file).toString();
    if (!fileUrl || !isShellLoad(fileUrl, RENDERER_DIR)) return new Response('Ikke fundet', { status: 404 });
    const response = await net.fetch(fileUrl);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  for (const name of CALL_NAMES) {
    ipcMain.handle(channelOf(name), (event, args: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url) || event.senderFrame !== event.sender.mainFrame) {
        return { ok: false, error: { message: 'Afvist: kaldet kommer ikke fra programmets eget vindue.', fields: [] } };
      }
      return dispatch(handlers, name, args);
    });
  }

  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  backend?.close();
  backend = null;
});
