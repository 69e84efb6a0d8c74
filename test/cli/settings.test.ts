/**
 * Settings as a venue operator meets them through the real headless process: saved settings
 * survive the process, a restart from the API prints the new listening line and the old port
 * points to the new one, and serving beyond loopback without a token stops with one line.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsRepo } from '../../electron/core/store/settings';
import { openDatabase } from '../../electron/core/store/database';
import { SettingsViewSchema } from '../../electron/core/model/settings';
import { HEADLESS_ENTRY, ROOT, built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { freePort } from '../helpers/free-port';
import { tempDir } from '../helpers/temp-dir';
import { START_LIMIT_MS, waitUntil } from '../helpers/wait';
import { envelope, timingStore } from '../helpers/triathlon';

const HOOK_TOKEN = 'saved-triathlon-token-0123456789';

let running: RunningConsole | undefined;
let data: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
  data?.remove();
  data = undefined;
});

const put = (url: string, body: unknown) =>
  fetch(`${url}api/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.skipIf(!built)('settings in the headless console', () => {
  it.each([
    [['--host', '0.0.0.0'], {}, '--host'],
    [[], { TRACKSIDE_HOST: '192.168.1.20' }, 'TRACKSIDE_HOST'],
  ])('refuses to serve beyond loopback without an access token (%j %j): one line naming %s, exit 2', (args, env, named) => {
    data = tempDir();
    const result = spawnSync(process.execPath, [HEADLESS_ENTRY, '--data-dir', data.path, '--port', '0', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      encoding: 'utf8',
      timeout: START_LIMIT_MS,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^trackside: ${named} \\S+ serves other machines, so it needs an access token: add --access-token`));
    expect(result.stdout).toBe('');
  });

  it('keeps saved settings across a restart of the process: the saved webhook token and demo speed apply', async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path]);
    expect((await fetch(`${running.url}hooks/triathlon?token=${HOOK_TOKEN}`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await put(running.url, { webhookToken: HOOK_TOKEN, demoSpeed: 3 })).status).toBe(200);
    expect(await running.stop('SIGTERM')).toBe(0);

    running = await runHeadless(['--port', '0', '--data-dir', data.path]);
    const view = SettingsViewSchema.parse(await (await fetch(`${running.url}api/settings`)).json());
    expect(view.fields.demoSpeed).toMatchObject({ value: 3, running: 3, pending: false });
    expect(view.fields.webhookToken).toMatchObject({ set: true, value: null });
    const hook = await fetch(`${running.url}hooks/triathlon?token=${HOOK_TOKEN}`, { method: 'POST', body: envelope('timing.store', timingStore({ date: '2026-06-01 10:21:33' })) });
    expect(hook.status).toBe(200);
  });

  it('restarts from POST /api/restart onto the saved port, prints the new line, and the old port points there', async () => {
    data = tempDir();
    const [first, second] = [await freePort(), await freePort()];
    const db = openDatabase(data.path);
    new SettingsRepo(db).write({ port: first });
    db.close();
    running = await runHeadless(['--data-dir', data.path, '--demo-speed', '20']);
    expect(running.url).toBe(`http://127.0.0.1:${first}/`);
    expect((await put(running.url, { port: second })).status).toBe(200);
    const restart = await fetch(`${running.url}api/restart`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(restart.status).toBe(202);
    await waitUntil(() => running!.stdout().includes(`Trackside listening on http://127.0.0.1:${second}/`), 15_000, 'the second listening line');
    expect(running.stdout().trim().split('\n')).toEqual([`Trackside listening on http://127.0.0.1:${first}/`, `Trackside listening on http://127.0.0.1:${second}/`]);
    expect((await (await fetch(`http://127.0.0.1:${second}/api/health`)).json()).mode).toBe('demo');
    const old = await fetch(`http://127.0.0.1:${first}/output/all?w=1280`, { redirect: 'manual' });
    expect(old.status).toBe(307);
    expect(old.headers.get('location')).toBe(`http://127.0.0.1:${second}/output/all?w=1280`);
    expect(await running.stop('SIGTERM')).toBe(0);
  });
});
