/**
 * The Electron shell, with `electron` mocked (its binary cannot run here) and the core's runner
 * stubbed: one locked-down window on the core's URL, a second launch brought forward instead of
 * a second console, the exact IPC surface, the menu and tray, window bounds remembered, the
 * headless fallback when SQLite is not built for Electron, and a clean quit.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardWindowOptions, isOwnOrigin } from '../../electron/main/window-options';
import { IPC } from '../../electron/preload/ipc-contract';
import { EXIT_USE_HEADLESS } from '../../electron/main/native-binding';
import { tempDir } from '../helpers/temp-dir';

type Handler = (...a: any[]) => any;
interface WindowRecord {
  options: Record<string, any>;
  handlers: Record<string, Handler>;
  webHandlers: Record<string, Handler>;
  openHandler?: (d: { url: string }) => unknown;
  urls: string[];
  sent: unknown[][];
}

const shell = vi.hoisted(() => ({
  windows: [] as WindowRecord[],
  appHandlers: {} as Record<string, Handler>,
  ipc: new Map<string, Handler>(),
  lock: true,
  permission: {} as { request?: Handler; check?: Handler },
  menu: undefined as any,
  trays: [] as { tooltip?: string; image?: string; menu?: any; destroyed: boolean }[],
  userData: '',
  exit: vi.fn(),
  quit: vi.fn(),
  binding: undefined as undefined | { kind: 'missing'; why: string },
  listening: undefined as undefined | ((l: { url: string; openUrl: string; config: unknown }) => void),
  stopped: 0,
  runnerError: undefined as Error | undefined,
  /** The order of the calls that must come in order: the native binding before any SQLite. */
  order: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    static fromWebContents = () => ({ isFullScreen: () => false, setFullScreen: vi.fn() });
    record: WindowRecord;
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const record: WindowRecord = { options, handlers: {}, webHandlers: {}, urls: [], sent: [] };
      this.record = record;
      shell.windows.push(record);
      this.webContents = {
        on: (event: string, fn: Handler) => (record.webHandlers[event] = fn),
        setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (record.openHandler = fn),
        send: (...args: unknown[]) => record.sent.push(args),
      };
    }
    once(event: string, fn: Handler) {
      this.record.handlers[`once:${event}`] = fn;
    }
    on(event: string, fn: Handler) {
      this.record.handlers[event] = fn;
    }
    show() {}
    maximize() {}
    setFullScreen() {}
    isMinimized = () => false;
    focus() {}
    getNormalBounds = () => ({ x: 10, y: 20, width: 1200, height: 700 });
    getBounds = () => ({ x: 10, y: 20, width: 1200, height: 700 });
    isMaximized = () => false;
    isFullScreen = () => false;
    async loadURL(url: string) {
      this.record.urls.push(url);
    }
  }
  class Tray {
    record = { destroyed: false } as (typeof shell.trays)[number];
    constructor(image: string) {
      this.record.image = image;
      shell.trays.push(this.record);
    }
    on() {}
    setImage(image: string) {
      this.record.image = image;
    }
    setToolTip(t: string) {
      this.record.tooltip = t;
    }
    setContextMenu(m: unknown) {
      this.record.menu = m;
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 };
  return {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => shell.lock,
      on: (event: string, fn: Handler) => (shell.appHandlers[event] = fn),
      whenReady: () => Promise.resolve(),
      getPath: () => shell.userData,
      quit: shell.quit,
      exit: shell.exit,
    },
    BrowserWindow,
    Tray,
    Menu: { buildFromTemplate: (t: unknown) => ({ template: t }), setApplicationMenu: (m: unknown) => (shell.menu = m) },
    nativeImage: { createFromPath: (p: string) => p },
    ipcMain: { handle: (channel: string, fn: Handler) => shell.ipc.set(channel, fn) },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display, getDisplayMatching: () => display },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Handler) => (shell.permission.request = fn),
        setPermissionCheckHandler: (fn: Handler) => (shell.permission.check = fn),
      },
    },
    shell: { openExternal: vi.fn(), openPath: vi.fn() },
  };
});

vi.mock('../../electron/main/native-binding', async (original) => {
  const real = await original<typeof import('../../electron/main/native-binding')>();
  return { ...real, chooseNativeBinding: (env: Parameters<typeof real.chooseNativeBinding>[0]) => shell.binding ?? real.chooseNativeBinding(env) };
});

vi.mock('../../electron/core/store/database', async (original) => {
  const real = await original<typeof import('../../electron/core/store/database')>();
  return {
    ...real,
    setNativeBinding: (p: string | undefined) => (shell.order.push('setNativeBinding'), real.setNativeBinding(p)),
    openDatabase: (...a: Parameters<typeof real.openDatabase>) => (shell.order.push('openDatabase'), real.openDatabase(...a)),
  };
});

