/**
 * The MQTT fault in full (`npm run test:faults`): the broker down 30 s mid-meet, restarted with an
 * empty store; the console killed with SIGKILL meanwhile and started again.
 */
import { expect, it } from 'vitest';
import { built } from '../helpers/headless-process';
import { noMosquitto } from '../helpers/mosquitto';
import { mqttThroughOutage } from './mqtt-broker-down';

it.skipIf(!built || noMosquitto)('mqtt: the broker down 30 s mid-meet and back empty, the console killed -9 meanwhile: every event and every final state arrive', async () => {
  const r = await mqttThroughOutage({ outageMs: 30_000, speed: 15 });
  console.log(`mqtt outage: broker down ${r.outageMs} ms, ${r.backlogAtKill} waiting at the kill, ${r.events} events all delivered (${r.duplicates} redelivered), ${r.units} units' final states retained`);
  expect(r.outageMs).toBeGreaterThanOrEqual(30_000);
}, 10 * 60_000);
