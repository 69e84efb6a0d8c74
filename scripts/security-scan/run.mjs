// `npm run security:scan`: Electronegativity over the shell (electron/) and the pages (renderer/),
// with the network cut off (it phones home for translations and release lists). Every finding
// must be in reviewed.json with the reason it is safe; anything new fails the run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..', '..');
const scanner = join(here, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');

if (!existsSync(scanner)) {
  // Its own folder and lockfile: the scanner's old dependencies stay out of the app's tree.
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: here, stdio: 'inherit' });
  if (install.status !== 0) {
    process.stderr.write('security:scan: could not install Electronegativity (npm ci in scripts/security-scan)\n');
    process.exit(1);
  }
}
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

/**
 * The CSV the scanner writes: one finding a record, quoted fields. A quoted field may run over a
 * line break (a finding's sample once came back with one inside a word, under load), so records are
 * read character by character, and a sample is compared without its line breaks.
 */
function parseCsv(text) {
  const records = [];
  let cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' && !quoted) {
      cells.push(cell);
      records.push(cells);
      cells = [];
      cell = '';
    } else cell += c;
  }
  if (cell || cells.length) records.push([...cells, cell]);
  return records
    .slice(1)
    .filter((cells) => cells.some((c) => c.trim()))
    .map((cells) => ({
      issue: cells[0],
      severity: cells[1],
      file: cells[3],
      location: cells[4],
      sample: (cells[5] ?? '').replace(/[\r\n]+/g, '').trim(),
    }));
}

/**
 * Scans the folders as one app (copied side by side under their names relative to `root`), so the
 * global checks see the shell's navigation and permission handlers and the pages' CSP together.
 */
export function scan(dirs = ['electron', 'renderer'].map((d) => join(root, d))) {
  const out = mkdtempSync(join(tmpdir(), 'trackside-scan-'));
  try {
    const app = join(out, 'app');
    for (const dir of dirs) {
      const name = relative(root, dir).startsWith('..') ? basename(dir) : relative(root, dir);
      cpSync(dir, join(app, name), { recursive: true, filter: (src) => !src.includes('node_modules') });
    }
    const csv = join(out, 'findings.csv');
    const result = spawnSync(
      process.execPath,
      ['--require', join(root, 'scripts', 'no-network.cjs'), '--require', join(here, 'ordered-report.cjs'), scanner, '-i', app, '-e', electronVersion, '-r', '-v', 'false', '-o', csv],
      { cwd: root, encoding: 'utf8', timeout: 180_000, env: { ...process.env, SCAN_REPORT: csv } },
    );
    if (!existsSync(csv)) throw new Error(`the scanner wrote no report (exit ${result.status}): ${result.stderr || result.stdout}`);
    const findings = parseCsv(readFileSync(csv, 'utf8'));
    const torn = findings.find((f) => !/^[A-Z][A-Z0-9_]*_CHECK$/.test(f.issue) || !/^[A-Z]+$/.test(f.severity ?? ''));
    if (torn) throw new Error(`the scanner's report is not whole: a record begins ${JSON.stringify(torn.issue.slice(0, 40))}`);
    return findings;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const key = (f) => `${f.issue} ${f.file} ${f.sample}`;

/** Splits findings into the reviewed, the new, and review entries that no longer match anything. */
export function compare(findings, reviewed) {
  const known = new Map(reviewed.map((r) => [key(r), r]));
  return {
    reviewed: findings.filter((f) => known.has(key(f))).map((f) => ({ ...f, why: known.get(key(f)).why })),
    fresh: findings.filter((f) => !known.has(key(f))),
    stale: reviewed.filter((r) => !findings.some((f) => key(f) === key(r))),
  };
}

if (process.argv[1] && relative(process.argv[1], new URL(import.meta.url).pathname) === '') {
  const { reviewed, fresh, stale } = compare(scan(), JSON.parse(readFileSync(join(here, 'reviewed.json'), 'utf8')));
  for (const f of reviewed) process.stdout.write(`reviewed ${f.issue} ${f.severity} ${f.file}:${f.location} — ${f.why}\n`);
  for (const f of fresh) process.stdout.write(`NEW      ${f.issue} ${f.severity} ${f.file}:${f.location}\n         ${f.sample}\n`);
  for (const r of stale) process.stdout.write(`stale    ${r.issue} ${r.file} (no longer found: remove it from reviewed.json)\n`);
  process.stdout.write(`security:scan: ${reviewed.length + fresh.length} findings, ${reviewed.length} reviewed, ${fresh.length} new\n`);
  process.exit(fresh.length ? 1 : 0);
}
