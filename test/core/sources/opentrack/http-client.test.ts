import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchText, HttpError, mapBounded, withRetry } from '../../../../electron/core/sources/opentrack/http-client';

let server: Server;
let base: string;
let handler: (req: IncomingMessage) => { status: number; body?: string; headers?: Record<string, string> };
const seen: IncomingMessage[] = [];

beforeEach(async () => {
  seen.length = 0;
  server = createServer((req, res) => {
    seen.push(req);
    const { status, body = '', headers = {} } = handler(req);
    res.writeHead(status, headers);
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((r) => server.close(() => r())));

describe('OpenTrack HTTP client', () => {
  it('asks like a browser and uses ETags for conditional requests', async () => {
    handler = (req) =>
      req.headers['if-none-match'] === '"v1"' ? { status: 304 } : { status: 200, body: '{"ok":1}', headers: { etag: '"v1"' } };
    const first = await fetchText(`${base}/x/json/`);
    expect(first).toEqual({ kind: 'body', text: '{"ok":1}', etag: '"v1"' });
    expect(seen[0]!.headers['user-agent']).toMatch(/Mozilla\/5\.0/);
    expect(await fetchText(`${base}/x/json/`, { etag: '"v1"' })).toEqual({ kind: 'not-modified' });
  });

  it('explains a 403 as the host refusing us, and does not retry it', async () => {
    handler = () => ({ status: 403, body: 'nope' });
    const err = await withRetry(() => fetchText(`${base}/x/`), { attempts: 3, baseDelayMs: 10 }).catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.message).toMatch(/HTTP 403 .*refused by the host/);
    expect(seen).toHaveLength(1);
  });

  it('retries server errors with back-off, then succeeds', async () => {
    let n = 0;
    handler = () => (++n < 3 ? { status: 503 } : { status: 200, body: 'fine' });
    const res = await withRetry(() => fetchText(`${base}/x/`), { attempts: 4, baseDelayMs: 10 });
    expect(res).toMatchObject({ kind: 'body', text: 'fine' });
    expect(seen).toHaveLength(3);
  });

  it('refuses a body over the size cap instead of buffering it', async () => {
    handler = () => ({ status: 200, body: 'x'.repeat(5000) });
    await expect(fetchText(`${base}/big/`, { maxBytes: 1000 })).rejects.toThrow(/more than the 1000/);
  });

  it('reports an unreachable host as status 0 (offline)', async () => {
    await new Promise<void>((r) => server.close(() => r()));
    const err = await fetchText(`${base}/x/`, { timeoutMs: 2000 }).catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/cannot reach 127\.0\.0\.1/);
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });

  it('never runs more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    await mapBounded([...Array(20).keys()], 4, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    expect(most).toBe(4);
  });
});
