// `npm run native:electron`: build a copy of better-sqlite3 for the installed Electron into
// native/electron/, with a manifest the shell checks before loading it. Needs internet (Electron's
// headers or a prebuilt binary); npm install never runs it, so an offline install is unaffected.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
// `npm start` passes both (its tests point them at temp dirs); by hand the defaults are right.
const { values: opts } = parseArgs({ options: { 'electron-dir': { type: 'string' }, out: { type: 'string' } } });
const electronPkg = resolve(opts['electron-dir'] ?? join(root, 'node_modules', 'electron'));
const sqlitePkg = join(root, 'node_modules', 'better-sqlite3');
const target = resolve(opts.out ?? join(root, 'native', 'electron'));

function die(message) {
  process.stderr.write(`native:electron: ${message}\n`);
  process.exit(1);
}

if (!existsSync(join(electronPkg, 'package.json'))) die('electron is not installed (npm install first)');
if (!existsSync(join(sqlitePkg, 'package.json'))) die('better-sqlite3 is not installed (npm install first)');
const version = JSON.parse(readFileSync(join(electronPkg, 'package.json'), 'utf8')).version;
const abi = readFileSync(join(electronPkg, 'abi_version'), 'utf8').trim();
const { platform, arch } = process;

// Build in a scratch copy: the Node build in node_modules stays as it is for the headless console
// and the tests, and a failed build leaves nothing half-written in native/.
const work = mkdtempSync(join(tmpdir(), 'trackside-native-'));
const copy = join(work, 'better-sqlite3');
cpSync(sqlitePkg, copy, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });

let compileError;
const run = (command, args) => {
  process.stdout.write(`native:electron: ${command} ${args.join(' ')}\n`);
  // The machine's npm config may point node-gyp at Node's headers (nodedir): not for this build.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_nodedir$/i.test(k)));
  const r = spawnSync(command, args, { cwd: copy, stdio: ['ignore', 'inherit', 'pipe'], env, encoding: 'utf8' });
  process.stderr.write(r.stderr ?? '');
  if (r.status !== 0) compileError = gypReason(r.stderr ?? '') ?? r.error?.message;
  return r.status === 0;
};

/** node-gyp's own reason among its report: the first error, not the stack or the versions. */
function gypReason(text) {
  const lines = text.split('\n');
  const stack = lines.map((l) => /^gyp ERR! stack (\w*Error: .*)/.exec(l)?.[1]).find(Boolean);
  if (stack) return stack.trim();
  const skip = /^(stack|System|command|cwd|node -v|node-gyp -v|not ok|configure error|build error)/;
  return lines.map((l) => /^gyp ERR! (.*)/.exec(l)?.[1]?.trim()).find((l) => l && !skip.test(l));
}

const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
// Electron's headers: its own host unless npm is configured with another (disturl, as Electron's
// docs for native modules describe). node-gyp from node_modules: npx could wait on the registry.
const distUrl = process.env.npm_config_disturl || 'https://electronjs.org/headers';
const built =
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', version, '--arch', arch, '--platform', platform]) ||
  (existsSync(bin('node-gyp'))
    ? run(bin('node-gyp'), ['rebuild', '--release', `--target=${version}`, `--arch=${arch}`, `--dist-url=${distUrl}`])
    : run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, `--arch=${arch}`, `--dist-url=${distUrl}`]));
const binary = join(copy, 'build', 'Release', 'better_sqlite3.node');
if (!built || !existsSync(binary)) {
  rmSync(work, { recursive: true, force: true });
  // The reason last: `npm start` shows the last line as the one that says why.
  process.stderr.write('native:electron: this needs internet, and for a compile Python and a C++ toolchain; npm start serves the console headless meanwhile\n');
  die(`could not build better-sqlite3 for Electron ${version}: no prebuilt one could be downloaded, and compiling failed${compileError ? ` (${compileError})` : ''}`);
}

mkdirSync(target, { recursive: true });
cpSync(binary, join(target, 'better_sqlite3.node.tmp'));
renameSync(join(target, 'better_sqlite3.node.tmp'), join(target, 'better_sqlite3.node'));
writeFileSync(join(target, 'manifest.json'), `${JSON.stringify({ electron: version, abi, platform, arch, builtAt: new Date().toISOString() }, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
process.stdout.write(`native:electron: built for Electron ${version} (ABI ${abi}, ${platform}-${arch}) in native/electron/\n`);
