/**
 * The operator's own graphics: files dropped in `<data-dir>/templates/` are served under
 * `/output/custom/<name>` (`<name>.html` for a bare name). Only plain file names, no folders, no
 * dot-files, a short list of types, and nothing outside the folder. Inline scripts of an HTML
 * template run under the console's content policy by their hashes, so a template written as one
 * file works while anything injected into it later (an athlete's name written as HTML) does not.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GraphicsThemeSchema, type GraphicsTheme } from '../../model/graphics';

export const TEMPLATE_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  woff2: 'font/woff2',
};

/** 5 MB: a template, a logo or a font, not a video. */
export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,80}(\.[A-Za-z0-9]{1,8})?$/;

export interface TemplateFile {
  body: Buffer;
  type: string;
  /** For HTML: the hashes of its inline scripts, to add to the page's script-src. */
  scriptHashes: string[];
}

export type TemplateLookup = { ok: true; file: TemplateFile } | { ok: false; status: 400 | 404 | 413; error: string };

export async function readTemplateFile(dir: string, requested: string): Promise<TemplateLookup> {
  if (!NAME.test(requested)) return { ok: false, status: 400, error: 'a template is a plain file name: letters, digits, - and _, and one extension' };
  const name = requested.includes('.') ? requested : `${requested}.html`;
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const type = TEMPLATE_TYPES[ext];
  if (!type) return { ok: false, status: 400, error: `templates may be ${Object.keys(TEMPLATE_TYPES).join(', ')} files` };
  const path = join(dir, name);
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) return { ok: false, status: 404, error: `no template ${name}` };
    size = s.size;
  } catch {
    return { ok: false, status: 404, error: `no template ${name} in ${dir}` };
  }
  if (size > MAX_TEMPLATE_BYTES) return { ok: false, status: 413, error: `${name} is larger than 5 MB` };
  const body = await readFile(path);
  return { ok: true, file: { body, type, scriptHashes: ext === 'html' ? inlineScriptHashes(body.toString('utf8')) : [] } };
}

/** sha256 of each `<script>` without a `src`, as CSP wants them. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi)) {
    hashes.push(`'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** The console's policy with the template's own inline scripts allowed, and nothing else added. */
export function templatePolicy(base: string, hashes: string[]): string {
  if (!hashes.length) return base;
  return base.replace(/script-src ([^;]*)/, (_, list: string) => `script-src ${list} ${hashes.join(' ')}`);
}

/**
 * The templates folder, made on first start with the example in it. Later starts leave it as the
 * operator keeps it (a deleted example stays deleted). A folder that cannot be made only means no
 * custom templates: the console runs on.
 */
export function prepareTemplatesDir(dataDir: string, example: { name: string; html: string }, log: (line: string) => void): string {
  const dir = join(dataDir, 'templates');
  try {
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, example.name), example.html);
    }
  } catch (err) {
    log(`templates: cannot prepare ${dir}: ${(err as Error).message}`);
  }
  return dir;
}

export const THEME_FILE = 'theme.json';

/** The saved house theme; a missing or broken file is no theme (the built-in look). */
export async function readTheme(dir: string): Promise<GraphicsTheme> {
  try {
    const parsed = GraphicsThemeSchema.safeParse(JSON.parse(await readFile(join(dir, THEME_FILE), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Written whole to a temporary file and renamed over the old one: a page never reads half a theme. */
export async function saveTheme(dir: string, theme: GraphicsTheme): Promise<GraphicsTheme> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${THEME_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(theme, null, 2)}\n`);
  await rename(tmp, join(dir, THEME_FILE));
  return theme;
}
