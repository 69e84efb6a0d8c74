// `npm start`: build if needed, then run the console in Electron where it can run here, otherwise
// headless under Node. Either way the console prints "Trackside listening on http://HOST:PORT/".
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);

try {
  buildIfStale();
} catch (err) {
  process.stderr.write(`trackside: ${err.message}\n`);
  process.exit(1);
}

// The Electron shell exits with this code when it cannot run here but the console can (no SQLite
// built for Electron): electron/main/native-binding.ts, EXIT_USE_HEADLESS.
const EXIT_USE_HEADLESS = 75;
const headless = () => run(process.execPath, [join(root, 'out', 'main', 'headless.js'), ...args]);

const electron = electronLaunch();
if (electron.ok) {
  run(electron.binary, [join(root, 'out', 'main', 'index.js'), ...args], (code) => {
    if (code !== EXIT_USE_HEADLESS) return false;
    process.stderr.write('trackside: serving the console headless instead (open the URL below in a browser).\n');
    headless();
    return true;
  });
} else {
  if (!args.includes('--headless') && !isTruthy(process.env.TRACKSIDE_HEADLESS)) {
    process.stderr.write(`trackside: ${electron.why}; serving the console headless (open the URL below in a browser).\n`);
  }
  headless();
}

/**
 * Electron runs only with its binary and a display; whether its SQLite loads is the shell's own
 * check (it knows its ABI), answered by EXIT_USE_HEADLESS.
 */
function electronLaunch() {
  if (args.includes('--headless') || isTruthy(process.env.TRACKSIDE_HEADLESS)) return { ok: false, why: 'headless asked' };
  const binary = electronBinary();
  if (!binary || !existsSync(binary)) {
    return { ok: false, why: 'the Electron binary is not installed (npx install-electron needs internet)' };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, why: 'no display to open a window on' };
  }
  return { ok: true, binary };
}

/** Where the electron package keeps its binary; ELECTRON_OVERRIDE_DIST_PATH is that package's own override. */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
  return name ? join(pkg, 'dist', name) : undefined;
}

/** Runs a child with our signals forwarded; `onExit` may take over instead of exiting with its code. */
function run(command, commandArgs, onExit = () => false) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const s of ['SIGINT', 'SIGTERM']) process.off(s, forward);
    if (!onExit(code)) process.exit(code ?? (signal ? 1 : 0));
  });
}

function isTruthy(value) {
  return value !== undefined && ['1', 'true', 'yes', ''].includes(value.trim().toLowerCase());
}
