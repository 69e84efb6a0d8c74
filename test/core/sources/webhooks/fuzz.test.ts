/**
 * 10,000 bad requests against the real webhook routes: random bodies, sizes, encodings, content
 * types, tokens and signatures. None may be accepted, none may crash the server or get a 5xx, and
 * memory stays flat. Seeded, so a failure reproduces.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBareServer, type BareServer } from '../../../helpers/bare-server';
import { tempDir } from '../../../helpers/temp-dir';

const REQUESTS = 10_000;
const CONCURRENCY = 16;
const MAX_BYTES = 64 * 1024;

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const rand = prng(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const printable = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x21 + int(94))).join('');

function body(): Buffer {
  switch (int(8)) {
    case 0:
      return Buffer.alloc(0);
    case 1:
      return Buffer.from(Array.from({ length: int(4096) }, () => int(256))); // random bytes, mostly invalid UTF-8
    case 2:
      return Buffer.alloc(MAX_BYTES + 1 + int(MAX_BYTES), 0x7b); // over the limit
    case 3:
      return Buffer.from(JSON.stringify({ subscription: 'timing.store', payload: { prog_id: String(int(1e6)) } }), 'utf16le');
    case 4:
      return Buffer.from(JSON.stringify({ id: `evt_${int(1e9)}`, type: 'result.published', delivery_attempt: int(10) }));
    case 5:
      return Buffer.from('{"subscription":' + printable(int(200)));
    case 6:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type":"x"}')]);
    default:
      return Buffer.from(printable(int(2000)));
  }
}

function headers(): Record<string, string> {
  const h: Record<string, string> = {};
  const maybe = (name: string, value: () => string) => {
    if (rand() < 0.5) h[name] = value();
  };
  maybe('content-type', () => pick(['application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=zz', printable(20), 'application/json; charset=utf-16']));
  maybe('content-encoding', () => pick(['gzip', 'br', 'deflate', 'identity', printable(8)]));
  maybe('triathlon-token', () => printable(int(64)));
  maybe('x-trackscore-signature', () => pick([`sha256=${printable(64)}`, `sha256=${'ab'.repeat(32)}`, printable(int(100))]));
  maybe('x-hub-signature-256', () => `sha256=${'0'.repeat(64)}`);
  maybe('webhook-id', () => `msg_${printable(int(40))}`);
  maybe('webhook-timestamp', () => pick([String(Math.floor(Date.now() / 1000)), 'NaN', printable(12), String(int(2e9)), '-1']));
  maybe('webhook-signature', () => Array.from({ length: 1 + int(3) }, () => `${pick(['v1', 'v2', 'v1a'])},${Buffer.from(printable(32)).toString('base64')}`).join(' '));
  maybe('x-padding', () => printable(int(4000)));
  return h;
}

const PATHS = ['/hooks/triathlon', '/hooks/trackscore', '/hooks/standard', '/hooks/triathlon?token=' + encodeURIComponent(printable(10))];

let dir: ReturnType<typeof tempDir>;
let server: BareServer;

beforeAll(async () => {
  dir = tempDir();
  server = await startBareServer(dir.path, {
    webhooks: { token: 'the-real-token-never-guessed', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', maxBytes: MAX_BYTES },
  });
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

async function fire(count: number, statuses: Map<number, number>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const init = { method: 'POST', body: new Uint8Array(body()), headers: headers() };
      const res = await fetch(`${server.url}${pick(PATHS)}`, init).catch((err: Error) => ({ status: -1, err }) as const);
      if ('err' in res) {
        statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
        continue;
      }
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

it(`refuses ${REQUESTS} bad requests: none accepted, no 5xx, no crash, memory flat (seed ${SEED})`, async () => {
  const statuses = new Map<number, number>();
  const warmup = 1_000;
  await fire(warmup, statuses);
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  await fire(REQUESTS - warmup, statuses);
  globalThis.gc?.();
  const after = process.memoryUsage().heapUsed;

  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  expect(total).toBe(REQUESTS);
  const serverErrors = [...statuses].filter(([s]) => s >= 500 || s === -1);
  expect(serverErrors, JSON.stringify([...statuses])).toEqual([]);
  expect(statuses.get(200) ?? 0).toBe(0);
  // Only refusals a provider would understand (415: a Content-Encoding we do not accept).
  expect([...statuses.keys()].filter((s) => ![400, 401, 403, 413, 415].includes(s)), JSON.stringify([...statuses])).toEqual([]);

  expect(server.store.journal.after(0, 100_000).filter((r) => r.accepted)).toEqual([]);
  expect(server.webhooks.receiptRepo.list(100_000, 'accepted')).toEqual([]);
  expect(server.webhooks.receiptRepo.list(100_000, 'duplicate')).toEqual([]);
  expect((server.store.db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');

  const health = await fetch(`${server.url}/api/health`);
  expect(health.status).toBe(200);
  // The refusal log stays short however many requests are refused.
  expect(server.logs.length).toBeLessThan(200);
  expect((after - before) / 1024 / 1024).toBeLessThan(64);
}, 120_000);
