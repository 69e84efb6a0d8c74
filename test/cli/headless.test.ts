/**
 * The console as a new user starts it: the built headless entry, its one listening line, exit
 * codes, and a clean stop on SIGTERM that leaves a checkpointed database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HEADLESS_ENTRY, ROOT, built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { START_LIMIT_MS, waitUntil } from '../helpers/wait';

let running: RunningConsole | undefined;
let data: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
  data?.remove();
});

describe.skipIf(!built)('headless console (out/main/headless.js; `npm test` builds it)', () => {
  it('serves the demo meet on a free port and prints exactly one listening line', async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '50']);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(running.stdout().trim().split('\n')).toEqual([`Trackside listening on ${running.url}`]);
    const health = await (await fetch(`${running.url}api/health`)).json();
    expect(health.mode).toBe('demo');
    const competition = await waitUntil(async () => {
      const c = await (await fetch(`${running!.url}api/competition`)).json();
      return c.events.length > 5 ? c : null;
    }, 10_000, 'demo competition');
    expect(competition.competition.fullName).toBe('Trackside Demo Open');
    // Following a live meet (the demo's own Pusher): WAL checkpoints run off the loop from the start.
    await waitUntil(async () => (await (await fetch(`${running!.url}api/health`)).json()).cache.checkpoints.mode === 'worker', START_LIMIT_MS, 'checkpoints in their worker');
    const page = await fetch(running.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
  });

  it('stops cleanly on SIGTERM and folds the WAL into the database', async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '50']);
    await waitUntil(async () => (await (await fetch(`${running!.url}api/health`)).json()).cache.units > 0, START_LIMIT_MS);
    expect(await running.stop('SIGTERM')).toBe(0);
    running = undefined;
    const wal = join(data.path, 'trackside.db-wal');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'x'], /--port must be a whole number/],
    [['--replay', '/nonexistent/dir'], /no trackside\.db in \/nonexistent\/dir/],
  ])('refuses %j with one line on stderr and exit code 2', (args, message) => {
    // A data dir of its own: the user's default one may hold a console running right now.
    data = tempDir();
    const result = spawnSync(process.execPath, [HEADLESS_ENTRY, '--data-dir', data.path, ...args], { cwd: ROOT, encoding: 'utf8', timeout: START_LIMIT_MS });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('warns about an unknown TRACKSIDE_ variable and runs anyway', async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path], { TRACKSIDE_COLOR: 'red' });
    expect(running.stderr()).toContain('ignoring unknown environment variable TRACKSIDE_COLOR');
  });

  it('loses nothing it served when killed with SIGKILL mid-meet, three times over', async () => {
    data = tempDir();
    let served = 0;
    for (let round = 0; round < 3; round++) {
      running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '300']);
      // Everything served before the last kill is still there, in order.
      const afterRestart = (await (await fetch(`${running.url}api/health`)).json()).cache.lastSeq;
      expect(afterRestart).toBeGreaterThanOrEqual(served);
      const feed = await (await fetch(`${running.url}api/feed?after=${Math.max(0, served - 500)}&limit=500`)).json();
      expect(feed.items[0]?.seq ?? 0).toBeLessThanOrEqual(Math.max(1, served));
      const seqs = feed.items.map((i: { seq: number }) => i.seq);
      expect(seqs).toEqual([...seqs].sort((a: number, b: number) => a - b));
      await waitUntil(async () => (await (await fetch(`${running!.url}api/health`)).json()).cache.lastSeq > served + 20, START_LIMIT_MS);
      served = (await (await fetch(`${running.url}api/health`)).json()).cache.lastSeq;
      await running.stop('SIGKILL');
      running = undefined;
    }
    const db = new Database(join(data.path, 'trackside.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT MAX(seq) AS s FROM journal').get() as { s: number }).s).toBeGreaterThanOrEqual(served);
    db.close();
  }, 180_000);
});
