/**
 * What every Trackside window refuses, in one place: leaving the console's own origin, opening
 * new windows, and embedding webviews. The console URL is read on each check because a restart
 * with a new port moves it.
 */
import { shell, type BrowserWindow } from 'electron';
import { isOwnOrigin } from './window-options';

export function guardWindow(win: BrowserWindow, consoleUrl: () => string, opts: { openHttpsExternally?: boolean } = {}): void {
  const refuseForeign = (event: { preventDefault(): void }, target: string) => {
    if (!isOwnOrigin(target, consoleUrl())) event.preventDefault();
  };
  win.webContents.on('will-navigate', refuseForeign);
  win.webContents.on('will-redirect', refuseForeign);
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // A link to OpenTrack or the docs opens in the user's browser, never inside the console.
    if (opts.openHttpsExternally && url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
