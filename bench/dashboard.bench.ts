/**
 * Dashboard smoothness: the built-in demo meet replaying at about 50 messages/s into the dashboard
 * page in headless Chromium. The figure is the longest top-level task on the page's renderer main
 * thread, read from a Chromium performance trace; the baseline is the same page, same browser and
 * same unit selected, traced while the replay is paused, in the same run.
 */
import { it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, CDPSession, Locator, Page } from 'playwright-core';
import { parseCommandLine } from '../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../electron/core/app/console';
import { silentLogger } from '../electron/core/config/log';
import { artifactPath, CHROMIUM, chromiumPresent, launchBrowser } from '../test/helpers/browser';
import { tempDir } from '../test/helpers/temp-dir';
import { machine, percentile, report } from './report';

const ROOT = resolve(__dirname, '..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const RENDERER_INDEX = join(RENDERER_DIR, 'index.html');

/**
 * The demo meet is 703 steps (one Pusher message and one journal item each) over 882 s at speed 1.
 * At 63× the whole meet plays in ~14 s: ~50 items/s on average, ~30/s in its first minute and
 * ~70/s at its busiest. The loaded window covers that one pass, replayed from the start.
 */
const SPEED = 63;
const LOAD_MS = 14_000;
const IDLE_MS = 5_000;
/** Issue 15: the longest task at 50 msg/s, median of three passes. */
const GOAL_MS = 35;
const SELECTOR_TIMEOUT_MS = 5_000;
/**
 * Trace categories: the DevTools Performance panel's, plus the scheduler's top-level tasks. With
 * TRACKSIDE_BENCH_PROFILE=1 the trace also samples JavaScript, and the report names the hottest
 * functions; sampling slows the page a little, so the verdict is then only indicative.
 */
const PROFILE = process.env.TRACKSIDE_BENCH_PROFILE === '1';
const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute',
  ...(PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : []),
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const out = (line: string) => process.stdout.write(`${line}\n`);
const ms = (n: number) => `${n.toFixed(1)}ms`;

// ---------------------------------------------------------------------------------------------
// Trace reading

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, where Chromium records it: wall time minus time the thread was descheduled. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

/** A complete event on one thread, in microseconds. */
interface Span {
  name: string;
  ts: number;
  dur: number;
  tdur?: number;
  args?: TraceEvent['args'];
  /** Begun but not ended when the trace stopped: `dur` runs to the trace's last event. */
  unfinished?: boolean;
}

const TASK_NAMES = ['RunTask', 'ThreadControllerImpl::RunTask'];

/** The renderer main thread of the page at `url`: from the trace's frame list, else the busiest CrRendererMain. */
function pageMainThread(events: TraceEvent[], url: string): { pid: number; tid: number } | undefined {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const framePids = new Set<number>();
  for (const e of events) {
    if (e.name !== 'TracingStartedInBrowser' && e.name !== 'TracingStartedInPage') continue;
    for (const f of ((e.args?.data?.frames ?? []) as { url?: string; processId?: number }[])) {
      if (f.url?.startsWith(url) && f.processId !== undefined) framePids.add(f.processId);
    }
  }
  const candidates = mains.filter((m) => framePids.has(m.pid));
  const pool = candidates.length ? candidates : mains;
  const weight = (m: TraceEvent) => events.filter((e) => e.pid === m.pid && e.tid === m.tid && TASK_NAMES.includes(e.name)).length;
  return pool.map((m) => ({ pid: m.pid, tid: m.tid, w: weight(m) })).sort((a, b) => b.w - a.w)[0];
}

/**
 * The thread's events as complete spans: `X` as they are, `B`/`E` paired. A task still running
 * when the trace stopped has only its `B`: it counts as lasting to the trace's end, at least.
 */
function spansOf(events: TraceEvent[], pid: number, tid: number): Span[] {
  const spans: Span[] = [];
  const open: TraceEvent[] = [];
  let last = 0;
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid || e.ph === 'M') continue;
    last = Math.max(last, e.ts + (e.dur ?? 0));
    if (e.ph === 'X' && typeof e.dur === 'number') spans.push({ name: e.name, ts: e.ts, dur: e.dur, tdur: e.tdur, args: e.args });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) spans.push({ name: b.name, ts: b.ts, dur: e.ts - b.ts, args: b.args });
    }
  }
  for (const b of open) spans.push({ name: b.name, ts: b.ts, dur: last - b.ts, args: b.args, unfinished: true });
  return spans.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

