/**
 * The Electron shell: a thin layer over the core. It starts the core in-process and shows the
 * core's own URL in a locked-down window; everything else lives in electron/core.
 */
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ConfigError, parseCommandLine } from '../core/config/config';
import { createConsole, type TracksideConsole } from '../core/console';
import { setNativeBinding } from '../core/store/database';
import { dashboardWindowOptions, isOwnOrigin } from './window-options';
import { OutputController } from './output-controller';
import { IPC } from './ipc-contract';

const here = dirname(fileURLToPath(import.meta.url));
let core: TracksideConsole | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  let parsed;
  try {
    parsed = parseCommandLine(process.argv.slice(app.isPackaged ? 1 : 2));
  } catch (err) {
    process.stderr.write(`trackside: ${(err as Error).message}\n`);
    app.exit(err instanceof ConfigError ? 2 : 1);
    return;
  }
  // Electron's ABI differs from Node's: use the copy of better-sqlite3 built for Electron.
  setNativeBinding(join(here, '..', '..', 'native', 'electron', 'better_sqlite3.node'));
  core = createConsole(parsed.config!, { rendererDir: join(here, '..', 'renderer') });
  const url = await core.start();
  process.stdout.write(`Trackside listening on ${url}\n`);

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ipcMain.handle(IPC.toggleFullScreen, (event) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    win?.setFullScreen(!win.isFullScreen());
  });
  const preload = join(here, '..', 'preload', 'index.cjs');
  new OutputController(url, preload).register();

  const win = new BrowserWindow(dashboardWindowOptions(preload));
  win.webContents.on('will-navigate', (event, target) => {
    if (!isOwnOrigin(target, url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url: target }) => {
    if (target.startsWith('https://')) void shell.openExternal(target);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(url);
}

app.on('window-all-closed', () => app.quit());
app.on('before-quit', (event) => {
  if (!core) return;
  event.preventDefault();
  const stopping = core;
  core = undefined;
  void stopping.stop().finally(() => app.exit(0));
});
