// The Electron shell's security decisions as plain functions, so tests check them without the Electron binary.
// Electron's security checklist: context isolation, sandbox, no Node in the window, a strict CSP, the window served
// from app:// with a path check, navigation / new windows / permissions denied, one checked door to openExternal,
// every IPC sender checked. This file must not import electron.

import path from 'node:path';
import { resolveInside } from '../backend/window-files.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sei';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const START_URL = `${APP_ORIGIN}/index.html`;

/** app:// is a standard, secure scheme that may use fetch (registered before the app is ready). */
export const PRIVILEGED_SCHEMES = [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }];

export { CONTENT_SECURITY_POLICY, REPORT_PRINT_POLICY, resolveInside } from '../backend/window-files.ts';

/**
 * A report being printed is a page of its own origin (app://print/<token>), never the window's: it cannot reach the
 * window's storage, and IPC from it is refused (isTrustedSender). The shell serves each page only while it prints.
 */
export const PRINT_HOST = 'print';

export function printUrl(token: string): string {
  return `${APP_SCHEME}://${PRINT_HOST}/${token}`;
}

/** The token of a print page's URL, or null when the URL is not one. */
export function printTokenOf(url: string): string | null {
  const u = parse(url);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== PRINT_HOST || u.search || u.username || u.password) return null;
  const token = /^\/([0-9a-f-]{36})$/.exec(u.pathname)?.[1];
  return token ?? null;
}

/**
 * The hidden window a report is printed from: no preload, no script at all (the report is a page of text and tables),
 * sandboxed; it is destroyed when the PDF is made or the print dialog closes.
 */
export function printWindowOptions() {
  return {
    show: false,
    width: 794,
    height: 1123,
    title: 'Udskrift',
    webPreferences: {
      javascript: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    },
  } as const;
}

/** The page footer of a printed report: Danish page numbers, small and grey. */
const FOOTER =
  '<div style="font:8px sans-serif;color:#555;width:100%;text-align:center">Side <span class="pageNumber"></span> af <span class="totalPages"></span></div>';

/** A report as PDF (webContents.printToPDF): A4, 1.5 cm margins (in inches, as Electron takes them), page numbers. */
export const PDF_OPTIONS = {
  pageSize: 'A4',
  printBackground: true,
  margins: { top: 0.6, bottom: 0.7, left: 0.6, right: 0.6 },
  displayHeaderFooter: true,
  headerTemplate: '<span></span>',
  footerTemplate: FOOTER,
  generateDocumentOutline: true,
} as const;

/** A report through the system's print dialog (webContents.print). */
export const PRINT_OPTIONS = { silent: false, printBackground: true } as const;

/**
 * Options of the main window (BrowserWindowConstructorOptions). The spell checker is off: on Windows and Linux it
 * downloads its dictionaries from Google's servers, and the program sends nothing over the network. Developer tools
 * exist only in a development build.
 */
export function windowOptions(preloadPath: string, packaged = true) {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'SEI Genoptræning',
    show: false,
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !packaged,
    },
  } as const;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** Navigation is allowed only within the app itself (a reload); everything else is refused. */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** New windows are never opened by the app; links to the web go to the user's browser through openExternal. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) };
}

/** The one door to shell.openExternal: https pages and mailto: (for SOR-code applications), nothing else. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === 'mailto:') return true;
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.hostname !== '';
}

/** Only writing text to the clipboard (the "Kopiér" buttons) is allowed; every other permission is denied. */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

export function permissionDecision(permission: string): boolean {
  return ALLOWED_PERMISSIONS.includes(permission);
}

/** An IPC message is answered only when it comes from the app's own page. */
export function isTrustedSender(frameUrl: string | undefined | null): boolean {
  return isAppUrl(frameUrl);
}

/** The only URLs the shell itself loads or fetches: the window's start page and the window's own files. */
export function isShellLoad(url: string, rendererDir: string): boolean {
  if (url === START_URL) return true;
  const u = parse(url);
  if (!u || u.protocol !== 'file:') return false;
  const file = path.resolve(decodeURIComponent(u.pathname));
  return file.startsWith(path.resolve(rendererDir) + path.sep);
}

/** The file an app:// request asks for, or null (then the shell answers 404). */
export function resolveAppRequest(root: string, requestUrl: string): string | null {
  const u = parse(requestUrl);
  if (!u || !isAppUrl(requestUrl)) return null;
  let p: string;
  try {
    p = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  return resolveInside(root, p === '/' || p === '' ? '/index.html' : p);
}
