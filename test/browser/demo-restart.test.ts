/**
 * The demo loops: when it starts over, its results turn back into start lists, so the alerts of
 * the previous run must go, and the screen says "Demo restarted" instead of leaving stale
 * winners on the strip and in the announcer's queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

describe.skipIf(!chromiumPresent || !built)('demo restart in Chromium', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    data = tempDir();
    // The whole demo in about 20 s; it then pauses 10 s and starts over.
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '40']);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    data?.remove();
  });

  it('clears the old alerts and says so', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(running.url);
    // First run: results come in and wait to be announced.
    await expect.poll(() => page.locator('[data-testid="alerts"] .alert-item.result').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('announce-queue').count()).toBe(1);
    // The loop. Alerts are newest first: the notice is the last, only the new run's results above it.
    const alerts = page.locator('[data-testid="alerts"] .alert-item');
    await expect.poll(() => alerts.allTextContents(), { timeout: 60_000, interval: 250 }).toContainEqual(expect.stringContaining('Demo restarted'));
    const texts = await alerts.allTextContents();
    expect(texts[texts.length - 1]).toContain('Demo restarted');
    // Nothing from before the restart is left: every alert's time is at or after the notice's.
    const times = await alerts.locator('.time').allTextContents();
    const restart = times[times.length - 1]!.slice(0, 8);
    for (const t of times) expect(t.slice(0, 8) >= restart).toBe(true);
    await page.close();
  }, 120_000);
});
