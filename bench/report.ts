/**
 * One line per case, `bench: <case> <figure> ratio=<x> goal=<y> ok|miss`, so a script can read the
 * verdicts; also appended to bench-results/latest.txt.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

const DIR = resolve(__dirname, '..', 'bench-results');

export function report(name: string, figure: string, ratio: number, goal: string, ok: boolean): string {
  // One token per field: a script splits the line on spaces.
  const line = `bench: ${name} ${figure.replace(/\s+/g, '_')} ratio=${ratio.toFixed(2)} goal=${goal} ${ok ? 'ok' : 'miss'}`;
  process.stdout.write(`${line}\n`);
  mkdirSync(DIR, { recursive: true });
  appendFileSync(join(DIR, 'latest.txt'), `${new Date().toISOString()} ${line}\n`);
  return line;
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'cpu'}, Node ${process.version}`;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
