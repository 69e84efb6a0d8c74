// Where the electron package keeps its binary, and whether it is installed: the same rules as
// that package's install.js (dist/version, path.txt) so either installer's result is recognised.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function platformPath(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export function electronVersion(pkgDir) {
  try {
    return JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** The binary to run, or undefined when this package's Electron is not (fully) installed. */
export function installedBinary(pkgDir) {
  const read = (name) => {
    try {
      return readFileSync(join(pkgDir, name), 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  const version = electronVersion(pkgDir);
  if (!version || read(join('dist', 'version'))?.replace(/^v/, '') !== version) return undefined;
  if (read('path.txt') !== platformPath()) return undefined;
  const binary = join(pkgDir, 'dist', platformPath());
  return existsSync(binary) ? binary : undefined;
}