vi.mock('../../electron/core/app/runner', () => ({
  startConsoleRunner: async (opts: { onListening: NonNullable<typeof shell.listening> }) => {
    if (shell.runnerError) throw shell.runnerError;
    shell.listening = opts.onListening;
    opts.onListening({ url: 'http://127.0.0.1:4999/', openUrl: 'http://127.0.0.1:4999/', config: {} });
    return {
      config: { dataDir: '/data' },
      console: { health: () => ({ status: 'ok', mode: 'demo', startedAt: '', sources: {}, cache: { units: 3, lastSeq: 1, schemaVersion: 5, file: 'x' } }) },
      stop: async () => void shell.stopped++,
    };
  },
}));

let data: ReturnType<typeof tempDir>;
let write: ReturnType<typeof vi.spyOn>;
let errors: ReturnType<typeof vi.spyOn>;
const argv = process.argv;

beforeEach(() => {
  vi.resetModules();
  data = tempDir();
  shell.userData = join(data.path, 'user-data');
  shell.windows.length = 0;
  shell.trays.length = 0;
  shell.ipc.clear();
  shell.lock = true;
  shell.binding = undefined;
  shell.stopped = 0;
  shell.runnerError = undefined;
  shell.order.length = 0;
  shell.exit.mockClear();
  shell.quit.mockClear();
  process.argv = ['electron', 'out/main/index.js', '--port', '0', '--data-dir', join(data.path, 'data')];
  write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  process.argv = argv;
  write.mockRestore();
  errors.mockRestore();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(s);
  data.remove();
});

async function launch(): Promise<WindowRecord> {
  await import('../../electron/main/index');
  await vi.waitFor(() => expect(shell.windows[0]?.urls[0]).toBeDefined());
  return shell.windows[0]!;
}

