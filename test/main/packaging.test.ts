/**
 * The installer config (`npm run dist`, which needs internet and so is not run here) is checked
 * against electron-builder's own schema, and for what the app needs at run time: the native
 * module outside the asar, rebuilt for Electron, the built entry and the icons inside.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

async function load(dir: string, file: string) {
  const config = await getConfig(dir, join(dir, file), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('packaging (electron-builder.yml)', () => {
  it('is valid for electron-builder', async () => {
    const config = await load(ROOT, 'electron-builder.yml');
    expect(config.appId).toBe('run.trackside.console');
  });

  it('is refused by the same check when broken, so the check is real', async () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir.path, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));
      writeFileSync(join(dir.path, 'bad.yml'), readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8') + '\nnsis:\n  oneClick: "sometimes"\n');
      await expect(load(dir.path, 'bad.yml')).rejects.toThrow(/oneClick/);
    } finally {
      dir.remove();
    }
  });

  it('keeps better-sqlite3 outside the asar and rebuilds it for Electron', async () => {
    const config = await load(ROOT, 'electron-builder.yml');
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
    // electron-builder packs `dependencies` and refuses electron among them.
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
    expect(pkg.devDependencies.electron).toBeDefined();
  });

  it('builds AppImage and deb, NSIS and dmg from the built entry, with an icon big enough for all three', async () => {
    const config = await load(ROOT, 'electron-builder.yml');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(pkg.main).toBe('out/main/index.js');
    expect(config.files[0].filter ?? config.files).toContain('out/**');
    const icon = pngSize(join(ROOT, config.linux.icon));
    expect(icon.width).toBeGreaterThanOrEqual(512);
    expect(icon.height).toBe(icon.width);
  });

  it('ships the tray icons for every console state beside the app', async () => {
    const config = await load(ROOT, 'electron-builder.yml');
    const extra = config.extraResources[0];
    // No `to`: straight into process.resourcesPath, where electron/main/index.ts looks.
    expect(extra).toEqual({ from: 'resources', filter: ['tray-*.png'] });
    for (const level of ['ok', 'degraded', 'offline']) {
      expect(pngSize(join(ROOT, 'resources', `tray-${level}.png`))).toEqual({ width: 16, height: 16 });
      expect(existsSync(join(ROOT, 'resources', `tray-${level}@2x.png`))).toBe(true);
    }
  });
});
