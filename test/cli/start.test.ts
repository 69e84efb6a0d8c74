/**
 * `npm start` (scripts/start.mjs) as a user meets it: Electron where it can run, else the same
 * console headless with the reason on one line. Electron's binary cannot be had here, so a stand-in
 * executable plays it, found the way the electron package finds its own (ELECTRON_OVERRIDE_DIST_PATH).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { START_LIMIT_MS } from '../helpers/wait';
import { EXIT_USE_HEADLESS } from '../../electron/main/native-binding';

const START = join(ROOT, 'scripts', 'start.mjs');
let running: RunningConsole | undefined;
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  // SIGTERM, not SIGKILL: start.mjs passes it on to the console it started.
  await running?.stop('SIGTERM');
  running = undefined;
  for (const d of dirs.splice(0)) d.remove();
});

function fakeElectron(script: string): string {
  const dir = tempDir();
  dirs.push(dir);
  const bin = join(dir.path, 'electron');
  writeFileSync(bin, `#!/bin/sh\n${script}\n`);
  chmodSync(bin, 0o755);
  return dir.path;
}
const dataDir = () => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};

describe.skipIf(!built)('npm start', () => {
  it('serves headless and says why when the Electron binary it was pointed at is not there', async () => {
    const empty = dataDir();
    running = await runHeadless(['--port', '0', '--data-dir', dataDir(), '--demo-speed', '50'], { ELECTRON_OVERRIDE_DIST_PATH: empty, DISPLAY: ':99' }, START_LIMIT_MS, START);
    // The reason comes first (after the build line, when sources changed): it was held back until
    // the console listened, so it is never left hanging above an early exit.
    const lines = running.stderr().split('\n').filter((l) => !l.startsWith('trackside: building the console'));
    expect(lines[0]).toBe(`trackside: there is no Electron binary at ${join(empty, 'electron')} (ELECTRON_OVERRIDE_DIST_PATH); serving the console headless (open the URL below in a browser).`);
    expect((await (await fetch(`${running.url}api/health`)).json()).mode).toBe('demo');
  });

  it.each([
    [['--help'], 0, /^Usage: trackside/],
    [['--bogus'], 2, /^$/],
    [['--port', 'x'], 2, /^$/],
  ])('says nothing about windows or headless before %j exits', (args, code, stdout) => {
    const result = spawnSync(process.execPath, [START, ...args], {
      cwd: ROOT,
      // HOME of its own: the default data dir under the real one may hold a running console.
      env: { PATH: process.env.PATH, HOME: dataDir(), DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: dataDir() },
      encoding: 'utf8',
      timeout: START_LIMIT_MS,
    });
    expect(result.status).toBe(code);
    expect(result.stdout).toMatch(stdout);
    expect(result.stderr).not.toMatch(/headless|window|Electron/);
    expect(result.stderr.trim().split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
  });

  it('falls back to headless when the shell exits because SQLite is not built for its Electron', async () => {
    const electron = fakeElectron(`echo "trackside: better-sqlite3 is not built for Electron here" >&2\nexit ${EXIT_USE_HEADLESS}`);
    running = await runHeadless(['--port', '0', '--data-dir', dataDir(), '--demo-speed', '50'], { ELECTRON_OVERRIDE_DIST_PATH: electron, DISPLAY: ':99' }, START_LIMIT_MS, START);
    expect(running.stderr()).toContain('trackside: better-sqlite3 is not built for Electron here\ntrackside: serving the console headless instead');
    expect((await fetch(`${running.url}api/health`)).status).toBe(200);
  });

  it('runs the shell with the user flags where Electron can run, and ends with its exit code', () => {
    const argsFile = join(dataDir(), 'args.txt');
    const electron = fakeElectron(`printf '%s\\n' "$@" > '${argsFile}'\nexit 3`);
    const result = spawnSync(process.execPath, [START, '--port', '0', '--demo-speed', '5'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ELECTRON_OVERRIDE_DIST_PATH: electron, DISPLAY: ':99' },
      encoding: 'utf8',
      timeout: START_LIMIT_MS,
    });
    expect(result.status).toBe(3);
    expect(readFileSync(argsFile, 'utf8').trim().split('\n')).toEqual([join(ROOT, 'out', 'main', 'index.js'), '--port', '0', '--demo-speed', '5']);
    expect(result.stdout).not.toMatch(/listening/);
  });

  it('never tries Electron without a display', async () => {
    const electron = fakeElectron('exit 9');
    running = await runHeadless(['--port', '0', '--data-dir', dataDir(), '--demo-speed', '50'], { ELECTRON_OVERRIDE_DIST_PATH: electron }, START_LIMIT_MS, START);
    expect(running.stderr()).toMatch(/no display to open a window on; serving the console headless/);
  });
});
