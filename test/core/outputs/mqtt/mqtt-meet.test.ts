/**
 * A whole demo meet, published to a real Mosquitto and read back by a subscriber: every unit's
 * retained state and standings equal what the console's API says, and every event the journal
 * implies arrives once, in order per unit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCommandLine } from '../../../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../../../electron/core/app/console';
import { silentLogger } from '../../../../electron/core/config/log';
import { Broker, noMosquitto, subscriber } from '../../../helpers/mosquitto';
import { tempDir } from '../../../helpers/temp-dir';
import { getJson, waitUntil } from '../../../helpers/wait';
import { eventsOf, expectedEventIds, outOfOrder, retainedMismatches } from './meet-check';

let broker: Broker;
let data: ReturnType<typeof tempDir>;
let app: TracksideConsole | undefined;
let sub: Awaited<ReturnType<typeof subscriber>> | undefined;

beforeAll(async () => {
  if (noMosquitto) return;
  data = tempDir();
  broker = await new Broker().start();
});
afterAll(async () => {
  await app?.stop();
  await sub?.client.endAsync();
  await broker?.remove();
  data?.remove();
});

it.skipIf(noMosquitto)('a whole demo meet arrives on a subscriber: retained states equal the API, every event once and in order', async () => {
  sub = await subscriber(broker.url, 'trackside/#');
  const config = parseCommandLine(['--demo', '--demo-speed', '100', '--port', '0', '--data-dir', data.path, '--mqtt-url', broker.url], {}).config!;
  app = createConsole(config, { log: silentLogger, probeIntervalMs: 500 });
  await app.start();
  const root = app.mqtt!.topics.root;
  expect(root).toBe('trackside/x-2026-TSD-trackside-demo-open');

  await waitUntil(() => app!.simulator!.replayer.finished, 90_000, 'the demo meet played to its end');
  // The demo loops after a pause; one meet is what is compared.
  app.simulator!.replayer.stop();
  await waitUntil(async () => (await getJson(`${app!.url}api/health`)).body.mqtt.backlog === 0, 20_000, 'the outbox empty');

  const expected = await expectedEventIds(app.url);
  expect(expected.filter((id) => id.endsWith(':result.arrived')).length).toBeGreaterThan(5);
  expect(expected.filter((id) => id.endsWith(':attempt.recorded')).length).toBeGreaterThan(50);
  await waitUntil(() => new Set(eventsOf(sub!.received, root).map((e) => e.id)).size >= expected.length, 20_000, 'every event on the subscriber');
  const events = eventsOf(sub.received, root);
  const ids = events.map((e) => e.id);
  const wanted = new Set(expected);
  expect(expected.filter((id) => !ids.includes(id))).toEqual([]);
  // Once each: no redelivery without an outage.
  expect(ids.filter((id) => wanted.has(id)).length).toBe(expected.length);
  expect(outOfOrder(events)).toEqual([]);
  // New leaders in field events and races, each announced once.
  const leaders = events.filter((e) => e.type === 'leader.changed');
  expect(leaders.length).toBeGreaterThan(10);
  expect(new Set(leaders.map((e) => e.id)).size).toBe(leaders.length);

  await waitUntil(async () => (await retainedMismatches(app!.url, sub!.received, root)).length === 0, 10_000, 'retained states equal to the API').catch(() => undefined);
  expect(await retainedMismatches(app.url, sub.received, root)).toEqual([]);

  const health = (await getJson(`${app.url}api/health`)).body;
  expect(health.mqtt).toMatchObject({ state: 'connected', lastError: null, backlog: 0 });
  const status = sub.received.filter((m) => m.topic === `${root}/status`).at(-1)!;
  expect(JSON.parse(status.payload)).toMatchObject({ online: true, state: 'online' });

  // The broker restarts with an empty store after the meet (nothing changes any more): the
  // console's reconnect publishes every state again, so a subscriber arriving now has them all.
  await broker.stop();
  await waitUntil(() => app!.mqtt!.health().state !== 'connected', 10_000, 'the console sees the broker gone');
  await broker.start();
  await waitUntil(() => app!.mqtt!.health().state === 'connected', 20_000, 'connected again');
  const fresh = await subscriber(broker.url, `${root}/#`);
  try {
    await waitUntil(async () => (await retainedMismatches(app!.url, fresh.received, root)).length === 0, 15_000, 'every state retained again');
    expect(fresh.received.filter((m) => m.retain && m.topic.endsWith('/events'))).toEqual([]);
    expect(JSON.parse(fresh.received.find((m) => m.topic === `${root}/status`)!.payload)).toMatchObject({ online: true });
  } finally {
    await fresh.client.endAsync();
  }
}, 150_000);
