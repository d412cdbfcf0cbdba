// A report's "Udskriv …" and "Gem som PDF …": in the desktop the shell prints the page (the system's print dialog, or
// Chromium's PDF saved where the user chooses); in browser mode the browser's own print window, whose printers
// include "Gem som PDF". The report's page is made only when a button is pressed (it may read every ydelse).

import { useState } from 'react';
import { call, isDesktop } from './api.ts';
import { errorText } from './useAction.ts';

/** The frame browser mode prints from: one, reused, out of sight; no script runs in it. */
function printFrame(): HTMLIFrameElement {
  const old = document.getElementById('print-frame');
  if (old instanceof HTMLIFrameElement) return old;
  const frame = document.createElement('iframe');
  frame.id = 'print-frame';
  frame.className = 'print-frame';
  frame.title = 'Udskrift';
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
  document.body.append(frame);
  return frame;
}

/** Browser mode: the report in the print frame, then the browser's print window for it. */
function browserPrint(html: string): Promise<void> {
  const frame = printFrame();
  return new Promise((resolve, reject) => {
    frame.onload = () => {
      frame.onload = null;
      try {
        frame.contentWindow?.print();
        resolve();
      } catch (e) {
        reject(e);
      }
    };
    frame.srcdoc = html;
  });
}

export interface PrintedReport {
  /** Who the report is, for the messages ("Månedsrapporten"). */
  what: string;
  /** The PDF's proposed name (ends in .pdf). */
  fileName: string;
  /** Makes the report's page. */
  make: () => Promise<string>;
}

/** The report's buttons; what happened goes to the panel's own message line (onMessage) or error (onError). */
export function PrintButtons({
  report,
  label,
  onMessage,
  onError,
}: {
  report: PrintedReport;
  label?: string;
  onMessage: (m: string) => void;
  onError: (m: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      onError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const print = () =>
    run(async () => {
      const html = await report.make();
      if (!isDesktop) return browserPrint(html);
      if ((await call('files.print', { html })).printed) onMessage(`${report.what} er sendt til printeren.`);
    });
  const pdf = () =>
    run(async () => {
      const { savedTo } = await call('files.savePdf', { fileName: report.fileName, html: await report.make() });
      if (savedTo) onMessage(`${report.what} er gemt som PDF i ${savedTo}.`);
    });
  return (
    <span className="toolbar-group print-buttons" role="group" aria-label={label ?? report.what}>
      {label && <span className="muted">{label}:</span>}
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => void print()}
        title={isDesktop ? undefined : 'Vælg "Gem som PDF" som printer for at gemme rapporten som PDF.'}
      >
        {isDesktop ? 'Udskriv …' : 'Udskriv eller gem som PDF …'}
      </button>
      {isDesktop && (
        <button type="button" className="btn" disabled={busy} onClick={() => void pdf()}>
          Gem som PDF …
        </button>
      )}
    </span>
  );
}
