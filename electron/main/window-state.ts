/**
 * Where the dashboard window was, so it opens there again: same display, same size, maximised or
 * full screen as it was left. A saved position on a display that is gone (the venue's projector
 * unplugged) is pulled back onto one that exists, never left off screen.
 *
 * Pure apart from the two small file helpers, so the rules are tested under plain Node.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const RectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Rect = z.infer<typeof RectSchema>;

export const WindowStateSchema = z.object({
  bounds: RectSchema,
  /** The display the window was on, to prefer it when it is still attached. */
  displayId: z.number().int().optional(),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface DisplayArea {
  id: number;
  /** The usable area (without task bar / menu bar). */
  workArea: Rect;
}

export const DEFAULT_SIZE = { width: 1366, height: 768 };
const MIN_VISIBLE = 100;

/** Reads the saved state; anything missing or unreadable is simply "no saved state". */
export function loadWindowState(file: string): WindowState | undefined {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Write then rename, so a crash mid-write leaves the old state rather than half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

const centred = (size: { width: number; height: number }, area: Rect): Rect => {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
};

/**
 * The bounds to open at: the saved ones when enough of the title bar is on a display that exists;
 * else the saved size centred on the saved display (or the primary), shrunk to fit it.
 */
export function placeWindow(saved: WindowState | undefined, displays: readonly DisplayArea[], primaryId: number): WindowState {
  const primary = displays.find((d) => d.id === primaryId) ?? displays[0];
  if (!primary) return { bounds: { x: 0, y: 0, ...DEFAULT_SIZE }, maximized: false, fullScreen: false };
  if (!saved) return { bounds: centred(DEFAULT_SIZE, primary.workArea), displayId: primary.id, maximized: false, fullScreen: false };
  const titleBar: Rect = { ...saved.bounds, height: Math.min(saved.bounds.height, 40) };
  const host = displays.find((d) => {
    const o = overlap(titleBar, d.workArea);
    return o.width >= Math.min(MIN_VISIBLE, saved.bounds.width) && o.height > 0;
  });
  if (host) {
    const fits = saved.bounds.width <= host.workArea.width && saved.bounds.height <= host.workArea.height;
    return { ...saved, displayId: host.id, bounds: fits ? saved.bounds : centred(saved.bounds, host.workArea) };
  }
  const target = displays.find((d) => d.id === saved.displayId) ?? primary;
  return { ...saved, displayId: target.id, bounds: centred(saved.bounds, target.workArea) };
}
