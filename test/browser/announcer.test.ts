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
import { teamMeet } from '../helpers/team-meet';
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
    // The heptathlon beside a few finished finals, so every tab has something to show.
    const meet = heptathlonCompetition();
    const finals = teamMeet();
    meet.competitors = [...(meet.competitors as object[]), ...(finals.competitors as object[])];
    meet.relayTeams = finals.relayTeams;
    meet.events = [...meet.events, ...finals.events];
    local = await startLocalSources('announcer-browser-key', meet);
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

  /** The page at the announcer's laptop size and at a tablet's, looked at before calling it done. */
  const shoot = async (name: string) => {
    await page.screenshot({ path: artifactPath(`${name}-1366x768.png`) });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.screenshot({ path: artifactPath(`${name}-768x1024.png`) });
    await page.setViewportSize({ width: 1366, height: 768 });
  };

  it('shows the heptathlon standings after six disciplines and what the 800 m needs', async () => {
    const rows = page.getByTestId('combined-row');
    await expect.poll(async () => (await rows.allTextContents()).length, { timeout: 15_000 }).toBe(4);
    await expect.poll(() => page.getByTestId('combined').textContent(), { timeout: 10_000 }).toContain('after 6 of 7');
    const first = await rows.nth(0).textContent();
    expect(first).toContain(LONG_NAME);
    expect(first).toContain('6304');
    expect(await rows.nth(1).textContent()).toContain('−210');
    expect(await page.getByTestId('combined-needs').first().textContent()).toContain('1:50.98');
    await shoot('announcer-combined');
    expect(errors).toEqual([]);
  });

  it('imports records from pasted CSV, names the refused line, and raises the record strip', async () => {
    await page.goto(`${running.url}#/announcer`);
    await page.getByRole('tab', { name: 'Records' }).click();
    const csv = [
      'event,gender,category,kind,mark,holder,year,place',
      'LJ,F,SEN,meeting,7.10,Old Holder,2001,Test Stadium',
      'HJ,F,SEN,championship,1.95,,1988,',
      '100H,F,SEN,meeting,fast,,,',
    ].join('\n');
    await page.getByTestId('records-text').fill(csv);
    await page.getByTestId('records-import').click();
    const result = page.getByTestId('records-result');
    await result.waitFor({ timeout: 5_000 });
    expect(await result.textContent()).toContain('line 4: mark "fast" is not a time for 100H');
    await expect.poll(() => page.getByTestId('record-row').count(), { timeout: 5_000 }).toBe(2);
    const strip = page.getByTestId('record-strip');
    await strip.waitFor({ timeout: 10_000 });
    expect(await strip.textContent()).toContain(`New meeting record: ${LONG_NAME} 7.27 in Heptathlon Long Jump; was 7.10, Old Holder, 2001`);
    await expect.poll(() => page.getByTestId('record-alert').count(), { timeout: 5_000 }).toBe(1);
    await shoot('announcer-records');
    expect(errors).toEqual([]);
  });

  it('shows team scores and medals, and takes a new points scheme', async () => {
    await page.goto(`${running.url}#/announcer`);
    await page.getByRole('tab', { name: 'Teams & medals' }).click();
    const scores = page.getByTestId('team-scores');
    await expect.poll(() => scores.textContent(), { timeout: 10_000 }).toContain('34.5');
    expect(await page.getByTestId('medals').textContent()).toContain('Harbour AC');
    await shoot('announcer-teams');
    await page.getByTestId('points-scheme').fill('5-3-1');
    await page.getByTestId('points-scheme').press('Enter');
    await expect.poll(() => scores.textContent(), { timeout: 5_000 }).toContain('15');
    await page.getByTestId('points-scheme').fill('8-7-6-5-4-3-2-1');
    await page.getByTestId('teams-save').click();
    await expect.poll(() => scores.textContent(), { timeout: 5_000 }).toContain('34.5');
  });

  it('edits a note and a pronunciation with the keyboard alone; they show beside the name and are found by search', async () => {
    await page.goto(`${running.url}#/announcer`);
    await page.getByRole('tab', { name: 'Athlete notes' }).click();
    const filter = page.getByTestId('notes-filter');
    await filter.click();
    await filter.fill('testwoman');
    await filter.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.type('EE-da TEST-woo-man');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Silver at the indoor champs; javelin is her best event');
    await page.keyboard.press('Control+Enter');
    const row = page.getByTestId('note-row').filter({ hasText: 'Ida Testwoman' });
    await expect.poll(() => row.textContent(), { timeout: 5_000 }).toContain('EE-da TEST-woo-man');
    expect(await row.textContent()).toContain('javelin is her best event');
    await shoot('announcer-notes');
    // Beside the name in the combined events table.
    await page.getByRole('tab', { name: 'Combined events' }).click();
    const badge = page.getByTestId('combined-row').filter({ hasText: 'Ida Testwoman' }).getByTestId('note-badge');
    await expect.poll(() => badge.textContent(), { timeout: 5_000 }).toContain('EE-da TEST-woo-man');
    // The dashboard search finds her by a word of the note.
    await page.goto(`${running.url}#/`);
    await page.keyboard.press('/');
    await page.keyboard.type('javelin is her');
    await expect.poll(() => page.locator('.overview').textContent(), { timeout: 5_000 }).toContain('Ida Testwoman');
    expect(errors).toEqual([]);
  });

  it('a discipline of the heptathlon shows its card and each athlete’s points in it', async () => {
    await page.goto(`${running.url}#/`);
    await page.locator('[data-unit="H05/1/1"]').click();
    await page.locator('[data-testid="standings"][data-kind="horizontal"]').waitFor({ timeout: 5_000 });
    const points = page.getByTestId('combined-points');
    await expect.poll(() => points.textContent(), { timeout: 5_000 }).toContain('1264');
    expect(await points.textContent()).toContain('= 6304');
    await page.screenshot({ path: artifactPath('unit-combined-points-1366x768.png') });
  });

  it('opens with key 6 from another page', async () => {
    await page.goto(`${running.url}#/`);
    // Leave the search box the test before typed into.
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('body').press('7');
    await page.getByTestId('announcer-page').waitFor({ timeout: 5_000 });
    expect(page.url()).toMatch(/#\/announcer$/);
  });
});

