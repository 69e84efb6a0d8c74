/**
 * What an operator sees when the venue's internet drops: the banner with the time of the data,
 * then the catch-up and the units flagged as changed while offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { parseCommandLine } from '../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../electron/core/app/console';
import { silentLogger } from '../../electron/core/config/log';
import { LocalPusherServer } from '../../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { FIXTURE_PATH, fixtureCompetition, localSourceArgs, sprintResults } from '../helpers/fixtures';
import { built, ROOT } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';

describe.skipIf(!chromiumPresent || !built)('offline banner in Chromium', () => {
  let browser: Browser;
  let app: TracksideConsole;
  let pusher: LocalPusherServer;
  let standIn: OpenTrackStandIn;
  let data: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    data = tempDir();
    pusher = new LocalPusherServer({ key: 'k' });
    await pusher.start();
    standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition() });
    await standIn.start();
    const argv = localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: FIXTURE_PATH, pusherPort: pusher.port, key: 'k', dataDir: data.path });
    app = createConsole(parseCommandLine(argv, {}).config!, {
      log: silentLogger, probeIntervalMs: 250, rendererDir: resolve(ROOT, 'out', 'renderer'),
    });
    await app.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await pusher?.stop();
    await standIn?.stop();
    data?.remove();
  });

  it('appears when the source goes away and clears after catch-up, flagging what changed meanwhile', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Spine Test Meet' }).waitFor();
    // The sprint: its results arrive only while the console is cut off.
    await page.locator('[data-unit="T01/1/1"]').click();
    const banner = page.getByTestId('offline-banner');
    expect(await banner.count()).toBe(0);

    await pusher.stop();
    await standIn.stop();
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toMatch(/Offline since \d\d:\d\d — showing data as of \d\d:\d\d:\d\d/);
    expect(await banner.textContent()).toMatch(/127.0.0.1:\d+ does not answer/);
    await page.screenshot({ path: artifactPath('dashboard-offline.png') });

    standIn.setUnit(sprintResults());
    await standIn.start();
    await pusher.start();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByLabel('changed offline').waitFor({ timeout: 20_000 });
    await page.getByTestId('standings').getByText('10.41').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: artifactPath('dashboard-caught-up.png') });
    await page.close();
  });
});
