// The options of the system's file dialogs, from the one definition of what each file is (schemas/files.ts). Plain
// data, so tests check what the shell shows without the Electron binary. This file must not import electron.

import path from 'node:path';
import { OPEN_PURPOSES, SAVE_TYPES, saveExtensionOf, type OpenPurpose } from '../schemas/files.ts';

export function openDialogOptions(purpose: OpenPurpose) {
  const p = OPEN_PURPOSES[purpose];
  return {
    title: p.title,
    buttonLabel: 'Vælg',
    properties: ['openFile' as const],
    filters: [
      { name: p.filter, extensions: [...p.extensions] },
      { name: 'Alle filer', extensions: ['*'] },
    ],
  };
}

/** `fileName` has passed the contract (one of SAVE_TYPES' extensions); it is proposed in the user's documents. */
export function saveDialogOptions(fileName: string, documentsDir: string) {
  const ext = saveExtensionOf(fileName) ?? 'xml';
  return {
    title: 'Gem fil',
    buttonLabel: 'Gem',
    defaultPath: path.join(documentsDir, path.basename(fileName)),
    filters: [{ name: SAVE_TYPES[ext].filter, extensions: [ext] }],
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
  };
}

/** Closing or reloading the window with unsaved changes (the window's beforeunload): ask before they are lost. */
export const DISCARD_DIALOG = {
  type: 'question' as const,
  title: 'Kassér ændringer?',
  message: 'Der er ændringer, som ikke er gemt.',
  detail: 'Lukker du nu, går det, du har skrevet, tabt.',
  buttons: ['Kassér ændringer', 'Bliv i programmet'],
  defaultId: 1,
  cancelId: 1,
  noLink: true,
};
/** The button of DISCARD_DIALOG that lets the window close. */
export const DISCARD_BUTTON = 0;
