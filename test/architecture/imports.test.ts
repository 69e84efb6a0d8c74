/**
 * The house rules for imports, checked on the source: the core reads as a data path
 * (sources → ingest → store → views → outputs → server), so a stage may import only the stages
 * below it. An uphill import is how a read model ends up inside the server or the lifecycle inside
 * a settings helper; this test names the file and the import that did it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES, importsOf, stageOf, uphillImports } from './import-graph';

const root = join(__dirname, '..', '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.(ts|vue)$/.test(name) ? [path] : [];
  });
}

const repoPath = (abs: string) => relative(root, abs).split('\\').join('/');
const sources = (dir: string) => walk(join(root, dir)).map((abs) => ({ path: repoPath(abs), text: readFileSync(abs, 'utf8') }));

describe('import graph', () => {
  const core = sources('electron/core');

  it('puts every core file in a known stage folder', () => {
    const homeless = core.filter((f) => stageOf(f.path) === undefined).map((f) => f.path);
    expect(homeless).toEqual([]);
  });

  it('has no uphill import in electron/core', () => {
    expect(uphillImports(core).map((v) => `${v.from} imports ${v.to} (${v.fromStage} → ${v.toStage})`)).toEqual([]);
  });

  it('never imports Electron from the core', () => {
    const electron = core.filter((f) => importsOf(f.path, f.text).some((i) => i.spec === 'electron' || i.spec.startsWith('electron/')));
    expect(electron.map((f) => f.path)).toEqual([]);
  });

  it('lets the renderer reach the core only through its contracts (model/)', () => {
    const renderer = sources('renderer/src');
    const reaches = renderer.flatMap((f) =>
      importsOf(f.path, f.text)
        .filter((i) => i.target?.startsWith('electron/') && !i.target.startsWith('electron/core/model/') && !i.target.startsWith('electron/preload/ipc-contract'))
        .map((i) => `${f.path} imports ${i.target}`),
    );
    expect(reaches).toEqual([]);
  });

  it('keeps the shell off the renderer', () => {
    const shell = [...sources('electron/main'), ...sources('electron/preload')];
    const reaches = shell.flatMap((f) =>
      importsOf(f.path, f.text)
        .filter((i) => i.target?.startsWith('renderer/'))
        .map((i) => `${f.path} imports ${i.target}`),
    );
    expect(reaches).toEqual([]);
  });

  it('detects an uphill import when there is one', () => {
    // The checker itself: a store file reaching into the server must be caught.
    const fake = [{ path: 'electron/core/store/x.ts', text: "import { a } from '../server/app';" }];
    expect(uphillImports(fake)).toEqual([
      { from: 'electron/core/store/x.ts', to: 'electron/core/server/app', fromStage: 'store', toStage: 'server' },
    ]);
    expect(STAGES.indexOf('store')).toBeLessThan(STAGES.indexOf('server'));
  });
});
