/**
 * Nothing an announcer must read is clipped or covered, on the screens they use: a laptop
 * (1366×768), a tablet in portrait (768×1024) and landscape (1024×768) and a phone (390×844), in
 * normal and larger type (`t`). Over every unit of the demo meet (as it plays), of a fictional
 * meet of very long accented and hyphenated names, and of the real meets in ../shared/samples
 * (skipped when absent): each place, mark, time and "to lead" cell, scrolled into view in its
 * pane, lies inside the pane and the window, its text is not cut, and it is what the browser
 * finds at its centre (elementFromPoint). The meet list's names are never cut either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, chromiumPresent, launchBrowser } from '../helpers/browser';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { startLocalSources, type LocalSources } from '../helpers/local-sources';
import { longNamesMeet } from '../helpers/long-names-meet';
import { REAL_COMPETITIONS, readSampleJson, samplesPresent } from '../helpers/samples';

const VIEWPORTS = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'tablet-portrait', width: 768, height: 1024 },
  { name: 'tablet-landscape', width: 1024, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** What must be read in a unit: places, marks and times, "to lead", and the field flow's. */
const CELLS = '[data-testid="place"], [data-testid="mark"], [data-testid="needs"], [data-testid="flow-needs"]';
/** What must be read in Now & next: the meet clock, countdowns, the field flow's "to lead". */
const NOW_CELLS = '[data-testid="meet-clock"], [data-testid="countdown"], [data-testid="flow-needs"]';

interface Problem {
  unit: string;
  cell: string;
  text: string;
  why: string;
}

