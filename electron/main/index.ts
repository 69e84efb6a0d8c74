/**
 * The Electron shell: a thin layer over the core. It starts the core in-process on loopback and
 * shows the core's own URL in locked-down windows; everything the product does lives in
 * electron/core, so the same console runs headless and in any browser.
 */
import { app, BrowserWindow, Menu, ipcMain, screen, session, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { setNativeBinding } from '../core/store/database';
import { loadConfig, type LoadedConfig } from '../core/app/load-config';
import { startConsoleRunner, type ConsoleRunner, type Listening } from '../core/app/runner';
import { dashboardWindowOptions, isOwnOrigin } from './window-options';
import { OutputController } from './output-controller';
import { IPC } from '../preload/ipc-contract';
import { EXIT_USE_HEADLESS, chooseNativeBinding } from './native-binding';
import { guardWindow } from './window-guards';
import { loadWindowState, placeWindow, saveWindowState } from './window-state';
import { applicationMenuTemplate } from './app-menu';
import { StatusTray } from './status-tray';
import { startFailure } from './start-failure';
import { lockDataDir, type DataDirLock } from '../core/store/data-dir-lock';

const here = dirname(fileURLToPath(import.meta.url));
/** out/main → the project (or app.asar) root. */
const appRoot = join(here, '..', '..');
let runner: ConsoleRunner | undefined;
let lock: DataDirLock | undefined;
let dashboard: BrowserWindow | undefined;
let tray: StatusTray | undefined;
let output: OutputController | undefined;
/** What this machine's windows open: loopback, with the LAN token when one is required. */
let consoleUrl = '';

if (!app.requestSingleInstanceLock()) {
  // A second launch (a double-click on the desktop icon mid-meet) brings the running one forward.
  app.quit();
} else {
  app.on('second-instance', () => showDashboard());
  void app.whenReady().then(start);
}

function fail(message: string, code: number): void {
  process.stderr.write(`trackside: ${message}\n`);
  app.exit(code);
}

function failWith(err: unknown): void {
  const { message, exitCode } = startFailure(err);
  fail(message, exitCode);
}

async function start(): Promise<void> {
  // First of all: reading the saved settings already opens the data dir's SQLite file.
  const binding = chooseNativeBinding({
    electron: process.versions.electron,
    abi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
    isPackaged: app.isPackaged,
    appRoot,
    exists: existsSync,
    readText: (p) => readFileSync(p, 'utf8'),
  });
  // Without an SQLite that loads here the console cannot keep the meet; `npm start` answers this
  // exit code by serving the same console headless.
  if (binding.kind === 'missing') return fail(binding.why, EXIT_USE_HEADLESS);
  setNativeBinding(binding.kind === 'file' ? binding.path : undefined);

  const argv = process.argv.slice(app.isPackaged ? 1 : 2);
  let loaded: LoadedConfig;
  try {
    // The lock first: a second console must not even read (or move aside) a cache another one uses.
    loaded = loadConfig(argv, process.env, (dataDir) => (lock = lockDataDir(dataDir)));
  } catch (err) {
    return failWith(err);
  }
  for (const w of loaded.warnings) process.stderr.write(`trackside: ${w}\n`);
  if (loaded.print) {
    process.stdout.write(loaded.print);
    return app.exit(0);
  }

  try {
    runner = await startConsoleRunner({
      argv,
      loaded,
      rendererDir: join(here, '..', 'renderer'),
      // The worker scripts are built beside this entry.
      consoleOptions: { workerDir: here },
      onListening: followConsole,
      onRestartError: (message) => process.stderr.write(`trackside: restart: ${message}\n`),
      onFatal: (err) => fail(`cannot start again: ${err.message}`, 1),
    });
  } catch (err) {
    return failWith(err);
  }

  lockDownSession();
  const preload = join(here, '..', 'preload', 'index.cjs');
  output = new OutputController(() => consoleUrl, preload);
  output.register();
  ipcMain.handle(IPC.toggleFullScreen, (event) => {
    assertOwnPage(event);
    const win = BrowserWindow.fromWebContents(event.sender);
    win?.setFullScreen(!win.isFullScreen());
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      applicationMenuTemplate(
        {
          sendKey: (key) => dashboard?.webContents.send(IPC.pressKey, key),
          openOutputWindow: () => void output?.open({}),
          closeOutputWindow: () => output?.close(),
          openInBrowser,
          openDataFolder: () => void shell.openPath(runner!.config.dataDir),
          quit: () => app.quit(),
        },
        { platform: process.platform, packaged: app.isPackaged },
      ),
    ),
  );
  tray = StatusTray.create({
    iconDir: app.isPackaged ? process.resourcesPath : join(appRoot, 'resources'),
    health: () => runner!.console.health(),
    show: showDashboard,
    openInBrowser,
    quit: () => app.quit(),
  });
  await openDashboard(preload);
}

/** Permissions (camera, notifications, geolocation…) are never needed: refuse them all. */
function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function assertOwnPage(event: IpcMainInvokeEvent): void {
  if (!isOwnOrigin(event.senderFrame?.url ?? '', consoleUrl)) throw new Error('refused: not a Trackside page');
}

async function openDashboard(preload: string): Promise<void> {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const displays = screen.getAllDisplays().map((d) => ({ id: d.id, workArea: d.workArea }));
  const placed = placeWindow(loadWindowState(stateFile), displays, screen.getPrimaryDisplay().id);
  const win = new BrowserWindow({ ...dashboardWindowOptions(preload), ...placed.bounds });
  dashboard = win;
  guardWindow(win, () => consoleUrl, { openHttpsExternally: true });
  win.once('ready-to-show', () => {
    if (placed.maximized) win.maximize();
    if (placed.fullScreen) win.setFullScreen(true);
    win.show();
  });
  win.on('close', () => {
    saveWindowState(stateFile, {
      bounds: win.getNormalBounds(),
      displayId: screen.getDisplayMatching(win.getBounds()).id,
      maximized: win.isMaximized(),
      fullScreen: win.isFullScreen(),
    });
  });
  win.on('closed', () => (dashboard = undefined));
  await win.loadURL(consoleUrl);
}

/**
 * After the first start and each restart from the Settings page: a new port or token moves the
 * console, so the dashboard follows it and output windows (on the old URL) close.
 */
function followConsole(listening: Listening): void {
  lock?.setUrl(listening.openUrl);
  process.stdout.write(`Trackside listening on ${listening.url}\n`);
  const moved = consoleUrl !== '' && consoleUrl !== listening.openUrl;
  consoleUrl = listening.openUrl;
  if (moved) {
    output?.close();
    void dashboard?.loadURL(consoleUrl);
  }
}

/** The console's own loopback URL, never anything a page supplied. */
function openInBrowser(): void {
  void shell.openExternal(consoleUrl);
}

function showDashboard(): void {
  const win = dashboard;
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

app.on('window-all-closed', () => app.quit());
app.on('before-quit', (event) => {
  if (!runner) return;
  // Stop the core first: sockets closed, the WAL folded into the database, then exit.
  event.preventDefault();
  const stopping = runner;
  runner = undefined;
  tray?.destroy();
  void stopping.stop().finally(() => {
    lock?.release();
    app.exit(0);
  });
});
// `npm start` forwards Ctrl+C and SIGTERM: quit the same clean way as the menu.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
