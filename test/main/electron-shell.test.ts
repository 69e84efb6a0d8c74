/**
 * The Electron shell, with `electron` mocked (its binary cannot run here): one window on the
 * core's own URL, locked down, and navigation anywhere else refused.
 */
import { describe, expect, it, vi } from 'vitest';
import { dashboardWindowOptions, isOwnOrigin } from '../../electron/main/window-options';

const created: { options: Record<string, any>; handlers: Record<string, (...a: any[]) => void>; openHandler?: (d: { url: string }) => unknown; url?: string }[] = [];
const permissionHandler: { fn?: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void } = {};

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    static fromWebContents = () => undefined;
    record: (typeof created)[number];
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.record = { options, handlers: {} };
      created.push(this.record);
      const record = this.record;
      this.webContents = {
        on: (event: string, fn: (...a: unknown[]) => void) => (record.handlers[event] = fn),
        setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (record.openHandler = fn),
      };
    }
    once() {}
    show() {}
    async loadURL(url: string) {
      this.record.url = url;
    }
  }
  return {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      on: () => {},
      whenReady: () => Promise.resolve(),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow,
    ipcMain: { handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: (fn: typeof permissionHandler.fn) => (permissionHandler.fn = fn) } },
    shell: { openExternal: vi.fn() },
  };
});

vi.mock('../../electron/core/console', () => ({
  createConsole: () => ({ start: async () => 'http://127.0.0.1:4999/', stop: async () => {} }),
}));

describe('Electron shell', () => {
  it('builds every window sandboxed, isolated and without Node', () => {
    const opts = dashboardWindowOptions('/preload.cjs');
    expect(opts.webPreferences).toMatchObject({
      sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false,
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

  it('opens one window on the core URL and refuses navigation, new windows and permissions', async () => {
    const argv = process.argv;
    process.argv = ['electron', 'out/main/index.js', '--port', '0'];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await import('../../electron/main/index');
      await vi.waitFor(() => expect(created[0]?.url).toBe('http://127.0.0.1:4999/'));
    } finally {
      process.argv = argv;
    }
    expect(write).toHaveBeenCalledWith('Trackside listening on http://127.0.0.1:4999/\n');
    write.mockRestore();
    expect(created).toHaveLength(1);
    const win = created[0]!;
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);

    const away = { preventDefault: vi.fn() };
    win.handlers['will-navigate']!(away, 'https://example.org/');
    expect(away.preventDefault).toHaveBeenCalled();
    const home = { preventDefault: vi.fn() };
    win.handlers['will-navigate']!(home, 'http://127.0.0.1:4999/#/unit');
    expect(home.preventDefault).not.toHaveBeenCalled();
    expect(win.openHandler!({ url: 'http://127.0.0.1:4999/other' })).toEqual({ action: 'deny' });

    const answer = vi.fn();
    permissionHandler.fn!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
  });
});
