/**
 * Club flags named by the competition (`flagUrl`, e.g. `//files.opentrack.run/live/clubflags/NOR/HIND.png`),
 * fetched once while online and kept in `<data-dir>/flags/`, so a meet followed before keeps its
 * club flags when the internet drops. Only URLs the competition itself lists are ever fetched
 * (the route asks by a key, never by URL), without following redirects, small images only.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FLAG_TYPES: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};
export const MAX_FLAG_BYTES = 512 * 1024;
const TIMEOUT_MS = 5_000;
/** After a failure (offline, 404), wait this long before asking the host again. */
const RETRY_AFTER_MS = 60_000;

/** `//host/x.png` as OpenTrack writes it, made absolute; null for anything but http(s). */
export function absoluteFlagUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const text = raw.trim().startsWith('//') ? `https:${raw.trim()}` : raw.trim();
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The name a flag is asked for by: short, and says nothing about where it came from. */
export function flagKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 24);
}

export interface CachedFlag {
  body: Buffer;
  type: string;
}

export class ClubFlags {
  private readonly pending = new Map<string, Promise<CachedFlag | null>>();
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** The flag from the cache, else from its host (and then kept); null when neither has it. */
  get(url: string): Promise<CachedFlag | null> {
    const key = flagKey(url);
    const running = this.pending.get(key);
    if (running) return running;
    const work = this.load(key, url).finally(() => this.pending.delete(key));
    this.pending.set(key, work);
    return work;
  }

  private async load(key: string, url: string): Promise<CachedFlag | null> {
    for (const [type, ext] of Object.entries(FLAG_TYPES)) {
      const path = join(this.dir, `${key}.${ext}`);
      if (existsSync(path)) return { body: await readFile(path), type };
    }
    const failed = this.failedAt.get(key);
    if (failed !== undefined && this.now() - failed < RETRY_AFTER_MS) return null;
    try {
      const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      if (!FLAG_TYPES[type]) throw new Error(`not an image (${type || 'no type'})`);
      if (Number(res.headers.get('content-length') ?? 0) > MAX_FLAG_BYTES) throw new Error('larger than 512 KB');
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length > MAX_FLAG_BYTES) throw new Error('larger than 512 KB');
      mkdirSync(this.dir, { recursive: true });
      const path = join(this.dir, `${key}.${FLAG_TYPES[type]}`);
      await writeFile(`${path}.tmp`, body);
      await rename(`${path}.tmp`, path);
      this.failedAt.delete(key);
      return { body, type };
    } catch (err) {
      this.failedAt.set(key, this.now());
      this.log(`club flag ${url}: ${(err as Error).message}`);
      return null;
    }
  }
}
