/**
 * What a user reads when a start goes wrong, with the real console process: one line and an exit
 * code whatever the cause, naming what the user actually set; one console per data dir, and a
 * crashed one (kill -9) does not keep the next one out; a clean Ctrl+C is not reported as an outage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HEADLESS_ENTRY, ROOT, built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { START_LIMIT_MS, getJson, waitUntil } from '../helpers/wait';
import { openDatabase } from '../../electron/core/store/database';
import { SettingsRepo } from '../../electron/core/store/settings';
import { LOCK_INFO_FILE } from '../../electron/core/store/data-dir-lock';

const consoles: RunningConsole[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const c of consoles.splice(0)) await c.stop('SIGKILL');
  for (const d of dirs.splice(0)) d.remove();
});

const dataDir = () => {
  const d = tempDir('trackside-words-');
  dirs.push(d);
  return d.path;
};

async function start(dir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningConsole> {
  const c = await runHeadless(['--port', '0', '--data-dir', dir, '--demo-speed', '50'], env);
  consoles.push(c);
  return c;
}

/** A start expected to fail: its exit code, and stderr as lines. */
function refused(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [HEADLESS_ENTRY, '--port', '0', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: START_LIMIT_MS,
  });
  expect(r.signal, `still running after ${START_LIMIT_MS} ms`).toBeNull();
  expect(r.stdout).toBe('');
  return { status: r.status, lines: r.stderr.trim().split('\n') };
}

describe.skipIf(!built)('one console per data dir', () => {
  it('a second start on the same data dir says where the first one listens and exits 1; after a kill -9 the next start runs', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const second = refused(['--data-dir', dir]);
    expect(second.status).toBe(1);
    expect(second.lines).toEqual([
      `trackside: Trackside is already running for this data dir at ${first.url} (${dir}); open that URL, or stop it first, or start with another --data-dir`,
    ]);
    // The first one is untouched by the attempt.
    expect((await getJson(`${first.url}api/health`)).status).toBe(200);

    await first.stop('SIGKILL');
    const third = await start(dir);
    expect(third.url).not.toBe(first.url);
    expect(JSON.parse(readFileSync(join(dir, LOCK_INFO_FILE), 'utf8'))).toMatchObject({ pid: third.child.pid, url: third.url });
    expect(await third.stop('SIGTERM')).toBe(0);
    // A clean stop leaves nothing that names a console that is gone.
    expect(existsSync(join(dir, LOCK_INFO_FILE))).toBe(false);
  });

  it('two consoles on two data dirs run side by side', async () => {
    const [a, b] = await Promise.all([start(dataDir()), start(dataDir())]);
    expect(a.url).not.toBe(b.url);
  });
});

describe.skipIf(!built)('start-up words', () => {
  it.skipIf(!existsSync('/proc/self'))('a data dir under /proc: one line, exit 1, at once (no spin in mkdir)', () => {
    const r = refused(['--data-dir', '/proc/trackside']);
    expect(r.status).toBe(1);
    expect(r.lines).toEqual(['trackside: cannot use the data dir: cannot create /proc/trackside: /proc does not take new folders (a special file system?); choose another --data-dir']);
  });

  it.skipIf(!existsSync('/sys/kernel'))('a data dir under /sys: one line, exit 1, not called a full disk', () => {
    const r = refused(['--data-dir', '/sys/trackside']);
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^trackside: cannot use the data dir: .*\/sys\/trackside/);
    expect(r.lines[0]).not.toMatch(/full/);
  });

  it('a cache whose settings table is missing is moved aside in one line, and the console starts', async () => {
    const dir = dataDir();
    const db = openDatabase(dir);
    db.exec('DROP TABLE settings');
    db.close();
    const c = await start(dir);
    const lines = c.stderr().trim().split('\n');
    expect(lines[0]).toMatch(/^trackside: the cache .*trackside\.db was damaged \(its settings table is missing\); moved it aside to .*trackside\.db\.corrupt-\S+ and started an empty cache/);
    expect(c.stderr()).not.toMatch(/^\s+at /m);
    expect(readdirSync(dir).filter((n) => n.includes('.corrupt-'))).toHaveLength(1);
    expect((await getJson(`${c.url}api/settings`)).status).toBe(200);
  });

  it('a bad saved competition is named as the saved setting, not as a flag nobody typed; --demo sets it aside', async () => {
    const dir = dataDir();
    const db = openDatabase(dir);
    new SettingsRepo(db).write({ competition: 'not a competition' });
    db.close();
    const r = refused(['--data-dir', dir]);
    expect(r.status).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^trackside: the saved competition: .*\(got not a competition\) \(saved on the Settings page: start with --competition or --demo to set it aside, then change it there\)$/);
    expect(refused(['--data-dir', dir], { TRACKSIDE_COMPETITION: 'nor this' }).lines).toEqual([expect.stringMatching(/^trackside: TRACKSIDE_COMPETITION: .*\(got nor this\)$/)]);
    const c = await runHeadless(['--port', '0', '--data-dir', dir, '--demo']);
    consoles.push(c);
    expect((await getJson(`${c.url}api/health`)).body.mode).toBe('demo');
  });

  it('a clean Ctrl+C stops without reporting Pusher as down', async () => {
    const c = await start(dataDir());
    await waitUntil(async () => (await getJson(`${c.url}api/health`)).body.sources['opentrack-pusher']?.state === 'connected', START_LIMIT_MS, 'push connected');
    expect(await c.stop('SIGINT')).toBe(0);
    expect(c.stderr()).toContain('trackside: SIGINT, stopping');
    expect(c.stderr()).not.toMatch(/Pusher|probing|warn/);
  });
});
