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

export { CONTENT_SECURITY_POLICY, resolveInside } from '../backend/window-files.ts';

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
