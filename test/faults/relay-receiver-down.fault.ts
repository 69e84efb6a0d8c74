/**
 * The relay fault in full (`npm run test:faults`): the receiver down through five restarts, long
 * enough that the 5 s retry fails too; every message is then delivered by the 5-minute retry.
 */
import { expect, it } from 'vitest';
import { built } from '../helpers/headless-process';
import { relayFaultSetup, relayThroughRestarts } from './relay-receiver-down';

const setup = relayFaultSetup();

it.skipIf(!built)('relay: the receiver down through five restarts and past the 5 s retry, then every message delivered once by the 5 min one', async () => {
  const result = await relayThroughRestarts({
    ...setup,
    signals: ['SIGKILL', 'SIGTERM', 'SIGKILL', 'SIGKILL', 'SIGTERM'], holdMs: 3_000, deliverWithinMs: 7 * 60_000,
  });
  console.log(`relay: ${result.restarts} restarts with the receiver down ${result.downMs} ms, ${result.refusedWhileDown} waiting, ${result.messages} messages all delivered ${result.deliveredMs} ms after it came back`);
  expect(result.refusedWhileDown).toBeGreaterThanOrEqual(10);
}, 10 * 60_000);