/** Top-level tasks: RunTask spans not nested in another (a nested run loop's tasks are part of their parent). */
function topLevelTasks(spans: Span[]): Span[] {
  const present = TASK_NAMES.find((n) => spans.some((s) => s.name === n));
  const tasks: Span[] = [];
  let end = -Infinity;
  for (const s of spans) {
    if (s.name !== present) continue;
    if (s.ts < end) continue;
    tasks.push(s);
    end = s.ts + s.dur;
  }
  return tasks;
}

/** What a span is, in words a UI engineer can act on. */
function label(s: Span): string {
  const d = (s.args?.data ?? {}) as Record<string, unknown>;
  if (s.name === 'FunctionCall' || s.name === 'v8.callFunction') {
    const fn = (d.functionName as string) || '(anonymous)';
    const where = typeof d.url === 'string' && d.url ? ` ${String(d.url).split('/').pop()}:${Number(d.lineNumber ?? 0) + 1}` : '';
    return `FunctionCall ${fn}${where}`;
  }
  if (s.name === 'EventDispatch') return `EventDispatch ${d.type ?? ''}`.trim();
  if (s.name === 'TimerFire') return 'TimerFire';
  return s.name;
}

/** Self time (µs) by label of everything inside `tasks` (nesting taken from timestamps). */
function selfTimes(spans: Span[], tasks: Span[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const task of tasks) {
    const end = task.ts + task.dur;
    const inside = spans.filter((s) => s.ts >= task.ts && s.ts + s.dur <= end + 1);
    const stack: { span: Span; child: number }[] = [];
    const close = (upTo: number) => {
      while (stack.length && stack[stack.length - 1]!.span.ts + stack[stack.length - 1]!.span.dur <= upTo) {
        const top = stack.pop()!;
        const key = label(top.span);
        totals.set(key, (totals.get(key) ?? 0) + Math.max(0, top.span.dur - top.child));
        if (stack.length) stack[stack.length - 1]!.child += top.span.dur;
      }
    };
    for (const s of inside) {
      close(s.ts);
      stack.push({ span: s, child: 0 });
    }
    close(Infinity);
  }
  return totals;
}

