/**
 * The dashboard window opens where it was left, on a real state file, and never off screen when
 * the display it was on is gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SIZE, loadWindowState, placeWindow, saveWindowState, type DisplayArea, type WindowState } from '../../electron/main/window-state';
import { tempDir } from '../helpers/temp-dir';

const LAPTOP: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const PROJECTOR: DisplayArea = { id: 2, workArea: { x: 1440, y: 0, width: 1920, height: 1080 } };
const state = (bounds: WindowState['bounds'], extra: Partial<WindowState> = {}): WindowState => ({ bounds, maximized: false, fullScreen: false, ...extra });

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.remove());

describe('window state file', () => {
  it('round-trips through a real file and leaves no temporary file behind', () => {
    dir = tempDir();
    const file = join(dir.path, 'nested', 'window-state.json');
    const saved = state({ x: 1500, y: 40, width: 1600, height: 900 }, { displayId: 2, maximized: true });
    saveWindowState(file, saved);
    expect(loadWindowState(file)).toEqual(saved);
    expect(readdirSync(join(dir.path, 'nested'))).toEqual(['window-state.json']);
  });

  it('treats a missing, corrupt or foreign file as no saved state', () => {
    dir = tempDir();
    expect(loadWindowState(join(dir.path, 'none.json'))).toBeUndefined();
    const file = join(dir.path, 'window-state.json');
    writeFileSync(file, '{"bounds": {"x": 1');
    expect(loadWindowState(file)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 10 } }));
    expect(loadWindowState(file)).toBeUndefined();
  });
});

describe('placing the dashboard window', () => {
  it('opens centred on the primary display the first time', () => {
    const placed = placeWindow(undefined, [LAPTOP, PROJECTOR], 1);
    expect(placed.bounds).toEqual({ x: 37, y: 79, ...DEFAULT_SIZE });
    expect(placed.displayId).toBe(1);
  });

  it('keeps the saved bounds, maximised state and display when that display is still there', () => {
    const saved = state({ x: 1500, y: 40, width: 1600, height: 900 }, { displayId: 2, maximized: true });
    expect(placeWindow(saved, [LAPTOP, PROJECTOR], 1)).toEqual(saved);
  });

  it('pulls a window left on an unplugged projector back onto the primary display, shrunk to fit', () => {
    const saved = state({ x: 1500, y: 40, width: 1600, height: 900 }, { displayId: 2, fullScreen: true });
    const placed = placeWindow(saved, [LAPTOP], 1);
    expect(placed.displayId).toBe(1);
    expect(placed.bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    expect(placed.fullScreen).toBe(true);
  });

  it('keeps a window hanging partly off the edge while its title bar can be grabbed', () => {
    const saved = state({ x: -300, y: 100, width: 1000, height: 700 });
    expect(placeWindow(saved, [LAPTOP], 1).bounds).toEqual(saved.bounds);
  });

  it('moves a window whose title bar is above every display', () => {
    const saved = state({ x: 100, y: -2000, width: 1000, height: 700 });
    const placed = placeWindow(saved, [LAPTOP, PROJECTOR], 1);
    expect(placed.bounds).toEqual({ x: 220, y: 113, width: 1000, height: 700 });
  });
});
