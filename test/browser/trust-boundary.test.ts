/**
 * Hostile pages in a real Chromium against a console on 127.0.0.1: a page from another port of
 * this machine (same-site), a page under another name (cross-site, `evil.test` mapped to
 * 127.0.0.1 by Chromium's host resolver rules), and DNS rebinding (a page whose origin is
 * `evil.test:<console port>`, so the browser treats the console as its own origin). Each tries
 * every write route: no-cors fetch, form POST, `<img>` and iframe GET triggers; the rebinding page
 * also reads. Chromium reports the real status of every request; afterwards what is on air, the
 * saved settings and the relay endpoints are what they were, and the console never restarted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { silentLogger } from '../../electron/core/config/log';
import { startConsoleRunner, type ConsoleRunner } from '../../electron/core/app/runner';
import { readSavedSettings } from '../../electron/core/store/settings';
import { chromiumPresent, launchBrowser } from '../helpers/browser';
import { FIXTURE_PATH, fixtureCompetition, longJumpUnit, sprintResults } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp-dir';
import { waitUntil } from '../helpers/wait';
import { freePort } from '../helpers/free-port';

/** The machine's own name as a prefix: the Host check this replaces let it through. */
const LOOKALIKE = `${hostname().toLowerCase().replace(/[^a-z0-9-]/g, '')}.evil.test`;

interface Attempt {
  kind: string;
  method: string;
  path: string;
  body?: string;
}

/** Every write a page can try, by the means a page has. `:id` is the operator's relay endpoint. */
function attempts(endpointId: string): Attempt[] {
  const json = (o: unknown) => JSON.stringify(o);
  const list: Attempt[] = [
    { kind: 'fetch', method: 'PUT', path: '/api/settings', body: json({ lanMode: true, accessToken: 'attacker-chosen-token-0123456789' }) },
    { kind: 'fetch', method: 'POST', path: '/api/restart', body: '{}' },
    { kind: 'fetch', method: 'POST', path: '/api/relay/endpoints', body: json({ url: 'http://127.0.0.1:9/attacker' }) },
    { kind: 'fetch', method: 'PATCH', path: `/api/relay/endpoints/${endpointId}`, body: json({ url: 'http://127.0.0.1:9/attacker' }) },
    { kind: 'fetch', method: 'DELETE', path: `/api/relay/endpoints/${endpointId}` },
    { kind: 'fetch', method: 'POST', path: `/api/relay/endpoints/${endpointId}/rotate-secret`, body: '{}' },
    { kind: 'fetch', method: 'POST', path: `/api/relay/endpoints/${endpointId}/test`, body: '{}' },
    { kind: 'fetch', method: 'POST', path: '/api/graphics/mode', body: json({ mode: 'auto' }) },
    { kind: 'fetch', method: 'POST', path: '/api/graphics/hide-all', body: '{}' },
    { kind: 'fetch', method: 'POST', path: '/api/graphics/race-results/hide', body: '{}' },
    { kind: 'fetch', method: 'POST', path: '/api/graphics/race-results/next', body: '{}' },
    { kind: 'fetch', method: 'GET', path: '/api/graphics/hide-all' },
  ];
  for (const path of ['/api/restart', '/api/relay/endpoints', '/api/graphics/mode', '/api/graphics/hide-all', '/api/graphics/race-results/hide', '/api/graphics/race-results/toggle']) {
    list.push({ kind: 'form', method: 'POST', path });
  }
  for (const path of ['/api/graphics/hide-all', '/api/graphics/race-results/hide', '/api/graphics/race-results/toggle', '/api/graphics/race-results/next', '/api/graphics/winner/show?unit=T01/1/1', '/api/graphics/hide%2Dall', '/api/graphics/race-results/%68ide']) {
    list.push({ kind: 'img', method: 'GET', path });
    list.push({ kind: 'iframe', method: 'GET', path });
  }
  return list;
}

/**
 * The attacker's page. `target` is the console's origin, or '' when the page's own origin is the
 * console's port under a rebinding name. Sets `window.results` once every attempt has settled.
 */
