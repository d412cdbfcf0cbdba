// The preload: the window's only door to the rest. It exposes window.api.call(name, args), which invokes the IPC
// channel of that call. The calls it lets through are the contract's own: electron/bundle.mjs reads the call names
// and their channels from schemas/api.ts when it builds this file (so the sandboxed preload stays small and carries
// no schema library), and the main process handles exactly those channels and checks the sender.

import { contextBridge, ipcRenderer } from 'electron';

/** Call name → IPC channel, from the contract (set by electron/bundle.mjs). */
declare const SEI_CALL_CHANNELS: Readonly<Record<string, string>>;

const CHANNELS = new Map(Object.entries(SEI_CALL_CHANNELS));

contextBridge.exposeInMainWorld('api', {
  call(name: unknown, args: unknown): Promise<unknown> {
    const channel = typeof name === 'string' ? CHANNELS.get(name) : undefined;
    if (channel === undefined) {
      return Promise.resolve({ ok: false, error: { message: 'Ukendt kald.', fields: [] } });
    }
    return ipcRenderer.invoke(channel, args);
  },
});
