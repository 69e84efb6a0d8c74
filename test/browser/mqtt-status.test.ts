/**
 * The MQTT output on the dashboard: a broker that refuses the password is one line under the bar
 * (and a red chip) while the meet goes on; a broker that works is a green chip and no line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { parseCommandLine } from '../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../electron/core/app/console';
import { silentLogger } from '../../electron/core/config/log';
import { startConsoleRunner, type ConsoleRunner } from '../../electron/core/app/runner';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, ROOT } from '../helpers/headless-process';
import { Broker, noMosquitto } from '../helpers/mosquitto';
import { tempDir } from '../helpers/temp-dir';

describe.skipIf(!chromiumPresent || !built || noMosquitto)('MQTT state on the dashboard in Chromium', () => {
  let browser: Browser;
  let broker: Broker;
  const apps: TracksideConsole[] = [];
  const runners: ConsoleRunner[] = [];
  const dirs: ReturnType<typeof tempDir>[] = [];

  const start = async (args: string[]) => {
    const data = tempDir();
    dirs.push(data);
    const config = parseCommandLine(['--demo', '--demo-speed', '20', '--port', '0', '--data-dir', data.path, ...args], {}).config!;
    const app = createConsole(config, { log: silentLogger, rendererDir: resolve(ROOT, 'out', 'renderer') });
    apps.push(app);
    await app.start();
    return app;
  };

  beforeAll(async () => {
    broker = await new Broker({ users: { console: 'the-right-one' } }).start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const a of apps) await a.stop();
    for (const r of runners) await r.stop();
    await broker?.remove();
    for (const d of dirs) d.remove();
  });

  it('shows a wrong password as one line and a red chip, while the meet goes on', async () => {
    const app = await start(['--mqtt-url', broker.url, '--mqtt-username', 'console', '--mqtt-password', 'not-the-right-one']);
    for (const [width, height] of [[1366, 768], [768, 1024]] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(app.url);
      const line = page.getByTestId('mqtt-problem');
      await line.waitFor();
      expect(await line.textContent()).toMatch(new RegExp(`MQTT: the broker at 127\\.0\\.0\\.1:${broker.port} refused`));
      expect(await page.getByTestId('mqtt-chip').textContent()).toMatch(/MQTT out:\s*error/);
      expect(await page.getByTestId('mqtt-chip').getAttribute('class')).toContain('bad');
      await page.getByRole('heading', { name: 'Trackside Demo Open' }).waitFor();
      await page.screenshot({ path: artifactPath(`dashboard-mqtt-refused-${width}x${height}.png`) });
      await page.close();
    }
  });

  it('shows a working broker as a green chip and no line', async () => {
    // Through the runner, as `npm start` does, so the Settings page is there too.
    const data = tempDir();
    dirs.push(data);
    const runner = await startConsoleRunner({
      argv: ['--demo', '--demo-speed', '20', '--port', '0', '--data-dir', data.path, '--mqtt-url', broker.url, '--mqtt-username', 'console', '--mqtt-password', 'the-right-one'],
      env: {},
      rendererDir: resolve(ROOT, 'out', 'renderer'),
      consoleOptions: { log: silentLogger },
    });
    runners.push(runner);
    const app = runner.console;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(app.url);
    const chip = page.getByTestId('mqtt-chip');
    await page.waitForFunction(() => /connected/.test(document.querySelector('[data-testid="mqtt-chip"]')?.textContent ?? ''));
    expect(await chip.getAttribute('class')).toContain('good');
    expect(await page.getByTestId('mqtt-problem').count()).toBe(0);
    await page.screenshot({ path: artifactPath('dashboard-mqtt-connected-1366x768.png') });
    // The Settings page says the command line decides the broker, and never shows the password.
    await page.goto(`${app.url}#/settings`);
    const legend = page.getByText('MQTT out', { exact: true });
    await legend.waitFor();
    await legend.scrollIntoViewIfNeeded();
    const body = await page.textContent('body');
    expect(body).toContain('--mqtt-url');
    expect(body).not.toContain('the-right-one');
    await page.screenshot({ path: artifactPath('settings-mqtt-1366x768.png') });
    await page.close();
  });
});
