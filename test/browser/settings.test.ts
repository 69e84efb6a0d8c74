/**
 * The Settings page in Chromium against the headless console: a bad value is refused beside its
 * field and nothing is saved; a saved port waits for "Restart now", which restarts the console
 * in-process and brings the page back on the new port; LAN mode with a generated token restarts
 * onto every interface and every request then needs the token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SettingsViewSchema } from '../../electron/core/model/settings';
import { SettingsRepo } from '../../electron/core/store/settings';
import { openDatabase } from '../../electron/core/store/database';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { freePort } from '../helpers/free-port';
import { tempDir } from '../helpers/temp-dir';
import { waitUntil } from '../helpers/wait';

const listening = (running: RunningConsole) => [...running.stdout().matchAll(/Trackside listening on (\S+)/g)].map((m) => m[1]);

describe.skipIf(!chromiumPresent || !built)('the Settings page (headless console, demo meet)', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;
  let page: Page;
  let firstPort: number;
  const errors: string[] = [];

  beforeAll(async () => {
    data = tempDir();
    // A port saved by an earlier run (not 4710, which another console may hold); no --port, so the page may change it.
    firstPort = await freePort();
    const db = openDatabase(data.path);
    new SettingsRepo(db).write({ port: firstPort });
    db.close();
    running = await runHeadless(['--data-dir', data.path, '--demo-speed', '20']);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${running.url}#/settings`);
    await page.getByTestId('settings-page').locator('form').waitFor({ timeout: 10_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    data?.remove();
  });

  it('opens on key 5 and shows what the command line decides', async () => {
    expect(running.url).toBe(`http://127.0.0.1:${firstPort}/`);
    await page.keyboard.press('1');
    await page.getByTestId('settings-page').waitFor({ state: 'detached' });
    await page.keyboard.press('5');
    await page.getByTestId('settings-page').locator('form').waitFor();
    expect(page.url()).toMatch(/#\/settings$/);
    expect(await page.getByTestId('setting-demoSpeed').textContent()).toContain('Set by --demo-speed');
    expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe(String(firstPort));
    await page.screenshot({ path: artifactPath('settings-page.png'), fullPage: true });
    // A tablet in portrait: the groups stack, nothing is wider than the screen.
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await page.screenshot({ path: artifactPath('settings-tablet.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('shows a refused value beside its field and saves nothing', async () => {
    await page.getByLabel('Port', { exact: true }).fill('eighty');
    await page.getByLabel('Pusher cluster', { exact: true }).fill('us2');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.getByTestId('setting-port').locator('.field-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toMatch(/must be a whole number/);
    expect(await page.getByTestId('setting-pusherCluster').locator('.field-error').count()).toBe(0);
    const view = SettingsViewSchema.parse(await (await fetch(`${running.url}api/settings`)).json());
    expect(view.fields.port.value).toBe(firstPort);
    expect(view.fields.pusherCluster.set).toBe(false);
    await page.screenshot({ path: artifactPath('settings-error.png'), fullPage: true });
  });

  it('saves a new port, asks for a restart, and comes back on the new port', async () => {
    const secondPort = await freePort();
    await page.getByLabel('Port', { exact: true }).fill(String(secondPort));
    await page.getByRole('button', { name: 'Save' }).click();
    const banner = page.getByTestId('restart-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toMatch(/Restart to apply: Pusher cluster, Port|Restart to apply: Port, Pusher cluster/);
    expect(await page.getByTestId('setting-port').textContent()).toContain(`running now: ${firstPort}`);
    await page.screenshot({ path: artifactPath('settings-restart-needed.png'), fullPage: true });

    await page.getByRole('button', { name: 'Restart now' }).click();
    await page.waitForURL(`http://127.0.0.1:${secondPort}/#/settings`, { timeout: 20_000 });
    await page.getByTestId('settings-page').locator('form').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('restart-banner').count()).toBe(0);
    expect(listening(running)).toEqual([`http://127.0.0.1:${firstPort}/`, `http://127.0.0.1:${secondPort}/`]);
    const view = SettingsViewSchema.parse(await (await fetch(`http://127.0.0.1:${secondPort}/api/settings`)).json());
    expect(view.fields.port).toMatchObject({ value: secondPort, running: secondPort, pending: false });
    expect(view.fields.pusherCluster).toMatchObject({ value: 'us2', running: 'us2' });
    // The demo meet plays on in the restarted console.
    await waitUntil(async () => (await (await fetch(`http://127.0.0.1:${secondPort}/api/competition`)).json()).events.length > 5, 10_000, 'the demo meet');
  });

  it('turns LAN mode on with a generated token: after the restart every request needs it, and the page still works', async () => {
    const port = Number(new URL(page.url()).port);
    await page.getByLabel('LAN mode', { exact: true }).check();
    expect(await page.getByTestId('setting-lanMode').textContent()).toContain('needs a restart to rebind');
    await page.getByRole('button', { name: 'Save' }).click();
    // Without a token, LAN mode is refused beside the token field.
    await page.getByTestId('setting-accessToken').locator('.field-error').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Generate' }).click();
    const token = await page.getByLabel('Access token', { exact: true }).inputValue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('restart-banner').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('lan-urls').textContent()).toContain(`?token=${token}`);
    await page.screenshot({ path: artifactPath('settings-lan.png'), fullPage: true });

    await page.getByRole('button', { name: 'Restart now' }).click();
    await page.waitForURL(`http://127.0.0.1:${port}/?token=${token}#/settings`, { timeout: 20_000 });
    await page.getByTestId('settings-page').locator('form').waitFor({ timeout: 10_000 });
    expect(listening(running).at(-1)).toBe(`http://0.0.0.0:${port}/`);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // The page goes on with the cookie: the meet and its live stream load.
    await page.keyboard.press('1');
    await expect.poll(() => page.locator('.pane.feed li').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.keyboard.press('5');
    await page.getByTestId('lan-urls').waitFor();
    await page.screenshot({ path: artifactPath('settings-lan-on.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
