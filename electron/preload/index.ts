/**
 * The only bridge into the page: window controls. Data never crosses here; the renderer reads it
 * over HTTP/SSE like any browser, so Electron and the browser run the same code.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC, PRESSABLE_KEY, type ShellApi } from './ipc-contract';

const api: ShellApi = {
  toggleFullScreen: () => ipcRenderer.invoke(IPC.toggleFullScreen) as Promise<void>,
  listDisplays: () => ipcRenderer.invoke(IPC.listDisplays) as ReturnType<ShellApi['listDisplays']>,
  openOutput: (request) => ipcRenderer.invoke(IPC.openOutput, request) as Promise<number>,
  closeOutput: () => ipcRenderer.invoke(IPC.closeOutput) as Promise<void>,
  isElectron: true,
};

contextBridge.exposeInMainWorld('trackside', api);

// A menu item presses its key: the page's own keyboard handler runs it, so the menu cannot drift
// from the shortcuts. DOM events cross from this isolated world to the page's.
ipcRenderer.on(IPC.pressKey, (_event, key: unknown) => {
  if (typeof key === 'string' && PRESSABLE_KEY.test(key)) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
});
