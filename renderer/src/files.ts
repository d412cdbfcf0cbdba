// Saving a file made by the program: in the desktop through the system's save dialog (the backend writes it whole or
// not at all), in the browser as a download.

import { SAVE_TYPES, saveExtensionOf } from '../../schemas/files.ts';
import { call, isDesktop } from './api.ts';

/**
 * Saves `text` as `fileName` (an extension of SAVE_TYPES). Answers where it went: the path (desktop), the name handed
 * to the browser's downloads, or null when the user cancelled the dialog.
 */
export async function saveText(fileName: string, text: string): Promise<string | null> {
  if (isDesktop) return (await call('files.save', { fileName, text })).savedTo;
  return download(fileName, text);
}

/** Hands a file to the browser's downloads. */
function download(fileName: string, content: string | Uint8Array<ArrayBuffer>): string {
  const type = SAVE_TYPES[saveExtensionOf(fileName) ?? 'xml'].mime;
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}

/**
 * A file the backend made and handed over (Delivered in the contract): in the desktop it is already written where
 * the save dialog said; in the browser its text becomes a download. Answers where it went, or null (cancelled).
 */
export async function delivered(r: { fileName: string; savedTo: string | null; text: string | null; base64?: string | null }): Promise<string | null> {
  if (r.text !== null) return saveText(r.fileName, r.text);
  // a workbook in browser mode: its bytes, as base64
  if (r.base64)
    return download(
      r.fileName,
      Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0)),
    );
  return r.savedTo;
}
