/**
 * MQTT through a broker outage and a kill -9 of the console (the 30 s outage is in
 * test/faults/mqtt-broker-down.fault.ts): nothing lost, the broker's retained store healed.
 */
import { expect, it } from 'vitest';
import { built } from '../helpers/headless-process';
import { noMosquitto } from '../helpers/mosquitto';
import { mqttThroughOutage } from '../faults/mqtt-broker-down';

it.skipIf(!built || noMosquitto)('a broker outage with an empty store after it, and a kill -9 of the console meanwhile, lose no event', async () => {
  const r = await mqttThroughOutage({ outageMs: 4_000, speed: 60 });
  console.log(`mqtt outage: broker down ${r.outageMs} ms, ${r.backlogAtKill} waiting at the kill, ${r.events} events all delivered (${r.duplicates} redelivered), ${r.units} units' final states retained`);
  expect(r.backlogAtKill).toBeGreaterThan(5);
}, 240_000);
