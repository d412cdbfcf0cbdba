// "Vælg fil …": in the desktop the system's file dialog (the backend reads the file where it lies); in the browser a
// file input whose file is sent as raw bytes. Either way the page gets the chosen file's id, name and size.

import type { ReactNode } from 'react';
import { acceptOf, type ChosenFile, type OpenPurpose } from '../../../schemas/files.ts';
import { call, isDesktop, uploadFile } from '../api.ts';

export interface FileButtonProps {
  purpose: OpenPurpose;
  className?: string;
  disabled?: boolean;
  children: ReactNode;
  /** The user has picked a file (browser mode: it is about to be sent). */
  onStart?: (fileName: string) => void;
  /** How much of the file has been sent (browser mode). */
  onProgress?: (fraction: number) => void;
  onChosen: (file: ChosenFile) => void | Promise<void>;
  onError: (message: string) => void;
}

export function FileButton({ purpose, className = 'btn', disabled, children, onStart, onProgress, onChosen, onError }: FileButtonProps) {
  if (isDesktop) {
    const choose = async () => {
      try {
        const file = await call('files.choose', { purpose });
        if (!file) return;
        onStart?.(file.fileName);
        await onChosen(file);
      } catch (e) {
        onError((e as Error).message);
      }
    };
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => void choose()}>
        {children}
      </button>
    );
  }
  const send = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // the same file can be chosen again
    if (!file) return;
    try {
      onStart?.(file.name);
      onProgress?.(0);
      await onChosen(await uploadFile(file, purpose, onProgress));
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <label className={`${className} file-btn`} aria-disabled={disabled || undefined}>
      {children}
      <input type="file" accept={acceptOf(purpose)} disabled={disabled} onChange={(e) => void send(e.target)} />
    </label>
  );
}
