/**
 * The broadcast overlays in Chromium against the headless console playing the demo meet: each
 * graphic renders on a transparent page, a reload mid-graphic shows the same graphic, auto mode puts
 * a result on air within a second of its message, and CasparCG's template functions drive the core.
 * Screenshots over a checkerboard go to test/artifacts/ to be looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { waitUntil } from '../helpers/wait';
import { GRAPHIC_IDS } from '../../electron/core/model/graphics';

const CHECKERBOARD = 'html.output, html.output body { background: repeating-conic-gradient(#9a9a9a 0 25%, #d8d8d8 0 50%) 0 0 / 48px 48px !important; }';

describe.skipIf(!chromiumPresent || !built)('overlays in Chromium (demo meet)', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;
  let probe: Page;

  const api = (path: string, body?: unknown) =>
    fetch(`${running.url}${path.replace(/^\//, '')}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** Alpha of a few points of a PNG, read by the browser itself (no image library needed). */
  const alphaAt = async (png: Buffer, points: [number, number][]) =>
    probe.evaluate(
      async ({ b64, points }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return points.map(([x, y]) => ctx.getImageData(x, y, 1, 1).data[3]);
      },
      { b64: png.toString('base64'), points },
    );

  beforeAll(async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '20']);
    browser = await launchBrowser();
    probe = await browser.newPage();
    // Wait until the meet has a finished result and a field event under way.
    await waitUntil(async () => (await (await api('/api/graphics/race-results/preview')).json()).data !== null, 30_000, 'a result');
    await waitUntil(async () => (await (await api('/api/graphics/field-standings/preview')).json()).data !== null, 30_000, 'a field event');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    data?.remove();
  });

  it('lists the overlays at /output/', async () => {
    const page = await browser.newPage();
    await page.goto(`${running.url}output/`);
    await expect.poll(() => page.locator('.output-index tbody tr').count()).toBe(GRAPHIC_IDS.length + 1);
    await page.close();
  });

  it('auto mode puts a new result on air within a second of its message', async () => {
    // Short turns, so a result soon finds the screen free.
    expect((await api('/api/graphics/mode', { mode: 'auto', durations: { winner: 1, attempt: 1 } })).status).toBe(200);
    // Nothing on air and nothing waiting: the next result goes straight on.
    await api('/api/graphics/hide-all', {});
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${running.url}output/winner`);
    await page.locator('.stage[data-ready="true"]').waitFor({ timeout: 10_000 });
    // Time from a result's message reaching this page to its lower third in the DOM. Only results
    // that arrive with nothing on air count: the others wait their turn by design.
    const delays = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const source = new EventSource('/api/stream');
          const out: number[] = [];
          const shownName = () => document.querySelector('[data-graphic="winner"] .name')?.textContent?.trim() ?? null;
          let waiting: { name: string; at: number } | null = null;
          const done = () => {
            seen.disconnect();
            source.close();
            resolve(out);
          };
          source.onmessage = (e) => {
            const item = JSON.parse(e.data);
            if (item.event !== 'results_arrived' || !item.payload?.winner_name) return;
            const name = String(item.payload.winner_name).trim();
            const now = shownName();
            if (now === name) {
              out.push(0); // the graphics stream was quicker than the feed
              done();
            } else if (now === null) {
              waiting = { name, at: performance.now() };
            }
          };
          const seen = new MutationObserver(() => {
            if (waiting && shownName() === waiting.name) {
              out.push(performance.now() - waiting.at);
              done();
            }
          });
          seen.observe(document.body, { childList: true, subtree: true, characterData: true });
          setTimeout(() => resolve(out), 40_000);
        }),
    );
    expect(delays.length).toBeGreaterThan(0);
    expect(delays[0]!).toBeLessThan(1_000);
    await page.close();
  }, 60_000);

  it('renders every graphic on a transparent page, inside the safe area', async () => {
    await api('/api/graphics/mode', { mode: 'manual' });
    await api('/api/graphics/hide-all', {});
    for (const id of ['winner', 'attempt', 'field-standings', 'race-results', 'start-list', 'next-up']) {
      const shown = await api(`/api/graphics/${id}/show`, {});
      expect(shown.status, id).toBe(200);
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${running.url}output/${id}`);
      const el = page.locator(`[data-graphic="${id}"]`);
      await el.waitFor({ timeout: 20_000 });
      await page.waitForTimeout(600); // the animation in
      const box = (await el.boundingBox())!;
      // Graphics-safe area: 5 % of each side.
      expect(box.x, id).toBeGreaterThanOrEqual(96 - 1);
      expect(box.y, id).toBeGreaterThanOrEqual(54 - 1);
      expect(box.x + box.width, id).toBeLessThanOrEqual(1920 - 96 + 1);
      expect(box.y + box.height, id).toBeLessThanOrEqual(1080 - 54 + 1);
      const png = await page.screenshot({ omitBackground: true });
      const [corner, centre] = await alphaAt(png, [
        [5, 5],
        [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
      ]);
      expect(corner, `${id}: page background`).toBe(0);
      expect(centre, `${id}: the graphic`).toBeGreaterThan(200);
      await page.addStyleTag({ content: CHECKERBOARD });
      await page.screenshot({ path: artifactPath(`overlay-${id}.png`) });
      await page.close();
      await api(`/api/graphics/${id}/hide`, {});
    }
  }, 60_000);

  it('shows the same graphic after a reload mid-graphic, and on a second output', async () => {
    await api('/api/graphics/winner/show', {});
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${running.url}output/all?w=1280&h=720`);
    const name = page.locator('[data-graphic="winner"] .name');
    await name.waitFor();
    const before = await name.textContent();
    await page.reload();
    await name.waitFor({ timeout: 20_000 });
    expect(await name.textContent()).toBe(before);
    const second = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await second.goto(`${running.url}output/winner?bg=green`);
    await second.locator('[data-graphic="winner"] .name').waitFor({ timeout: 20_000 });
    expect(await second.locator('[data-graphic="winner"] .name').textContent()).toBe(before);
    const [green] = await alphaAt(await second.screenshot(), [[5, 5]]);
    expect(green).toBe(255);
    await page.close();
    await second.close();
  });

  it('defines CasparCG template functions that drive the core', async () => {
    await api('/api/graphics/hide-all', {});
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${running.url}output/race-results`);
    await page.locator('.stage[data-ready="true"]').waitFor();
    expect(await page.evaluate(() => ['play', 'stop', 'next', 'update'].map((f) => typeof (window as never)[f]))).toEqual(['function', 'function', 'function', 'function']);
    await page.evaluate(() => (window as unknown as { play: () => Promise<void> }).play());
    await page.locator('[data-graphic="race-results"]').waitFor({ timeout: 20_000 });
    expect((await (await api('/api/graphics/race-results')).json()).onAir).toBe(true);
    await page.evaluate(() => (window as unknown as { stop: () => Promise<void> }).stop());
    await expect.poll(async () => (await (await api('/api/graphics/race-results')).json()).onAir).toBe(false);
    await page.close();
  });
});
