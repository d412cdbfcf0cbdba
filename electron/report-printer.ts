// Printing a report in the desktop: the report's page is loaded into a hidden, script-less window of its own origin
// (app://print/<token>, served from memory only while it prints: no file on disk holds it), then made into a PDF with
// Chromium's printToPDF or sent to the system's print dialog.

import { BrowserWindow } from 'electron';
import { randomUUID } from 'node:crypto';
import type { ReportPrinter } from '../backend/api/handlers.ts';
import { UserError } from '../schemas/errors.ts';
import { PDF_OPTIONS, PRINT_OPTIONS, printTokenOf, printUrl, printWindowOptions, REPORT_PRINT_POLICY } from './policy.ts';

export function reportPrinter() {
  const pages = new Map<string, string>();

  async function withPage<T>(html: string, use: (win: BrowserWindow) => Promise<T>): Promise<T> {
    const token = randomUUID();
    pages.set(token, html);
    const win = new BrowserWindow(printWindowOptions());
    try {
      await win.loadURL(printUrl(token));
      return await use(win);
    } finally {
      pages.delete(token);
      win.destroy();
    }
  }

  const printer: ReportPrinter = {
    pdf: (html) => withPage(html, (win) => win.webContents.printToPDF(PDF_OPTIONS)),
    print: (html) =>
      withPage(
        html,
        (win) =>
          new Promise<boolean>((resolve, reject) =>
            win.webContents.print(PRINT_OPTIONS, (printed, reason) => {
              if (printed) resolve(true);
              else if (/cancel/i.test(reason)) resolve(false);
              else reject(new UserError(`Rapporten kunne ikke udskrives (${reason}). Prøv igen, eller gem den som PDF.`));
            }),
          ),
      ),
  };

  return {
    printer,
    /** The answer to an app:// request for a print page; null when the request is not for one. */
    respond(url: string): Response | null {
      const token = printTokenOf(url);
      if (token === null) return null;
      const html = pages.get(token);
      if (html === undefined) return new Response('Ikke fundet', { status: 404 });
      return new Response(html, {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': REPORT_PRINT_POLICY, 'X-Content-Type-Options': 'nosniff' },
      });
    },
  };
}
