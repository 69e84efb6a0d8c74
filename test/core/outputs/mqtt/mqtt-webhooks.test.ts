/**
 * Webhooks in, out on the broker: a World Triathlon timing snapshot becomes the program's retained
 * state (equal to /api/triathlon/programs/…) and an event on webhooks/triathlon; a TrackScore
 * message an event on webhooks/trackscore, once even when the provider redelivers it.
 */
import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCommandLine } from '../../../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../../../electron/core/app/console';
import { silentLogger } from '../../../../electron/core/config/log';
import { Broker, noMosquitto, subscriber } from '../../../helpers/mosquitto';
import { tempDir } from '../../../helpers/temp-dir';
import { timingStore } from '../../../helpers/triathlon';
import { getJson, waitUntil } from '../../../helpers/wait';

const TOKEN = 'mqtt-webhooks-token-0123456';
const SECRET = 'mqtt-webhooks-secret-0123456';
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

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(new URL(path, app!.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

it.skipIf(noMosquitto)('publishes triathlon programs as retained state and webhook messages as events', async () => {
  const config = parseCommandLine(['--demo', '--port', '0', '--data-dir', data.path, '--mqtt-url', broker.url, '--webhook-token', TOKEN, '--webhook-secret', SECRET], {}).config!;
  app = createConsole(config, { log: silentLogger });
  await app.start();
  await waitUntil(() => app!.mqtt!.health().state === 'connected', 10_000, 'connected');
  const root = app.mqtt!.topics.root;
  sub = await subscriber(broker.url, `${root}/#`);

  const timing = JSON.stringify({ subscription: 'timing.store', payload: timingStore({ progId: '4242', date: '2026-06-13 10:05:00' }) });
  expect((await post('/hooks/triathlon', timing, { 'triathlon-token': TOKEN })).status).toBe(200);
  const program = (await getJson(`${app.url}api/triathlon/programs/4242`)).body;
  await waitUntil(() => sub!.received.some((m) => m.topic === `${root}/triathlon/programs/4242` && isDeepStrictEqual(JSON.parse(m.payload), program)), 10_000, 'the program on its retained topic');
  const tri = await waitUntil(() => sub!.received.find((m) => m.topic === `${root}/webhooks/triathlon`), 10_000, 'the triathlon event');
  expect(JSON.parse(tri!.payload)).toMatchObject({ type: 'webhook.triathlon.timing.store', data: { subscription: 'timing.store', payload: { prog_id: '4242' } } });
  expect(tri!.retain).toBe(false);

  const body = (attempt: number) => JSON.stringify({ id: 'evt_77', type: 'result.published', delivery_attempt: attempt, data: { bib: '12' } });
  for (const attempt of [1, 2]) {
    const b = body(attempt);
    const res = await post('/hooks/trackscore', b, { 'x-trackscore-signature': `sha256=${createHmac('sha256', SECRET).update(b).digest('hex')}` });
    expect(res.status).toBe(200);
  }
  await waitUntil(() => sub!.received.some((m) => m.topic === `${root}/webhooks/trackscore`), 10_000, 'the trackscore event');
  await waitUntil(() => app!.mqtt!.health().backlog === 0, 10_000, 'outbox empty');
  // The redelivery was a duplicate: journaled, not accepted, not published.
  const ts = sub.received.filter((m) => m.topic === `${root}/webhooks/trackscore`).map((m) => JSON.parse(m.payload));
  expect(ts).toHaveLength(1);
  expect(ts[0]).toMatchObject({ type: 'webhook.trackscore.result.published', data: { id: 'evt_77', delivery_attempt: 1 } });
});
