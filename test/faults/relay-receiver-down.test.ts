/**
 * `npm test`'s run of the relay fault: the receiver down through two or three restarts (SIGKILL,
 * SIGTERM, SIGKILL), back before the schedule's 5 s retry. The 5-minute case is relay-receiver-down.fault.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalPusherServer } from '../../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';
import { FIXTURE_PATH, fixtureCompetition } from '../helpers/fixtures';
import { built, type RunningConsole } from '../helpers/headless-process';
import { Receiver } from '../helpers/relay-receiver';
import { tempDir } from '../helpers/temp-dir';
import { KEY, UNITS, heat, relayThroughRestarts } from './relay-receiver-down';

let secret = '';
const data = tempDir('trackside-relay-down-');
const track: { current?: RunningConsole } = {};
const receiver = new Receiver(() => [secret]);
const pusher = new LocalPusherServer({ key: KEY });
const standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition(Array.from({ length: UNITS }, (_, i) => heat(i))) });

beforeAll(async () => {
  await receiver.start();
  await pusher.start();
  await standIn.start();
});
afterAll(async () => {
  await track.current?.stop('SIGKILL');
  await receiver.stop();
  await pusher.stop();
  await standIn.stop();
  data.remove();
});

it.skipIf(!built)('relay: the receiver down through several restarts, then every message delivered once', async () => {
  const result = await relayThroughRestarts({
    dataDir: data.path, pusher, standIn, receiver, track, setSecret: (s) => (secret = s),
    signals: ['SIGKILL', 'SIGTERM', 'SIGKILL'], holdMs: 0, deliverWithinMs: 30_000, downBudgetMs: 2_500, minRestarts: 2,
  });
  console.log(`relay: ${result.restarts} restarts with the receiver down ${result.downMs} ms, ${result.refusedWhileDown} waiting, ${result.messages} messages all delivered ${result.deliveredMs} ms after it came back`);
  expect(result.restarts).toBeGreaterThanOrEqual(2);
  expect(result.refusedWhileDown).toBeGreaterThanOrEqual(2 * result.restarts);
}, 90_000);
