/**
 * The spine end to end: real pusher-js → local Pusher-protocol server, real HTTP stand-in →
 * core → SQLite file → HTTP/SSE, all on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../electron/core/app/console';
import { silentLogger } from '../../electron/core/config/log';
import { longJumpUnit, sprintResults, sprintUnit } from '../helpers/fixtures';
import { startLocalSources, type LocalSources } from '../helpers/local-sources';
import { openSse } from '../helpers/sse';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';

const KEY = 'spine-test-key';
const OVERVIEW = 'x-2026-TST-spine-test-overview';
const SPRINT_CHANNEL = `${OVERVIEW}-T01-1-1`;

let local: LocalSources;
let data: ReturnType<typeof tempDir>;
let app: TracksideConsole | undefined;

function configFor(dataDir: string) {
  return parseCommandLine(
    local.args(dataDir),
    {},
  ).config!;
}

async function startConsole(): Promise<TracksideConsole> {
  app = createConsole(configFor(data.path), { log: silentLogger, probeIntervalMs: 250, pollIntervalMs: 600_000 });
  await app.start();
  return app;
}

const api = (path: string) => getJson(new URL(path, app!.url).toString());

beforeEach(async () => {
  data = tempDir();
  local = await startLocalSources(KEY);
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  await local.stop();
  data.remove();
});

describe('following a meet live', () => {
  it('loads the competition and every unit over HTTP, and subscribes to the overview and unit channels', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(OVERVIEW);
    await local.pusher.waitForSubscribers(SPRINT_CHANNEL);
    await waitUntil(async () => (await api('/api/units/T01/1/1')).status === 200, 5_000, 'unit cached');

    const { body } = await api('/api/competition');
    expect(body.competition.fullName).toBe('Spine Test Meet');
    expect(body.events.map((e: { eventId: string }) => e.eventId).sort()).toEqual(['F01', 'T01']);
    const sprint = body.events.find((e: { eventId: string }) => e.eventId === 'T01').units[0];
    expect(sprint).toMatchObject({ eventId: 'T01', round: 1, heat: 1, heatName: 'Final', status: 'scheduled' });
    expect(sprint.cacheAgeMs).toBeGreaterThanOrEqual(0);
    expect((await api('/api/units/T01/1/1')).body.unit).toEqual(sprintUnit());
    expect((await api('/api/units/T01/9/9')).status).toBe(404);
  });

  it('a `unit` message on the unit channel reaches /api/units and /api/stream', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(SPRINT_CHANNEL);
    const stream = await openSse(new URL('/api/stream', app!.url).toString());
    try {
      const sent = Date.now();
      local.pusher.trigger(SPRINT_CHANNEL, 'unit', sprintResults());
      const event = await stream.waitFor((e) => JSON.parse(e.data).event === 'unit' && JSON.parse(e.data).source === 'opentrack-pusher');
      const item = JSON.parse(event.data);
      expect(Number(event.id)).toBe(item.seq);
      expect(item).toMatchObject({ channel: SPRINT_CHANNEL, accepted: true, changed: true, unit: { eventId: 'T01', round: 1, heat: 1 } });
      expect(Date.now() - sent).toBeLessThan(2_000);

      const unit = await api('/api/units/T01/1/1');
      expect(unit.body).toMatchObject({ source: 'opentrack-pusher', unit: sprintResults() });
      const standings = await api('/api/units/T01/1/1/standings');
      expect(standings.body.standings.map((s: { bib: string; place: number | null }) => [s.bib, s.place])).toEqual([
        ['12', 1],
        ['11', 2],
        ['13', null],
      ]);
      expect(standings.body.standings[0].name).toBe('Bo Placeholder');
    } finally {
      stream.close();
    }
  });

  it('results_arrived and latest_attempt appear in /api/feed, in order, with the stage and attempt kept apart', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(OVERVIEW);
    const { body: before } = await api('/api/feed?limit=500');
    local.pusher.trigger(OVERVIEW, 'results_arrived', {
      event_id: 'T01', round_no: 1, heat_no: 1, heat_name: 'Final', winner_performance: '10.41', winner_name: 'Bo Placeholder',
    });
    local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'LJ', bib: '21', round: 2, result: '6.12', athlete_name: 'Dee Example' });
    local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'HJ', bib: '31', height: '1.80', attempts_at_height: 'xo', result: 'o' });

    const items = await waitUntil(async () => {
      const page = (await api(`/api/feed?after=${before.next}`)).body;
      const overview = page.items.filter((i: { channel: string }) => i.channel === OVERVIEW);
      return overview.length === 3 ? overview : null;
    }, 5_000, 'three overview items');
    expect(items.map((i: { event: string }) => i.event)).toEqual(['results_arrived', 'latest_attempt', 'latest_attempt']);
    expect(items[0]).toMatchObject({ accepted: true, source: 'opentrack-pusher', unit: { eventId: 'T01', round: 1, heat: 1 } });
    expect(items[0].payload.winner_performance).toBe('10.41');
    expect(items[1].payload).toMatchObject({ round: 2, result: '6.12' });
    expect(items[2].payload).toMatchObject({ height: '1.80', attempts_at_height: 'xo' });
    expect(items[0].seq).toBeLessThan(items[1].seq);
    expect(typeof items[0].receivedAt).toBe('string');
  });

  it('pages the feed with next, never more than the limit', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(OVERVIEW);
    for (let i = 1; i <= 7; i++) local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'SP', bib: '5', round: i, result: `1${i}.00` });
    await waitUntil(async () => (await api('/api/feed?limit=500')).body.items.filter((i: { event: string }) => i.event === 'latest_attempt').length === 7);
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const { body } = await api(`/api/feed?after=${after}&limit=3`);
      expect(body.items.length).toBeLessThanOrEqual(3);
      if (!body.items.length) break;
      seen.push(...body.items.map((i: { seq: number }) => i.seq));
      after = body.next;
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect((await api('/api/feed?limit=501')).status).toBe(400);
  });

  it('a trimmed `unit` message is refused and the unit is fetched from its URL instead', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(SPRINT_CHANNEL);
    local.standIn.setUnit(sprintResults());
    const whole = JSON.stringify(sprintResults());
    local.pusher.trigger(SPRINT_CHANNEL, 'unit', whole.slice(0, whole.length / 2));
    await waitUntil(async () => (await api('/api/units/T01/1/1')).body.unit?.resultsStatus === 'provisional', 5_000, 'fetched unit');
    const { body } = await api('/api/feed?limit=500');
    const refused = body.items.find((i: { accepted: boolean; channel: string }) => !i.accepted && i.channel === SPRINT_CHANNEL);
    expect(refused.reason).toMatch(/malformed JSON/);
    expect((await api('/api/units/T01/1/1')).body.source).toBe('opentrack-http');
  });
});

describe('bad input', () => {
  it('truncated JSON, wrong types, unknown events and a 10 MB payload are refused, logged, and the console lives on', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(SPRINT_CHANNEL);
    await waitUntil(async () => (await api('/api/units/T01/1/1')).status === 200);
    const before = (await api('/api/units/T01/1/1')).body.unit;

    local.pusher.trigger(OVERVIEW, 'results_arrived', '{"event_id": "T01", "round_no": 1,');
    local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'LJ', bib: '21', round: 'second', result: 6.1 });
    local.pusher.trigger(OVERVIEW, 'fireworks', { boom: true });
    local.pusher.trigger(SPRINT_CHANNEL, 'unit', { ...sprintResults(), padding: 'x'.repeat(10 * 1024 * 1024) });

    const rejected = await waitUntil(async () => {
      const items = (await api('/api/feed?limit=500')).body.items.filter((i: { accepted: boolean }) => !i.accepted);
      return items.length >= 4 ? items : null;
    }, 10_000, 'four rejections');
    expect(rejected.map((i: { reason: string }) => i.reason)).toEqual([
      expect.stringMatching(/malformed JSON/),
      expect.stringMatching(/invalid latest_attempt/),
      expect.stringMatching(/unknown event "fireworks"/),
      expect.stringMatching(/payload too large/),
    ]);
    const big = rejected[3];
    expect(big.payloadTruncated).toBe(true);
    expect(big.payloadBytes).toBeGreaterThan(10 * 1024 * 1024);
    // The whole payload is kept aside for inspection.
    const raw = await fetch(new URL(`/api/journal/${big.seq}`, app!.url));
    expect((await raw.text()).length).toBe(big.payloadBytes);

    expect((await api('/api/health')).status).toBe(200);
    expect((await api('/api/units/T01/1/1')).body.unit).toEqual(before);
  });
});

describe('network loss and return', () => {
  it('catches up after an outage with no Pusher message: the cache equals the source within seconds', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(SPRINT_CHANNEL);
    await waitUntil(async () => (await api('/api/units/F01/1/1')).status === 200);

    await local.pusher.stop();
    await local.standIn.stop();
    await waitUntil(async () => (await api('/api/health')).body.sources['opentrack-http'].state === 'offline', 5_000, 'offline');
    const health = (await api('/api/health')).body;
    expect(health.status).toBe('offline');
    expect(health.sources['opentrack-pusher'].state).not.toBe('connected');

    // Meanwhile the meet goes on at the source.
    local.standIn.setUnit(sprintResults());
    local.standIn.setUnit(longJumpUnit([{ bib: '21', round: 1, result: '6.01', wind: 0.4 }]));
    const seqBeforeReturn = (await api('/api/health')).body.cache.lastSeq;

    const restoredAt = Date.now();
    await local.standIn.start();
    await local.pusher.start();
    await waitUntil(async () => {
      const [a, b] = await Promise.all([api('/api/units/T01/1/1'), api('/api/units/F01/1/1')]);
      return JSON.stringify(a.body.unit) === JSON.stringify(local.standIn.getUnit({ eventId: 'T01', round: 1, heat: 1 })) &&
        JSON.stringify(b.body.unit) === JSON.stringify(local.standIn.getUnit({ eventId: 'F01', round: 1, heat: 1 }));
    }, 8_000, 'cache equal to source');
    expect(Date.now() - restoredAt).toBeLessThan(5_000);
    // Nothing came over Pusher: the catch-up alone brought the changes.
    const sinceReturn = (await api(`/api/feed?after=${seqBeforeReturn}`)).body.items;
    expect(sinceReturn.filter((i: { source: string }) => i.source === 'opentrack-pusher')).toEqual([]);

    const { body: competition } = await api('/api/competition');
    const sprint = competition.events.find((e: { eventId: string }) => e.eventId === 'T01').units[0];
    expect(sprint.changedWhileOffline).toBe(true);
    const feed = (await api('/api/feed?limit=500')).body.items;
    expect(feed.some((i: { catchUp?: boolean; changed?: boolean; event: string }) => i.catchUp && i.changed && i.event === 'unit')).toBe(true);
    // Pusher is back too, and live messages flow again.
    await local.pusher.waitForSubscribers(SPRINT_CHANNEL, 1, 20_000);
    await waitUntil(async () => (await api('/api/health')).body.sources['opentrack-pusher'].state === 'connected', 20_000);
  });

  it('starts offline from an existing data dir, serves every cached unit, and catches up when the source returns', async () => {
    await startConsole();
    await waitUntil(async () => (await api('/api/units/F01/1/1')).status === 200 && (await api('/api/units/T01/1/1')).status === 200);
    const journalBefore = (await api('/api/feed?limit=500')).body.items.length;
    await app!.stop();
    app = undefined;
    await local.pusher.stop();
    await local.standIn.stop();

    await startConsole();
    const { body } = await api('/api/competition');
    expect(body.events.flatMap((e: { units: unknown[] }) => e.units)).toHaveLength(2);
    expect((await api('/api/units/T01/1/1')).body.unit).toEqual(sprintUnit());
    await waitUntil(async () => (await api('/api/health')).body.sources['opentrack-http'].state === 'offline', 20_000);
    expect((await api('/api/feed?limit=500')).body.items.length).toBeGreaterThanOrEqual(journalBefore);

    local.standIn.setUnit(sprintResults());
    await local.standIn.start();
    await local.pusher.start();
    await waitUntil(async () => (await api('/api/units/T01/1/1')).body.unit.resultsStatus === 'provisional', 8_000, 'caught up');
  });

  it('keeps every unit and the whole journal across a restart', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(SPRINT_CHANNEL);
    local.pusher.trigger(SPRINT_CHANNEL, 'unit', sprintResults());
    await waitUntil(async () => (await api('/api/units/T01/1/1')).body.unit?.resultsStatus === 'provisional');
    const feed = (await api('/api/feed?limit=500')).body.items;
    await app!.stop();
    // Only the cache can answer now.
    await local.pusher.stop();
    await local.standIn.stop();

    app = createConsole(configFor(data.path), { log: silentLogger, probeIntervalMs: 250, pollIntervalMs: 600_000 });
    await app.start();
    const after = (await api('/api/feed?limit=500')).body.items;
    expect(after.slice(0, feed.length)).toEqual(feed);
    expect((await api('/api/units/T01/1/1')).body.unit).toEqual(sprintResults());
  });
});

describe('SSE stream', () => {
  it('sends headers at once, and resumes after Last-Event-ID without a gap or a repeat', async () => {
    await startConsole();
    await local.pusher.waitForSubscribers(OVERVIEW);
    const first = await openSse(new URL('/api/stream', app!.url).toString());
    local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'SP', bib: '5', round: 1, result: '15.00' });
    const seen = await first.waitFor((e) => JSON.parse(e.data).event === 'latest_attempt');
    first.close();

    for (let i = 2; i <= 4; i++) local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'SP', bib: '5', round: i, result: `15.0${i}` });
    await waitUntil(async () => (await api(`/api/feed?after=${seen.id}`)).body.items.length >= 3);

    const resumed = await openSse(new URL('/api/stream', app!.url).toString(), { 'last-event-id': seen.id! });
    await resumed.waitFor((e) => JSON.parse(e.data).payload?.round === 4);
    local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'SP', bib: '5', round: 5, result: '15.05' });
    await resumed.waitFor((e) => JSON.parse(e.data).payload?.round === 5);
    const rounds = resumed.events.map((e) => JSON.parse(e.data)).filter((i) => i.event === 'latest_attempt').map((i) => i.payload.round);
    expect(rounds).toEqual([2, 3, 4, 5]);
    const ids = resumed.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    resumed.close();
  });
});
