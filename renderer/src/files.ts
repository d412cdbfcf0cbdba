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
  const type = SAVE_TYPES[saveExtensionOf(fileName) ?? 'xml'].mime;
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}
