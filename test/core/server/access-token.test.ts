/**
 * LAN mode: bound to 0.0.0.0 with an access token (requests go to 127.0.0.1, which a reverse tunnel
 * also makes look local), every request needs the token: in the Authorization header, `?token=`
 * (which leaves a cookie for the page's assets, fetch and EventSource), or that cookie. Only the
 * webhook routes keep their own authentication.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/config/log';
import { SettingsViewSchema } from '../../../electron/core/model/settings';
import { startConsoleRunner, type ConsoleRunner } from '../../../electron/core/app/runner';
import { FIXTURE_PATH, fixtureCompetition } from '../../helpers/fixtures';
import { openSse } from '../../helpers/sse';
import { tempDir } from '../../helpers/temp-dir';
import { envelope, timingStore } from '../../helpers/triathlon';

const ACCESS = 'lan-access-token-0123456789abcdef';
const HOOK_TOKEN = 'hook-token-for-the-triathlon-route';

let data: ReturnType<typeof tempDir>;
let runner: ConsoleRunner;
let base: string;
let cookie: string;

beforeAll(async () => {
  data = tempDir();
  runner = await startConsoleRunner({
    argv: ['--data-dir', data.path, '--host', '0.0.0.0', '--port', '0', '--access-token', ACCESS, '--webhook-token', HOOK_TOKEN],
    env: {},
    consoleOptions: { log: silentLogger, recording: { name: 'tiny', competitionPath: FIXTURE_PATH, competition: fixtureCompetition(), steps: [] } },
  });
  base = runner.url.replace('0.0.0.0', '127.0.0.1');
});
afterAll(async () => {
  await runner?.stop();
  data?.remove();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, base), { headers, redirect: 'manual' });

describe('with an access token', () => {
  it('binds beyond loopback and tells the shell to open it over loopback with the token', () => {
    expect(runner.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
    expect(runner.openUrl).toBe(`${base}?token=${ACCESS}`);
  });

  it('answers 401 without the token, also from 127.0.0.1: JSON for the API, a page asking for it for a browser', async () => {
    const api = await get('/api/health');
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await api.json()).error).toMatch(/access token/);
    const page = await get('/', { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('name="token"');
    for (const path of ['/output/all', '/data/latest-result.json', '/api/stream', '/api/settings', '/hooks/../api/health', '/hookss/x']) {
      expect((await get(path)).status, path).toBe(401);
    }
    const wrong = await get('/api/health', { authorization: `Bearer ${ACCESS}x` });
    expect(wrong.status).toBe(401);
    expect((await get(`/api/health?token=${ACCESS.slice(0, -1)}`)).status).toBe(401);
  });

  it('lets the token in from the Authorization header', async () => {
    const res = await get('/api/health', { authorization: `Bearer ${ACCESS}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('lets ?token= in and leaves an HttpOnly SameSite=Strict cookie that works on its own', async () => {
    const res = await get(`/?token=${ACCESS}`, { accept: 'text/html' });
    expect(res.status).toBe(200);
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    cookie = set.split(';')[0]!;
    expect((await get('/api/competition', { cookie })).status).toBe(200);
    expect((await get('/api/competition', { cookie: cookie.replace(/=.*/, '=nope') })).status).toBe(401);
  });

  it('takes ?token= beside the other query parameters of device URLs (Stream Deck, vMix, the feed)', async () => {
    for (const path of [`/api/graphics/winner/preview?token=${ACCESS}`, `/data/latest-result.csv?token=${ACCESS}`, `/api/feed?after=0&limit=5&token=${ACCESS}`]) {
      expect((await get(path)).status, path).toBe(200);
    }
  });

  it('keeps the SSE stream open with the cookie and delivers over it', async () => {
    const stream = await openSse(new URL('/api/stream', base).toString(), { cookie });
    try {
      const sent = await fetch(new URL(`/hooks/triathlon?token=${HOOK_TOKEN}`, base), { method: 'POST', body: envelope('timing.store', timingStore({ date: '2026-06-01 10:21:33' })) });
      expect(sent.status).toBe(200);
      const event = await stream.waitFor((e) => JSON.parse(e.data).channel === '/hooks/triathlon', 5_000);
      expect(JSON.parse(event.data).event).toBe('timing.store');
    } finally {
      stream.close();
    }
  });

  it('leaves /hooks/* to their own authentication', async () => {
    const wrongHook = await fetch(new URL('/hooks/triathlon?token=wrong', base), { method: 'POST', body: envelope('timing.store', timingStore({ date: '2026-06-01 10:22:00' })) });
    expect(wrongHook.status).toBe(401);
    // The access token is not a webhook token.
    const accessAsHook = await fetch(new URL(`/hooks/triathlon?token=${ACCESS}`, base), { method: 'POST', body: '{}' });
    expect(accessAsHook.status).toBe(401);
  });

  it('shows the token and the LAN URLs only to a request that presented it and asked to reveal it', async () => {
    const plain = SettingsViewSchema.parse(await (await get('/api/settings', { authorization: `Bearer ${ACCESS}` })).json());
    expect(plain.lan.token).toBeNull();
    expect((await get('/api/settings?reveal=token')).status).toBe(401);
    const view = SettingsViewSchema.parse(await (await get('/api/settings?reveal=token', { authorization: `Bearer ${ACCESS}` })).json());
    expect(view.lan.active).toBe(true);
    expect(view.lan.token).toBe(ACCESS);
    const port = new URL(base).port;
    for (const url of view.lan.urls) expect(url).toMatch(new RegExp(`^http://\\d+\\.\\d+\\.\\d+\\.\\d+:${port}/$`));
    expect(view.fields.accessToken).toMatchObject({ overriddenBy: '--access-token', secret: true, value: null });
  });
});

