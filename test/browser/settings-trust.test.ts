/**
 * The Settings page refuses what the trust boundary cannot use, beside the field, saving nothing:
 * a competition that is not an http(s) URL or a path, and a wildcard in the names other devices
 * may use. A valid list of names is saved and shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { readSavedSettings } from '../../electron/core/store/settings';
import { chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

/** Screenshots for a person to look at, outside the repository. */
const SHOTS = process.env.TRACKSIDE_SHOTS;

describe.skipIf(!chromiumPresent || !built)('the Settings page at the trust boundary', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;
  let page: Page;

  beforeAll(async () => {
    data = tempDir();
    running = await runHeadless(['--data-dir', data.path, '--port', '0', '--demo-speed', '20']);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${running.url}#/settings`);
    await page.getByTestId('settings-page').locator('form').waitFor({ timeout: 10_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    data?.remove();
  });

  const shot = async (name: string, field: string) => {
    if (!SHOTS) return;
    await page.getByTestId(`setting-${field}`).scrollIntoViewIfNeeded();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}`, fullPage: true });
  };

  it('refuses an ftp:// competition beside its field, and saves nothing', async () => {
    await page.getByLabel('Competition', { exact: true }).fill('ftp://data.opentrack.run/x/2025/NOR/ser4/');
    await page.getByRole('button', { name: 'Save' }).click();
    const competition = page.getByTestId('setting-competition').locator('.field-error');
    await competition.waitFor({ timeout: 5_000 });
    expect(await competition.textContent()).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
    expect(readSavedSettings(data.path)).toEqual({});
    await shot('settings-ftp-refused-1366x768.png', 'competition');
    await page.getByLabel('Competition', { exact: true }).fill('');
  });

  it('refuses a wildcard among the names for other devices beside the field, and saves nothing', async () => {
    await page.getByLabel('Names for other devices', { exact: true }).fill('trackside.local, *.venue.test');
    await page.getByRole('button', { name: 'Save' }).click();
    const hosts = page.getByTestId('setting-allowedHosts').locator('.field-error');
    await hosts.waitFor({ timeout: 5_000 });
    expect(await hosts.textContent()).toMatch(/"\*\.venue\.test" is not a host name or address/);
    expect(readSavedSettings(data.path)).toEqual({});
    await shot('settings-names-refused-1366x768.png', 'allowedHosts');
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await shot('settings-names-refused-768x1024.png', 'allowedHosts');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('saves a list of names for LAN mode', async () => {
    await page.getByLabel('Names for other devices', { exact: true }).fill('trackside.local, scoreboard-pc-with-a-rather-long-name.venue-network.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('saved-banner').or(page.getByTestId('restart-banner')).waitFor({ timeout: 5_000 });
    expect(readSavedSettings(data.path)).toEqual({ allowedHosts: 'trackside.local, scoreboard-pc-with-a-rather-long-name.venue-network.example' });
    await shot('settings-names-1366x768.png', 'allowedHosts');
  });
});
