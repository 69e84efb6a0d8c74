/**
 * The output window for NDI / window capture, with `electron` mocked (its binary cannot run here):
 * exact capture size at any display scaling, the key colour or a key+fill pair, no cursor, never
 * throttled, hardened like every window, and opened only by our own pages with valid arguments.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  KEY_COLOURS,
  OutputRequestSchema,
  chooseDisplay,
  outputUrl,
  outputWindowOptions,
  type DisplayInfo,
} from '../../electron/main/output-window';

const windows: { options: Record<string, any>; url?: string; handlers: Record<string, (...a: any[]) => void>; css: string[]; closed: boolean }[] = [];
const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
const DISPLAYS = [
  { id: 1, label: 'Laptop', scaleFactor: 2, bounds: { x: 0, y: 0, width: 1440, height: 900 } },
  { id: 2, label: 'Capture', scaleFactor: 1, bounds: { x: 1440, y: 0, width: 1920, height: 1080 } },
];

vi.mock('electron', () => {
  class BrowserWindow {
    record: (typeof windows)[number];
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.record = { options, handlers: {}, css: [], closed: false };
      windows.push(this.record);
      const record = this.record;
      this.webContents = {
        on: (event: string, fn: (...a: unknown[]) => void) => (record.handlers[event] = fn),
        setWindowOpenHandler: (fn: () => unknown) => (record.handlers.open = fn),
        insertCSS: async (css: string) => record.css.push(css),
      };
    }
    once() {}
    on() {}
    isDestroyed() {
      return this.record.closed;
    }
    close() {
      this.record.closed = true;
    }
    async loadURL(url: string) {
      this.record.url = url;
    }
  }
  return {
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, fn) },
    screen: { getAllDisplays: () => DISPLAYS, getPrimaryDisplay: () => DISPLAYS[0] },
  };
});

const display = (scaleFactor: number): DisplayInfo => ({ id: 9, scaleFactor, bounds: { x: 100, y: 50, width: 3000, height: 2000 } });

describe('output window options', () => {
  it('is frameless, exactly the capture size, opaque key colour, never throttled, hardened', () => {
    const o = outputWindowOptions({ preload: '/p.cjs', display: display(1), width: 1920, height: 1080, keyColour: 'green', role: 'single' });
    expect(o).toMatchObject({
      width: 1920, height: 1080, x: 100, y: 50, frame: false, useContentSize: true, resizable: false,
      transparent: false, hasShadow: false, show: false, backgroundColor: KEY_COLOURS.green,
    });
    expect(o.webPreferences).toMatchObject({
      sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false,
      backgroundThrottling: false, zoomFactor: 1, preload: '/p.cjs',
    });
  });

  it('stays 1920×1080 physical pixels on scaled displays, the page zoomed to match', () => {
    for (const s of [1.25, 1.5, 2]) {
      const o = outputWindowOptions({ preload: '', display: display(s), width: 1920, height: 1080, keyColour: 'black', role: 'single' });
      expect(Math.round(o.width * s), `scale ${s}`).toBe(1920);
      expect(Math.round(o.height * s), `scale ${s}`).toBe(1080);
      expect(o.webPreferences.zoomFactor).toBeCloseTo(1 / s);
    }
  });

  it('paints magenta, green or black, and puts a key+fill pair side by side on black', () => {
    expect(outputWindowOptions({ preload: '', display: display(1), width: 1920, height: 1080, keyColour: 'magenta', role: 'single' }).backgroundColor).toBe('#ff00ff');
    const fill = outputWindowOptions({ preload: '', display: display(1), width: 1280, height: 720, keyColour: 'green', role: 'fill' });
    const key = outputWindowOptions({ preload: '', display: display(1), width: 1280, height: 720, keyColour: 'green', role: 'key' });
    expect([fill.backgroundColor, key.backgroundColor]).toEqual(['#000000', '#000000']);
    expect(key.x).toBe(fill.x + 1280);
  });

  it('builds the overlay URL the page understands', () => {
    const req = OutputRequestSchema.parse({ page: 'race-results', keyColour: 'magenta' });
    expect(outputUrl('http://127.0.0.1:4710/', req, 'single')).toBe('http://127.0.0.1:4710/output/race-results?w=1920&h=1080&bg=magenta&cursor=none');
    expect(outputUrl('http://127.0.0.1:4710/', req, 'key')).toContain('bg=black&matte=key');
  });

  it('goes on the display asked for, else the primary one', () => {
    expect(chooseDisplay(DISPLAYS, 2, 1).id).toBe(2);
    expect(chooseDisplay(DISPLAYS, 77, 1).id).toBe(1);
  });
});

describe('opening from the dashboard', () => {
  const own = { senderFrame: { url: 'http://127.0.0.1:4999/#/on-air' } };

  it('opens on the chosen display with the cursor hidden, replaces the old one, and closes', async () => {
    const { OutputController } = await import('../../electron/main/output-controller');
    new OutputController(() => 'http://127.0.0.1:4999/', '/preload.cjs').register();
    const count = await handlers.get('output:open')!(own, { page: 'all', keyColour: 'magenta', displayId: 2 });
    expect(count).toBe(1);
    const win = windows.at(-1)!;
    expect(win.url).toBe('http://127.0.0.1:4999/output/all?w=1920&h=1080&bg=magenta&cursor=none');
    expect(win.options).toMatchObject({ x: 1440, y: 0, width: 1920, height: 1080, backgroundColor: '#ff00ff' });
    win.handlers['did-finish-load']!();
    expect(win.css.join('')).toMatch(/cursor: none/);
    const away = { preventDefault: vi.fn() };
    win.handlers['will-navigate']!(away, 'https://example.org/');
    expect(away.preventDefault).toHaveBeenCalled();
    expect((win.handlers.open as (d: { url: string }) => unknown)({ url: 'http://127.0.0.1:4999/other' })).toEqual({ action: 'deny' });

    expect(await handlers.get('output:open')!(own, { keyFill: true })).toBe(2);
    expect(win.closed).toBe(true);
    expect(windows.slice(-2).map((w) => new URL(w.url!).searchParams.get('matte'))).toEqual([null, 'key']);
    // The laptop display is scaled by 2: the pair is still 1920×1080 pixels each.
    expect(windows.at(-1)!.options).toMatchObject({ width: 960, height: 540 });

    const displays = (await handlers.get('output:list-displays')!(own)) as { width: number; primary: boolean }[];
    expect(displays.map((d) => [d.width, d.primary])).toEqual([[2880, true], [1920, false]]);
    await handlers.get('output:close')!(own);
    expect(windows.slice(-2).every((w) => w.closed)).toBe(true);
  });

  it('refuses bad arguments and pages from another origin', async () => {
    const before = windows.length;
    await expect(Promise.resolve(handlers.get('output:open')!(own, { page: 'javascript:alert(1)' }))).rejects.toThrow(/bad output request/);
    await expect(Promise.resolve(handlers.get('output:open')!(own, { width: 99999 }))).rejects.toThrow(/bad output request/);
    await expect(Promise.resolve(handlers.get('output:open')!(own, { extra: true }))).rejects.toThrow(/bad output request/);
    expect(() => handlers.get('output:open')!({ senderFrame: { url: 'https://evil.example/' } }, {})).toThrow(/refused/);
    expect(windows.length).toBe(before);
  });
});
