// `npm run native:electron`: build a copy of better-sqlite3 for the installed Electron into
// native/electron/, with a manifest the shell checks before loading it. Needs internet (Electron's
// headers or a prebuilt binary); npm install never runs it, so an offline install is unaffected.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const electronPkg = join(root, 'node_modules', 'electron');
const sqlitePkg = join(root, 'node_modules', 'better-sqlite3');
const target = join(root, 'native', 'electron');

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

const run = (command, args) => {
  process.stdout.write(`native:electron: ${command} ${args.join(' ')}\n`);
  // The machine's npm config may point node-gyp at Node's headers (nodedir): not for this build.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_nodedir$/i.test(k)));
  return spawnSync(command, args, { cwd: copy, stdio: 'inherit', env }).status === 0;
};

const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const built =
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', version, '--arch', arch, '--platform', platform]) ||
  run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers']);
const binary = join(copy, 'build', 'Release', 'better_sqlite3.node');
if (!built || !existsSync(binary)) {
  rmSync(work, { recursive: true, force: true });
  die(`could not build better-sqlite3 for Electron ${version} (is there internet?). The console still runs headless with npm start.`);
}

mkdirSync(target, { recursive: true });
cpSync(binary, join(target, 'better_sqlite3.node.tmp'));
renameSync(join(target, 'better_sqlite3.node.tmp'), join(target, 'better_sqlite3.node'));
writeFileSync(join(target, 'manifest.json'), `${JSON.stringify({ electron: version, abi, platform, arch, builtAt: new Date().toISOString() }, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
process.stdout.write(`native:electron: built for Electron ${version} (ABI ${abi}, ${platform}-${arch}) in native/electron/\n`);
