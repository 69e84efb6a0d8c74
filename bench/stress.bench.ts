/**
 * Stress: the console (its own process, as `npm start` runs it headless) under everything at once
 * for STRESS_SECONDS (default 60): 100 SSE readers that never read over a ~10 MB journal, 10 loops
 * of full feed pages, 1 MB Pusher `unit` messages at 5/s, and attempts at 50 msg/s, while one reader
 * keeps up. Baseline: the same console idle, measured first in the same run.
 *
 * Printed: peak RSS, /api/health p99, event-loop delay p99 (the console's own
 * monitorEventLoopDelay, reported in /api/health), and messages lost (journaled and delivered to
 * the reader that keeps up).
 */
import { readFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { it } from 'vitest';
import { Store } from '../electron/core/store/store';
import { LocalPusherServer } from '../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../electron/core/simulator/opentrack-http';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { localSourceArgs } from '../test/helpers/fixtures';
import { runHeadless } from '../test/helpers/headless-process';
import { openSse } from '../test/helpers/sse';
import { tempDir } from '../test/helpers/temp-dir';
import { BENCH_PATH, benchCompetition, benchUnit, demoTemplates } from './meet';
import { machine, percentile, report } from './report';

const SECONDS = Number(process.env.STRESS_SECONDS ?? 60);
const SLOW_READERS = 100;
const FEED_LOOPS = 10;
const BIG_PER_SECOND = 5;
const ATTEMPTS_PER_SECOND = 50;
const UNITS = 40;
const KEY = 'stress';
const OVERVIEW = 'x-2026-TST-bench-meet-overview';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A track unit of about `bytes` bytes that validates as a whole unit: a long start list with splits. */
function bigUnit(template: Record<string, unknown>, bytes: number, version: number): Record<string, unknown> {
  const unit = structuredClone(template) as Record<string, unknown> & { results: Record<string, unknown>[] };
  const base = unit.results[0] ?? { bib: '1', performance: '10.00' };
  const results: Record<string, unknown>[] = [];
  let size = JSON.stringify(unit).length;
  for (let i = 0; size < bytes; i++) {
    const r: Record<string, unknown> = { ...base, bib: String(1000 + i), place: i + 1, performance: `${10 + i / 100}`, order: i + 1, note: `v${version}` };
    r.splits = Array.from({ length: 10 }, (_, k) => ({ distance: (k + 1) * 100, elapsedTime: `${(k + 1) * 12}.${k}`, lapTime: `12.${k}` }));
    const add = JSON.stringify(r).length + 1;
    if (size + add > bytes) break;
    results.push(r);
    size += add;
  }
  unit.results = results;
  unit.dateModified = `2026-06-01T18:00:${String(version % 60).padStart(2, '0')}Z`;
  return unit;
}

function fillJournal(dataDir: string, bytes: number): number {
  const store = Store.open(dataDir);
  let written = 0;
  let n = 0;
  store.transaction(() => {
    while (written < bytes) {
      const payload = JSON.stringify({ event_code: 'LJ', bib: String(n % 300), round: (n % 6) + 1, result: '7.12', athlete_name: `Prefilled Athlete ${n}`, pad: 'p'.repeat(900) });
      store.journal.append({ source: 'opentrack-pusher', channel: OVERVIEW, event: 'latest_attempt', payload, receivedAt: Date.now(), accepted: true, competition: 'x-2026-TST-bench-meet' });
      written += payload.length;
      n++;
    }
  });
  store.close();
  return n;
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

async function healthOnce(url: string): Promise<{ ms: number; body: any }> {
  const t = performance.now();
  const res = await fetch(new URL('/api/health', url));
  const body = await res.json();
  return { ms: performance.now() - t, body };
}

/** Polls health every 100 ms until stopped; returns latencies and the loop-delay windows seen. */
function pollHealth(url: string) {
  const latencies: number[] = [];
  const loopP99: number[] = [];
  const heapUsed: number[] = [];
  const external: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const { ms, body } = await healthOnce(url);
      latencies.push(ms);
      if (body.process) {
        loopP99.push(body.process.eventLoopDelayP99Ms);
        heapUsed.push(body.process.heapUsedBytes);
        external.push(body.process.externalBytes);
      }
      await sleep(100);
    }
  })();
  return {
    latencies,
    loopP99,
    heapUsed,
    external,
    async stop() {
      running = false;
      await done;
    },
  };
}

