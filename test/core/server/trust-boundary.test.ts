/**
 * The trust boundary over real HTTP on 127.0.0.1, against the console runner (settings, restart,
 * relay, graphics: every write route), with requests forged the way a hostile page, a rebinding
 * name or a LAN guest would send them. Each refused attack is checked to have changed nothing:
 * what is on air, the saved settings, the relay endpoints, the port the console serves on.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { createHmac } from 'node:crypto';
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/config/log';
import { startConsoleRunner, type ConsoleRunner } from '../../../electron/core/app/runner';
import { readSavedSettings } from '../../../electron/core/store/settings';
import { FIXTURE_PATH, fixtureCompetition, longJumpUnit, sprintResults } from '../../helpers/fixtures';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';
import { envelope, timingStore } from '../../helpers/triathlon';

const HOOK_TOKEN = 'hook-token-for-the-trust-boundary';
const HOOK_SECRET = 'trackscore-secret-for-the-trust-boundary';
const ATTACKER_TOKEN = 'attacker-chosen-token-0123456789';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request to 127.0.0.1:port with exactly these headers (Host included), as any client can send. */
function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, timeout: 10_000, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

const recording = () => ({ name: 'tiny', competitionPath: FIXTURE_PATH, competition: fixtureCompetition([sprintResults(), longJumpUnit()]), steps: [] });

async function startRunner(dataDir: string, extra: string[] = []): Promise<ConsoleRunner> {
  const runner = await startConsoleRunner({
    argv: ['--data-dir', dataDir, '--port', '0', '--webhook-token', HOOK_TOKEN, '--webhook-secret', HOOK_SECRET, ...extra],
    env: {},
    consoleOptions: { log: silentLogger, recording: recording(), probeIntervalMs: 250 },
  });
  return runner;
}

/**
 * Every route that changes the console, with a body it would accept. `:id` is a relay endpoint
 * made by the operator beforehand, so PATCH, DELETE and rotate have something to change.
 */
function writeRoutes(endpointId: string): { method: string; path: string; body?: unknown }[] {
  const routes: { method: string; path: string; body?: unknown }[] = [
    { method: 'PUT', path: '/api/settings', body: { lanMode: true, accessToken: ATTACKER_TOKEN, port: 1 } },
    { method: 'POST', path: '/api/restart', body: {} },
    { method: 'POST', path: '/api/relay/endpoints', body: { url: 'http://127.0.0.1:9/attacker', filter: ['*'] } },
    { method: 'PATCH', path: `/api/relay/endpoints/${endpointId}`, body: { url: 'http://127.0.0.1:9/attacker' } },
    { method: 'DELETE', path: `/api/relay/endpoints/${endpointId}` },
    { method: 'POST', path: `/api/relay/endpoints/${endpointId}/rotate-secret`, body: {} },
    { method: 'POST', path: `/api/relay/endpoints/${endpointId}/test`, body: {} },
    { method: 'POST', path: `/api/relay/endpoints/${endpointId}/recover`, body: { since: '2020-01-01T00:00:00Z' } },
    { method: 'POST', path: '/api/relay/messages/1/resend', body: {} },
    { method: 'POST', path: '/api/graphics/mode', body: { mode: 'auto' } },
    { method: 'POST', path: '/api/graphics/hide-all', body: {} },
    { method: 'GET', path: '/api/graphics/hide-all' },
    { method: 'HEAD', path: '/api/graphics/hide-all' },
  ];
  for (const action of ['show', 'hide', 'next', 'toggle']) {
    routes.push({ method: 'POST', path: `/api/graphics/race-results/${action}`, body: { unit: 'T01/1/1' } });
    routes.push({ method: 'GET', path: `/api/graphics/race-results/${action}?unit=T01/1/1` });
  }
  routes.push({ method: 'POST', path: '/api/graphics/race-results/update', body: { page: 1 } });
  // The same handlers reached through escapes or a fragment: the guard goes by the route matched.
  for (const path of ['/api/graphics/hide%2Dall', '/api/graphics/hide-all#x', '/api/graphics/race-results/%73how?unit=T01/1/1', '/api/graphics/race%2Dresults/t%6Fggle']) {
    routes.push({ method: 'GET', path });
  }
  return routes;
}

