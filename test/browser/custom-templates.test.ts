/**
 * The operator's own templates in Chromium against the headless console: the example written into
 * a new data dir follows the winner graphic live (update, play, stop called as CasparCG would), a
 * template dropped in while the console runs is served at once and sees every graphic through the
 * stream, and the route serves nothing outside the folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { waitUntil } from '../helpers/wait';
import { broadcastGraphics } from '../helpers/broadcast-meet';
import { shot } from '../helpers/shots';

const PROBE = `<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="log"></pre>
<script src="/output/template-client.js"></script>
<script>
  window.calls = [];
  window.seen = {};
  function update(json) { var d = JSON.parse(json); calls.push(['update', d]); document.getElementById('log').textContent = d.title || ''; }
  function play() { calls.push(['play']); }
  function stop() { calls.push(['stop']); }
  Trackside.subscribe(function (g) { seen[g.id] = g.onAir; });
</script></body></html>`;

describe.skipIf(!chromiumPresent || !built)('custom templates in Chromium', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;

  const api = (path: string, body?: unknown) =>
    fetch(`${running.url}${path.replace(/^\//, '')}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '20']);
    browser = await launchBrowser();
    await api('/api/graphics/mode', { mode: 'manual' });
    await api('/api/graphics/hide-all', {});
    await waitUntil(async () => (await api('/api/graphics/race-results/preview').then((r) => r.json())).data !== null, 40_000, 'a result');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    data?.remove();
  });

  it('a new data dir has the example template, and it follows the winner graphic live', async () => {
    expect(existsSync(join(data.path, 'templates', 'example-winner.html'))).toBe(true);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${running.url}output/custom/example-winner`);
    const on = () => page.locator('#card').evaluate((el) => el.classList.contains('on'));
    // The stream's snapshot has come (the winner is off air): the template was told stop().
    await page.waitForFunction(() => (window as unknown as { Trackside?: { graphics: Record<string, unknown> } }).Trackside?.graphics.winner !== undefined);
    expect(await on()).toBe(false);

    const g = broadcastGraphics();
    expect((await api('/api/graphics/winner/show', { unit: 'T01/1/1' })).status).toBe(200);
    expect((await api('/api/graphics/winner/update', { data: g.winner })).status).toBe(200);
    await expect.poll(() => page.locator('#name').textContent()).toMatch(/^Ingeborg .* & Marie-Louise Vestergaard-Kristiansen$/);
    expect(await page.locator('#place').textContent()).toBe('=1');
    await expect.poll(on).toBe(true);
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.screenshot({ path: shot('custom-example-winner.png') });

    // A new result while on air: the same card changes, live.
    expect((await api('/api/graphics/winner/update', { data: g['winner-relay'] })).status).toBe(200);
    await expect.poll(() => page.locator('#name').textContent()).toBe('Sportsklubben Vidar Friidrettsgruppe');
    expect(await page.locator('#mark').textContent()).toBe('43.91');

    await api('/api/graphics/winner/hide', {});
    await expect.poll(on).toBe(false);
    // The inline script ran under the console's policy (by its hash), and nothing was refused.
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.close();
  });

  it('a template dropped in while the console runs gets update() then play(), and the whole stream', async () => {
    writeFileSync(join(data.path, 'templates', 'probe.html'), PROBE);
    const page = await browser.newPage();
    await page.goto(`${running.url}output/custom/probe?graphic=race-results`);
    await page.waitForFunction(() => Object.keys((window as unknown as { seen: object }).seen).length >= 6);
    expect((await api('/api/graphics/race-results/show', {})).status).toBe(200);
    await page.waitForFunction(() => (window as unknown as { calls: unknown[][] }).calls.some((c) => c[0] === 'play'));
    const calls = await page.evaluate(() => (window as unknown as { calls: [string, Record<string, unknown>?][] }).calls);
    const firstUpdate = calls.findIndex((c) => c[0] === 'update');
    expect(firstUpdate).toBeGreaterThanOrEqual(0);
    expect(firstUpdate).toBeLessThan(calls.findIndex((c) => c[0] === 'play'));
    expect(calls[firstUpdate]![1]).toMatchObject({ graphic: 'race-results', kind: 'table', onAir: true, page: 1 });
    expect(await page.locator('#log').textContent()).toMatch(/ — Results$/);
    // Another graphic is seen through Trackside.subscribe, without touching this template's functions.
    await api('/api/graphics/winner/show', {});
    await page.waitForFunction(() => (window as unknown as { seen: Record<string, boolean> }).seen.winner === true);
    await api('/api/graphics/race-results/hide', {});
    await page.waitForFunction(() => (window as unknown as { calls: unknown[][] }).calls.some((c) => c[0] === 'stop'));
    await page.close();
  });

  it('serves nothing outside the templates folder, and says why', async () => {
    writeFileSync(join(data.path, 'secret.html'), 'not a template');
    expect((await api('/output/custom/..%2Fsecret.html')).status).toBe(400);
    expect((await api('/output/custom/run.exe')).status).toBe(400);
    const missing = await api('/output/custom/nothing-here');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatch(/no template nothing-here\.html/);
    const page = await api('/output/custom/example-winner');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    // Pages other than templates keep the console's policy, with no inline scripts.
    expect((await api('/output/winner')).headers.get('content-security-policy')).toMatch(/script-src 'self';/);
  });
  it('the On air page saves the house look, every overlay wears it, and only the console itself may change it', async () => {
    const put = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      fetch(`${running.url}api/graphics/theme`, { method: 'PUT', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    expect(await (await api('/api/graphics/theme')).json()).toEqual({});
    expect((await put({ accent: '#e30613' }, { 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
    expect((await put('{"accent":"#e30613"}', { 'content-type': 'text/plain' })).status).toBe(415);
    const bad = await put({ accent: 'red;} body{display:none' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^accent: a colour/);
    expect((await put({ accent: '#e30613', script: 'x' })).status).toBe(400);
    expect(existsSync(join(data.path, 'templates', 'theme.json'))).toBe(false);

    for (const viewport of [{ width: 1366, height: 768 }, { width: 768, height: 1024 }]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${running.url}#/on-air`);
      const form = page.getByTestId('graphics-theme');
      // The form reads the saved look first; typing before that would be overwritten.
      await page.locator('[data-testid="graphics-theme"][data-ready="true"]').waitFor({ timeout: 20_000 });
      await form.locator('input[name="accent"]').fill('e30613');
      await form.locator('input[name="radius"]').fill('10');
      await form.locator('select[name="lang"]').selectOption('nb');
      await form.getByRole('button', { name: 'Save look' }).click();
      await expect.poll(() => page.getByTestId('graphics-theme-status').textContent(), { timeout: 20_000 }).toMatch(/^Saved/);
      // The previews reload with the new look.
      await page.frameLocator('iframe[title="Preview: Winner lower third"]').locator('[data-graphic="winner"]').waitFor({ timeout: 10_000 });
      await page.screenshot({ path: shot(`dashboard-onair-look-${viewport.width}x${viewport.height}.png`) });
      await page.close();
    }
    expect(JSON.parse(readFileSync(join(data.path, 'templates', 'theme.json'), 'utf8'))).toEqual({ accent: '#e30613', radius: 10, lang: 'nb' });

    await api('/api/graphics/hide-all', {});
    await api('/api/graphics/attempt/show', {});
    const overlay = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await overlay.goto(`${running.url}output/attempt`);
    const popup = overlay.locator('[data-graphic="attempt"]');
    await popup.waitFor();
    expect(await popup.evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('10px');
    expect(await popup.locator('.fact').nth(1).locator('small').textContent()).toBe('Plass');
    await overlay.close();
    // Back to the built-in look.
    expect(await (await put({})).json()).toEqual({});
  });
});