function slowReader(url: string): ClientRequest {
  const req = request(new URL('/api/stream?after=0', url), { headers: { accept: 'text/event-stream' } }, (res) => {
    res.pause(); // never reads
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  req.end();
  return req;
}

it(`stress: ${SLOW_READERS} slow SSE readers + ${FEED_LOOPS} feed loops + 1 MB units at ${BIG_PER_SECOND}/s + ${ATTEMPTS_PER_SECOND} msg/s for ${SECONDS} s`, async () => {
  buildIfStale({ quiet: true });
  const data = tempDir();
  const prefilled = fillJournal(data.path, 10.5 * 1024 * 1024);
  const templates = demoTemplates();
  const units = Array.from({ length: UNITS }, (_, i) => benchUnit(templates, i));
  const pusher = new LocalPusherServer({ key: KEY });
  await pusher.start();
  const standIn = new OpenTrackStandIn({ competitionPath: BENCH_PATH, competition: benchCompetition(units) });
  await standIn.start();
  const app = await runHeadless(localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: BENCH_PATH, pusherPort: pusher.port, key: KEY, dataDir: data.path }),
    {},
    60_000,
    // STRESS_ENTRY: another script to run instead of the headless entry (a profiling wrapper).
    process.env.STRESS_ENTRY,
  );
  const pid = app.child.pid!;
  try {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
      if ((await healthOnce(app.url)).body.sources['opentrack-http']?.lastCatchUp) break;
    }
    // Baseline: the same console, idle, one full loop-delay window.
    const idle = pollHealth(app.url);
    await sleep(11_000);
    await idle.stop();
    const idleRss = rssBytes(pid);
    const idleHealth = [...idle.latencies].sort((a, b) => a - b);
    const idleLoop = idle.loopP99.length ? idle.loopP99[idle.loopP99.length - 1]! : 0;

    // Stress.
    const firstSeq = (await healthOnce(app.url)).body.cache.lastSeq as number;
    const keeper = await openSse(new URL(`/api/stream?after=${firstSeq}`, app.url).toString());
    const readers = Array.from({ length: SLOW_READERS }, () => slowReader(app.url));
    const health = pollHealth(app.url);
    let running = true;
    let peakRss = idleRss;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(pid))), 250);
    const feedLoops = Array.from({ length: FEED_LOOPS }, async () => {
      let pages = 0;
      while (running) {
        const res = await fetch(new URL('/api/feed?after=0&limit=500', app.url));
        await res.arrayBuffer();
        pages++;
      }
      return pages;
    });
    let sentBig = 0;
    let sentAttempts = 0;
    const started = Date.now();
    const bigTemplate = templates.find((t) => Array.isArray(t.results) && (t.results as unknown[]).length > 0 && !t.trials) ?? templates[0]!;
    const producer = (async () => {
      for (let tick = 0; Date.now() - started < SECONDS * 1000; tick++) {
        const due = started + tick * 20;
        await sleep(Math.max(0, due - Date.now()));
        pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'LJ', bib: String(tick % 300), round: (tick % 6) + 1, result: '7.20', athlete_name: `Stress ${tick}`, seq: tick });
        sentAttempts++;
        if (tick % (ATTEMPTS_PER_SECOND / BIG_PER_SECOND) === 0) {
          const u = units[sentBig % UNITS]!;
          const big = bigUnit({ ...bigTemplate, eventId: u.eventId, round: u.round, heat: u.heat }, 1_000_000, sentBig);
          pusher.trigger(`${OVERVIEW}-${u.eventId}-${u.round}-${u.heat}`, 'unit', big);
          sentBig++;
        }
      }
    })();
    await producer;
    running = false;
    const pages = (await Promise.all(feedLoops)).reduce((a, b) => a + b, 0);
    // Everything sent has reached the journal and the reader that keeps up, or is lost.
    const wanted = sentAttempts + sentBig;
    const deadline = Date.now() + 30_000;
    let delivered = 0;
    for (; Date.now() < deadline; await sleep(200)) {
      delivered = keeper.events.filter((e) => /"source":"opentrack-pusher"/.test(e.data)).length;
      if (delivered >= wanted) break;
    }
    await health.stop();
    clearInterval(rssTimer);
    const final = (await healthOnce(app.url)).body;
    const journaled = (final.cache.lastSeq as number) - firstSeq;
    for (const r of readers) r.destroy();
    keeper.close();

    const h = [...health.latencies].sort((a, b) => a - b);
    const [h99, h50, idle99] = [percentile(h, 99), percentile(h, 50), percentile(idleHealth, 99)];
    const loop99 = Math.max(0, ...health.loopP99);
    const lost = Math.max(0, wanted - delivered);
    process.stdout.write(
      `stress: machine ${machine()}; ${SECONDS} s; journal prefilled with ${prefilled} rows (10.5 MB); sent ${sentAttempts} attempts + ${sentBig} units of 1 MB; ` +
        `${pages} feed pages served; journaled ${journaled} rows (incl. HTTP fetches); delivered to the reader that keeps up ${delivered}/${wanted}; ` +
        `streams ${JSON.stringify(final.streams)}; idle: RSS ${(idleRss / 1e6).toFixed(0)} MB, health p99 ${idle99.toFixed(1)} ms, loop p99 ${idleLoop} ms; ` +
        `stress: peak RSS ${(peakRss / 1e6).toFixed(0)} MB (main thread's heap at most ${(Math.max(...health.heapUsed) / 1e6).toFixed(0)} MB, its buffers ${(Math.max(...health.external) / 1e6).toFixed(0)} MB), health p50 ${h50.toFixed(1)} / p99 ${h99.toFixed(1)} / max ${h[h.length - 1]!.toFixed(1)} ms, loop p99 per 10 s window ${health.loopP99.filter((v, i, all) => v !== all[i - 1]).join(' / ')} ms\n`,
    );
    report('stress-peak-rss', `${(peakRss / 1e6).toFixed(0)}MB`, peakRss / idleRss, '<=300MB', peakRss <= 300e6);
    report('stress-health-p99', `${h99.toFixed(1)}ms`, h99 / Math.max(idle99, 0.1), '<=50ms', h99 <= 50);
    report('stress-loop-delay-p99', `${loop99.toFixed(1)}ms`, loop99 / Math.max(idleLoop, 0.1), '<=20ms', loop99 <= 20);
    report('stress-lost', `${lost}of${wanted}`, lost / wanted, '0', lost === 0);
  } finally {
    await app.stop();
    await pusher.stop();
    await standIn.stop();
    data.remove();
  }
});