function attackPage(target: string, list: Attempt[], sameOriginByName: boolean, waitForGo = false): string {
  return `<!doctype html><meta charset="utf-8"><title>totally a results page</title><body><script>
(async () => {
  // A rebinding page waits until its name points at the console.
  if (${waitForGo}) await new Promise((go) => { window.go = go; });
  const T = ${JSON.stringify(target)};
  const done = [];
  const note = (a, p) => done.push(p.then((r) => [a.kind, a.method, a.path, r], (e) => [a.kind, a.method, a.path, 'threw ' + e.name]));
  const frameLoad = (frame) => new Promise((res) => { frame.onload = () => res('loaded'); });
  // A rebinding page is handed its list when it is told to go.
  for (const a of (window.attempts || ${JSON.stringify(list)})) {
    if (a.kind === 'fetch') {
      // Under a rebinding name the console looks same-origin: a plain JSON fetch, status readable.
      const init = ${sameOriginByName}
        ? { method: a.method, headers: { 'content-type': 'application/json' }, body: a.body }
        : ['GET', 'POST', 'HEAD'].includes(a.method)
          ? { method: a.method, mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: a.body }
          : { method: a.method, credentials: 'include', headers: { 'content-type': 'application/json' }, body: a.body };
      note(a, fetch(T + a.path, init).then((r) => r.type + ' ' + r.status));
    } else if (a.kind === 'img') {
      note(a, new Promise((res) => { const i = new Image(); i.onload = () => res('load'); i.onerror = () => res('error'); i.src = T + a.path; }));
    } else if (a.kind === 'iframe') {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      note(a, frameLoad(frame));
      frame.src = T + a.path;
    } else if (a.kind === 'form') {
      const frame = document.createElement('iframe');
      frame.name = 'f' + done.length;
      document.body.append(frame);
      note(a, frameLoad(frame));
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = T + a.path;
      form.target = frame.name;
      form.enctype = 'text/plain';
      const input = document.createElement('input');
      // text/plain forms send name=value: together a JSON object the routes would parse.
      input.name = '{"mode":"auto","lanMode":true,"url":"http://127.0.0.1:9/attacker","x":"';
      input.value = '"}';
      form.append(input);
      document.body.append(form);
      form.submit();
    }
  }
  const results = await Promise.all(done);
  if (${sameOriginByName}) {
    // Same-origin to the browser: it would read whatever the console answered.
    for (const path of ['/api/settings', '/api/relay/endpoints', '/api/webhooks/receipts', '/api/feed', '/api/health']) {
      results.push(await fetch(path).then(async (r) => ['read', 'GET', path, r.status + ' ' + (await r.text()).slice(0, 200)], (e) => ['read', 'GET', path, 'threw ' + e.name]));
    }
  }
  window.results = results;
})();
</script>`;
}

interface Target {
  runner: ConsoleRunner;
  data: ReturnType<typeof tempDir>;
  port: number;
  origin: string;
  endpointId: string;
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
  /** What no attack may change. */
  state: () => Promise<unknown>;
  stop: () => Promise<void>;
}

/** A console on 127.0.0.1 with the operator's own setup: manual mode, a results board on air, one relay endpoint. */
async function startTarget(port = 0): Promise<Target> {
  const data = tempDir();
  const runner = await startConsoleRunner({
    argv: ['--data-dir', data.path, '--port', String(port)],
    env: {},
    consoleOptions: { log: silentLogger, recording: { name: 'tiny', competitionPath: FIXTURE_PATH, competition: fixtureCompetition([sprintResults(), longJumpUnit()]), steps: [] } },
  });
  const actual = Number(new URL(runner.url).port);
  const origin = `http://127.0.0.1:${actual}`;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${origin}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  await waitUntil(async () => (await api('GET', '/api/competition')).body.events?.length > 0, 10_000, 'the tiny meet in the cache');
  expect((await api('POST', '/api/graphics/mode', { mode: 'manual' })).status).toBe(200);
  expect((await api('POST', '/api/graphics/race-results/show', { unit: 'T01/1/1' })).status).toBe(200);
  const created = await api('POST', '/api/relay/endpoints', { url: 'http://127.0.0.1:9/venue-board' });
  expect(created.status).toBe(201);
  const state = async () => ({
    onAir: ((await api('GET', '/api/graphics')).body as { id: string; onAir: boolean; unit: unknown }[]).map((g) => [g.id, g.onAir, g.unit]),
    mode: (await api('GET', '/api/graphics/mode')).body,
    endpoints: ((await api('GET', '/api/relay/endpoints')).body.endpoints as Record<string, unknown>[]).map(({ stats: _deliveriesGoOn, ...e }) => e),
    saved: readSavedSettings(data.path),
    url: runner.url,
    startedAt: (await api('GET', '/api/health')).body.startedAt,
  });
  return {
    runner,
    data,
    port: actual,
    origin,
    endpointId: created.body.endpoint.id,
    api,
    state,
    async stop() {
      await runner.stop();
      data.remove();
    },
  };
}

function listen(handler: Parameters<typeof createServer>[1], port = 0): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

interface Answer {
  method: string;
  path: string;
  status: number;
  site: string | null;
  text: string;
}

/** Chromium's view of every request the page sent to `port`: the console's real answer to each. */
function watch(page: Page, port: number): Answer[] {
  const answers: Answer[] = [];
  page.on('response', async (r) => {
    const u = new URL(r.url());
    if (Number(u.port) !== port || u.pathname === '/attack.html') return;
    const site = (await r.request().headerValue('sec-fetch-site').catch(() => null)) ?? null;
    const text = await r.text().catch(() => '');
    answers.push({ method: r.request().method(), path: u.pathname + u.search, status: r.status(), site, text });
  });
  return answers;
}

const results = (page: Page) =>
  page
    .waitForFunction(() => (window as unknown as { results?: unknown }).results !== undefined, undefined, { timeout: 30_000 })
    .then(() => page.evaluate(() => (window as unknown as { results: string[][] }).results) as Promise<string[][]>);

