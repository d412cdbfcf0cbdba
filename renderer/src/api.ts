// The window's only way to the rest: window.api (Electron's preload) or, in browser mode, the loopback bridge.
// Both carry the same calls of the contract (schemas/api.ts) and answer the same envelope. Files: in the desktop the
// system's dialog chooses them and the backend reads them where they lie (files.choose); in the browser the window
// sends a chosen file's bytes as they are (one binary upload, never base64 inside JSON) and gets the same kind of id.

import type { CallArgs, CallName, CallResult, Envelope, FieldProblem } from '../../schemas/api.ts';
import { OPEN_PURPOSES, tooLargeMessage, type ChosenFile, type OpenPurpose } from '../../schemas/files.ts';
import { TOKEN_FRAGMENT, TOKEN_HEADER, TOKEN_STORAGE, UPLOAD_PATH } from '../../schemas/bridge.ts';

interface Transport {
  call(name: string, args: unknown): Promise<Envelope<unknown>>;
}

declare global {
  interface Window {
    api?: Transport;
  }
}

export class ApiError extends Error {
  readonly fields: FieldProblem[];
  constructor(message: string, fields: FieldProblem[] = []) {
    super(message);
    this.fields = fields;
  }
}

/** The desktop app (Electron's preload gave window.api); otherwise browser mode. */
export const isDesktop = window.api !== undefined;

/** Browser mode: the secret arrives in the address's fragment once; it is kept for this tab and taken off the address. */
function takeToken(): void {
  const m = new RegExp(`[#&]${TOKEN_FRAGMENT}=([^&]+)`).exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(TOKEN_STORAGE, decodeURIComponent(m[1]!));
  history.replaceState(null, '', location.pathname + location.search);
}
if (!isDesktop) takeToken();
const token = () => sessionStorage.getItem(TOKEN_STORAGE) ?? '';

function httpTransport(): Transport {
  return {
    async call(name, args) {
      const res = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token() },
        body: JSON.stringify(args ?? {}),
      });
      try {
        return (await res.json()) as Envelope<unknown>;
      } catch {
        return { ok: false, error: { message: `Programmet svarede ikke som ventet (HTTP ${res.status}).`, fields: [] } };
      }
    },
  };
}

const transport: Transport = window.api ?? httpTransport();
const LOST = 'Forbindelsen til programmet er afbrudt. Luk og genstart SEI Genoptræning.';

function unwrap<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new ApiError(envelope.error.message, envelope.error.fields);
  return envelope.result as T;
}

export async function call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  let envelope: Envelope<unknown>;
  try {
    envelope = await transport.call(name, args);
  } catch {
    throw new ApiError(LOST);
  }
  return unwrap<CallResult<K>>(envelope);
}

/**
 * Browser mode: sends a file the user chose in the browser to the backend as raw bytes (the browser streams it from
 * disk), with progress; answers the file's id for the call that reads it.
 */
export function uploadFile(file: File, purpose: OpenPurpose, onProgress?: (fraction: number) => void): Promise<ChosenFile> {
  if (file.size > OPEN_PURPOSES[purpose].maxBytes) return Promise.reject(new ApiError(tooLargeMessage(file.name, file.size, purpose)));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${UPLOAD_PATH}?${new URLSearchParams({ purpose, name: file.name })}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader(TOKEN_HEADER, token());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(`${file.name} kunne ikke sendes til programmet. ${LOST}`));
    xhr.onload = () => {
      try {
        resolve(unwrap<ChosenFile>(JSON.parse(xhr.responseText) as Envelope<unknown>));
      } catch (e) {
        reject(e instanceof ApiError ? e : new ApiError(`Programmet svarede ikke som ventet (HTTP ${xhr.status}).`));
      }
    };
    xhr.send(file);
  });
}
