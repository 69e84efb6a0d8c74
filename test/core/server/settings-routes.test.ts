/**
 * `/api/settings` and `/api/restart` over real HTTP on 127.0.0.1, on the console runner with a real
 * SQLite file: secrets are never read back, a bad change is refused field by field and saves
 * nothing, the page learns what a flag overrides, and a restart brings up the saved competition
 * and port (or the previous settings when the new ones cannot start).
 */
import { createServer } from 'node:net';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/config/log';
import { parseCommandLine } from '../../../electron/core/config/config';
import { SettingsErrorSchema, SettingsSavedSchema, SettingsViewSchema, type SettingsPatch } from '../../../electron/core/model/settings';
import { startConsoleRunner, type ConsoleRunner, type Listening } from '../../../electron/core/app/runner';
import { SettingsRepo, readSavedSettings } from '../../../electron/core/store/settings';
import { openDatabase } from '../../../electron/core/store/database';
import { FIXTURE_PATH, fixtureCompetition } from '../../helpers/fixtures';
import { startLocalSources, type LocalSources } from '../../helpers/local-sources';
import { freePort } from '../../helpers/free-port';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';

const KEY = 'settings-test-key';
const SECRET = 'whsec_c2V0dGluZ3MtdGVzdC1zZWNyZXQ=';
const TOKEN = 'tri-token-settings-test-0123';

let data: ReturnType<typeof tempDir>;
let local: LocalSources;
let runner: ConsoleRunner | undefined;
let heard: Listening[];
let restartErrors: string[];

/** A tiny demo meet, so the console before a restart is told apart from the one after. */
const tinyDemo = () => ({ name: 'tiny', competitionPath: FIXTURE_PATH, competition: { ...fixtureCompetition(), fullName: 'Tiny Demo' }, steps: [] });

