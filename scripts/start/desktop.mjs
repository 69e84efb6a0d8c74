// What `npm start` does after the build: open the desktop app where it can, else serve the same
// console headless. On a fresh clone with internet it first installs Electron's binary (Electron's
// own downloader: mirror, cache and checksums as Electron documents them) and SQLite built for
// that Electron; each step has a time limit, and a step that fails says which and why on one line
// printed just before the console's URL, so nothing misleading precedes --help or a bad flag.
//
// Every path and limit is a parameter, so the tests drive the real flow against a local mirror
// and temp dirs without touching node_modules/electron or native/.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronVersion, installedBinary, platformPath } from './electron-paths.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const DOWNLOADER = join(here, 'electron-download.mjs');
const NATIVE_BUILDER = join(here, '..', 'native-electron.mjs');

/** The Electron shell's answer when its SQLite cannot load: electron/main/native-binding.ts. */
export const EXIT_USE_HEADLESS = 75;
export const NO_INSTALL_FLAG = '--no-install-electron';
export const INSTALL_ENV = 'TRACKSIDE_INSTALL_ELECTRON';

export const DEFAULT_LIMITS = {
  /** The whole download and unpack (about 100 MB): generous for a venue's slow line. */
  installMs: 15 * 60_000,
  /** No byte for this long before the download is complete: the network is gone. */
  stallMs: 60_000,
  /** Fetching a prebuilt SQLite, or compiling one. */
  nativeMs: 10 * 60_000,
};

/**
 * @param {string[]} argv what the user gave after `npm start --`
 * @param {object} o
 * @param {string} o.root the project: out/ is there
 * @param {string} [o.pkgDir] the electron package (node_modules/electron)
 * @param {string} [o.nativeDir] where SQLite for Electron goes (native/electron, read by the shell)
 * @param {NodeJS.ProcessEnv} [o.env]
 * @param {Partial<typeof DEFAULT_LIMITS>} [o.limits]
 * @returns {Promise<never>} exits with the console's exit code
 */
export async function startTrackside(argv, o) {
  const env = o.env ?? process.env;
  const pkgDir = o.pkgDir ?? join(o.root, 'node_modules', 'electron');
  const nativeDir = o.nativeDir ?? join(o.root, 'native', 'electron');
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  const args = argv.filter((a) => a !== NO_INSTALL_FLAG);
  // The console refuses variables it does not know; this one is ours, not the console's.
  const childEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k !== INSTALL_ENV));
  const autoInstall = !argv.includes(NO_INSTALL_FLAG) && !isFalse(env[INSTALL_ENV]);
  const headless = (note) => runHeadless(o.root, args, childEnv, note);

  // --help, --version and --headless never need a window, so nothing is said about one.
  if (args.some((a) => ['-h', '--help', '--version', '--headless'].includes(a)) || isTrue(env.TRACKSIDE_HEADLESS)) {
    return headless();
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return headless('no display to open a window on');

  let binary;
  let nativeStep = autoInstall;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    // The electron package's own override: someone else's binary, so no install and no SQLite
    // build for a version we cannot know; the shell still checks its SQLite (EXIT_USE_HEADLESS).
    binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, readText(join(pkgDir, 'path.txt')) ?? platformPath());
    if (!existsSync(binary)) return headless(`there is no Electron binary at ${binary} (ELECTRON_OVERRIDE_DIST_PATH)`);
    nativeStep = false;
  } else {
    // electron is a devDependency: `npm install --omit=dev` leaves it out.
    if (!electronVersion(pkgDir)) return headless('the electron package is not installed (npm install without --omit=dev installs it)');
    binary = installedBinary(pkgDir);
    if (!binary && !autoInstall) {
      return headless(`the Electron binary is not installed and automatic install is off (${NO_INSTALL_FLAG} or ${INSTALL_ENV}=0); npx install-electron installs it`);
    }
    if (!binary) {
      const installed = await installElectron({ pkgDir, env, limits });
      if (!installed.ok) return headless(`could not install Electron: ${installed.why}`);
      binary = installed.binary;
    }
  }
  if (nativeStep && !nativeSqliteReady(pkgDir, nativeDir)) {
    const built = await buildNativeSqlite({ pkgDir, nativeDir, env, limits });
    if (!built.ok) return headless(`could not get SQLite built for Electron: ${built.why}`);
  }
  return run(binary, [join(o.root, 'out', 'main', 'index.js'), ...args], childEnv, { inheritStdout: true }).then((code) =>
    code === EXIT_USE_HEADLESS ? headless('serving the console headless instead') : exit(code),
  );
}

