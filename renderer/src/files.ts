// Files between the user and the window: a chosen file's bytes for the backend, and a file made here handed over
// as a download (the browser's, or Electron's save dialog).

export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The bytes of a chosen file (or a piece of it) as base64, the way files cross into the backend. */
export function readAsBase64(file: Blob, onProgress?: (fraction: number) => void, name = file instanceof File ? file.name : 'filen'): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    r.onerror = () => reject(new Error(`Filen ${name} kunne ikke læses.`));
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.readAsDataURL(file);
  });
}

/** Bytes per piece when a large file is sent in pieces. */
export const PIECE_BYTES = 8 * 1024 * 1024;

/**
 * Sends a chosen file in pieces, one at a time, so that a file of hundreds of MB is never held whole in the window
 * (nor as one string in the backend). `send` gets each piece's offset and its bytes as base64.
 */
export async function sendInPieces(file: File, send: (offset: number, dataBase64: string) => Promise<void>, onProgress?: (fraction: number) => void): Promise<void> {
  for (let offset = 0; offset < file.size; offset += PIECE_BYTES) {
    const piece = file.slice(offset, Math.min(file.size, offset + PIECE_BYTES));
    await send(offset, await readAsBase64(piece, undefined, file.name));
    onProgress?.(Math.min(file.size, offset + PIECE_BYTES) / file.size);
  }
}
