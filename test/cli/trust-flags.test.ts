/**
 * The built console refuses what the trust boundary cannot serve safely with one line and exit 2:
 * a competition that is not an http(s) URL, and extra host names without an access token.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEADLESS_ENTRY, ROOT, built } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

describe.skipIf(!built)('trust flags on the command line', () => {
  it.each([
    [['--competition', 'ftp://data.opentrack.run/x/2025/NOR/ser4/'], /^trackside: --competition: must be an http:\/\/ or https:\/\/ URL/],
    [['--allowed-hosts', 'trackside.local'], /^trackside: --allowed-hosts lets other devices in by name, so it needs an access token/],
    [['--host', '0.0.0.0', '--access-token', 'cli-trust-token-0123456789', '--allowed-hosts', '*.local'], /^trackside: --allowed-hosts: "\*\.local" is not a host name or address/],
  ])('refuses %j with one line on stderr and exit code 2', (args, message) => {
    const data = tempDir();
    try {
      const result = spawnSync(process.execPath, [HEADLESS_ENTRY, '--data-dir', data.path, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
      expect(result.status).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(result.stdout).toBe('');
    } finally {
      data.remove();
    }
  });
});