describe.skipIf(!chromiumPresent || !built)('field cards show PB, SB and record targets (demo meet)', () => {
  it('a long jumper still jumping shows what the next attempt needs for PB and SB', async () => {
    const data = tempDir();
    const running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '10']);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(running.url);
      await page.locator('[data-unit="F01/1/1"]').click();
      const targets = page.locator('[data-testid="standings"] [data-testid="targets"]');
      await targets.first().waitFor({ timeout: 60_000 });
      expect(await targets.first().textContent()).toMatch(/\d+\.\d\d for (PB|SB)/);
      await page.screenshot({ path: artifactPath('field-card-targets-1366x768.png') });
    } finally {
      await browser.close();
      await running.stop();
      data.remove();
    }
  });
});

describe.skipIf(!chromiumPresent || !built)('splits under a distance race (demo meet)', () => {
  it('the women’s 1500 m shows the leader at each split and everyone’s times there', async () => {
    const data = tempDir();
    const running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '30']);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(running.url);
      await page.locator('[data-unit="T04/1/1"]').click();
      const splits = page.getByTestId('splits');
      await splits.waitFor({ timeout: 60_000 });
      // 300 m, then every lap: 700, 1100, 1500.
      await expect.poll(() => page.getByTestId('split-leader').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      expect(await page.getByTestId('split-leader').first().textContent()).toMatch(/^300 m .+ \d/);
      await splits.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('unit-splits-1366x768.png') });
    } finally {
      await browser.close();
      await running.stop();
      data.remove();
    }
  });
});
