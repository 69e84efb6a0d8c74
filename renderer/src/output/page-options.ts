/**
 * What an overlay URL asks for: `/output/<graphic>?w=&h=&bg=&matte=&cursor=&preview=&unit=`.
 * Broadcast tools set the page size themselves and cannot be told anything else, so every choice
 * an operator makes lives in the URL they paste.
 */
export const BACKGROUNDS = ['transparent', 'green', 'magenta', 'black'] as const;
export type Background = (typeof BACKGROUNDS)[number];

/** Opaque key colours for window capture, chosen to be far from any colour the graphics use. */
export const KEY_COLOURS: Record<Exclude<Background, 'transparent'>, string> = {
  green: '#00b140',
  magenta: '#ff00ff',
  black: '#000000',
};

export interface PageOptions {
  /** The graphic this page shows, `all` for every graphic stacked, or '' for the index. */
  graphic: string;
  width: number;
  height: number;
  background: Background;
  /** Key of a key+fill pair: the graphic's alpha as white on black. */
  keyMatte: boolean;
  hideCursor: boolean;
  /** The dashboard's preview: show the graphic as it would look, without taking air. */
  preview: boolean;
  /** For preview: which unit to preview (`F01/1/1`). */
  unit?: string;
}

const MIN_SIDE = 160;
const MAX_SIDE = 7680;

function side(text: string | null, fallback: number): number {
  if (text === null || !/^\d+$/.test(text.trim())) return fallback;
  return Math.min(MAX_SIDE, Math.max(MIN_SIDE, Number(text)));
}

export function readPageOptions(url: URL): PageOptions {
  const q = url.searchParams;
  const graphic = decodeURIComponent(url.pathname.replace(/^\/output\/?/, '').replace(/\/+$/, ''));
  const bg = (q.get('bg') ?? 'transparent').toLowerCase();
  const flag = (name: string) => ['1', 'true', 'yes', 'none', 'key'].includes((q.get(name) ?? '').toLowerCase());
  return {
    graphic,
    width: side(q.get('w'), 1920),
    height: side(q.get('h'), 1080),
    background: (BACKGROUNDS as readonly string[]).includes(bg) ? (bg as Background) : 'transparent',
    keyMatte: (q.get('matte') ?? '').toLowerCase() === 'key',
    hideCursor: (q.get('cursor') ?? '').toLowerCase() === 'none',
    preview: flag('preview'),
    unit: q.get('unit') ?? undefined,
  };
}

/**
 * The stage is laid out at 1920×1080 and scaled to the page, so a 1280×720 browser source shows the
 * same composition smaller rather than reflowing it.
 */
export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;

export function stageScale(o: Pick<PageOptions, 'width' | 'height'>): number {
  return Math.min(o.width / DESIGN_WIDTH, o.height / DESIGN_HEIGHT);
}