/** Self time (ms) by JavaScript function from the trace's CPU samples (ProfileChunk events) in one process. */
function jsSelfTimes(events: TraceEvent[], pid: number): [string, number][] {
  interface Node { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number } }
  const nodes = new Map<string, Node>();
  const totals = new Map<string, number>();
  for (const e of events) {
    if (e.pid !== pid || e.name !== 'ProfileChunk') continue;
    const profileId = String((e as { id?: string }).id ?? '');
    const chunk = (e.args?.data ?? {}) as { cpuProfile?: { nodes?: Node[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of chunk.cpuProfile?.nodes ?? []) nodes.set(`${profileId}:${n.id}`, n);
    const samples = chunk.cpuProfile?.samples ?? [];
    samples.forEach((id, i) => {
      const n = nodes.get(`${profileId}:${id}`);
      if (!n) return;
      const f = n.callFrame;
      const key = f.url ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}` : f.functionName || '(anonymous)';
      totals.set(key, (totals.get(key) ?? 0) + (chunk.timeDeltas?.[i] ?? 0));
    });
  }
  return [...totals]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, us]) => [k, us / 1000]);
}

interface TraceFigures {
  tasks: number;
  longest: number;
  p99: number;
  over: number;
  /** The longest tasks' self time by kind of work, largest first. */
  breakdown: [string, number][];
  /** With TRACKSIDE_BENCH_PROFILE=1: the whole window's JavaScript self time by function. */
  js: [string, number][];
  /** The longest task was still running when the trace stopped: `longest` is a lower bound. */
  unfinished: boolean;
  /**
   * CPU time of the longest task and the most CPU any task used (ms; NaN where the trace has no
   * thread times). A task far longer than its CPU time waited for a core: on a loaded 2-core
   * machine that is the scheduler, not the page's work.
   */
  longestCpu: number;
  maxCpu: number;
  thread: string;
}

function readTrace(buffer: Buffer, url: string): TraceFigures {
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const main = pageMainThread(events, url);
  if (!main) throw new Error(`no CrRendererMain thread in the trace (${events.length} events)`);
  const spans = spansOf(events, main.pid, main.tid);
  const tasks = topLevelTasks(spans);
  if (!tasks.length) throw new Error(`no RunTask events on CrRendererMain pid ${main.pid} (${spans.length} spans)`);
  const durs = tasks.map((t) => t.dur / 1000).sort((a, b) => a - b);
  const longestTask = tasks.reduce((a, b) => (b.dur > a.dur ? b : a));
  const long = tasks.filter((t) => t.dur / 1000 > GOAL_MS);
  // Attribute the long tasks, or the five longest when none is long.
  const examined = long.length ? long : [...tasks].sort((a, b) => b.dur - a.dur).slice(0, 5);
  const breakdown = [...selfTimes(spans, examined)]
    .filter(([name]) => !TASK_NAMES.includes(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, us]) => [name, us / 1000] as [string, number]);
  return {
    tasks: tasks.length,
    longest: longestTask.dur / 1000,
    p99: percentile(durs, 99),
    over: long.length,
    breakdown,
    js: PROFILE ? jsSelfTimes(events, main.pid) : [],
    unfinished: Boolean(longestTask.unfinished),
    longestCpu: (longestTask.tdur ?? NaN) / 1000,
    maxCpu: tasks.some((t) => t.tdur !== undefined) ? Math.max(...tasks.map((t) => t.tdur ?? 0)) / 1000 : NaN,
    thread: `pid ${main.pid} tid ${main.tid}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The page

/** The built renderer, built now if missing. Returns why not when it cannot be had. */
function ensureRenderer(): string | undefined {
  if (existsSync(RENDERER_INDEX)) {
    const builtAt = statSync(RENDERER_INDEX).mtimeMs;
    const newer = newestMtime(join(ROOT, 'renderer'));
    if (newer > builtAt) {
      out(`dashboard: note: out/renderer is older than renderer/ (built ${new Date(builtAt).toISOString()}); the figures are for that build — run \`npm run build\` to measure the current source`);
    }
    return undefined;
  }
  out('dashboard: out/renderer/index.html missing; running `npm run build` …');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    return `npm run build failed: ${(e.stderr?.toString() || e.message).trim().split('\n').slice(-3).join(' | ')}`;
  }
  return existsSync(RENDERER_INDEX) ? undefined : 'npm run build did not produce out/renderer/index.html';
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Unit rows of field events, high jump first: the row's own text, else its event's heading (the
 * row may show only the heat name). Each with its index among the page's `unit-row` elements and
 * its `data-unit` key when the row has one (stable if the list re-orders).
 */
async function fieldRows(page: Page): Promise<{ index: number; text: string; unit: string | null }[]> {
  return page.evaluate(() => {
    const order = [/high jump|\bHJ\b/i, /pole vault|\bPV\b/i, /long jump|triple jump|shot put|javelin|discus|hammer|\b(LJ|TJ|SP|JT|DT|HT)\b/i];
    const rows = [...document.querySelectorAll('[data-testid="unit-row"]')];
    const headingOf = (el: Element): string => {
      for (let n: Element | null = el; n; n = n.parentElement) {
        const h = n.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4');
        if (h && n !== document.body) return h.textContent ?? '';
      }
      return '';
    };
    const found: { index: number; text: string; unit: string | null; rank: number }[] = [];
    rows.forEach((row, index) => {
      const own = row.textContent ?? '';
      const text = `${own} ${order.some((re) => re.test(own)) ? '' : headingOf(row)}`.replace(/\s+/g, ' ').trim();
      const rank = order.findIndex((re) => re.test(text));
      if (rank >= 0) found.push({ index, text, unit: row.getAttribute('data-unit'), rank });
    });
    return found.sort((a, b) => a.rank - b.rank || a.index - b.index).map(({ index, text, unit }) => ({ index, text, unit }));
  });
}

interface Selection {
  /** The unit kept in focus (high jump) and another field unit clicked mid-window. */
  main?: Locator;
  other?: Locator;
  notes: string[];
}

function rowLocator(page: Page, row: { index: number; unit: string | null }): Locator {
  const rows = page.getByTestId('unit-row');
  return row.unit ? rows.and(page.locator(`[data-unit=${JSON.stringify(row.unit)}]`)) : rows.nth(row.index);
}

async function selectUnit(page: Page): Promise<Selection> {
  const notes: string[] = [];
  try {
    await page.getByTestId('unit-row').first().waitFor({ timeout: SELECTOR_TIMEOUT_MS });
  } catch {
    return { notes: ['no [data-testid=unit-row] within 5 s: measured without selecting a unit'] };
  }
  const field = await fieldRows(page);
  let first = field[0];
  if (!first) {
    first = { index: 0, text: '', unit: null };
    notes.push('no field-event unit row recognised: selected the first unit row');
  }
  const second = field.find((f) => f.index !== first.index);
  const main = rowLocator(page, first);
  try {
    await main.click({ timeout: SELECTOR_TIMEOUT_MS });
    notes.push(`selected unit row ${first.unit ?? `#${first.index}`}: "${first.text.slice(0, 60)}"`);
  } catch {
    return { notes: [...notes, 'unit row not clickable within 5 s: measured without selecting a unit'] };
  }
  try {
    await page.getByTestId('standings').first().waitFor({ timeout: SELECTOR_TIMEOUT_MS });
  } catch {
    notes.push('no [data-testid=standings] within 5 s after the click');
  }
  if (!second) notes.push('no second field unit: no mid-window click');
  return { main, other: second && rowLocator(page, second), notes };
}

/** The same interaction in both windows: halfway, look at another field unit for a second, then back. */
async function interact(sel: Selection, windowMs: number): Promise<void> {
  await sleep(windowMs / 2);
  if (!sel.main || !sel.other) return;
  await sel.other.click({ timeout: 2_000 }).catch(() => {});
  await sleep(1_000);
  await sel.main.click({ timeout: 2_000 }).catch(() => {});
}

async function lastSeq(url: string): Promise<number> {
  const res = await fetch(new URL('/api/health', url));
  const health = (await res.json()) as { cache: { lastSeq: number } };
  return Number(health.cache.lastSeq);
}

interface Window {
  trace: TraceFigures;
  /** Journal items written per second over the window, and per whole second of it. */
  rate: number;
  perSecond: number[];
  /** SSE messages the page dispatched (CDP Network.eventSourceMessageReceived) in the window; null if not counted. */
  received: number | null;
  /** After the window: how long the page took to dispatch what was sent, and how many it had not when the trace stopped. */
  drainMs: number;
  behind: number | null;
}

/** After the window, this long at most for the page to catch up before the trace stops. */
const DRAIN_MAX_MS = 20_000;

/**
 * Traces the page for `windowMs` (with `start` run as the window opens and `end` as it closes),
 * then lets the page catch up with what was sent, so a task still running at the window's end is
 * in the trace whole.
 */
async function measure(
  browser: Browser,
  page: Page,
  cdp: CDPSession | undefined,
  app: TracksideConsole,
  sel: Selection,
  windowMs: number,
  hooks: { start?: () => void; end?: () => void; savePath?: string } = {},
): Promise<Window> {
  let received = 0;
  const onMessage = () => received++;
  cdp?.on('Network.eventSourceMessageReceived', onMessage);
  try {
    await browser.startTracing(page, { categories: CATEGORIES, screenshots: false });
    const seq0 = await lastSeq(app.url);
    const t0 = performance.now();
    hooks.start?.();
    const samples: number[] = [seq0];
    const sampler = (async () => {
      for (let s = 1; s * 1000 <= windowMs; s++) {
        await sleep(t0 + s * 1000 - performance.now());
        samples.push(await lastSeq(app.url));
      }
    })();
    await Promise.all([interact(sel, windowMs), sampler, sleep(windowMs)]);
    hooks.end?.();
    const seq1 = await lastSeq(app.url);
    const elapsed = (performance.now() - t0) / 1000;
    const receivedInWindow = received;

    // Catch-up: every item sent dispatched (when counted), then one round trip through the page's event loop.
    const t1 = performance.now();
    const left = () => DRAIN_MAX_MS - (performance.now() - t1);
    // A page that dispatched nothing yet and answers at once is not following the stream: no wait.
    const answers = () => Promise.race([page.evaluate(() => true).catch(() => false), sleep(1_000).then(() => false)]);
    const listening = received > 0 || !(await answers());
    if (cdp && listening) while (received < seq1 - seq0 && left() > 0) await sleep(50);
    await Promise.race([page.evaluate(() => new Promise((r) => setTimeout(r, 0))).catch(() => {}), sleep(Math.max(0, left()))]);
    const drainMs = performance.now() - t1;
    await sleep(250);

    const buffer = await browser.stopTracing();
    if (hooks.savePath) writeFileSync(hooks.savePath, buffer);
    return {
      trace: readTrace(buffer, app.url),
      rate: (seq1 - seq0) / elapsed,
      perSecond: samples.slice(1).map((v, i) => v - samples[i]!),
      received: cdp ? receivedInWindow : null,
      drainMs,
      behind: cdp ? Math.max(0, seq1 - seq0 - received) : null,
    };
  } finally {
    cdp?.off('Network.eventSourceMessageReceived', onMessage);
  }
}

// ---------------------------------------------------------------------------------------------

interface Pass {
  idle: Window;
  load: Window;
  tracePath: string;
}

/** One pass: a fresh console and page, the idle window, then the loaded window. */
async function runPass(n: number): Promise<Pass> {
  const data = tempDir('trackside-bench-');
  let app: TracksideConsole | undefined;
  let browser: Browser | undefined;
  try {
    const config = parseCommandLine(
      ['--demo', '--demo-speed', String(SPEED), '--data-dir', data.path, '--port', '0', '--host', '127.0.0.1'],
      {},
    ).config!;
    app = createConsole(config, { log: silentLogger, rendererDir: RENDERER_DIR });
    await app.start();
    const sim = app.simulator!;
    // Pause the demo as soon as it starts playing (after the console's first load of the meet):
    // the page loads and is measured idle, then the replay resumes from there.
    const deadline = Date.now() + 20_000;
    while (sim.health().state !== 'playing') {
      if (Date.now() > deadline) throw new Error('the demo meet did not start playing within 20 s');
      await sleep(5);
    }
    sim.replayer.stop();
    const pausedAt = sim.replayer.stepIndex;

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    const notes: string[] = [];
    try {
      await page.getByRole('heading', { name: 'Trackside Demo Open' }).first().waitFor({ timeout: 10_000 });
    } catch {
      notes.push('heading "Trackside Demo Open" not shown within 10 s');
    }
    const sel = await selectUnit(page);
    notes.push(...sel.notes);
    let cdp: CDPSession | undefined;
    try {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
    } catch {
      cdp = undefined;
    }
    await sleep(1_000);

    const idle = await measure(browser, page, cdp, app, sel, IDLE_MS);
    const tracePath = artifactPath(`dashboard-load-trace-${n}.json`);
    const load = await measure(browser, page, cdp, app, sel, LOAD_MS, {
      start: () => sim.replayer.start(),
      end: () => sim.replayer.stop(),
      savePath: tracePath,
    });

    const fmtWindow = (w: Window) =>
      `${w.trace.tasks} tasks, longest ${ms(w.trace.longest)}, p99 ${ms(w.trace.p99)}, ${w.trace.over} over ${GOAL_MS} ms`;
    out(`dashboard: pass ${n}: machine ${machine()}; Chromium ${browser.version()}; demo at ${SPEED}x, paused at step ${pausedAt} for the idle window; renderer main thread ${load.trace.thread}`);
    for (const n of notes) out(`dashboard: ${n}`);
    out(`dashboard: idle ${IDLE_MS / 1000} s: ${fmtWindow(idle)}`);
    out(
      `dashboard: load ${LOAD_MS / 1000} s: ${load.rate.toFixed(1)} journal items/s achieved (per second ${Math.min(...load.perSecond)}–${Math.max(...load.perSecond)})` +
        `${load.received === null ? '' : `; the page dispatched ${load.received} SSE messages in the window (${(load.received / (LOAD_MS / 1000)).toFixed(1)}/s)`}` +
        `; caught up ${(load.drainMs / 1000).toFixed(1)} s after the replay stopped` +
        `${load.received === 0 ? ' — the page dispatched no SSE message at all: is it following /api/stream?' : load.behind ? ` — NOT caught up: ${load.behind} messages still undispatched after ${DRAIN_MAX_MS / 1000} s` : ''}`,
    );
    out(`dashboard: load: ${fmtWindow(load)}${load.trace.unfinished ? ' (the longest was still running when the trace stopped: a lower bound)' : ''}`);
    out(`dashboard: CPU time (thread time in the trace): the longest task ${ms(load.trace.longestCpu)} of its ${ms(load.trace.longest)}; the most any task used ${ms(load.trace.maxCpu)} (idle window: ${ms(idle.trace.maxCpu)})`);
    const where = load.trace.over ? `the ${load.trace.over} tasks over ${GOAL_MS} ms` : 'the 5 longest tasks';
    out(`dashboard: self time in ${where}: ${load.trace.breakdown.map(([n, t]) => `${n} ${ms(t)}`).join('; ') || '(no detail)'}`);
    if (PROFILE) out(`dashboard: JS self time over the loaded window (sampled): ${load.trace.js.map(([n, t]) => `${n} ${ms(t)}`).join('; ') || '(no samples)'}`);
    else out('dashboard: set TRACKSIDE_BENCH_PROFILE=1 to name the hottest JavaScript functions (sampling; the verdict is then only indicative)');
    out(`dashboard: the loaded window's trace: ${tracePath} (open in DevTools › Performance)`);
    if (errors.length) out(`dashboard: page errors: ${errors.slice(0, 3).join(' | ')}`);

    return { idle, load, tracePath };
  } finally {
    await browser?.close().catch(() => {});
    await app?.stop().catch(() => {});
    data.remove();
  }
}

/**
 * The longest task is a maximum, and on a shared 2-core machine one preemption of the renderer's
 * main thread can stretch a 7 ms task to 60-100 ms of wall time (its CPU time in the trace says
 * so). So the verdict is on the median of PASSES fresh passes; every pass is printed.
 */
const PASSES = 3;

it('dashboard: longest main-thread task with the demo meet at ~50 msg/s, vs the same page idle', async (ctx) => {
  if (!chromiumPresent) {
    out(`dashboard: skipped — no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
    ctx.skip();
  }
  const missing = ensureRenderer();
  if (missing) {
    out(`dashboard: skipped — no built renderer: ${missing}`);
    ctx.skip();
  }
  const passes: Pass[] = [];
  for (let n = 1; n <= PASSES; n++) passes.push(await runPass(n));
  const byLongest = [...passes].sort((a, b) => a.load.trace.longest - b.load.trace.longest);
  const median = byLongest[Math.floor(PASSES / 2)]!;
  const idleLongest = percentile(passes.map((p) => p.idle.trace.longest).sort((a, b) => a - b), 50);
  out(
    `dashboard: longest task per pass (wall / CPU): ${passes.map((p) => `${ms(p.load.trace.longest)} / ${ms(p.load.trace.longestCpu)}`).join(', ')}; ` +
      `most CPU in any task ${ms(Math.max(...passes.map((p) => p.load.trace.maxCpu)))}; idle windows' longest ${passes.map((p) => ms(p.idle.trace.longest)).join(', ')}`,
  );
  const ok = median.load.trace.longest <= GOAL_MS;
  report(
    'dashboard-longest-task',
    `${ms(median.load.trace.longest)}(median-of-${PASSES},worst=${ms(byLongest[PASSES - 1]!.load.trace.longest)})`,
    median.load.trace.longest / Math.max(idleLongest, 0.001),
    `<=${GOAL_MS}ms`,
    ok,
  );
});
