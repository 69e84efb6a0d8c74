/**
 * The console as a new user starts it: the built headless entry, its one listening line, exit
 * codes, and a clean stop on SIGTERM that leaves a checkpointed database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HEADLESS_ENTRY, ROOT, built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { waitUntil } from '../helpers/wait';

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
    const page = await fetch(running.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
  });

  it('stops cleanly on SIGTERM and folds the WAL into the database', async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '50']);
    await waitUntil(async () => (await (await fetch(`${running!.url}api/health`)).json()).cache.units > 0, 10_000);
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
    const result = spawnSync(process.execPath, [HEADLESS_ENTRY, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
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
});
