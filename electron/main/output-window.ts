/**
 * The output window for NDI Screen Capture, vMix Desktop Capture and OBS window capture: frameless,
 * exactly the capture size in physical pixels, an opaque key colour (window capture has no alpha),
 * no cursor, never throttled in the background. Pure functions, so the options are tested without
 * Electron.
 */
import { hardenedWebPreferences, type SecureWindowOptions } from './window-options';

import { KEY_COLOURS, OutputRequestSchema, type KeyColour, type OutputRequest } from '../core/model/output-window';

export { KEY_COLOURS, OutputRequestSchema, type KeyColour, type OutputRequest };

export interface DisplayInfo {
  id: number;
  label?: string;
  scaleFactor: number;
  bounds: { x: number; y: number; width: number; height: number };
}

export type OutputRole = 'single' | 'fill' | 'key';

export interface OutputWindowOptions extends Omit<SecureWindowOptions, 'webPreferences'> {
  x: number;
  y: number;
  frame: false;
  useContentSize: true;
  resizable: false;
  transparent: false;
  hasShadow: false;
  enableLargerThanScreen: true;
  webPreferences: SecureWindowOptions['webPreferences'] & { backgroundThrottling: false; zoomFactor: number };
}

/** The display asked for, else the primary one. */
export function chooseDisplay(displays: readonly DisplayInfo[], wanted: number | undefined, primaryId: number): DisplayInfo {
  return displays.find((d) => d.id === wanted) ?? displays.find((d) => d.id === primaryId) ?? displays[0]!;
}

/**
 * Capture tools grab physical pixels. On a display scaled by s, a window of W/s × H/s DIP is W × H
 * pixels; the page is zoomed by 1/s so it still lays out at W × H CSS pixels, the size it was drawn
 * for. The key window of a pair sits beside the fill, inside the same display when it fits.
 */
export function outputWindowOptions(opts: {
  preload: string;
  display: DisplayInfo;
  width: number;
  height: number;
  keyColour: KeyColour;
  role: OutputRole;
}): OutputWindowOptions {
  const s = opts.display.scaleFactor > 0 ? opts.display.scaleFactor : 1;
  const width = Math.round(opts.width / s);
  const height = Math.round(opts.height / s);
  const b = opts.display.bounds;
  const offset = opts.role === 'key' ? Math.min(width, Math.max(0, b.width - width)) : 0;
  return {
    title: opts.role === 'single' ? 'Trackside output' : `Trackside output (${opts.role})`,
    width,
    height,
    x: b.x + offset,
    y: b.y,
    frame: false,
    useContentSize: true,
    resizable: false,
    transparent: false,
    hasShadow: false,
    enableLargerThanScreen: true,
    show: false,
    // The key of a pair is black where nothing is drawn; the fill too (it is keyed by the key).
    backgroundColor: opts.role === 'single' ? KEY_COLOURS[opts.keyColour] : '#000000',
    webPreferences: {
      ...hardenedWebPreferences(opts.preload),
      backgroundThrottling: false,
      zoomFactor: 1 / s,
    },
  };
}

/** The overlay URL for one output window: the page paints the key colour itself. */
export function outputUrl(consoleUrl: string, req: Pick<OutputRequest, 'page' | 'keyColour' | 'width' | 'height'>, role: OutputRole): string {
  const url = new URL(`output/${req.page}`, consoleUrl);
  url.searchParams.set('w', String(req.width));
  url.searchParams.set('h', String(req.height));
  url.searchParams.set('bg', role === 'single' ? req.keyColour : 'black');
  if (role === 'key') url.searchParams.set('matte', 'key');
  url.searchParams.set('cursor', 'none');
  return url.toString();
}

/** One window, or the fill and key pair. */
export function outputRoles(req: Pick<OutputRequest, 'keyFill'>): OutputRole[] {
  return req.keyFill ? ['fill', 'key'] : ['single'];
}

/** Belt and braces with `?cursor=none`: capture must never show a pointer. */
export const HIDE_CURSOR_CSS = '*, *::before, *::after { cursor: none !important; }';