async function start(extra: string[] = [], env: NodeJS.ProcessEnv = {}, anyPort = true) {
  heard = [];
  restartErrors = [];
  runner = await startConsoleRunner({
    // Pusher on the command line: it survives every restart and keeps all traffic on 127.0.0.1.
    argv: ['--data-dir', data.path, ...(anyPort ? ['--port', '0'] : []), '--pusher-host', '127.0.0.1', '--pusher-port', String(local.pusher.port), '--pusher-tls', 'false', ...extra],
    env,
    onListening: (l) => heard.push(l),
    onRestartError: (m) => restartErrors.push(m),
    consoleOptions: { log: silentLogger, recording: tinyDemo(), probeIntervalMs: 250 },
  });
  return runner;
}

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(new URL(path, runner!.url), {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

const view = async () => SettingsViewSchema.parse(await (await call('GET', '/api/settings')).json());

/**
 * After a restart on the same port, the client's kept-alive socket to the old server fails once
 * (undici does not retry; browsers do): wait until a request gets through.
 */
const serving = () => waitUntil(async () => (await call('GET', '/api/health')).ok, 10_000, 'the console serving again');

async function fullName(): Promise<string | undefined> {
  const res = await call('GET', '/api/competition').catch(() => undefined);
  return res?.ok ? (await res.json()).competition?.fullName : undefined;
}

beforeEach(async () => {
  data = tempDir();
  local = await startLocalSources(KEY);
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  await local.stop();
  data.remove();
});

describe('GET and PUT /api/settings', () => {
  it('saves settings to the data dir and reads them back, secrets only as "set"', async () => {
    await start();
    const before = await view();
    expect(before.fields.port).toMatchObject({ set: false, value: null, overriddenBy: '--port', running: 0 });
    expect(before.fields.webhookSecret).toMatchObject({ set: false, secret: true });

    const res = await call('PUT', '/api/settings', { demoSpeed: 4, pusherCluster: 'us2', webhookSecret: SECRET, webhookToken: TOKEN });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    const saved = SettingsSavedSchema.parse(JSON.parse(text));
    expect(saved.settings.fields.demoSpeed).toMatchObject({ value: 4, set: true, running: 1, pending: true });
    expect(saved.settings.fields.webhookSecret).toMatchObject({ value: null, set: true, running: null });
    expect(saved.restartFor.sort()).toEqual(['demoSpeed', 'pusherCluster', 'webhookSecret', 'webhookToken']);
    expect(saved.settings.restartNeeded).toBe(true);

    const again = await call('GET', '/api/settings');
    const againText = await again.text();
    expect(againText).not.toContain(SECRET);
    expect(againText).not.toContain(TOKEN);
    expect(readSavedSettings(data.path)).toEqual({ demoSpeed: 4, pusherCluster: 'us2', webhookSecret: SECRET, webhookToken: TOKEN });

    // Left out: kept. null: cleared back to the default.
    await call('PUT', '/api/settings', { pusherCluster: null });
    expect(readSavedSettings(data.path)).toEqual({ demoSpeed: 4, webhookSecret: SECRET, webhookToken: TOKEN });
  });

  it('starts a rotation window of 24 h when a previous secret is saved, and ends it when the old ones go', async () => {
    await start();
    const t0 = Date.now();
    await call('PUT', '/api/settings', { webhookSecret: SECRET, webhookPreviousSecret: 'whsec_b2xkLXNlY3JldA==' });
    const ends = Date.parse(readSavedSettings(data.path).webhookRotationEnds!);
    expect(ends - t0).toBeGreaterThanOrEqual(24 * 3600_000 - 1000);
    expect(ends - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    // A restart later does not move it: the saved end is the end.
    expect(parseCommandLine([], {}, readSavedSettings(data.path)).config!.webhooks.rotationEndsAt).toBe(ends);
    await call('PUT', '/api/settings', { webhookPreviousSecret: null });
    expect(readSavedSettings(data.path)).toEqual({ webhookSecret: SECRET });
  });

  it('refuses a bad change with a message beside each field, and saves none of it', async () => {
    await start();
    await call('PUT', '/api/settings', { demoSpeed: 2 });
    const res = await call('PUT', '/api/settings', { demoSpeed: 3, port: 70000, opentrackBase: 'ftp://x', accessToken: 'short', colour: 'blue' });
    expect(res.status).toBe(400);
    const body = SettingsErrorSchema.parse(await res.json());
    expect(body.error).toMatch(/nothing was saved/);
    expect(body.fields).toMatchObject({
      port: expect.stringMatching(/0 to 65535/),
      opentrackBase: expect.stringMatching(/http/),
      accessToken: expect.stringMatching(/at least 16/),
      colour: 'is not a setting',
    });
    expect(body.fields!.demoSpeed).toBeUndefined();
    expect(readSavedSettings(data.path)).toEqual({ demoSpeed: 2 });

    const lan = await call('PUT', '/api/settings', { lanMode: true });
    expect(lan.status).toBe(400);
    expect(SettingsErrorSchema.parse(await lan.json()).fields).toEqual({ accessToken: expect.stringMatching(/LAN mode needs an access token/) });
    const competition = await call('PUT', '/api/settings', { competition: 'https://data.opentrack.run/en-gb/' });
    expect(SettingsErrorSchema.parse(await competition.json()).fields!.competition).toMatch(/competition/);
    expect(readSavedSettings(data.path)).toEqual({ demoSpeed: 2 });
  });

  it('refuses a change from another site (no JSON content type, or a foreign Origin)', async () => {
    await start();
    const form = await call('PUT', '/api/settings', 'port=1', { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    const foreign = await call('PUT', '/api/settings', { port: 1 }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await call('POST', '/api/restart', undefined, {})).status).toBe(415);
    // DNS rebinding: a foreign name resolved to 127.0.0.1 looks same-origin to the browser.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/settings', runner!.url), { method: 'PUT', headers: { host: 'evil.example:4710', origin: 'http://evil.example:4710', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ port: 1 }));
    });
    // Refused by the request guard before routing: the name is not one this console answers to.
    expect(rebound).toBe(421);
    expect(readSavedSettings(data.path)).toEqual({});
  });

  it('says which flag or variable overrides a field, and that saving it changes nothing now', async () => {
    await start(['--pusher-key', 'from-the-flag'], { TRACKSIDE_DEMO_SPEED: '7' });
    const saved = SettingsSavedSchema.parse(await (await call('PUT', '/api/settings', { pusherKey: 'saved-key', demoSpeed: 3 })).json());
    expect(saved.settings.fields.pusherKey).toMatchObject({ overriddenBy: '--pusher-key', value: 'saved-key', pending: false });
    expect(saved.settings.fields.demoSpeed).toMatchObject({ overriddenBy: 'TRACKSIDE_DEMO_SPEED', running: 7, pending: false });
    expect(saved.overridden.sort()).toEqual(['demoSpeed', 'pusherKey']);
    expect(saved.restartFor).toEqual([]);
    expect(saved.settings.restartNeeded).toBe(false);
  });
});

/** Settings saved before the console starts, as an earlier run would have left them. */
function saveBefore(settings: SettingsPatch) {
  const db = openDatabase(data.path);
  new SettingsRepo(db).write(settings);
  db.close();
}

describe('POST /api/restart', () => {
  it('restarts in-process with the saved competition and port, and announces the new URL', async () => {
    // No --port on the command line (it would win): the saved port applies. Not 4710: another console may be on it.
    const [first, second] = [await freePort(), await freePort()];
    saveBefore({ port: first });
    await start([], {}, false);
    expect(heard.map((l) => l.url)).toEqual([`http://127.0.0.1:${first}/`]);
    await waitUntil(async () => (await fullName()) === 'Tiny Demo', 10_000, 'the tiny demo');

    const put = await call('PUT', '/api/settings', { port: second, competition: `${local.standIn.baseUrl}${FIXTURE_PATH}`, pusherKey: KEY });
    expect(put.status).toBe(200);
    expect(SettingsSavedSchema.parse(await put.json()).restartFor.sort()).toEqual(['competition', 'port', 'pusherKey']);
    const res = await call('POST', '/api/restart', {});
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ restarting: true, port: second });
    await waitUntil(() => heard.length === 2, 10_000, 'the second listening');
    expect(heard[1]!.url).toBe(`http://127.0.0.1:${second}/`);
    expect(runner!.url).toBe(`http://127.0.0.1:${second}/`);
    await waitUntil(async () => (await fullName()) === 'Spine Test Meet', 10_000, 'the saved competition');
    expect((await (await call('GET', '/api/health')).json()).mode).toBe('live');
    expect((await view()).restartNeeded).toBe(false);
    // The old port points to the new one for a while (bookmarks, browser sources, the page that asked).
    const old = await fetch(`http://127.0.0.1:${first}/api/health`, { redirect: 'manual' });
    expect(old.status).toBe(307);
    expect(old.headers.get('location')).toBe(`http://127.0.0.1:${second}/api/health`);
  });

  it('goes back to the previous settings when the new ones cannot start, and says why', async () => {
    const [first, busy] = [await freePort(), await freePort()];
    saveBefore({ port: first });
    await start([], {}, false);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(busy, '127.0.0.1', r));
    try {
      await call('PUT', '/api/settings', { port: busy });
      expect((await call('POST', '/api/restart', {})).status).toBe(202);
      await waitUntil(() => heard.length === 2, 10_000, 'the console back on its old port');
      await serving();
      expect(heard[1]!.url).toBe(`http://127.0.0.1:${first}/`);
      expect(restartErrors).toEqual([expect.stringMatching(new RegExp(`port ${busy} is in use.*previous`))]);
      const after = await view();
      expect(after.lastRestartError).toMatch(/is in use/);
      expect(after.fields.port).toMatchObject({ value: busy, running: first, pending: true });
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