/** Runs in the page: every cell that must be read, checked where it is drawn. */
async function checkUnitInPage([unit, selector, table]: [string, string, boolean]): Promise<Problem[]> {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const problems: Problem[] = [];
  const pane = document.querySelector<HTMLElement>('.pane.unit');
  if (!pane || pane.offsetParent === null) return [{ unit, cell: 'pane', text: '', why: 'unit pane not on screen' }];
  pane.scrollTop = 0;
  pane.scrollLeft = 0;
  // The pane scrolls down, never sideways: what is off to the right is what nobody sees.
  if (pane.scrollWidth > pane.clientWidth + 1) {
    const right = pane.getBoundingClientRect().right;
    const wide = [...pane.querySelectorAll<HTMLElement>('*')].find((e) => e.getBoundingClientRect().right > right + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > right + 1));
    const what = wide ? `${wide.tagName.toLowerCase()}.${[...wide.classList].join('.')} "${(wide.textContent ?? '').trim().slice(0, 30)}"` : '?';
    problems.push({ unit, cell: 'pane', text: what, why: `content ${pane.scrollWidth}px wide in a ${pane.clientWidth}px pane` });
  }
  const cells = [...pane.querySelectorAll<HTMLElement>(selector)];
  if (!cells.length && table && pane.querySelector('[data-testid="standings"] tbody tr')) problems.push({ unit, cell: 'table', text: '', why: 'no place, mark or time cell to check' });
  for (const cell of cells) {
    const text = (cell.textContent ?? '').trim();
    if (!text) continue;
    cell.scrollIntoView({ block: 'center', inline: 'nearest' });
    const box = pane.getBoundingClientRect();
    const r = cell.getBoundingClientRect();
    const kind = cell.dataset.testid!;
    const say = (why: string) => problems.push({ unit, cell: kind, text, why });
    if (r.width === 0 || r.height === 0) say('not drawn');
    else if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) say(`outside the pane (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(box.left)}–${Math.round(box.right)})`);
    else if (r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1) say('outside the window');
    else {
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !(hit === cell || cell.contains(hit))) say(`covered by ${hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')}` : 'nothing'}`);
    }
    if (cell.scrollWidth > cell.clientWidth + 1) say('text cut inside its cell');
    // Numbers never wrap: a mark is one line however narrow the column.
    for (const n of cell.querySelectorAll<HTMLElement>('.nw')) if (n.getClientRects().length > 1) say('number wrapped');
  }
  return problems;
}

/** The meet list: each event name shown whole (wrapped, never cut to "Men 1…"). */
function checkOverviewInPage(): Problem[] {
  return [...document.querySelectorAll<HTMLElement>('.unit-row .name strong')]
    .filter((n) => n.offsetParent !== null && n.scrollWidth > n.clientWidth + 1)
    .map((n) => ({ unit: 'overview', cell: 'name', text: n.textContent ?? '', why: 'name cut in the meet list' }));
}

describe.skipIf(!chromiumPresent || !built)('layout on laptop, tablet and phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Every viewport, normal and larger type, every unit: the problems found, and a screenshot per layout. */
  async function checkMeet(url: string, label: string, shotUnits: (units: string[]) => string[]): Promise<{ problems: Problem[]; units: number }> {
    const problems: Problem[] = [];
    let units = 0;
    for (const vp of VIEWPORTS) {
      for (const large of [false, true]) {
        const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(url);
        await page.locator('[data-testid="unit-row"]').first().waitFor({ state: 'attached', timeout: 15_000 });
        if (large) await page.keyboard.press('t');
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.type)).toBe(large ? 'large' : 'normal');
        // The page opens on Now & next.
        await page.getByTestId('now-next').waitFor({ timeout: 10_000 });
        const now = await page.evaluate(checkUnitInPage, ['now & next', NOW_CELLS, false] as [string, string, boolean]);
        problems.push(...now.map((p) => ({ ...p, unit: `${label} ${vp.name}${large ? ' large' : ''} ${p.unit}` })));
        if (label === 'demo') await page.evaluate(() => document.querySelector('.pane.unit')?.scrollTo(0, 0));
        if (label === 'demo') await page.screenshot({ path: artifactPath(`layout-now-${vp.name}${large ? '-large' : ''}.png`) });
        const keys = await page.locator('[data-testid="unit-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')!));
        units = keys.length;
        const where = `${label} ${vp.name}${large ? ' large' : ''}`;
        for (const key of keys) {
          await page.evaluate((k) => document.querySelector<HTMLElement>(`[data-unit="${k}"]`)!.click(), key);
          await page.locator(`[data-loaded-unit="${key}"]`).waitFor({ state: 'attached', timeout: 10_000 });
          const found = await page.evaluate(checkUnitInPage, [key, CELLS, true] as [string, string, boolean]);
          problems.push(...found.map((p) => ({ ...p, unit: `${where} ${p.unit}` })));
          if (shotUnits(keys).includes(key)) {
            await page.evaluate(() => document.querySelector('.pane.unit')?.scrollTo(0, 0));
            await page.screenshot({ path: artifactPath(`layout-${label}-${key.replaceAll('/', '-')}-${vp.name}${large ? '-large' : ''}.png`) });
          }
        }
        // The meet list: on a phone or portrait tablet it is a tab of its own.
        if (vp.width < 900) await page.getByRole('button', { name: 'Events' }).click();
        problems.push(...(await page.evaluate(checkOverviewInPage)).map((p) => ({ ...p, unit: `${where} overview` })));
        // Alerts: a tab of their own below laptop width, filling the screen where panes are tabs.
        if (vp.width < 1280) {
          await page.getByRole('button', { name: /^Alerts/ }).click();
          const feed = (await page.locator('.pane.feed').boundingBox())!;
          expect(feed, `${where}: alerts pane`).not.toBeNull();
          expect(feed.x + feed.width, `${where}: alerts pane inside the window`).toBeLessThanOrEqual(vp.width + 1);
          if (vp.width < 900) expect([feed.x, feed.width], `${where}: alerts pane fills the screen`).toEqual([0, vp.width]);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${where}: page wider than the screen`).toBeLessThanOrEqual(vp.width);
        expect(errors, where).toEqual([]);
        await page.close();
      }
    }
    return { problems, units };
  }

  it('the demo meet, as it plays', async () => {
    const data = tempDir();
    const running: RunningConsole = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '20']);
    try {
      const { problems, units } = await checkMeet(running.url, 'demo', () => ['F01/1/1']);
      expect(units).toBe(14);
      expect(problems).toEqual([]);
    } finally {
      await running.stop();
      data.remove();
    }
  }, 120_000);

  it('a fictional meet of 40-character accented, hyphenated names, relays, a wind-aided photo finish and field events in progress', async () => {
    const data = tempDir();
    const sources: LocalSources = await startLocalSources('layout-long-names', longNamesMeet());
    const running = await runHeadless(sources.args(data.path));
    try {
      const { problems, units } = await checkMeet(running.url, 'long-names', () => ['F1/1/1', 'T1/1/1', 'T3/1/1', 'F3/1/1']);
      expect(units).toBe(7);
      expect(problems).toEqual([]);
    } finally {
      await running.stop();
      await sources.stop();
      data.remove();
    }
  }, 120_000);

  it.skipIf(!samplesPresent).each(REAL_COMPETITIONS)('the real meet %s', async (file) => {
    const data = tempDir();
    const sources = await startLocalSources('layout-real', readSampleJson(file));
    const running = await runHeadless(sources.args(data.path));
    try {
      const { problems, units } = await checkMeet(running.url, file.slice(0, 2), (keys) => keys.slice(0, 1));
      expect(units).toBeGreaterThan(20);
      expect(problems).toEqual([]);
    } finally {
      await running.stop();
      await sources.stop();
      data.remove();
    }
  }, 180_000);
});
