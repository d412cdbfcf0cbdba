// Serving the window's own files, shared by the desktop shell's app:// handler and browser mode's loopback bridge: the
// Content-Security-Policy they send, and the path check that keeps every request inside the window's folder.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { REPORT_CSS } from '../schemas/report-page.ts';

/** The reports' one stylesheet, allowed by its hash: a report printed from inside the window keeps its look. */
const REPORT_STYLE = `'sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}'`;

/**
 * The window's Content-Security-Policy: nothing but the app's own files (and the reports' stylesheet), no inline
 * script, no network.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${REPORT_STYLE}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A report page as the desktop prints it (electron/report-printer.ts): its stylesheet, nothing else. */
export const REPORT_PRINT_POLICY = ["default-src 'none'", `style-src ${REPORT_STYLE}`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; ');

/**
 * Resolves a path of the app (from app:// or the bridge) to a file inside root, or null when it would leave root.
 * Rejects encoded separators and NUL bytes.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  if (urlPath.includes('\0') || urlPath.includes('\\')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.normalize(`/${urlPath}`)}`);
  return file === base || file.startsWith(base + path.sep) ? file : null;
}