/** The headless console; `note` (why not the desktop app) goes out just before its URL. */
function runHeadless(root, args, env, note) {
  const line = note && (note.startsWith('serving') ? `trackside: ${note} (open the URL below in a browser).\n` : `trackside: ${note}; serving the console headless (open the URL below in a browser).\n`);
  return run(process.execPath, [join(root, 'out', 'main', 'headless.js'), ...args], env, { beforeListening: line }).then(exit);
}

function exit(code) {
  process.exit(code);
}

/**
 * Runs a child with Ctrl+C and SIGTERM passed on; resolves with its exit code. The console's
 * stdout passes through line by line so `beforeListening` lands right before the URL line.
 */
function run(command, args, env, { inheritStdout = false, beforeListening } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['inherit', inheritStdout ? 'inherit' : 'pipe', 'inherit'], env });
    const forward = (signal) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
    let pending = beforeListening;
    child.stdout?.on('data', (chunk) => {
      if (pending && String(chunk).includes('Trackside listening on')) {
        process.stderr.write(pending);
        pending = undefined;
      }
      process.stdout.write(chunk);
    });
    child.on('error', (err) => {
      process.stderr.write(`trackside: cannot run ${command}: ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of ['SIGINT', 'SIGTERM']) process.off(s, forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * Downloads and unpacks Electron into `pkgDir/dist` in a child process (electron-download.mjs),
 * killed at the time limit or when no byte arrives for `stallMs`.
 * @returns {Promise<{ok: true, binary: string} | {ok: false, why: string}>}
 */
export function installElectron({ pkgDir, env = process.env, limits = DEFAULT_LIMITS, out = process.stderr }) {
  const version = electronVersion(pkgDir) ?? '?';
  // Short enough for one line of an 80-column terminal, which is rewritten in place.
  const shown = progress(out, `installing Electron ${version} for ${process.platform}-${process.arch}`);
  return step(process.execPath, [DOWNLOADER, pkgDir], env, limits.installMs, limits.stallMs, (event, alive) => {
    if (event.total !== undefined) {
      alive();
      // SHASUMS256.txt reports progress too: only the archive's is worth showing.
      if (event.total > 1e6) shown.update(event.transferred, event.total);
    }
    if (event.verified) alive(Infinity); // unpacking sends no bytes: only the overall limit applies now
  }).then((r) => {
    const binary = r.ok ? installedBinary(pkgDir) : undefined;
    if (r.ok && !binary) return shown.end({ ok: false, why: 'the installer finished but the binary is not there' });
    return shown.end(r.ok ? { ok: true, binary } : r);
  });
}

/** SQLite built for this Electron is in nativeDir, per its manifest (as the shell will check). */
export function nativeSqliteReady(pkgDir, nativeDir) {
  try {
    const manifest = JSON.parse(readFileSync(join(nativeDir, 'manifest.json'), 'utf8'));
    return (
      manifest.electron === electronVersion(pkgDir) &&
      manifest.abi === readText(join(pkgDir, 'abi_version')) &&
      manifest.platform === process.platform &&
      manifest.arch === process.arch &&
      existsSync(join(nativeDir, 'better_sqlite3.node'))
    );
  } catch {
    return false;
  }
}

/**
 * `npm run native:electron` for this Electron into nativeDir: a prebuilt binary where one exists,
 * else a compile (which needs a C++ toolchain and Electron's headers).
 */
export function buildNativeSqlite({ pkgDir, nativeDir, env = process.env, limits = DEFAULT_LIMITS, out = process.stderr }) {
  const shown = progress(out, `getting SQLite for Electron ${electronVersion(pkgDir) ?? '?'}`);
  return step(process.execPath, [NATIVE_BUILDER, '--electron-dir', pkgDir, '--out', nativeDir], env, limits.nativeMs, Infinity, () => undefined).then(
    (r) => shown.end(r),
  );
}

/**
 * A child step with a time limit and a stall limit. Its stdout is JSON lines for `onEvent`
 * (other lines are ignored); on failure `why` is the last line it wrote to stderr.
 */
function step(command, args, env, limitMs, stallMs, onEvent) {
  return new Promise((resolve) => {
    const started = Date.now();
    let lastAlive = started;
    let stall = stallMs;
    let verdict;
    let err = '';
    let buffered = '';
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const alive = (nextStall) => {
      lastAlive = Date.now();
      if (nextStall !== undefined) stall = nextStall;
    };
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - started > limitMs) verdict = `it took longer than ${Math.round(limitMs / 1000)} s, so it was stopped`;
      else if (now - lastAlive > stall) verdict = `no data for ${Math.round(stall / 1000)} s (is the network down?)`;
      if (verdict) child.kill('SIGKILL');
    }, Math.min(250, limitMs / 4));
    let interrupted = false;
    const stopOnSignal = () => {
      interrupted = true;
      child.kill('SIGKILL');
    };
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        try {
          onEvent(JSON.parse(line), alive);
        } catch {
          // a tool's chatter, not an event
        }
      }
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    const done = (r) => {
      clearInterval(timer);
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
      resolve(r);
    };
    child.on('error', (e) => done({ ok: false, why: e.message }));
    child.on('exit', (code, signal) => {
      if (verdict) return done({ ok: false, why: verdict });
      if (code === 0) return done({ ok: true });
      // Ctrl+C while installing (the terminal sends it to the step too): stop here, no console wanted.
      if (interrupted || signal === 'SIGINT') return exit(130);
      if (signal) return done({ ok: false, why: `it was stopped by ${signal}` });
      const last = err.trim().split('\n').pop()?.replace(/^native:electron: /, '');
      done({ ok: false, why: last || `it exited with code ${code}` });
    });
  });
}

/** One line on a terminal (rewritten in place), else a few lines; ends with the time it took. */
function progress(out, label) {
  const started = Date.now();
  const tty = Boolean(out.isTTY);
  let quarter = 0;
  let width = 0;
  const write = (text) => {
    if (tty) {
      out.write(`\r${text.padEnd(width)}`);
      width = text.length;
    } else out.write(`${text}\n`);
  };
  write(`trackside: ${label}…`);
  return {
    update(transferred, total) {
      if (!total) return;
      const pct = Math.floor((100 * transferred) / total);
      const mb = (n) => (n / 1e6).toFixed(0);
      if (tty) write(`trackside: ${label}… ${pct} % of ${mb(total)} MB`);
      else if (pct >= (quarter + 1) * 25 && pct < 100) {
        quarter = Math.floor(pct / 25);
        write(`trackside: … ${pct} % of ${mb(total)} MB`);
      }
    },
    end(result) {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      write(result.ok ? `trackside: ${label}… done in ${secs} s` : `trackside: ${label}… failed after ${secs} s`);
      if (tty) out.write('\n');
      return result;
    },
  };
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isTrue(value) {
  return value !== undefined && ['1', 'true', 'yes', ''].includes(value.trim().toLowerCase());
}

function isFalse(value) {
  return value !== undefined && ['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}
