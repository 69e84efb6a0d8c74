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

const electron = electronLaunch();
if (electron.ok) {
  run(electron.binary, [join(root, 'out', 'main', 'index.js'), ...args]);
} else {
  if (!args.includes('--headless') && !isTruthy(process.env.TRACKSIDE_HEADLESS)) {
    process.stderr.write(`trackside: ${electron.why}; serving the console headless (open the URL below in a browser).\n`);
  }
  run(process.execPath, [join(root, 'out', 'main', 'headless.js'), ...args]);
}

/** Electron runs only with its binary, a display, and better-sqlite3 built for Electron's ABI. */
function electronLaunch() {
  if (args.includes('--headless') || isTruthy(process.env.TRACKSIDE_HEADLESS)) return { ok: false, why: 'headless asked' };
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const binary = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
  if (!binary || !existsSync(binary)) {
    return { ok: false, why: 'the Electron binary is not installed (npx install-electron needs internet)' };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, why: 'no display to open a window on' };
  }
  if (!existsSync(join(root, 'native', 'electron', 'better_sqlite3.node'))) {
    return { ok: false, why: 'better-sqlite3 is not built for Electron here (native/electron/better_sqlite3.node; see README, Desktop app)' };
  }
  return { ok: true, binary };
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function isTruthy(value) {
  return value !== undefined && ['1', 'true', 'yes', ''].includes(value.trim().toLowerCase());
}
