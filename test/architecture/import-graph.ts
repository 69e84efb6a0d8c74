/** Reads a file's imports and ranks electron/core's stage folders, lowest first. */
import { posix } from 'node:path';

/** Lowest first: a stage may import itself and anything before it, nothing after it. */
export const STAGES = ['model', 'config', 'store', 'ingest', 'sources', 'views', 'outputs', 'simulator', 'server', 'app'] as const;
export type Stage = (typeof STAGES)[number];

const CORE = 'electron/core/';

export function stageOf(path: string): Stage | undefined {
  if (!path.startsWith(CORE)) return undefined;
  const folder = path.slice(CORE.length).split('/')[0];
  return (STAGES as readonly string[]).includes(folder ?? '') ? (folder as Stage) : undefined;
}

export interface Import {
  spec: string;
  /** Repo-relative path (without extension) for relative imports. */
  target?: string;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

export function importsOf(path: string, text: string): Import[] {
  const found: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    found.push(spec.startsWith('.') ? { spec, target: posix.normalize(posix.join(posix.dirname(path), spec)) } : { spec });
  }
  return found;
}

export interface Uphill {
  from: string;
  to: string;
  fromStage: Stage;
  toStage: Stage;
}

export function uphillImports(files: { path: string; text: string }[]): Uphill[] {
  const out: Uphill[] = [];
  for (const f of files) {
    const fromStage = stageOf(f.path);
    if (!fromStage) continue;
    for (const i of importsOf(f.path, f.text)) {
      const toStage = i.target && stageOf(i.target + '.ts');
      if (!toStage || !i.target) continue;
      if (STAGES.indexOf(toStage) > STAGES.indexOf(fromStage)) out.push({ from: f.path, to: i.target, fromStage, toStage });
    }
  }
  return out;
}