describe('a console on 127.0.0.1 (the default)', () => {
  let data: ReturnType<typeof tempDir>;
  let runner: ConsoleRunner;
  let port: number;
  let own: string;
  let endpointId: string;

  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    raw(port, method, path, { host: own, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body === undefined ? undefined : JSON.stringify(body));

  /** What the attacks must not change. */
  const state = async () => {
    const graphics = JSON.parse((await send('GET', '/api/graphics')).body) as { id: string; onAir: boolean; unit: unknown }[];
    const endpoints = JSON.parse((await send('GET', '/api/relay/endpoints')).body) as { endpoints: Record<string, unknown>[] };
    const mode = JSON.parse((await send('GET', '/api/graphics/mode')).body) as unknown;
    return { onAir: graphics.map((g) => [g.id, g.onAir, g.unit]), mode, endpoints: endpoints.endpoints.map(({ stats: _deliveriesGoOn, ...e }) => e), saved: readSavedSettings(data.path), url: runner.url };
  };

  beforeAll(async () => {
    data = tempDir();
    runner = await startRunner(data.path);
    port = Number(new URL(runner.url).port);
    own = `127.0.0.1:${port}`;
    await waitUntil(async () => JSON.parse((await send('GET', '/api/competition')).body).events?.length > 0, 10_000, 'the tiny meet in the cache');
    // The operator's own setup: manual mode, a graphic on air and one relay endpoint, from the console's own page.
    const page = { origin: `http://${own}`, 'sec-fetch-site': 'same-origin' };
    expect((await send('POST', '/api/graphics/mode', page, { mode: 'manual' })).status).toBe(200);
    expect((await send('POST', '/api/graphics/race-results/show', page, { unit: 'T01/1/1' })).status).toBe(200);
    const created = await send('POST', '/api/relay/endpoints', page, { url: 'http://127.0.0.1:9/venue', filter: ['*'] });
    expect(created.status).toBe(201);
    endpointId = JSON.parse(created.body).endpoint.id;
  });
  afterAll(async () => {
    await runner?.stop();
    data?.remove();
  });

  it('refuses with 421 every route under a name it does not answer to, prefix and suffix look-alikes of this machine included', async () => {
    const me = hostname().toLowerCase();
    const names = [
      `${me}.evil.example:${port}`, // the finding: accepted because it began with the machine's name
      `${me}evil.example:${port}`,
      `evil-${me}:${port}`,
      `evil.${me}:${port}`,
      `${me}:${port}`,
      `${me}.local:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      `evil.localhost:${port}`,
      `evil.example:${port}`,
      `127.0.0.2:${port}`,
      `2130706433:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `localhost.:${port}`,
    ];
    const before = await state();
    const reads = ['/api/settings', '/api/webhooks/receipts', '/api/feed', '/api/health', '/api/relay/endpoints', '/data/latest-result.csv', '/', '/output/all'];
    for (const host of names) {
      for (const path of reads) {
        const res = await raw(port, 'GET', path, { host });
        expect(res.status, `${host} GET ${path}`).toBe(421);
        expect(res.body).not.toContain('whsec_');
      }
      // The browser sends Origin = the rebinding name too: to the page, this is same-origin.
      for (const r of writeRoutes(endpointId)) {
        const body = r.body === undefined ? undefined : JSON.stringify(r.body);
        const res = await raw(port, r.method, r.path, { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin', ...(body ? { 'content-type': 'application/json' } : {}) }, body);
        expect(res.status, `${host} ${r.method} ${r.path}`).toBe(421);
      }
    }
    expect(await state()).toEqual(before);
  });

  it('refuses a request with an empty Host, or none at all (HTTP/1.0)', async () => {
    for (const head of [`GET /api/settings HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n`, `GET /api/settings HTTP/1.0\r\n\r\n`]) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(head));
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (d) => (text += d));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
      });
      expect(answer.split('\r\n')[0], JSON.stringify(head)).toMatch(/^HTTP\/1\.[01] (421|400) /);
      expect(answer).not.toContain('"fields"');
    }
  });

  it('answers to 127.0.0.1, localhost and [::1], with or without a port', async () => {
    for (const host of [own, `localhost:${port}`, `[::1]:${port}`, '127.0.0.1', 'localhost', `LOCALHOST:${port}`]) {
      expect((await raw(port, 'GET', '/api/health', { host })).status, host).toBe(200);
    }
  });

  it('refuses every write and GET trigger sent by a page on another site or origin, and nothing changes', async () => {
    const before = await state();
    const forged: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: `http://127.0.0.1:${port + 1}` },
      { origin: 'http://evil.example' },
      { origin: `http://127.0.0.1:${port + 1}` },
      { origin: `http://localhost:${port}` },
      { origin: 'null' },
      { referer: 'http://evil.example/page.html' },
      // A page cannot forge Sec-Fetch-Site: same-origin beside a foreign Origin; a tool could, and is refused too.
      { 'sec-fetch-site': 'same-origin', origin: 'http://evil.example' },
    ];
    for (const headers of forged) {
      for (const r of writeRoutes(endpointId)) {
        const res = await send(r.method, r.path, headers, r.body);
        expect(res.status, `${JSON.stringify(headers)} ${r.method} ${r.path}`).toBe(403);
        if (r.method !== 'HEAD') expect(JSON.parse(res.body).error).toMatch(/another site/);
      }
    }
    expect(await state()).toEqual(before);
  });

  it('lets reads through from anywhere on an allowed name, without CORS headers, so another page cannot read them', async () => {
    const res = await send('GET', '/api/graphics', { 'sec-fetch-site': 'cross-site', origin: 'http://evil.example' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await send('OPTIONS', '/api/settings', { origin: 'http://evil.example', 'access-control-request-method': 'PUT' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('takes and clears graphics from a Companion-style GET (no browser headers) and from a URL typed in the browser', async () => {
    const companion = await raw(port, 'GET', '/api/graphics/race-results/toggle', { host: own });
    expect(companion.status).toBe(200);
    const afterToggle = JSON.parse(companion.body).onAir as boolean;
    const typed = await raw(port, 'GET', '/api/graphics/race-results/toggle', { host: own, 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' });
    expect(typed.status).toBe(200);
    expect(JSON.parse(typed.body).onAir).toBe(!afterToggle);
    // The console's own page (the On air page) with its same-origin headers.
    const page = await send('POST', '/api/graphics/race-results/show', { origin: `http://${own}`, 'sec-fetch-site': 'same-origin' }, { unit: 'T01/1/1' });
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body).onAir).toBe(true);
  });

  it('keeps /hooks/* reachable under any name and from any site, behind their own token or signature', async () => {
    const tunnel = { host: 'abc-123.trycloudflare.com', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' };
    const body = envelope('timing.store', timingStore({ date: '2026-06-01 10:22:00' }));
    expect((await raw(port, 'POST', '/hooks/triathlon?token=wrong', tunnel, body)).status).toBe(401);
    expect((await raw(port, 'POST', `/hooks/triathlon?token=${HOOK_TOKEN}`, tunnel, body)).status).toBe(200);
    // A prefix of /hooks/ is no way round the guard.
    expect((await raw(port, 'GET', '/hooks/../api/settings', { host: 'evil.example' })).status).toBe(421);
    expect((await raw(port, 'GET', '/hooks%2f..%2fapi/settings', { host: 'evil.example' })).status).toBe(421);
  });

  it('refuses a compressed webhook body with 415 and journals nothing, signed or not', async () => {
    const feedLength = async () => JSON.parse((await send('GET', '/api/feed?limit=500')).body).items.length as number;
    const receipts = async () => JSON.parse((await send('GET', '/api/webhooks/receipts?limit=500')).body).receipts.length as number;
    const [feedBefore, receiptsBefore] = [await feedLength(), await receipts()];
    const json = JSON.stringify({ id: 'msg-compressed-1', type: 'result.updated', data: { ok: true } });
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['br', brotliCompressSync(json)],
      ['GZIP, identity', gzipSync(json)],
    ] as const) {
      // Signed over the bytes as sent, so authentication alone would pass (the finding: then 400 and a malformed journal entry).
      const signature = `sha256=${createHmac('sha256', HOOK_SECRET).update(bytes).digest('hex')}`;
      const res = await raw(port, 'POST', '/hooks/trackscore', { host: own, 'content-type': 'application/json', 'content-encoding': encoding, 'x-trackscore-signature': signature }, bytes);
      expect(res.status, encoding).toBe(415);
      const tri = await raw(port, 'POST', `/hooks/triathlon?token=${HOOK_TOKEN}`, { host: own, 'content-type': 'application/json', 'content-encoding': encoding }, bytes);
      expect(tri.status, encoding).toBe(415);
    }
    expect(await feedLength()).toBe(feedBefore);
    expect(await receipts()).toBe(receiptsBefore);
    // The same message uncompressed is taken.
    const plain = await raw(port, 'POST', '/hooks/trackscore', { host: own, 'content-type': 'application/json', 'content-encoding': 'identity', 'x-trackscore-signature': `sha256=${createHmac('sha256', HOOK_SECRET).update(json).digest('hex')}` }, json);
    expect(plain.status).toBe(200);
  });

  it('refuses a non-http(s) competition in the settings form, beside the field, and saves nothing', async () => {
    const before = readSavedSettings(data.path);
    const page = { origin: `http://${own}`, 'sec-fetch-site': 'same-origin' };
    for (const competition of ['ftp://data.opentrack.run/x/2025/NOR/ser4/', 'file:///x/2025/NOR/ser4/', 'javascript:alert(1)//x/2025/a', '//evil.example/x/2025/NOR/ser4/']) {
      const res = await send('PUT', '/api/settings', page, { competition });
      expect(res.status, competition).toBe(400);
      expect(JSON.parse(res.body).fields.competition, competition).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
    }
    expect(readSavedSettings(data.path)).toEqual(before);
  });

  it('never answers a relay signing secret after it was made, and no settings secret at all', async () => {
    const all = [
      await send('GET', '/api/relay/endpoints'),
      await send('GET', `/api/relay/endpoints/${endpointId}`),
      await send('GET', '/api/settings'),
      await send('GET', '/api/settings?reveal=token'),
      await send('GET', '/api/health'),
    ];
    for (const res of all) {
      expect(res.status).toBe(200);
      expect(res.body).not.toMatch(/whsec_/);
      expect(res.body).not.toContain(HOOK_TOKEN);
      expect(res.body).not.toContain(HOOK_SECRET);
    }
  });
});

/** A LAN address of this machine, if it has one (containers may have none). */
const lanAddress = Object.values(networkInterfaces())
  .flatMap((l) => l ?? [])
  .find((i) => i.family === 'IPv4' && !i.internal)?.address;

describe('LAN mode (bound to 0.0.0.0 with an access token and listed names)', () => {
  const ACCESS = 'lan-trust-boundary-token-0123456789';
  let data: ReturnType<typeof tempDir>;
  let runner: ConsoleRunner;
  let port: number;

  beforeAll(async () => {
    data = tempDir();
    runner = await startRunner(data.path, ['--host', '0.0.0.0', '--access-token', ACCESS, '--allowed-hosts', 'trackside.test, Scoreboard.Venue.test']);
    port = Number(new URL(runner.url).port);
    await waitUntil(async () => (await raw(port, 'GET', `/api/competition?token=${ACCESS}`, { host: `127.0.0.1:${port}` })).status === 200, 10_000, 'serving');
  });
  afterAll(async () => {
    await runner?.stop();
    data?.remove();
  });

  it('answers to the listed names and the loopback names, and to nothing that merely looks like them', async () => {
    const bearer = { authorization: `Bearer ${ACCESS}` };
    for (const host of [`trackside.test:${port}`, `scoreboard.venue.test:${port}`, 'trackside.test', `127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await raw(port, 'GET', '/api/health', { host, ...bearer })).status, host).toBe(200);
    }
    const me = hostname().toLowerCase();
    for (const host of [`trackside.test.evil.example:${port}`, `evil-trackside.test:${port}`, `venue.test:${port}`, `${me}:${port}`, `${me}.evil.example:${port}`, `0.0.0.0:${port}`]) {
      expect((await raw(port, 'GET', '/api/health', { host, ...bearer })).status, host).toBe(421);
    }
  });

  it.skipIf(!lanAddress)('answers to this machine’s own network address (the URLs the Settings page lists)', async () => {
    expect((await raw(port, 'GET', '/api/health', { host: `${lanAddress}:${port}`, authorization: `Bearer ${ACCESS}` })).status).toBe(200);
  });

  it('takes a Companion-style GET with ?token=, refuses it without, and refuses a page that only has the cookie', async () => {
    const host = { host: `trackside.test:${port}` };
    expect((await raw(port, 'GET', '/api/graphics/hide-all', host)).status).toBe(401);
    expect((await raw(port, 'GET', '/api/graphics/hide-all?token=wrong-token-0123456789', host)).status).toBe(401);
    const companion = await raw(port, 'GET', `/api/graphics/race-results/show?unit=T01/1/1&token=${ACCESS}`, host);
    expect(companion.status).toBe(200);
    expect(JSON.parse(companion.body).onAir).toBe(true);
    // A page on another port of the same machine is "same-site": the browser sends it our
    // SameSite=Strict cookie. The cookie alone does not make a write from there ours.
    const cookie = { cookie: `trackside_token_${port}=${ACCESS}` };
    const sameSite = await raw(port, 'GET', '/api/graphics/hide-all', { ...host, ...cookie, 'sec-fetch-site': 'same-site' });
    expect(sameSite.status).toBe(403);
    const onAir = JSON.parse((await raw(port, 'GET', '/api/graphics/race-results', { ...host, ...cookie })).body).onAir;
    expect(onAir).toBe(true);
    // A device or script that was given the token may act from anywhere.
    expect((await raw(port, 'GET', '/api/graphics/race-results/hide', { ...host, authorization: `Bearer ${ACCESS}`, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });

  it('refuses --allowed-hosts names for /api/settings writes from another origin even with the cookie', async () => {
    const res = await raw(
      port,
      'PUT',
      '/api/settings',
      { host: `trackside.test:${port}`, cookie: `trackside_token_${port}=${ACCESS}`, origin: 'http://evil.example', 'content-type': 'application/json' },
      JSON.stringify({ port: 1 }),
    );
    expect(res.status).toBe(403);
    expect(readSavedSettings(data.path)).toEqual({});
  });
});
