/**
 * Every graphic in Chromium at 1920×1080 and 1280×720, with the demo meet, the real sample meets and
 * a meet of hard names (40+ characters, hyphens, accents, one of 2,000 characters), ties, relays and
 * wind: every text element inside the frame and inside its own panel, no mark, time, place or tag
 * cut, and on /output/all no two panels overlapping. Data for the hard meets is built by the core's
 * own code and put on air through the control API (`update {data}`), as CasparCG or a program would.
 * Screenshots over a checkerboard and a dark photo-like background go to SHOTS_DIR (or test/artifacts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPresent, launchBrowser } from '../helpers/browser';
import { shot } from '../helpers/shots';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { waitUntil } from '../helpers/wait';
import { HUGE_NAME, LONG_NAME, broadcastGraphics, realMeetGraphics } from '../helpers/broadcast-meet';
import { envelope, raceSnapshot } from '../helpers/triathlon';
import { createHmac } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSampleJson, REAL_COMPETITIONS, samplesPresent } from '../helpers/samples';
import type { GraphicData } from '../../electron/core/model/graphics';

const CHECKERBOARD = 'html.output, html.output body { background: repeating-conic-gradient(#9a9a9a 0 25%, #d8d8d8 0 50%) 0 0 / 48px 48px !important; }';
/** A dark, busy stadium-at-night look: what a real video behind the graphics is like. */
const DARK_PHOTO =
  'html.output, html.output body { height: 100%; background: radial-gradient(ellipse at 30% 20%, rgba(255,240,200,.35), transparent 40%), radial-gradient(ellipse at 80% 10%, rgba(200,220,255,.3), transparent 35%), linear-gradient(180deg, #1b2a3a 0%, #23402a 55%, #3a2418 56%, #5a3a24 100%) !important; }';
const FEED_TOKEN = 'fit-triathlon-token';
const FEED_SECRET = 'fit-trackscore-secret';
const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
];
const GRAPHICS = ['winner', 'attempt', 'field-standings', 'race-results', 'start-list', 'next-up'];

interface Problem {
  what: string;
  text: string;
}

/** Runs in the page: everything a viewer would notice cut, outside its panel or off screen. */
function findProblems(): Problem[] {
  const problems: Problem[] = [];
  const frame = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
  const inside = (r: DOMRect, box: { left: number; top: number; right: number; bottom: number }) =>
    r.left >= box.left - 1 && r.top >= box.top - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
  const label = (el: Element) => (el.textContent ?? '').trim().slice(0, 60);
  for (const panel of document.querySelectorAll<HTMLElement>('[data-graphic]')) {
    const box = panel.getBoundingClientRect();
    if (!inside(box, frame)) problems.push({ what: `${panel.dataset.graphic} panel outside the frame`, text: JSON.stringify(box) });
    for (const el of panel.querySelectorAll<HTMLElement>('*')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      const r = el.getBoundingClientRect();
      if ((ownText || el.tagName === 'IMG') && r.width > 0 && !inside(r, box)) problems.push({ what: `${panel.dataset.graphic}: text outside its panel`, text: label(el) });
      // What is never cut: places, marks, times, winds, series, tags, lanes (`.keep`), and the cells they sit in.
      if (el.matches('.keep') && el.scrollWidth > el.clientWidth + 1) problems.push({ what: `${panel.dataset.graphic}: cut`, text: label(el) });
      if (el.matches('td:not(.role-name):not(.role-team):not(.role-text)') && el.scrollWidth > el.clientWidth + 1) {
        problems.push({ what: `${panel.dataset.graphic}: cell cut`, text: label(el) });
      }
      if (el.matches('.keep')) {
        // Not cut by a parent that hides overflow either.
        let p = el.parentElement;
        while (p && p !== panel.parentElement) {
          if (getComputedStyle(p).overflow !== 'visible' && !inside(r, p.getBoundingClientRect())) {
            problems.push({ what: `${panel.dataset.graphic}: hidden by its container`, text: label(el) });
            break;
          }
          p = p.parentElement;
        }
      }
    }
  }
  return problems;
}

