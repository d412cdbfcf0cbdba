// The preload: the window's only door to the rest. It exposes window.api.call(name, args), which invokes the IPC
// channel of that call; the main process handles only the channels of the contract and checks the sender.

import { contextBridge, ipcRenderer } from 'electron';

const NAME = /^[a-z]+\.[A-Za-z]+$/;

contextBridge.exposeInMainWorld('api', {
  call(name: unknown, args: unknown): Promise<unknown> {
    if (typeof name !== 'string' || !NAME.test(name)) {
      return Promise.resolve({ ok: false, error: { message: 'Ukendt kald.', fields: [] } });
    }
    return ipcRenderer.invoke(`api:${name}`, args);
  },
});
