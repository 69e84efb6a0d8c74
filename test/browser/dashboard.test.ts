/**
 * The first dashboard in a real browser against the headless console playing the demo meet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

describe.skipIf(!chromiumPresent || !built)('dashboard in Chromium (demo meet)', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '20']);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    data?.remove();
  });

  it('lists the units, shows a unit as it changes, and streams the live feed', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(running.url);
    await page.getByRole('heading', { name: 'Trackside Demo Open' }).waitFor({ timeout: 10_000 });
    const rows = page.getByTestId('unit-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(5);

    await rows.first().click();
    await page.getByTestId('standings').waitFor({ timeout: 5_000 });
    await expect.poll(() => page.getByTestId('feed').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    await page.screenshot({ path: artifactPath('dashboard-demo.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
