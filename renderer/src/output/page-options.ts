import { pickLanguage, type Language } from './messages';
import { FONT_NAME, HEX_COLOUR, LOGO_PATH } from '../../../electron/core/model/graphics';

/**
 * What an overlay URL asks for: `/output/<graphic>?w=&h=&bg=&matte=&cursor=&preview=&unit=`,
 * the language (`lang=nb`) and the theme (`accent=`, `plate=`, `ink=`, `font=`, `radius=`, `logo=`).
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
  lang: Language;
  theme: Theme;
}

/** The broadcaster's look. Anything not given keeps the built-in look. */
export interface Theme {
  /** Colours as `#rgb`, `#rrggbb` or `#rrggbbaa`. */
  accent?: string;
  accentInk?: string;
  plate?: string;
  ink?: string;
  /** A font family installed on the machine that renders the page (`Barlow Condensed`). */
  font?: string;
  /** Corner radius of the panels, 0–40 px. */
  radius?: number;
  /** The meet or sponsor logo for the corner bug: a path on the console (`/output/custom/logo.png`). */
  logo?: string;
}

function colour(text: string | null): string | undefined {
  if (!text) return undefined;
  const t = text.trim().startsWith('#') ? text.trim() : `#${text.trim()}`;
  return HEX_COLOUR.test(t) ? t : undefined;
}

function fontName(text: string | null): string | undefined {
  const t = (text ?? '').trim();
  return FONT_NAME.test(t) ? t : undefined;
}

function logoPath(text: string | null): string | undefined {
  const t = (text ?? '').trim();
  return LOGO_PATH.test(t) ? t : undefined;
}

export function readTheme(q: URLSearchParams): Theme {
  const radius = q.get('radius');
  const theme: Theme = {
    accent: colour(q.get('accent')),
    accentInk: colour(q.get('accent-ink')),
    plate: colour(q.get('plate')),
    ink: colour(q.get('ink')),
    font: fontName(q.get('font')),
    radius: radius !== null && /^\d{1,2}$/.test(radius.trim()) ? Math.min(40, Number(radius)) : undefined,
    logo: logoPath(q.get('logo')),
  };
  return Object.fromEntries(Object.entries(theme).filter(([, v]) => v !== undefined)) as Theme;
}

/**
 * The house theme from `<data-dir>/templates/theme.json` (the same names as the URL's parameters,
 * `{"accent": "#e30613", "radius": 8, "lang": "nb"}`), under what the URL says: one file brands
 * every output, a URL can still differ. Anything unreadable is no theme.
 */
export function mergeHouseTheme(options: PageOptions, url: URL, house: unknown): PageOptions {
  if (!house || typeof house !== 'object' || Array.isArray(house)) return options;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(house as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number') params.set(k, String(v));
  }
  for (const [k, v] of url.searchParams) params.set(k, v);
  return { ...options, lang: pickLanguage(params.get('lang')), theme: readTheme(params) };
}

/** The theme as CSS custom properties on the page's root. */
export function themeStyle(theme: Theme): Record<string, string> {
  const style: Record<string, string> = {};
  if (theme.accent) style['--accent'] = theme.accent;
  if (theme.accentInk) style['--accent-ink'] = theme.accentInk;
  if (theme.plate) style['--plate'] = theme.plate;
  if (theme.ink) style['--ink'] = theme.ink;
  if (theme.font) style['--font'] = `'${theme.font}', 'Inter', 'Segoe UI', Roboto, Arial, sans-serif`;
  if (theme.radius !== undefined) style['--radius'] = `${theme.radius}px`;
  return style;
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
    lang: pickLanguage(q.get('lang')),
    theme: readTheme(q),
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
