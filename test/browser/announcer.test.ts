/**
 * The Announcer page in Chromium against the headless console following a built heptathlon (local
 * OpenTrack stand-in and Pusher server on 127.0.0.1): the combined-events table with its running
 * totals and what the 800 m needs. Screenshots at 1366×768 and 768×1024 are looked at by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { heptathlonCompetition, LONG_NAME } from '../helpers/combined-meet';
import { startLocalSources, type LocalSources } from '../helpers/local-sources';
import { tempDir } from '../helpers/temp-dir';

describe.skipIf(!chromiumPresent || !built)('Announcer page in Chromium (built heptathlon)', () => {
  let browser: Browser;
  let local: LocalSources;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    data = tempDir();
    local = await startLocalSources('announcer-browser-key', heptathlonCompetition());
    running = await runHeadless(local.args(data.path));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${running.url}#/announcer`);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await local?.stop();
    data?.remove();
  });

  it('shows the heptathlon standings after six disciplines and what the 800 m needs', async () => {
    const rows = page.getByTestId('combined-row');
    await expect.poll(async () => (await rows.allTextContents()).length, { timeout: 15_000 }).toBe(4);
    await expect.poll(() => page.getByTestId('combined').textContent(), { timeout: 10_000 }).toContain('after 6 of 7');
    const first = await rows.nth(0).textContent();
    expect(first).toContain(LONG_NAME);
    expect(first).toContain('6304');
    expect(await rows.nth(1).textContent()).toContain('−210');
    expect(await page.getByTestId('combined-needs').first().textContent()).toContain('1:50.98');
    await page.screenshot({ path: artifactPath('announcer-combined-1366x768.png') });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.screenshot({ path: artifactPath('announcer-combined-768x1024.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(errors).toEqual([]);
  });

  it('opens with key 6 from another page', async () => {
    await page.goto(`${running.url}#/`);
    await page.locator('body').press('6');
    await page.getByTestId('announcer-page').waitFor({ timeout: 5_000 });
    expect(page.url()).toMatch(/#\/announcer$/);
  });
});
