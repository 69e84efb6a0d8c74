/**
 * A damaged cache at start is news for the operator, not only for a terminal nobody watches: the
 * dashboard says where the old file went and that the sources are filling a new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { parseCommandLine } from '../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../electron/core/app/console';
import { silentLogger } from '../../electron/core/config/log';
import { setRecoveryNotice } from '../../electron/core/store/database';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, ROOT } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

describe.skipIf(!chromiumPresent || !built)('damaged cache banner in Chromium', () => {
  let browser: Browser;
  let app: TracksideConsole;
  let data: ReturnType<typeof tempDir>;
  let restoreNotice: ReturnType<typeof setRecoveryNotice>;
  const noticed: string[] = [];

  beforeAll(async () => {
    data = tempDir();
    writeFileSync(join(data.path, 'trackside.db'), 'not a database, just words '.repeat(400));
    restoreNotice = setRecoveryNotice((r) => noticed.push(r.movedTo));
    const config = parseCommandLine(['--demo', '--demo-speed', '20', '--port', '0', '--data-dir', data.path], {}).config!;
    app = createConsole(config, { log: silentLogger, rendererDir: resolve(ROOT, 'out', 'renderer') });
    await app.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    setRecoveryNotice(restoreNotice);
    data?.remove();
  });

  it('says where the damaged file went until the operator dismisses it', async () => {
    expect(noticed).toHaveLength(1);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(app.url);
    const banner = page.getByTestId('cache-recovered');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain(`moved aside to ${noticed[0]}`);
    await expect(banner.textContent()).resolves.toMatch(/The cache file was damaged \(.+\)/);
    // The demo meet goes on filling the new cache meanwhile.
    await page.getByRole('heading', { name: 'Trackside Demo Open' }).waitFor();
    await page.screenshot({ path: artifactPath('dashboard-cache-recovered.png') });
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.close();
  });
});