describe('window options and origin', () => {
  it('builds every window sandboxed, isolated and without Node', () => {
    const opts = dashboardWindowOptions('/preload.cjs');
    expect(opts.webPreferences).toMatchObject({
      sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(opts.width).toBe(1366);
    expect(opts.height).toBe(768);
  });

  it('tells our origin from any other', () => {
    expect(isOwnOrigin('http://127.0.0.1:4999/api/health', 'http://127.0.0.1:4999/')).toBe(true);
    expect(isOwnOrigin('http://127.0.0.1:5000/', 'http://127.0.0.1:4999/')).toBe(false);
    expect(isOwnOrigin('https://example.org/', 'http://127.0.0.1:4999/')).toBe(false);
    expect(isOwnOrigin('javascript:alert(1)', 'http://127.0.0.1:4999/')).toBe(false);
  });
});

describe('Electron shell', () => {
  it('opens one window on the core URL and refuses navigation, redirects, webviews, new windows and permissions', async () => {
    // A data dir with a cache, so reading its saved settings opens SQLite.
    const { openDatabase } = await import('../../electron/core/store/database');
    openDatabase(join(data.path, 'data')).close();
    shell.order.length = 0;
    const win = await launch();
    expect(write).toHaveBeenCalledWith('Trackside listening on http://127.0.0.1:4999/\n');
    // Electron's own SQLite build must be chosen before anything opens the cache.
    expect(shell.order.slice(0, 2)).toEqual(['setNativeBinding', 'openDatabase']);
    expect(shell.windows).toHaveLength(1);
    expect(win.urls).toEqual(['http://127.0.0.1:4999/']);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(win.options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);

    for (const event of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() };
      win.webHandlers[event]!(away, 'https://example.org/');
      expect(away.preventDefault, event).toHaveBeenCalled();
      const home = { preventDefault: vi.fn() };
      win.webHandlers[event]!(home, 'http://127.0.0.1:4999/#/unit');
      expect(home.preventDefault, event).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    win.webHandlers['will-attach-webview']!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(win.openHandler!({ url: 'http://127.0.0.1:4999/other' })).toEqual({ action: 'deny' });
    expect(win.openHandler!({ url: 'https://data.opentrack.run/' })).toEqual({ action: 'deny' });

    const answer = vi.fn();
    shell.permission.request!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(shell.permission.check!({}, 'notifications')).toBe(false);
  });

  it('exposes exactly the window-control IPC, and only to its own pages', async () => {
    await launch();
    expect([...shell.ipc.keys()].sort()).toEqual([IPC.closeOutput, IPC.listDisplays, IPC.openOutput, IPC.toggleFullScreen].sort());
    const toggle = shell.ipc.get(IPC.toggleFullScreen)!;
    expect(() => toggle({ senderFrame: { url: 'https://evil.example/' }, sender: {} })).toThrow(/refused/);
    expect(() => toggle({ senderFrame: { url: 'http://127.0.0.1:4999/#/on-air' }, sender: {} })).not.toThrow();
  });

  it('lists every shortcut in the menu and presses its key in the dashboard', async () => {
    const win = await launch();
    const view = shell.menu.template.find((m: { label?: string }) => m.label === 'View');
    const next = view.submenu.find((i: { label?: string }) => i.label?.startsWith('Next unit'));
    next.click();
    expect(win.sent).toEqual([[IPC.pressKey, 'j']]);
  });

  it('shows the sources in the tray and removes it on quit', async () => {
    await launch();
    expect(shell.trays).toHaveLength(1);
    expect(shell.trays[0]!.tooltip).toBe('Trackside — live · 3 units cached');
    expect(shell.trays[0]!.image).toMatch(/resources[\\/]tray-ok\.png$/);
    expect(existsSync(shell.trays[0]!.image!)).toBe(true);
  });

  it('remembers the window bounds on close and opens there next time', async () => {
    const win = await launch();
    win.handlers.close!();
    const saved = JSON.parse(readFileSync(join(shell.userData, 'window-state.json'), 'utf8'));
    expect(saved).toMatchObject({ bounds: { x: 10, y: 20, width: 1200, height: 700 }, displayId: 1, maximized: false });

    vi.resetModules();
    shell.windows.length = 0;
    // The next start is a new process; this one still holds its data dir, so the next uses another.
    process.argv = ['electron', 'out/main/index.js', '--port', '0', '--data-dir', join(data.path, 'data-next')];
    const again = await launch();
    expect(again.options).toMatchObject({ x: 10, y: 20, width: 1200, height: 700 });
  });

  it('follows the console to its new URL after a restart on another port', async () => {
    const win = await launch();
    shell.listening!({ url: 'http://0.0.0.0:4800/', openUrl: 'http://127.0.0.1:4800/?token=abc', config: {} });
    expect(win.urls).toEqual(['http://127.0.0.1:4999/', 'http://127.0.0.1:4800/?token=abc']);
    const home = { preventDefault: vi.fn() };
    win.webHandlers['will-navigate']!(home, 'http://127.0.0.1:4800/#/settings');
    expect(home.preventDefault).not.toHaveBeenCalled();
    const old = { preventDefault: vi.fn() };
    win.webHandlers['will-navigate']!(old, 'http://127.0.0.1:4999/');
    expect(old.preventDefault).toHaveBeenCalled();
  });

  it('stops the core before it exits on quit', async () => {
    await launch();
    const event = { preventDefault: vi.fn() };
    shell.appHandlers['before-quit']!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(shell.exit).toHaveBeenCalledWith(0));
    expect(shell.stopped).toBe(1);
    expect(shell.trays[0]!.destroyed).toBe(true);
    // The second before-quit (from app.exit) lets the app go.
    const second = { preventDefault: vi.fn() };
    shell.appHandlers['before-quit']!(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('brings the running console forward instead of starting a second one', async () => {
    shell.lock = false;
    await import('../../electron/main/index');
    expect(shell.quit).toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 20));
    expect(shell.windows).toHaveLength(0);
    expect(write).not.toHaveBeenCalledWith(expect.stringMatching(/listening/));
  });

  it('exits for the headless fallback, saying why, when SQLite is not built for this Electron', async () => {
    shell.binding = { kind: 'missing', why: 'better-sqlite3 is not built for Electron here' };
    await import('../../electron/main/index');
    await vi.waitFor(() => expect(shell.exit).toHaveBeenCalledWith(EXIT_USE_HEADLESS));
    expect(errors).toHaveBeenCalledWith('trackside: better-sqlite3 is not built for Electron here\n');
    expect(shell.windows).toHaveLength(0);
    expect(shell.order).toEqual([]);
  });

  it('says in one line, without a stack, that the data dir cannot be used, and exits 1', async () => {
    const { DataDirError } = await import('../../electron/core/store/database');
    shell.runnerError = new DataDirError('/data is on a read-only file system');
    await import('../../electron/main/index');
    await vi.waitFor(() => expect(shell.exit).toHaveBeenCalledWith(1));
    expect(errors).toHaveBeenCalledWith('trackside: cannot use the data dir: /data is on a read-only file system\n');
    expect(shell.windows).toHaveLength(0);
  });

  it('says where the console already running on the same data dir listens, opens no window, and exits 1', async () => {
    const { lockDataDir } = await import('../../electron/core/store/data-dir-lock');
    const other = lockDataDir(join(data.path, 'data'));
    try {
      other.setUrl('http://127.0.0.1:4710/');
      await import('../../electron/main/index');
      await vi.waitFor(() => expect(shell.exit).toHaveBeenCalledWith(1));
      expect(errors).toHaveBeenCalledWith(
        `trackside: Trackside is already running for this data dir at http://127.0.0.1:4710/ (${join(data.path, 'data')}); open that URL, or stop it first, or start with another --data-dir\n`,
      );
      expect(shell.windows).toHaveLength(0);
    } finally {
      other.release();
    }
  });

  it('refuses a bad flag with one line and exit code 2', async () => {
    process.argv = ['electron', 'out/main/index.js', '--port', 'x'];
    await import('../../electron/main/index');
    await vi.waitFor(() => expect(shell.exit).toHaveBeenCalledWith(2));
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^trackside: --port must be a whole number/));
  });
});
