/**
 * `npm start` on a machine without Electron's binary: it installs it with Electron's own
 * downloader, gets SQLite built for that Electron, and opens the app with the user's flags; each
 * failure ends in the headless console with one line saying which step failed and why.
 *
 * No internet: a mirror on 127.0.0.1 serves a stand-in release zip (an "electron" script that
 * records its arguments and prints the listening line), its SHASUMS256.txt and a stand-in
 * prebuilt SQLite. The electron package, the native dir, the download caches and HOME are temp
 * copies, so node_modules/electron and native/ are never touched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tarGz, zip } from '../helpers/archives';
import { startMirror, type Mirror, type MirrorOptions } from '../helpers/electron-mirror';
import { freePort } from '../helpers/free-port';
import { tempDir } from '../helpers/temp-dir';
import { START_LIMIT_MS } from '../helpers/wait';

const DRIVER = join(ROOT, 'test', 'helpers', 'start-desktop.mjs');
const ELECTRON_PKG = join(ROOT, 'node_modules', 'electron');
const version: string = JSON.parse(readFileSync(join(ELECTRON_PKG, 'package.json'), 'utf8')).version;
const abi = readFileSync(join(ELECTRON_PKG, 'abi_version'), 'utf8').trim();
const sqliteVersion: string = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
const INDEX = join(ROOT, 'out', 'main', 'index.js');

const cleanup: (() => unknown)[] = [];
let running: RunningConsole | undefined;
afterEach(async () => {
  await running?.stop('SIGTERM');
  running = undefined;
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A machine without Electron: a temp electron package (no dist), an empty native dir, temp caches. */
function machine() {
  const t = tempDir('trackside-electron-install-');
  cleanup.push(t.remove);
  const pkgDir = join(t.path, 'electron');
  mkdirSync(pkgDir);
  for (const f of ['package.json', 'abi_version', 'checksums.json']) copyFileSync(join(ELECTRON_PKG, f), join(pkgDir, f));
  mkdirSync(join(t.path, 'home'));
  mkdirSync(join(t.path, 'data'));
  const argsFile = join(t.path, 'electron-argv.txt');
  const standIn = `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho "Trackside listening on http://127.0.0.1:9/"\n`;
  const archive = zip([
    { name: 'electron', data: standIn, mode: 0o755 },
    { name: 'version', data: `v${version}` },
    { name: 'LICENSE', data: 'stand-in for a test' },
  ]);
  return { root: t.path, pkgDir, nativeDir: join(t.path, 'native'), dataDir: join(t.path, 'data'), argsFile, archive };
}
type Machine = ReturnType<typeof machine>;

const prebuilt = () => tarGz([{ name: 'build/Release/better_sqlite3.node', data: 'stand-in binary' }]);

async function mirror(m: Machine, opts: Partial<MirrorOptions> = {}): Promise<Mirror> {
  const started = await startMirror({ archive: m.archive, zipName, ...opts });
  cleanup.push(started.close);
  return started;
}

/** What a user's shell would hold, pointed at the mirror (the variables Electron and npm document). */
function envFor(m: Machine, mirrorUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(m.root, 'home'),
    DISPLAY: ':99',
    ELECTRON_MIRROR: `${mirrorUrl}electron/`,
    ELECTRON_CUSTOM_DIR: '{{ version }}',
    electron_use_remote_checksums: '1',
    electron_config_cache: join(m.root, 'electron-cache'),
    npm_config_cache: join(m.root, 'npm-cache'),
    npm_config_better_sqlite3_binary_host: `${mirrorUrl}prebuilds`,
    npm_config_disturl: `${mirrorUrl}headers`,
    ...extra,
  };
  // spawn would pass an undefined value on as the word "undefined"
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}

const options = (m: Machine, limits: Record<string, number> = {}) => JSON.stringify({ pkgDir: m.pkgDir, nativeDir: m.nativeDir, limits });

