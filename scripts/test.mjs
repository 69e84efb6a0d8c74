// `npm test`: build the renderer (browser tests load it), run vitest's unit and browser projects,
// and print the one summary line CI reads: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = new URL('..', import.meta.url).pathname;
const resultsFile = join(root, '.vitest-results.json');

try {
  buildIfStale({ quiet: true });
} catch (err) {
  process.stderr.write(`test: ${err.message}\n`);
  process.exit(1);
}
// Types are part of the contract between core and renderer: a type error fails the run.
const typecheck = spawnSync('npm', ['run', '--silent', 'typecheck'], { cwd: root, stdio: 'inherit' });
if (typecheck.status !== 0) {
  process.stdout.write('\n0 passed, 1 failed, 0 skipped\n');
  process.stderr.write('test: typecheck failed (npm run typecheck)\n');
  process.exit(1);
}

if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
  process.stdout.write('test: browser tests skipped: Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH=/path/to/chromium)\n');
}

rmSync(resultsFile, { force: true });
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(
  process.execPath,
  [vitest, 'run', '--project', 'unit', '--project', 'browser', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultsFile)) {
  const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  // A failed test also fails its file and describe blocks: count files only when no test failed
  // (a file that could not even load).
  failed = report.numFailedTests || report.numFailedTestSuites || 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else {
  failed = 1;
}
// Vitest fails a run on an unhandled error outside any test; the count must not say 0 failed then.
if (result.status !== 0 && failed === 0) {
  process.stderr.write('test: vitest reported errors outside the tests (see above)\n');
  failed = 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
