/**
 * The dashboard in a real browser against the headless console playing the demo meet at 10×:
 * the overview, a race going from start list to results live, a high jump filling its grid
 * attempt by attempt, the keyboard, and the screenshots we look at before calling it done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

const SPEED = 10;
/** Demo meet: Men 400m (T02) has its start list from the start and results at 170 s. */
const RACE = 'T02/1/1';
const HIGH_JUMP = 'F05/1/1';
const LONG_JUMP = 'F01/1/1';
const FIRST_HEAT = 'T01/1/1';

describe.skipIf(!chromiumPresent || !built)('dashboard in Chromium (demo meet)', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', String(SPEED)]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(running.url);
    await page.getByRole('heading', { name: 'Trackside Demo Open' }).waitFor({ timeout: 10_000 });
    // Set once: if the page reloaded, this would be gone.
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    data?.remove();
  });

  const open = async (unit: string) => {
    await page.locator(`[data-unit="${unit}"]`).click();
    await page.locator('[data-testid="standings"]').waitFor({ timeout: 20_000 });
  };
  const stillSamePage = () => page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true);

  it('lists every unit of the meet grouped by session, with status badges', async () => {
    const rows = page.getByTestId('unit-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(14);
    await expect.poll(() => page.locator('.session h2').first().textContent()).toBe('Evening');
    await expect.poll(() => page.locator('.unit-row .badge.live').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('dashboard-overview.png') });
  });

  it('a race goes from start list to results live, without a reload', async () => {
    await open(RACE);
    const table = page.getByTestId('standings');
    expect(await table.getAttribute('data-mode')).toBe('start-list');
    expect(await table.locator('thead').textContent()).toContain('PB');
    await expect.poll(() => table.getAttribute('data-mode'), { timeout: 40_000, interval: 250 }).toBe('results');
    await expect.poll(() => table.locator('tbody tr').first().locator('.place').textContent()).toBe('1');
    expect(await stillSamePage()).toBe(true);
    await expect.poll(() => page.getByTestId('alert-strip').textContent(), { timeout: 10_000 }).toMatch(/Result|New leader/);
  });

  it('the high jump grid fills attempt by attempt, with what each athlete needs to lead', async () => {
    await open(HIGH_JUMP);
    const filled = () => page.locator('[data-testid="height-cell"]').evaluateAll((cells) => cells.map((c) => c.textContent ?? '').join('').length);
    const first = await filled();
    await expect.poll(filled, { timeout: 20_000, interval: 200 }).toBeGreaterThan(first);
    const second = await filled();
    await expect.poll(filled, { timeout: 20_000, interval: 200 }).toBeGreaterThan(second);
    await expect.poll(() => page.locator('[data-testid="needs"]').allTextContents().then((t) => t.filter(Boolean).length), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('thead th.height-col').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('marks-chart').count()).toBe(1);
    await page.screenshot({ path: artifactPath('dashboard-vertical.png') });
    expect(await stillSamePage()).toBe(true);
  });

  it('the long jump card shows every round, the marks chart and the cut', async () => {
    await open(LONG_JUMP);
    const card = page.locator('[data-kind="horizontal"]');
    await expect.poll(() => card.locator('thead th.attempt-col').count()).toBe(6);
    await expect.poll(() => card.locator('[data-testid="attempt"]').evaluateAll((c) => c.filter((x) => x.textContent?.trim()).length), { timeout: 20_000 }).toBeGreaterThan(10);
    await page.screenshot({ path: artifactPath('dashboard-horizontal.png') });
  });

  it('opens on Now & next: the field events under way with who is up, the next units, and n comes back to it', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await fresh.goto(running.url);
    const now = fresh.getByTestId('now-next');
    await now.waitFor({ timeout: 10_000 });
    await expect.poll(() => now.getByTestId('on-now').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => now.getByTestId('flow-up').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await now.getByTestId('next-up').count()).toBeGreaterThan(0);
    // Opening a unit under way shows the same flow above its card, the athlete up outlined.
    await now.getByTestId('on-now').filter({ has: fresh.getByTestId('flow-up') }).first().locator('.now-title').click();
    await fresh.locator('[data-loaded-unit]').waitFor();
    // Read together: the event moves on while the test looks.
    const upNames = () =>
      fresh.evaluate(() => [document.querySelector('[data-testid="flow-up"] .flow-name')?.textContent, document.querySelector('tr.up .athlete .who')?.textContent, document.querySelectorAll('tr.up').length]);
    await expect.poll(async () => {
      const [flow, row, rows] = await upNames();
      return rows === 1 && Boolean(flow) && flow === row;
    }, { timeout: 10_000 }).toBe(true);
    await fresh.locator('body').click({ position: { x: 700, y: 740 } });
    await fresh.keyboard.press('n');
    await now.waitFor();
    await fresh.close();
  });

  it('is driven from the keyboard: latest result, next unit, search, high contrast', async () => {
    await page.locator('body').click({ position: { x: 700, y: 740 } });
    await page.keyboard.press('l');
    await expect.poll(() => page.getByTestId('unit-status').textContent()).toMatch(/provisional|official/);
    await page.keyboard.press('j');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type('jump');
    await expect.poll(() => page.getByTestId('unit-row').count()).toBe(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('unit-row').count()).toBe(14);
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('contrast');
    await page.keyboard.press('c');
  });

  it('shows a finished race with places, Q/q and PB/SB flags', async () => {
    await open(FIRST_HEAT);
    const table = page.getByTestId('standings');
    await expect.poll(() => table.getAttribute('data-mode'), { timeout: 10_000 }).toBe('results');
    await expect.poll(() => table.locator('.flag.q').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('dashboard-track-result.png') });
  });

  it('reads on a tablet in portrait', async () => {
    const tablet = await browser.newPage({ viewport: { width: 768, height: 1024 } });
    await tablet.goto(running.url);
    // One pane at a time: the meet list is a tab away, and picking a unit brings the unit on screen.
    await tablet.getByRole('button', { name: 'Events' }).click();
    await tablet.getByTestId('unit-row').first().waitFor({ timeout: 10_000 });
    await tablet.locator(`[data-unit="${HIGH_JUMP}"]`).click();
    await tablet.getByTestId('standings').waitFor();
    expect(await tablet.getByTestId('unit-row').first().isVisible()).toBe(false);
    // Nothing wider than the screen but the grid, which scrolls inside itself.
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await tablet.screenshot({ path: artifactPath('dashboard-tablet.png'), fullPage: false });
    await tablet.close();
    expect(errors).toEqual([]);
  });
});
