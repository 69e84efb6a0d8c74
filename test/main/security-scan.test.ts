/**
 * Electronegativity, the static Electron security scanner, over the shell and the pages: every
 * finding has a written review (scripts/security-scan/reviewed.json), and the scanner, run with
 * the network cut off, still catches an unsafe window, so a green scan means something.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

const RUN = join(ROOT, 'scripts', 'security-scan', 'run.mjs');

describe('Electron security scan', { timeout: 180_000 }, () => {
  it('finds nothing in the shell and the pages that has not been reviewed', () => {
    const result = spawnSync(process.execPath, [RUN], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
    expect(result.stdout).toMatch(/security:scan: \d+ findings, \d+ reviewed, 0 new/);
    expect(result.stdout).not.toMatch(/^stale/m);
    expect(result.status).toBe(0);
  });

  it('catches a window without isolation or sandbox', async () => {
    const { scan, compare } = await import('../../scripts/security-scan/run.mjs');
    const dir = tempDir();
    try {
      const app = join(dir.path, 'unsafe-app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'unsafe', main: 'main.js', devDependencies: { electron: '45.4.1' } }));
      writeFileSync(
        join(app, 'main.js'),
        "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
      );
      const findings = scan([app]);
      const issues = findings.filter((f) => f.file === 'unsafe-app/main.js').map((f) => f.issue);
      expect(issues).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
      expect(compare(findings, []).fresh.length).toBe(findings.length);
    } finally {
      dir.remove();
    }
  });
});
