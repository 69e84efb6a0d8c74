/**
 * Which better-sqlite3 binary the shell loads: the package's own under Node and in a packaged app
 * (electron-builder rebuilds it), the Electron copy in native/electron/ in a development run, and
 * a clear refusal (→ headless) when that copy is missing or built for another Electron.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { chooseNativeBinding, type NativeBindingEnv } from '../../electron/main/native-binding';

const ROOT = '/app';
const BINARY = join(ROOT, 'native', 'electron', 'better_sqlite3.node');
const MANIFEST = join(ROOT, 'native', 'electron', 'manifest.json');

function env(files: Record<string, string>, over: Partial<NativeBindingEnv> = {}): NativeBindingEnv {
  return {
    electron: '45.4.1',
    abi: '140',
    platform: 'linux',
    arch: 'x64',
    isPackaged: false,
    appRoot: ROOT,
    exists: (p) => p in files,
    readText: (p) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return files[p]!;
    },
    ...over,
  };
}
const manifest = (m: Record<string, string>) => JSON.stringify({ electron: '45.4.1', abi: '140', platform: 'linux', arch: 'x64', ...m });

describe('native binding for better-sqlite3', () => {
  it('uses the package build under plain Node, whatever native/ holds', () => {
    expect(chooseNativeBinding(env({}, { electron: undefined }))).toEqual({ kind: 'package' });
    expect(chooseNativeBinding(env({ [BINARY]: '' }, { electron: undefined }))).toEqual({ kind: 'package' });
  });

  it('uses the package build in a packaged app (rebuilt for Electron when packaging)', () => {
    expect(chooseNativeBinding(env({}, { isPackaged: true }))).toEqual({ kind: 'package' });
  });

  it('loads the Electron copy when it was built for this Electron, platform and arch', () => {
    expect(chooseNativeBinding(env({ [BINARY]: 'elf', [MANIFEST]: manifest({}) }))).toEqual({ kind: 'file', path: BINARY });
  });

  it('refuses with the fix when the Electron copy is missing', () => {
    const choice = chooseNativeBinding(env({}));
    expect(choice.kind).toBe('missing');
    expect(choice.kind === 'missing' && choice.why).toMatch(/native\/electron\/better_sqlite3\.node is missing.*npm run native:electron/);
  });

  it('refuses a copy without a readable manifest rather than risk a crash on load', () => {
    expect(chooseNativeBinding(env({ [BINARY]: 'elf' })).kind).toBe('missing');
    const bad = chooseNativeBinding(env({ [BINARY]: 'elf', [MANIFEST]: '{"electron": 45' }));
    expect(bad.kind === 'missing' && bad.why).toMatch(/manifest\.json is missing or unreadable/);
  });

  it.each([
    [{ abi: '139' }, /built for Electron 45\.4\.1 \(ABI 139, linux-x64\), this is Electron 45\.4\.1 \(ABI 140, linux-x64\)/],
    [{ arch: 'arm64' }, /linux-arm64\), this is .*linux-x64/],
    [{ platform: 'darwin' }, /darwin-x64\), this is .*linux-x64/],
  ])('refuses a copy built for another target %j, naming both', (other, message) => {
    const choice = chooseNativeBinding(env({ [BINARY]: 'elf', [MANIFEST]: manifest(other) }));
    expect(choice.kind).toBe('missing');
    expect(choice.kind === 'missing' && choice.why).toMatch(message);
  });
});
