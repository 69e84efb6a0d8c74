/**
 * The harder outage (`npm run test:faults`): the venue network goes silent rather than refusing.
 * Between the real console and both sources sits a TCP link that, when cut, moves no more bytes
 * on open connections and accepts new ones into silence; nothing is reset. The console must
 * notice by itself (pusher-js's ping gets no pong; the HTTP probe times out), keep serving its
 * cache, and when the bytes flow again, catch up until the cache equals the source for every unit.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LocalPusherServer } from '../../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';
import { FIXTURE_PATH, fixtureCompetition, localSourceArgs } from '../helpers/fixtures';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { NetworkLink } from '../helpers/network-link';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';
import { differences as differ, fieldPool, keyOf, trackHeat } from './outage-meet';

const KEY = 'blackhole-test-key';
const OVERVIEW = 'x-2026-TST-spine-test-overview';
const TRACK = 40;
const FIELD = 20;

let pusher: LocalPusherServer;
let standIn: OpenTrackStandIn;
let httpLink: NetworkLink;
let wsLink: NetworkLink;
let data: ReturnType<typeof tempDir>;
let running: RunningConsole | undefined;
const differences = (url: string) => differ(url, standIn);

beforeEach(async () => {
  data = tempDir('trackside-blackhole-');
  // Pusher's own servers ask for a ping after 120 s of silence; 5 s keeps the test short.
  // Pusher's real activity timeout (120 s): the console's own ping interval must notice sooner.
  pusher = new LocalPusherServer({ key: KEY });
  await pusher.start();
  const units = [...Array.from({ length: TRACK }, (_, i) => trackHeat(i)), ...Array.from({ length: FIELD }, (_, i) => fieldPool(i))];
  standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition(units) });
  await standIn.start();
  httpLink = await new NetworkLink(Number(new URL(standIn.baseUrl).port)).start();
  wsLink = await new NetworkLink(pusher.port).start();
});

afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
  await httpLink.stop();
  await wsLink.stop();
  await pusher.stop();
  await standIn.stop();
  data.remove();
});

it.skipIf(!built)('a silent network drop mid-meet: noticed, cache served, and equal to the source for every unit after it returns', async () => {
  running = await runHeadless(
    localSourceArgs({ standInUrl: `http://127.0.0.1:${httpLink.port}`, competitionPath: FIXTURE_PATH, pusherPort: wsLink.port, key: KEY, dataDir: data.path }),
    {},
    30_000,
  );
  const url = running.url;
  await waitUntil(async () => (await differences(url)).length === 0, 20_000, 'first load');
  await pusher.waitForSubscribers(`${OVERVIEW}-T10-1-1`, 1, 30_000);

  await httpLink.cut('blackhole');
  await wsLink.cut('blackhole');
  const cutAt = Date.now();
  const changed = new Set<string>();
  for (let i = 0; i < TRACK; i += 2) {
    const u = trackHeat(i, true, 20);
    standIn.setUnit(u);
    changed.add(keyOf(u));
    // OpenTrack pushes too; these frames go into the silent connection.
    if (i % 8 === 0) pusher.trigger(`${OVERVIEW}-${u.eventId}-${u.round}-${u.heat}`, 'unit', u);
  }
  for (let i = 0; i < FIELD; i += 3) {
    const u = fieldPool(i, 2, 21);
    standIn.setUnit(u);
    changed.add(keyOf(u));
  }
  standIn.setUnit(trackHeat(TRACK, false, 22));

  await waitUntil(async () => (await getJson(`${url}api/health`)).body.sources['opentrack-http'].state === 'offline', 90_000, 'the console notices the silence');
  const noticedMs = Date.now() - cutAt;
  // Ping after 30 s of silence, 10 s for the pong, and the HTTP probe: well before Pusher's 150 s.
  expect(noticedMs).toBeLessThan(60_000);
  expect((await getJson(`${url}api/units/T10/1/1`)).body.unit).toEqual(trackHeat(0));

  await httpLink.restore();
  await wsLink.restore();
  const restoredAt = Date.now();
  await waitUntil(async () => (await differences(url)).length === 0, 60_000, 'cache equal to the source after the network returns');
  const equalMs = Date.now() - restoredAt;
  console.log(`blackhole: noticed after ${noticedMs} ms; ${standIn.units().length} units (${changed.size} changed, 1 added) equal ${equalMs} ms after the network returned`);
  await waitUntil(async () => (await getJson(`${url}api/health`)).body.sources['opentrack-pusher'].state === 'connected', 60_000, 'Pusher connected again');
}, 240_000);
