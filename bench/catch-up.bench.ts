/**
 * Catch-up: a 300-unit meet followed from the repo's OpenTrack-shaped HTTP stand-in and the local
 * Pusher server. Both go away (a network drop), a third of the units change at the source
 * meanwhile, both come back. The figure is the catch-up itself: from the console's first request
 * after the return (the moment it noticed; the 2 s probe decides when that is, printed apart) to
 * the cache equal to the source, byte for byte, for every unit. The baseline is the same machine
 * fetching the competition and all 300 unit JSONs with plain fetch at the console's concurrency
 * (6), storing nothing, in the same run.
 */
import { expect, it } from 'vitest';
import { parseCommandLine } from '../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../electron/core/app/console';
import { silentLogger } from '../electron/core/config/log';
import { unitKeyString } from '../electron/core/model/opentrack';
import { LocalPusherServer } from '../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../electron/core/simulator/opentrack-http';
import { mapBounded } from '../electron/core/sources/opentrack/http-client';
import { localSourceArgs } from '../test/helpers/fixtures';
import { tempDir } from '../test/helpers/temp-dir';
import { BENCH_PATH, benchCompetition, benchUnit, demoTemplates, type BenchUnit } from './meet';
import { machine, report } from './report';

const UNITS = 300;
const CONCURRENCY = 6;
const GOAL_MS = 2_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const out = (line: string) => process.stdout.write(`${line}\n`);

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`catch-up bench: ${what} not within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Units whose cached copy is not the source's, byte for byte. */
function differing(app: TracksideConsole, competition: string, source: BenchUnit[]): string[] {
  return source.filter((u) => app.store.units.get(competition, u)?.json !== JSON.stringify(u)).map(unitKeyString);
}

/** Plain fetch of the competition and every unit at the same concurrency, bodies read, nothing stored. */
async function plainFetch(base: string, units: BenchUnit[]): Promise<number> {
  const t = performance.now();
  await (await fetch(`${base}${BENCH_PATH}json/`)).text();
  await mapBounded(units, CONCURRENCY, async (u) => {
    const res = await fetch(`${base}${BENCH_PATH}event/${u.eventId}/${u.round}/${u.heat}/json/`);
    if (!res.ok) throw new Error(`baseline: HTTP ${res.status}`);
    await res.text();
  });
  return performance.now() - t;
}

it('catch-up: 300-unit meet after an outage until the cache equals the source, vs plain fetch', async () => {
  const templates = demoTemplates();
  const units = Array.from({ length: UNITS }, (_, i) => benchUnit(templates, i));
  const standIn = new OpenTrackStandIn({ competitionPath: BENCH_PATH, competition: benchCompetition(units) });
  await standIn.start();
  const pusher = new LocalPusherServer({ key: 'bench' });
  await pusher.start();
  const data = tempDir('trackside-bench-');
  const config = parseCommandLine(
    localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: BENCH_PATH, pusherPort: pusher.port, key: 'bench', dataDir: data.path }),
    {},
  ).config!;
  // No routine poll in the window: the catch-up after the return is what is measured.
  const app = createConsole(config, { log: silentLogger, pollIntervalMs: 600_000 });
  try {
    await app.start();
    const competition = app.source!.competition;
    await until('first load', () => differing(app, competition, standIn.units()).length === 0, 30_000);
    const bytes = standIn.units().reduce((s, u) => s + JSON.stringify(u).length, 0);

    // The network drops: both the HTTP host and Pusher.
    await pusher.stop();
    await standIn.stop();
    const http = () => app.health().sources['opentrack-http'] as { state: string; lastCatchUp?: { reason: string; startedAt: string; durationMs: number } | null };
    await until('offline', () => http().state === 'offline', 15_000);

    // Meanwhile a third of the units get results, official status, a new dateModified.
    const changed = new Set<string>();
    for (let i = 0; i < UNITS; i += 3) {
      const u = benchUnit(templates, i, 30);
      u.resultsStatus = 'official';
      u.status = 'finished';
      standIn.setUnit(u);
      changed.add(unitKeyString(u));
    }
    const source = standIn.units();
    expect(differing(app, competition, source).length).toBe(changed.size);

    // Who asked first after the return, and when the last changed unit landed.
    const requestsBefore = [...standIn.requestCount.values()].reduce((a, b) => a + b, 0);
    let firstRequestAt = 0;
    let equalAt = 0;
    const pending = new Set(changed);
    const offBus = app.bus.on('unit', ({ key }) => {
      const k = unitKeyString(key);
      if (!pending.has(k)) return;
      if (app.store.units.get(competition, key)?.json === JSON.stringify(standIn.getUnit(key))) pending.delete(k);
      if (pending.size === 0 && !equalAt) equalAt = performance.now();
    });
    const watchFirst = setInterval(() => {
      if (!firstRequestAt && [...standIn.requestCount.values()].reduce((a, b) => a + b, 0) > requestsBefore) firstRequestAt = performance.now();
    }, 1);

    const restoredAt = performance.now();
    await standIn.start();
    await pusher.start();
    await until('cache equal to the source', () => equalAt > 0, 30_000);
    clearInterval(watchFirst);
    offBus();
    const left = differing(app, competition, source);
    expect(left).toEqual([]);
    await until('catch-up report', () => http().lastCatchUp?.reason === 'reconnect', 10_000);
    const catchUpMs = equalAt - firstRequestAt;
    const noticedMs = firstRequestAt - restoredAt;
    const flagged = app.store.units.list(competition).filter((u) => u.changedOffline).length;

    // Baseline, best of two, against the same host now serving the changed meet.
    const base = Math.min(await plainFetch(standIn.baseUrl, source), await plainFetch(standIn.baseUrl, source));

    out(
      `catch-up: machine ${machine()}; ${UNITS} units (${Math.round(bytes / 1024)} KB), ${changed.size} changed while offline (${flagged} flagged); ` +
        `noticed ${noticedMs.toFixed(0)} ms after the return (probe every 2 s), cache equal ${catchUpMs.toFixed(0)} ms later ` +
        `(${(equalAt - restoredAt).toFixed(0)} ms from the return; the console's own report: ${http().lastCatchUp?.durationMs} ms for all ${UNITS}); ` +
        `plain fetch of the same ${UNITS + 1} JSONs at concurrency ${CONCURRENCY}: ${base.toFixed(0)} ms`,
    );
    report('catch-up', `${catchUpMs.toFixed(0)}ms`, catchUpMs / base, `<=${GOAL_MS}ms`, catchUpMs <= GOAL_MS && flagged === changed.size);
  } finally {
    await app.stop();
    await pusher.stop();
    await standIn.stop();
    data.remove();
  }
});
