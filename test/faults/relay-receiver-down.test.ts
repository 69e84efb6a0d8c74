/**
 * `npm test`'s run of the relay fault: the receiver down through two or three restarts (SIGKILL,
 * SIGTERM, SIGKILL) and back while the console is down for the last one, so the console delivers
 * its outbox as it starts, however long the restarts took. The 5-minute case is relay-receiver-down.fault.ts.
 */
import { expect, it } from 'vitest';
import { built } from '../helpers/headless-process';
import { relayFaultSetup, relayThroughRestarts } from './relay-receiver-down';

const setup = relayFaultSetup();

it.skipIf(!built)('relay: the receiver down through several restarts, then every message delivered once', async () => {
  const result = await relayThroughRestarts({
    ...setup,
    signals: ['SIGKILL', 'SIGTERM', 'SIGKILL'], holdMs: 0, deliverWithinMs: 30_000, downBudgetMs: 2_500, minRestarts: 2, receiverBackBeforeLastStart: true,
  });
  console.log(`relay: ${result.restarts} restarts with the receiver down ${result.downMs} ms, ${result.refusedWhileDown} waiting, ${result.messages} messages all delivered ${result.deliveredMs} ms after it came back`);
  expect(result.restarts).toBeGreaterThanOrEqual(2);
  expect(result.refusedWhileDown).toBeGreaterThanOrEqual(2 * result.restarts);
}, 600_000);
