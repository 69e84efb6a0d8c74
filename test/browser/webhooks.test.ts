/**
 * Webhooks in the dashboard, in Chromium against the headless console playing the demo meet:
 * an operator adds a venue endpoint and sees its secret once, results reach the venue signed,
 * the delivery log reads back; a triathlon sent to /hooks/triathlon shows in the live feed and on
 * the Triathlon page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { Receiver } from '../helpers/relay-receiver';
import { tempDir } from '../helpers/temp-dir';
import { envelope, timingStore } from '../helpers/triathlon';

const TOKEN = 'browser-test-token';

describe.skipIf(!chromiumPresent || !built)('webhooks in the dashboard (demo meet)', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;
  let page: Page;
  let receiver: Receiver;
  let secret = '';
  const errors: string[] = [];

  beforeAll(async () => {
    data = tempDir();
    receiver = await new Receiver(() => [secret]).start();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '20', '--webhook-token', TOKEN]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${running.url}#/relay`);
    await page.getByTestId('relay-page').waitFor({ timeout: 10_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await receiver?.stop();
    data?.remove();
  });

  it('adds an endpoint, shows its secret once, and delivers the meet to it signed', async () => {
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByLabel('Name', { exact: true }).fill('Stadium scoreboard');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const shown = page.getByTestId('secret').locator('code');
    await shown.waitFor({ timeout: 20_000 });
    secret = (await shown.textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => receiver.requests.length, { timeout: 30_000 }).toBeGreaterThan(0);
    // Requests may come before the page showed the secret: check them all against it now.
    expect(receiver.requests.every((r) => Receiver.signedBy(r, secret))).toBe(true);
    // The newest rows may not have been tried yet: open one that was delivered.
    const delivered = page.locator('[data-testid="outbox-row"].delivered');
    await expect.poll(() => delivered.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await delivered.first().click();
    await expect.poll(() => page.getByTestId('attempt-log').locator('tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('secret').count()).toBe(0);
    // Shown once: nowhere on the page after that, nor in the API.
    expect(await page.content()).not.toContain(secret);
    expect(await (await fetch(`${running.url}api/relay/endpoints`)).text()).not.toContain(secret);
    await page.screenshot({ path: artifactPath('dashboard-webhooks.png') });
  });

  it('shows a triathlon received by webhook in the feed and on the Triathlon page', async () => {
    const res = await fetch(`${running.url}hooks/triathlon?token=${TOKEN}`, { method: 'POST', body: envelope('timing.store', timingStore({ date: '2026-06-01 10:21:33' })) });
    expect(res.status).toBe(200);
    await page.goto(`${running.url}#/`);
    await expect.poll(() => page.locator('.pane.feed').textContent(), { timeout: 10_000 }).toContain('Triathlon: timing.store');
    await page.keyboard.press('4');
    await page.getByTestId('triathlon-page').waitFor();
    const rows = page.getByTestId('positions').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(4);
    expect(await rows.first().textContent()).toContain('Ida Fjordvik');
    await page.screenshot({ path: artifactPath('dashboard-triathlon.png') });
    expect(errors).toEqual([]);
  });
});
