// Builds out/ with electron-vite when any source is newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'out', '.built');
const inputs = ['electron', 'renderer', 'electron.config.ts', 'package.json', 'tsconfig.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), st.mtimeMs);
}

/**
 * Quiet: nothing unless the build fails. Otherwise one line, "building the console… done in 12.3 s";
 * the build's own output (colour codes, chunk tables) only when it fails, where it says why.
 */
export function buildIfStale({ quiet = false } = {}) {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changed = Math.max(...inputs.map((p) => newest(join(root, p))));
  if (built >= changed && existsSync(join(root, 'out', 'main', 'headless.js'))) return;
  const started = Date.now();
  if (!quiet) process.stderr.write('trackside: building the console (first run or sources changed)… ');
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build', '--config', 'electron.config.ts'], {
    cwd: root,
    stdio: 'pipe',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (result.status !== 0) {
    if (!quiet) process.stderr.write('failed:\n');
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`build failed (exit ${result.status ?? result.signal ?? result.error?.message})`);
  }
  writeFileSync(stamp, new Date().toISOString());
  if (!quiet) process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfStale();
