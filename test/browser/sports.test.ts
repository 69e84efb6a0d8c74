/**
 * Triathlon and TrackScore on the dashboard, in Chromium against the headless console: a race in
 * progress by split with the group at the front, a sandbox program badged and kept off air until
 * allowed, rankings with movements, a TrackScore leaderboard with alerts, and the incoming test
 * tool sending signed samples to the console's own hooks. Screenshots at 1366×768 and 768×1024.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { envelope, raceSnapshot } from '../helpers/triathlon';
import { TRACKSCORE_SECRET, competition, sendTs } from '../helpers/trackscore';
import { TriathlonApiStandIn } from '../../electron/core/simulator/triathlon-api';

const TOKEN = 'sports-browser-token';
const SHOTS = process.env.TRACKSIDE_SHOTS ?? '';
const shot = (name: string) => {
  if (!SHOTS) return artifactPath(name);
  mkdirSync(SHOTS, { recursive: true });
  return join(SHOTS, name);
};

describe.skipIf(!chromiumPresent || !built)('triathlon and TrackScore on the dashboard', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;
  let page: Page;
  let api: TriathlonApiStandIn;
  const errors: string[] = [];
  const tri = (method: string, payload: unknown) =>
    fetch(`${running.url}hooks/triathlon`, { method: 'POST', headers: { 'triathlon-token': TOKEN }, body: envelope(method, payload) });

  beforeAll(async () => {
    data = tempDir();
    api = await new TriathlonApiStandIn('browser-api-key').start();
    running = await runHeadless([
      '--port', '0', '--data-dir', data.path, '--demo-speed', '1', '--webhook-token', TOKEN, '--webhook-secret', TRACKSCORE_SECRET,
      '--triathlon-api-key', 'browser-api-key', '--triathlon-api-base', api.url,
    ]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await api?.stop();
    data?.remove();
  });

  it('follows a race by split, badges sandbox data and keeps it off air until allowed', async () => {
    for (let upTo = 1; upTo <= 5; upTo++) expect((await tri('timing.store', raceSnapshot(upTo))).status).toBe(200);
    for (const [id, bib, last] of [['101', '1', 'Vestergaard-Holmqvist Sørensen-Lindqvist'], ['102', '2', 'Quillon'], ['103', '3', 'Brask']]) {
      await tri('entry.store', { prog_id: '5000', athlete_id: id, start_num: bib, athlete_first: 'A', athlete_last: last, athlete_noc: 'DEN' });
    }
    await page.goto(`${running.url}#/triathlon`);
    await page.getByTestId('triathlon-page').waitFor({ timeout: 10_000 });
    const rows = page.getByTestId('positions').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(6);
    expect(await rows.first().textContent()).toContain('Mara Quillon');
    expect(await page.getByTestId('race-summary').textContent()).toContain('Lead group (3)');
    await page.screenshot({ path: shot('triathlon-race-1366.png') });
    await page.getByTestId('tab-splits').click();
    await page.getByTestId('split-table').waitFor();
    await page.screenshot({ path: shot('triathlon-splits-1366.png') });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.getByTestId('tab-race').click();
    await page.screenshot({ path: shot('triathlon-race-768.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });

    // A sandbox program: badged in the list and on its page, off the /data/ feed until allowed.
    await tri('timing.store', raceSnapshot(3, { progId: '5001', sandbox: true, minute: 20 }));
    await page.getByTestId('sandbox-badge').first().waitFor({ timeout: 10_000 });
    await page.getByTestId('program').filter({ hasText: 'Sandbox' }).click();
    await page.getByTestId('sandbox-bar').waitFor();
    const feed = async () => (await (await fetch(`${running.url}data/triathlon-race.json`)).json()) as Record<string, string>[];
    expect((await feed())[0]?.['At.Text']).toBe('T2'); // the live program, not the sandbox one
    await page.screenshot({ path: shot('triathlon-sandbox-1366.png') });
    await page.getByTestId('sandbox-on-air').click();
    await expect.poll(async () => (await feed())[0]?.['At.Text'], { timeout: 5_000 }).toBe('Bike Lap 1');
  });

  it('shows rankings with movements', async () => {
    const publish = (date: string, order: string[]) =>
      tri('ranking.publish', {
        ranking_id: '15',
        ranking_name: 'World Triathlon Championship Series — Women',
        last_updated: date,
        rankings: order.map((n, i) => ({ rank: i + 1, athlete_id: n, athlete_first: n, athlete_last: 'Example', athlete_noc: 'NED', total: String(4000 - i * 150) })),
      });
    await publish('2026-05-01 10:00:00', ['Ann', 'Bea', 'Cat', 'Dee']);
    await publish('2026-06-01 10:00:00', ['Bea', 'Ann', 'Eve', 'Cat', 'Dee']);
    await page.getByTestId('tab-rankings').click();
    const ranking = page.getByTestId('ranking');
    await expect.poll(() => ranking.locator('tbody tr').count(), { timeout: 10_000 }).toBe(5);
    expect(await ranking.locator('tbody tr').nth(2).textContent()).toContain('new');
    await page.screenshot({ path: shot('triathlon-rankings-1366.png') });
  });

  it('sends a signed test sample to its own triathlon hook from the dashboard', async () => {
    await page.getByTestId('tab-race').click();
    await page.getByTestId('hook-test-type').selectOption('timing.store');
    await page.getByTestId('hook-test-send').click();
    await expect.poll(() => page.getByTestId('hook-test-answer').textContent(), { timeout: 10_000 }).toMatch(/^\s*200 .*"ok":true/);
    await page.getByTestId('program').filter({ hasText: 'Test program' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('program').filter({ hasText: 'Test program' }).textContent()).toContain('Sandbox');
  });

  it('sets World Triathlon up from the console: a subscription to its own hook, a program followed and loaded', async () => {
    await page.getByTestId('tab-setup').click();
    await page.getByTestId('triathlon-setup').waitFor();
    await page.getByTestId('subscribe-timing').click();
    await expect.poll(() => page.getByTestId('subscriptions').locator('tbody tr').first().textContent(), { timeout: 10_000 }).toContain('/hooks/triathlon');
    const [sub] = [...api.subscriptions.values()];
    expect(sub).toMatchObject({ url: `${running.url}hooks/triathlon`, token: TOKEN });
    // The stand-in sender delivers through it to the console.
    expect((await api.publish('timing.store', raceSnapshot(1, { progId: '6000', minute: 30 })))[0]!.status).toBe(200);
    api.timing.set('6100', raceSnapshot(6, { progId: '6100', minute: 31 }));
    await page.getByTestId('follow-id').fill('6100');
    await page.getByTestId('follow').click();
    await expect.poll(() => page.getByTestId('setup-message').textContent(), { timeout: 10_000 }).toContain('Following 6100');
    await page.screenshot({ path: shot('triathlon-setup-1366.png') });
    const program = await (await fetch(`${running.url}api/triathlon/programs/6100`)).json();
    expect(program.latestSegment).toBe('Run Lap 1');
  });

  it('shows a TrackScore leaderboard with its state and alerts, and tests the TrackScore hook', async () => {
    // Stamped now: the console refuses events older than the retry window.
    for (const e of competition(Date.now() - 60_000)) expect((await sendTs(running.url, e)).status).toBe(200);
    await page.goto(`${running.url}#/trackscore`);
    await page.getByTestId('trackscore-page').waitFor({ timeout: 10_000 });
    await page.getByTestId('leaderboard').filter({ hasText: 'Overall Standings' }).click();
    const rows = page.getByTestId('board').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    expect(await rows.first().textContent()).toContain('Cy Okafor');
    expect(await page.getByTestId('trackscore-alerts').textContent()).toContain('900 points');
    await page.screenshot({ path: shot('trackscore-1366.png') });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.screenshot({ path: shot('trackscore-768.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('hook-test-type').selectOption('score.updated');
    await page.getByTestId('hook-test-send').click();
    await expect.poll(() => page.getByTestId('hook-test-answer').textContent(), { timeout: 10_000 }).toMatch(/^\s*200 /);
    await page.getByTestId('leaderboard').filter({ hasText: 'test-board' }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});
