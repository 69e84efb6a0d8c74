/**
 * The only bridge into the page: window controls. Data never crosses here; the renderer reads it
 * over HTTP/SSE like any browser, so Electron and the browser run the same code.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ShellApi } from '../main/ipc-contract';

const api: ShellApi = {
  toggleFullScreen: () => ipcRenderer.invoke('shell:toggle-full-screen') as Promise<void>,
  isElectron: true,
};

contextBridge.exposeInMainWorld('trackside', api);
