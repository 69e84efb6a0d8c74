/**
 * GETs OpenTrack JSON the way a careful browser would: a browser-like User-Agent (Cloudflare answers
 * 403 to bare clients), a timeout, a size cap, conditional requests, and retries with back-off.
 */

export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Trackside/0.1';

export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** Worth another try: the server or the path to it is struggling, not the request. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export type FetchOutcome = { kind: 'body'; text: string; etag?: string } | { kind: 'not-modified' };

export interface FetchOptions {
  etag?: string;
  maxBytes?: number;
  timeoutMs?: number;
}

export async function fetchText(url: string, opts: FetchOptions = {}): Promise<FetchOutcome> {
  const headers: Record<string, string> = {
    'user-agent': BROWSER_USER_AGENT,
    accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
    'accept-language': 'en-GB,en;q=0.8',
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000), redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new HttpError(url, 0, `cannot reach ${new URL(url).host}: ${cause}`);
  }
  if (res.status === 304) return { kind: 'not-modified' };
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    const hint = res.status === 403 ? ' (refused by the host, e.g. Cloudflare bot protection; backing off)' : '';
    throw new HttpError(url, res.status, `HTTP ${res.status} from ${url}${hint}`);
  }
  const text = await readCapped(res, url, opts.maxBytes ?? 64 * 1024 * 1024);
  return { kind: 'body', text, etag: res.headers.get('etag') ?? undefined };
}

async function readCapped(res: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new HttpError(url, 413, `${url} is ${declared} bytes, more than the ${maxBytes} allowed`);
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError(url, 413, `${url} sent more than the ${maxBytes} bytes allowed`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs?: number;
  /** Stops retrying early (the source is shutting down). */
  signal?: AbortSignal;
}

/** Full-jitter exponential back-off: spreads a venue's reconnecting consoles over time. */
export function backoffDelay(attempt: number, baseMs: number, maxMs = 30_000): number {
  return Math.round(Math.random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < opts.attempts; attempt++) {
    if (opts.signal?.aborted) break;
    try {
      return await fn();
    } catch (err) {
      lastError = err;
      const retryable = !(err instanceof HttpError) || err.retryable;
      if (!retryable || attempt === opts.attempts - 1) break;
      await sleep(Math.max(50, backoffDelay(attempt, opts.baseDelayMs, opts.maxDelayMs)), opts.signal);
    }
  }
  throw lastError;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
