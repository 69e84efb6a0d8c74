/**
 * The OpenTrack source goes away mid-meet (HTTP host and Pusher both unreachable) while the meet
 * goes on: most units get results, new heats are added. The real console process keeps serving its
 * cache; when the network returns, every unit in the cache equals the source's copy (100 % of them,
 * the new ones included), and exactly the units it held that changed are flagged "changed while
 * offline".
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixtureCompetition } from '../helpers/fixtures';
import { startLocalSources, type LocalSources } from '../helpers/local-sources';
import { differences as differ, fieldPool, keyOf, trackHeat } from './outage-meet';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';

const KEY = 'outage-test-key';
const OVERVIEW = 'x-2026-TST-spine-test-overview';
const TRACK = 40;
const FIELD = 20;

let local: LocalSources;
let data: ReturnType<typeof tempDir>;
let running: RunningConsole | undefined;
const differences = (url: string) => differ(url, local.standIn);

beforeEach(async () => {
  data = tempDir('trackside-outage-');
  const units = [...Array.from({ length: TRACK }, (_, i) => trackHeat(i)), ...Array.from({ length: FIELD }, (_, i) => fieldPool(i))];
  local = await startLocalSources(KEY, fixtureCompetition(units));
});

afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
  await local.stop();
  data.remove();
});

it.skipIf(!built)('after an outage mid-meet with units changed meanwhile, the cache equals the source for every unit', async () => {
  running = await runHeadless(
    local.args(data.path),
    {},
    30_000,
  );
  const url = running.url;
  await waitUntil(async () => (await differences(url)).length === 0, 20_000, 'first load equal to the source');
  // The meet is live: a few results come over Pusher first.
  await local.pusher.waitForSubscribers(`${OVERVIEW}-T10-1-1`, 1, 30_000);
  for (let i = 0; i < 4; i++) {
    const unit = trackHeat(i, true, 5);
    local.standIn.setUnit(unit);
    local.pusher.trigger(`${OVERVIEW}-${unit.eventId}-${unit.round}-${unit.heat}`, 'unit', unit);
  }
  await waitUntil(async () => (await differences(url)).length === 0, 10_000, 'live results in the cache');

  await local.stop();
  await waitUntil(async () => (await getJson(`${url}api/health`)).body.sources['opentrack-http'].state === 'offline', 15_000, 'offline');

  // Meanwhile at the source: results for two thirds of the track heats, rounds in every field
  // event, and three heats added to the schedule.
  const changed = new Set<string>();
  for (let i = 4; i < TRACK; i++) {
    if (i % 3 === 0) continue;
    const u = trackHeat(i, true, 20);
    local.standIn.setUnit(u);
    changed.add(keyOf(u));
  }
  for (let i = 0; i < FIELD; i++) {
    const u = fieldPool(i, 1 + (i % 3), 21);
    local.standIn.setUnit(u);
    changed.add(keyOf(u));
  }
  for (let i = TRACK; i < TRACK + 3; i++) local.standIn.setUnit(trackHeat(i, false, 22));
  // The console keeps serving its cache meanwhile.
  const offline = await getJson(`${url}api/units/T10/1/1`);
  expect(offline.status).toBe(200);
  expect(offline.body.unit).toEqual(trackHeat(0, true, 5));
  expect((await differences(url)).length).toBe(changed.size + 3);

  const restoredAt = Date.now();
  await local.standIn.start();
  await local.pusher.start();
  await waitUntil(async () => (await differences(url)).length === 0, 30_000, 'cache equal to the source after the outage');
  const catchUpMs = Date.now() - restoredAt;
  console.log(`outage: ${local.standIn.units().length} units, ${changed.size} changed + 3 added while offline, equal ${catchUpMs} ms after the network returned`);

  const { body } = await getJson<{ events: { units: { eventId: string; round: number; heat: number; changedWhileOffline: boolean }[] }[] }>(`${url}api/competition`);
  const flagged = new Set(body.events.flatMap((e) => e.units.filter((u) => u.changedWhileOffline).map(keyOf)));
  expect([...flagged].sort()).toEqual([...changed].sort());
  // Live again: Pusher back and a message gets through.
  await local.pusher.waitForSubscribers(`${OVERVIEW}-T10-1-1`, 1, 30_000);
  const after = { ...trackHeat(0, true, 30), resultsStatus: 'official', dateModified: '2026-06-01 17:31:00', windAssistance: '+0.4' };
  local.standIn.setUnit(after);
  local.pusher.trigger(`${OVERVIEW}-T10-1-1`, 'unit', after);
  await waitUntil(async () => (await getJson(`${url}api/units/T10/1/1`)).body.unit?.windAssistance === '+0.4', 10_000, 'live update after the outage');
}, 180_000);