/** The whole `npm start` up to the stand-in Electron, which exits at once. Not spawnSync: the mirror runs in this process. */
function startToElectron(m: Machine, env: NodeJS.ProcessEnv, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [DRIVER, options(m), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const limit = setTimeout(() => child.kill('SIGKILL'), 2 * START_LIMIT_MS);
  return new Promise((resolve) =>
    child.on('exit', (status) => {
      clearTimeout(limit);
      resolve({ status, stdout, stderr });
    }),
  );
}

/** `npm start` that is expected to end in the headless console. */
async function startToHeadless(m: Machine, env: NodeJS.ProcessEnv, limits: Record<string, number> = {}, extraArgs: string[] = []) {
  running = await runHeadless([options(m, limits), '--port', '0', '--data-dir', m.dataDir, '--demo-speed', '50', ...extraArgs], env, 2 * START_LIMIT_MS, DRIVER);
  expect((await fetch(`${running.url}api/health`)).status).toBe(200);
  expect(existsSync(m.argsFile)).toBe(false); // Electron never ran
  return running.stderr();
}

describe.skipIf(!built || process.platform === 'win32')('npm start installs Electron where it is missing', () => {
  it('downloads it, checks it, gets SQLite for it, and opens the app with the user flags; the next start just opens it', async () => {
    const m = machine();
    const site = await mirror(m, { prebuild: prebuilt() });
    const first = await startToElectron(m, envFor(m, site.url), ['--port', '0', '--demo-speed', '5']);
    expect(first.status, first.stderr).toBe(0);
    expect(readFileSync(m.argsFile, 'utf8').trim().split('\n')).toEqual([INDEX, '--port', '0', '--demo-speed', '5']);
    expect(first.stdout).toBe('Trackside listening on http://127.0.0.1:9/\n');
    expect(first.stderr).toMatch(new RegExp(`^trackside: installing Electron ${version} for ${process.platform}-${process.arch}… done in \\d+\\.\\d s$`, 'm'));
    expect(first.stderr).toMatch(new RegExp(`^trackside: getting SQLite for Electron ${version}… done in \\d+\\.\\d s$`, 'm'));
    expect(first.stderr).not.toMatch(/headless|\u001b\[/);
    // Electron's downloader asked the mirror, in Electron's layout (ELECTRON_CUSTOM_DIR honoured), for the zip and its checksums.
    expect(site.requests).toContain(`/electron/${version}/${zipName}`);
    expect(site.requests).toContain(`/electron/${version}/SHASUMS256.txt`);
    expect(site.requests).toContain(`/prebuilds/v${sqliteVersion}/better-sqlite3-v${sqliteVersion}-electron-v${abi}-${process.platform}-${process.arch}.tar.gz`);
    // Installed where the electron package's own install.js would put it, and SQLite beside its manifest.
    expect(readFileSync(join(m.pkgDir, 'path.txt'), 'utf8')).toBe('electron');
    expect(existsSync(join(m.pkgDir, 'dist', 'electron'))).toBe(true);
    expect(existsSync(join(m.pkgDir, 'dist.partial'))).toBe(false);
    expect(readFileSync(join(m.nativeDir, 'better_sqlite3.node'), 'utf8')).toBe('stand-in binary');
    expect(JSON.parse(readFileSync(join(m.nativeDir, 'manifest.json'), 'utf8'))).toMatchObject({ electron: version, abi, platform: process.platform, arch: process.arch });

    const asked = site.requests.length;
    const second = await startToElectron(m, envFor(m, site.url), ['--demo']);
    expect(second.status, second.stderr).toBe(0);
    expect(site.requests.length).toBe(asked);
    expect(second.stderr).toBe('');
    expect(readFileSync(m.argsFile, 'utf8').trim().split('\n')).toEqual([INDEX, '--demo']);
  });

  it('refuses an archive whose checksum does not match: serves headless, installs nothing', async () => {
    const m = machine();
    const site = await mirror(m, { shasums: `${'0'.repeat(64)} *${zipName}\n`, prebuild: prebuilt() });
    const stderr = await startToHeadless(m, envFor(m, site.url));
    expect(stderr).toMatch(/^trackside: could not install Electron: .*checksum.*; serving the console headless \(open the URL below in a browser\)\.$/m);
    expect(existsSync(join(m.pkgDir, 'dist'))).toBe(false);
    expect(existsSync(join(m.pkgDir, 'path.txt'))).toBe(false);
  });

  it('says the mirror cannot be reached when nothing answers', async () => {
    const m = machine();
    const stderr = await startToHeadless(m, envFor(m, `http://127.0.0.1:${await freePort()}/`));
    expect(stderr).toMatch(/^trackside: could not install Electron: fetch failed: ECONNREFUSED.*; serving the console headless/m);
  });

  it('gives up on a download that goes silent, and on one too slow for the time limit', async () => {
    const m = machine();
    const silent = await mirror(m, { stall: true });
    expect(await startToHeadless(m, envFor(m, silent.url), { stallMs: 2_000 })).toMatch(
      /^trackside: could not install Electron: no data for 2 s \(is the network down\?\); serving the console headless/m,
    );
    await running!.stop('SIGTERM');
    const slow = await mirror(m, { trickle: true });
    expect(await startToHeadless(m, envFor(m, slow.url), { installMs: 3_000 })).toMatch(
      /^trackside: could not install Electron: it took longer than 3 s, so it was stopped; serving the console headless/m,
    );
    expect(existsSync(join(m.pkgDir, 'dist'))).toBe(false);
  });

  it('serves headless when SQLite for Electron can be neither fetched nor compiled, after installing Electron', async () => {
    const m = machine();
    const site = await mirror(m); // the zip, but no prebuilt SQLite and no headers to compile against
    const stderr = await startToHeadless(m, envFor(m, site.url));
    expect(stderr).toMatch(/… done in/);
    expect(stderr).toMatch(new RegExp(`^trackside: could not get SQLite built for Electron: could not build better-sqlite3 for Electron ${version}.*; serving the console headless`, 'm'));
    expect(existsSync(join(m.pkgDir, 'dist', 'electron'))).toBe(true);
    expect(existsSync(join(m.nativeDir, 'manifest.json'))).toBe(false);
  });

  it.each([
    ['--no-install-electron', {}, ['--no-install-electron']],
    ['TRACKSIDE_INSTALL_ELECTRON=0', { TRACKSIDE_INSTALL_ELECTRON: '0' }, []],
  ])('does not download anything with %s, and says how to install', async (_name, extraEnv, extraArgs) => {
    const m = machine();
    const site = await mirror(m);
    const stderr = await startToHeadless(m, envFor(m, site.url, extraEnv), {}, extraArgs);
    expect(site.requests).toEqual([]);
    expect(stderr).toMatch(/^trackside: the Electron binary is not installed and automatic install is off .*npx install-electron installs it; serving the console headless/m);
    // The switch is npm start's own: the console neither refused it nor warned about it.
    expect(stderr).not.toMatch(/unknown|Unknown/);
  });

  it('says the electron package is missing after an install without dev dependencies, and downloads nothing', async () => {
    const m = machine();
    const site = await mirror(m);
    m.pkgDir = join(m.root, 'no-such-package');
    const stderr = await startToHeadless(m, envFor(m, site.url));
    expect(site.requests).toEqual([]);
    expect(stderr).toMatch(/^trackside: the electron package is not installed \(npm install without --omit=dev installs it\); serving the console headless/m);
  });

  it('does not download Electron where there is no display to open it on', async () => {
    const m = machine();
    const site = await mirror(m);
    const stderr = await startToHeadless(m, envFor(m, site.url, { DISPLAY: undefined }));
    expect(site.requests).toEqual([]);
    expect(stderr).toMatch(/^trackside: no display to open a window on; serving the console headless/m);
  });
});