describe.skipIf(!chromiumPresent)('hostile pages in Chromium against a console on 127.0.0.1', () => {
  let target: Target;
  let attacker: Server;
  let attackerPort: number;
  let browser: Browser;
  let list: Attempt[];

  beforeAll(async () => {
    target = await startTarget();
    list = attempts(target.endpointId);
    attacker = await listen((req, res) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/attack.html') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackPage(target.origin, list, false));
    });
    attackerPort = (attacker.address() as AddressInfo).port;
    browser = await launchBrowser(['--host-resolver-rules=MAP evil.test 127.0.0.1, MAP *.evil.test 127.0.0.1']);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => attacker?.close(r));
    await target?.stop();
  });

  it.each([
    ['another port of this machine (same-site)', () => `http://127.0.0.1:${attackerPort}/attack.html`, 'same-site'],
    ['another site (evil.test)', () => `http://evil.test:${attackerPort}/attack.html`, 'cross-site'],
  ])('refuses every write from a page on %s, and nothing changes', async (_what, url, site) => {
    const before = await target.state();
    const page = await browser.newPage();
    const answers = watch(page, target.port);
    await page.goto(url());
    const settled = await results(page);
    await page.close();
    expect(settled).toHaveLength(list.length);
    // Everything but PUT/PATCH/DELETE (which the browser may not send without a preflight) reached the console and was refused.
    for (const a of list.filter((x) => !['PUT', 'PATCH', 'DELETE'].includes(x.method))) {
      const seen = answers.filter((x) => x.method === a.method && x.path === a.path);
      expect(seen.length, `${a.kind} ${a.method} ${a.path} reached the console`).toBeGreaterThan(0);
      for (const s of seen) {
        expect(s.status, `${a.kind} ${a.method} ${a.path}`).toBe(403);
        // Chromium keeps the body of some opaque answers to itself; where it shows one, it says why.
        if (s.text.startsWith('{')) expect(s.text).toMatch(/came from another site/);
      }
    }
    // Chromium said where the requests came from (where it reports the header at all).
    expect([...new Set(answers.map((a) => a.site).filter((x) => x !== null))]).toEqual([site]);
    // The preflight for PUT/PATCH/DELETE gets no CORS grant, so the write itself is never sent.
    for (const a of list.filter((x) => ['PUT', 'PATCH', 'DELETE'].includes(x.method))) {
      expect(answers.filter((x) => x.method === a.method && x.path === a.path)).toEqual([]);
      expect(settled.find((r) => r[0] === a.kind && r[1] === a.method && r[2] === a.path)![3]).toBe('threw TypeError');
    }
    expect(await target.state()).toEqual(before);
  });

  it.each([
    ['a rebinding name', 'evil.test'],
    ["a name that begins with this machine's name", LOOKALIKE],
  ])('refuses every request from %s that the browser takes for the console’s own origin, reads included', async (_what, name) => {
    // DNS rebinding as the browser lives it: the page loads from the attacker's server at
    // name:P; then the same name and port lead to the console (here: the attacker's server
    // goes, a console starts on P). To the browser the console is now the page's own origin.
    const port = await freePort();
    const list2: Attempt[] = [];
    const page = await browser.newPage();
    const bait = await listen((_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackPage('', list2, true, true)), port);
    await page.goto(`http://${name}:${port}/attack.html`);
    await new Promise<void>((r) => {
      bait.closeAllConnections();
      bait.close(() => r());
    });
    const rebound = await startTarget(port);
    try {
      list2.push(...attempts(rebound.endpointId));
      const answers = watch(page, port);
      const before = await rebound.state();
      await page.evaluate((l) => {
        const w = window as unknown as { go: () => void; attempts: unknown };
        w.attempts = l;
        w.go();
      }, list2);
      const settled = await results(page);
      expect(answers.length, 'requests that reached the console').toBeGreaterThanOrEqual(20);
      for (const a of answers) {
        expect(a.status, `${a.method} ${a.path}`).toBe(421);
        expect(a.text).not.toMatch(/whsec_|"fields"|"endpoints"|"items"/);
      }
      for (const r of settled.filter((x) => x[0] === 'fetch' || x[0] === 'read')) expect(r[3], `${r[0]} ${r[1]} ${r[2]}`).toMatch(/^(basic )?421/);
      expect(await rebound.state()).toEqual(before);
    } finally {
      await page.close();
      await rebound.stop();
    }
  });

  it('still lets a page on the console’s own origin (the dashboard) make the same writes: the attacks above were live', async () => {
    const page = await browser.newPage();
    // Any page of the console's origin will do as a place to run the same request from.
    await page.goto(`${target.origin}/api/health`);
    const status = await page.evaluate(() => fetch('/api/graphics/race-results/hide', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status, (e) => String(e)));
    await page.close();
    expect(status).toBe(200);
    expect(((await target.api('GET', '/api/graphics/race-results')).body as { onAir: boolean }).onAir).toBe(false);
  });
});