describe.skipIf(!chromiumPresent || !built)('graphics fit by rule, in Chromium', () => {
  let browser: Browser;
  let running: RunningConsole;
  let data: ReturnType<typeof tempDir>;

  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${running.url}${path.replace(/^\//, '')}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res;
  };

  /** Takes a graphic to air with this data, as CasparCG's update or a program would. */
  const putOnAir = async (id: string, graphicData?: GraphicData) => {
    // With data of its own, any of the demo's units will do to take air (the data replaces it).
    expect((await api(`/api/graphics/${id}/show`, graphicData ? { unit: 'T01/1/1' } : {})).status, `${id} show`).toBe(200);
    if (graphicData) expect((await api(`/api/graphics/${id}/update`, { data: graphicData })).status, `${id} update`).toBe(200);
  };

  /** Opens a page and waits until its graphics are in and still (animations finished). */
  const open = async (page: Page, path: string, expectGraphics: string[]) => {
    await page.goto(`${running.url}${path}`);
    await page.locator('.stage[data-ready="true"]').waitFor({ timeout: 10_000 });
    for (const id of expectGraphics) await page.locator(`[data-graphic="${id}"]`).first().waitFor({ timeout: 5_000 });
    // Still means: no animation running and every panel where it was for 10 frames in a row. Vue
    // starts an enter transition a frame after the element appears, and a busy machine can run a
    // one-off check in between (a lower third was caught mid-slide at x = -16).
    await page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          let last = '';
          let same = 0;
          const frame = () => {
            const now = [...document.querySelectorAll('[data-graphic]')].map((el) => JSON.stringify(el.getBoundingClientRect())).join();
            const running = document.getAnimations().some((a) => a.playState === 'running');
            same = now === last && !running ? same + 1 : 0;
            last = now;
            if (same >= 10) resolve(true);
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
      undefined,
      { timeout: 15_000 },
    );
    await page.evaluate(() => document.fonts.ready);
  };

  const checkEvery = async (scenario: string, graphics: Record<string, GraphicData | undefined>) => {
    for (const viewport of VIEWPORTS) {
      const page = await browser.newPage({ viewport });
      for (const [key, graphicData] of Object.entries(graphics)) {
        const id = key.replace(/-(vertical|relay)$/, '');
        await api('/api/graphics/hide-all', {});
        await putOnAir(id, graphicData);
        await open(page, `output/${id}?w=${viewport.width}&h=${viewport.height}`, [id]);
        const problems = await page.evaluate(findProblems);
        expect(problems, `${scenario} ${key} at ${viewport.width}×${viewport.height}`).toEqual([]);
        if (graphicData?.kind === 'table') {
          // Every mark is on air in full: the cell says exactly what the data says (and `w` when aided).
          const marks = await page.locator('td.role-mark').allTextContents();
          const expected = graphicData.rows.flatMap((r) => graphicData.columns.filter((c) => c.role === 'mark').map((c) => `${r[c.key] ?? ''}${c.key === 'Mark' && r.Aided ? 'w' : ''}`));
          expect(marks.map((m) => m.trim()), `${scenario} ${key}: marks`).toEqual(expected);
        }
        if (viewport.width === 1920) {
          await page.addStyleTag({ content: CHECKERBOARD });
          await page.screenshot({ path: shot(`${scenario}-${key}.png`) });
        }
      }
      await page.close();
    }
  };

  beforeAll(async () => {
    data = tempDir();
    running = await runHeadless(['--port', '0', '--data-dir', data.path, '--demo-speed', '5', '--webhook-token', FEED_TOKEN, '--webhook-secret', FEED_SECRET]);
    browser = await launchBrowser();
    await api('/api/graphics/mode', { mode: 'manual' });
    // The demo meet needs a result, a field event and a start list before every graphic has data.
    await waitUntil(async () => (await (await api('/api/graphics/race-results/preview')).json()).data !== null, 40_000, 'a result');
    await waitUntil(async () => (await (await api('/api/graphics/field-standings/preview')).json()).data !== null, 40_000, 'a field event');
    await waitUntil(async () => (await (await api('/api/graphics/attempt/preview')).json()).data !== null, 40_000, 'an attempt');
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    data?.remove();
  });

  it('demo meet: every graphic fits at both sizes', async () => {
    await checkEvery('demo', Object.fromEntries(GRAPHICS.map((id) => [id, undefined])));
  }, 120_000);

  it('hard names, ties, relays and wind: every graphic fits at both sizes', async () => {
    await checkEvery('long', broadcastGraphics());
  }, 120_000);

  it.skipIf(!samplesPresent).each(REAL_COMPETITIONS)('real meet %s: every graphic fits at both sizes', async (file) => {
    await checkEvery(file.slice(0, 2) === '01' ? 'sample1' : 'sample2', realMeetGraphics(readSampleJson(file)));
  }, 120_000);

  it('boards drawn from feeds (a triathlon race, a TrackScore leaderboard) fit at both sizes with long names', async () => {
    // A whole triathlon (its long Danish double-barrelled name among them) and a leaderboard of long names, sent as the providers would.
    const hook = (path: string, headers: Record<string, string>, body: string) => fetch(`${running.url}${path.slice(1)}`, { method: 'POST', headers, body });
    expect((await hook('/hooks/triathlon', { 'content-type': 'application/json', 'triathlon-token': FEED_TOKEN }, envelope('timing.store', raceSnapshot(5)))).status).toBe(200);
    const board = (type: string, data: Record<string, unknown>, n: number) => {
      const body = JSON.stringify({ id: `wh_fit_${type}_${n}`, type, created: new Date().toISOString(), data });
      return hook('/hooks/trackscore', { 'content-type': 'application/json', 'x-trackscore-signature': `sha256=${createHmac('sha256', FEED_SECRET).update(body).digest('hex')}` }, body);
    };
    expect((await board('leaderboard.created', { leaderboard_id: 'fit', name: `Vestlandsmeisterskapet i mangekamp ${LONG_NAME.team}` }, 0)).status).toBe(200);
    for (let i = 0; i < 10; i++) {
      const name = i === 0 ? HUGE_NAME : i % 2 ? `${LONG_NAME.first} ${LONG_NAME.last}-${i}` : `Zoë Ñúñez-Đorđević de la Cruz ${i}`;
      expect((await board('participant.added', { leaderboard_id: 'fit', participant_id: `p${i}`, name }, i)).status).toBe(200);
      expect((await board('score.updated', { leaderboard_id: 'fit', participant_id: `p${i}`, old_score: 0, new_score: 123456 - i * 1111 }, i)).status).toBe(200);
    }
    // Team scores and medals come from the demo's finals, which a looping demo takes back: their feeds
    // are checked on a meet of known answers in test/core/views/teams; their boards are built by the
    // same code as these two (outputs/graphics/feed-boards.ts).
    const boards = ['triathlon-race', 'trackscore-leaderboard'];
    for (const id of boards) {
      await waitUntil(async () => (await (await api(`/api/graphics/${id}/preview`)).json()).data !== null, 40_000, `${id} to have data`);
    }
    for (const viewport of VIEWPORTS) {
      const page = await browser.newPage({ viewport });
      for (const id of boards) {
        await api('/api/graphics/hide-all', {});
        await putOnAir(id);
        await open(page, `output/${id}?w=${viewport.width}&h=${viewport.height}`, [id]);
        expect(await page.evaluate(findProblems), `${id} at ${viewport.width}×${viewport.height}`).toEqual([]);
        if (viewport.width === 1920) {
          await page.addStyleTag({ content: CHECKERBOARD });
          await page.screenshot({ path: shot(`feed-${id}.png`) });
        }
      }
      await page.close();
    }
  }, 120_000);

  it('the winner lower third puts both winners of a dead heat on air, marked "=1"', async () => {
    const g = broadcastGraphics();
    await api('/api/graphics/hide-all', {});
    await putOnAir('winner', g.winner);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await open(page, 'output/winner', ['winner']);
    expect(await page.locator('[data-graphic="winner"] .tab').textContent()).toBe('=1');
    const names = await page.locator('[data-graphic="winner"] .name').allTextContents();
    expect(names).toHaveLength(2);
    expect(names[1]).toBe('Marie-Louise Vestergaard-Kristiansen');
    // The 2,000-character name is cut with an ellipsis, not run off the panel.
    const huge = await page.locator('[data-graphic="winner"] .name').first().evaluate((el) => ({ cut: el.scrollWidth > el.clientWidth, ellipsis: getComputedStyle(el).textOverflow }));
    expect(huge).toEqual({ cut: true, ellipsis: 'ellipsis' });
    await page.close();
  });

  it("fits a board's next page when it arrives after the old page has gone", async () => {
    const g = broadcastGraphics();
    const board = g['race-results'] as Extract<GraphicData, { kind: 'table' }>;
    const short = { ...board, page: 1, pages: 2, rows: board.rows.filter((r) => r['Name.Text']!.length < 30) };
    const long = { ...board, page: 2, pages: 2, rows: board.rows.filter((r) => r['Name.Text']!.length >= 30) };
    await api('/api/graphics/hide-all', {});
    await putOnAir('race-results', short);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await open(page, 'output/race-results', ['race-results']);
    expect((await api('/api/graphics/race-results/update', { data: long })).status).toBe(200);
    const huge = page.locator('td.role-name .name', { hasText: 'Skjærstadvågen' });
    await huge.waitFor();
    // Shrunk to the floor (70 % of 32 px) and cut, like any name on the first page.
    await expect.poll(() => huge.evaluate((el) => getComputedStyle(el).fontSize)).toBe('22.4px');
    expect(await page.evaluate(findProblems)).toEqual([]);
    await page.close();
  });

  it("CasparCG's play() and stop() animate a graphic in and out with transforms only: nothing moves but it", async () => {
    const g = broadcastGraphics();
    await api('/api/graphics/hide-all', {});
    await putOnAir('winner', g.winner);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await open(page, 'output/all', ['winner']);
    type Sample = { winner: number[]; board: (number | string)[] | null; props: string[] };
    // Frame by frame: the winner's box, the board's layout box (transforms aside) and what animates.
    const sampling = (id: string) =>
      page.evaluate((id) => {
        const w = window as unknown as { samples: Sample[]; sampling: boolean };
        w.samples = [];
        w.sampling = true;
        let animated = false;
        const tick = () => {
          const winner = document.querySelector('[data-graphic="winner"]')!.getBoundingClientRect();
          const board = document.querySelector<HTMLElement>(`[data-graphic="${id}"]`);
          const props = board ? board.getAnimations().map((a) => (a as CSSTransition).transitionProperty) : [];
          animated ||= props.length > 0;
          w.samples.push({
            winner: [winner.x, winner.y, winner.width, winner.height],
            board: board ? [board.offsetLeft, board.offsetTop, board.offsetWidth, board.offsetHeight, getComputedStyle(board).opacity] : null,
            props,
          });
          if ((animated && props.length === 0) || w.samples.length > 900) w.sampling = false;
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }, id);
    const samples = async () => {
      await page.waitForFunction(() => !(window as unknown as { sampling: boolean }).sampling, undefined, { timeout: 20_000 });
      return page.evaluate(() => (window as unknown as { samples: Sample[] }).samples);
    };

    await sampling('race-results');
    await page.evaluate(() => (window as unknown as { play: (id: string) => Promise<void> }).play('race-results'));
    const entering = await samples();
    const seen = entering.filter((s) => s.board !== null);
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen.flatMap((s) => s.props))).toEqual(new Set(['transform', 'opacity']));
    expect(seen.some((s) => Number(s.board![4]) < 1)).toBe(true);
    // No layout shift: the board's own box never moved while it came in, nor did the lower third.
    expect(new Set(seen.map((s) => s.board!.slice(0, 4).join()))).toHaveLength(1);
    expect(new Set(entering.map((s) => s.winner.join()))).toHaveLength(1);

    await sampling('race-results');
    await page.evaluate(() => (window as unknown as { stop: (id: string) => Promise<void> }).stop('race-results'));
    const leaving = await samples();
    expect(new Set(leaving.flatMap((s) => s.props))).toEqual(new Set(['transform', 'opacity']));
    expect(new Set(leaving.map((s) => s.winner.join()))).toHaveLength(1);
    await expect.poll(() => page.locator('[data-graphic="race-results"]').count()).toBe(0);
    expect((await (await api('/api/graphics/race-results')).json()).onAir).toBe(false);
    await page.close();
  }, 60_000);

  it('/output/all: zones never overlap, a second graphic in a zone replaces the first', async () => {
    const g = broadcastGraphics();
    await api('/api/graphics/hide-all', {});
    await putOnAir('next-up', g['next-up']);
    await putOnAir('race-results', g['race-results']);
    await putOnAir('winner', g.winner);
    await putOnAir('attempt', g.attempt);
    for (const viewport of VIEWPORTS) {
      const page = await browser.newPage({ viewport });
      // A logo in the corner bug: any image on the console will do (here a flag).
      await open(page, `output/all?w=${viewport.width}&h=${viewport.height}&logo=/flags/no.svg`, ['race-results', 'winner', 'attempt', 'logo']);
      // The newest in the full-frame zone won it: next-up gave way to the results board.
      expect(await page.locator('[data-graphic="next-up"]').count()).toBe(0);
      const boxes = await page.locator('[data-graphic]').evaluateAll((els) =>
        els.map((el) => ({ id: (el as HTMLElement).dataset.graphic!, ...JSON.parse(JSON.stringify(el.getBoundingClientRect())) as DOMRect })),
      );
      expect(boxes.map((b) => b.id).sort()).toEqual(['attempt', 'logo', 'race-results', 'winner']);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          expect(overlap, `${a.id} and ${b.id} overlap at ${viewport.width}×${viewport.height}`).toBe(false);
        }
      }
      expect(await page.evaluate(findProblems)).toEqual([]);
      await page.addStyleTag({ content: DARK_PHOTO });
      await page.screenshot({ path: shot(`all-dark-${viewport.width}x${viewport.height}.png`) });
      await page.addStyleTag({ content: CHECKERBOARD });
      await page.screenshot({ path: shot(`all-checker-${viewport.width}x${viewport.height}.png`) });
      await page.close();
    }
  }, 60_000);
  it('speaks Norwegian and wears the house theme from templates/theme.json, and a URL can still differ', async () => {
    const g = broadcastGraphics();
    const themeFile = join(data.path, 'templates', 'theme.json');
    writeFileSync(themeFile, JSON.stringify({ accent: '#e30613', 'accent-ink': '#ffffff', radius: 12, lang: 'nb' }));
    try {
      await api('/api/graphics/hide-all', {});
      await putOnAir('race-results', g['race-results']);
      await putOnAir('winner', g['winner-relay']);
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await open(page, 'output/all', ['race-results', 'winner']);
      const board = page.locator('[data-graphic="race-results"]');
      expect(await board.locator('h1').textContent()).toBe('Men 100m — Resultater');
      expect(await board.locator('header .sub').textContent()).toBe('Final · Offisielt · Vind +2.4');
      expect(await board.locator('th').allTextContents()).toEqual(['', '', 'Utøver', 'Klubb', 'Tid', '']);
      // The winner's note says PB, but at +2.4 it is wind-aided: w, and no PB (PR in Norwegian).
      expect(await board.locator('tbody tr').first().locator('.aided').textContent()).toBe('w');
      expect(await board.locator('tbody tr').first().locator('[data-tag]').count()).toBe(0);
      const look = await board.evaluate((el) => ({
        radius: getComputedStyle(el).borderTopLeftRadius,
        place: getComputedStyle(el.querySelector('td.role-place')!).color,
      }));
      expect(look).toEqual({ radius: '12px', place: 'rgb(227, 6, 19)' });
      expect(await page.evaluate(findProblems)).toEqual([]);
      await page.addStyleTag({ content: CHECKERBOARD });
      await page.screenshot({ path: shot('all-nb-house-theme.png') });
      // The URL wins over the house theme.
      await open(page, 'output/race-results?lang=en&accent=33d17a', ['race-results']);
      expect(await board.locator('h1').textContent()).toBe('Men 100m — Results');
      expect(await board.locator('td.role-place').first().evaluate((el) => getComputedStyle(el).color)).toBe('rgb(51, 209, 122)');
      await page.close();
    } finally {
      rmSync(themeFile, { force: true });
    }
  });
});
