/**
 * Graphics from the control topic, on a broker that wants credentials: take and clear reach the
 * on-air state the overlays show; malformed, unknown and retained commands are refused and
 * answered; a client without the broker's credentials cannot send anything at all.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from 'mqtt';
import { parseCommandLine } from '../../../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../../../electron/core/app/console';
import { silentLogger } from '../../../../electron/core/config/log';
import { Broker, noMosquitto, subscriber } from '../../../helpers/mosquitto';
import { tempDir } from '../../../helpers/temp-dir';
import { getJson, waitUntil } from '../../../helpers/wait';

const USERS = { console: 'console-secret-1', desk: 'desk-secret-2' };
let broker: Broker;
let data: ReturnType<typeof tempDir>;
let app: TracksideConsole | undefined;
let desk: Awaited<ReturnType<typeof subscriber>> | undefined;
const warnings: string[] = [];

beforeAll(async () => {
  if (noMosquitto) return;
  data = tempDir();
  broker = await new Broker({ users: USERS }).start();
});
afterAll(async () => {
  await app?.stop();
  await desk?.client.endAsync();
  await broker?.remove();
  data?.remove();
});

it.skipIf(noMosquitto)('takes and clears graphics from the control topic and refuses what is not a command', async () => {
  const config = parseCommandLine(
    ['--demo', '--port', '0', '--data-dir', data.path, '--mqtt-url', broker.url, '--mqtt-username', 'console', '--mqtt-password', USERS.console],
    {},
  ).config!;
  app = createConsole(config, { log: { ...silentLogger, warn: (l) => warnings.push(l) } });
  await app.start();
  await waitUntil(async () => (await getJson(`${app!.url}api/units/T01/1/1`)).status === 200, 15_000, 'the demo loaded');
  await waitUntil(() => app!.mqtt!.health().state === 'connected', 10_000, 'connected');
  const root = app.mqtt!.topics.root;
  desk = await subscriber(broker.url, `${root}/control/replies`, { username: 'desk', password: USERS.desk });
  const replies = () => desk!.received.map((m) => JSON.parse(m.payload) as { id: string | null; ok: boolean; error?: string; action: string | null });
  const send = async (payload: string, retain = false) => desk!.client.publishAsync(`${root}/control/graphics`, payload, { qos: 1, retain });
  const replyTo = async (id: string) => (await waitUntil(() => replies().find((r) => r.id === id), 10_000, `reply ${id}`))!;
  const graphic = async (id: string) => (await getJson(`${app!.url}api/graphics/${id}`)).body;

  await send(JSON.stringify({ id: 'manual', action: 'mode', mode: 'manual' }));
  expect(await replyTo('manual')).toMatchObject({ ok: true, action: 'mode' });
  await send(JSON.stringify({ id: 'take-1', action: 'take', graphic: 'start-list', unit: 'T01/1/1' }));
  expect(await replyTo('take-1')).toMatchObject({ ok: true, action: 'take' });
  expect(await graphic('start-list')).toMatchObject({ onAir: true, unit: { eventId: 'T01', round: 1, heat: 1 } });
  await send(JSON.stringify({ id: 'clear-1', action: 'clear', graphic: 'start-list' }));
  expect(await replyTo('clear-1')).toMatchObject({ ok: true });
  expect((await graphic('start-list')).onAir).toBe(false);

  // Refused, answered, logged; nothing changes on air.
  await send(JSON.stringify({ id: 'bad-action', action: 'explode', graphic: 'winner' }));
  await send(JSON.stringify({ id: 'bad-graphic', action: 'take', graphic: 'fireworks' }));
  await send(JSON.stringify({ id: 'bad-unit', action: 'take', graphic: 'start-list', unit: 'T01' }));
  await send(JSON.stringify({ id: 'extra', action: 'take', graphic: 'start-list', unit: 'T01/1/1', script: 'rm -rf /' }));
  await send(JSON.stringify({ id: 'retained', action: 'take', graphic: 'start-list', unit: 'T01/1/1' }), true);
  await send('{not json');
  for (const id of ['bad-action', 'bad-graphic', 'bad-unit', 'extra', 'retained']) expect((await replyTo(id)).ok).toBe(false);
  expect((await replyTo('bad-action')).error).toMatch(/action must be one of take, clear, next, mode/);
  expect((await replyTo('bad-graphic')).error).toMatch(/^graphic:/);
  expect((await replyTo('retained')).error).toMatch(/retained commands are refused/);
  await waitUntil(() => replies().some((r) => r.id === null && /not JSON/.test(r.error ?? '')), 10_000, 'reply to the unreadable one');
  expect((await graphic('start-list')).onAir).toBe(false);
  expect(warnings.filter((w) => w.startsWith('mqtt: refused a command')).length).toBe(6);

  // Only the control topic is a command: the console does not listen elsewhere.
  await desk.client.publishAsync(`${root}/control/graphics/extra`, JSON.stringify({ id: 'elsewhere', action: 'take', graphic: 'start-list', unit: 'T01/1/1' }), { qos: 1 });
  await send(JSON.stringify({ id: 'after', action: 'clear' }));
  await replyTo('after');
  expect(replies().some((r) => r.id === 'elsewhere')).toBe(false);

  // No credentials, no way in.
  const stranger = connect(broker.url, { reconnectPeriod: 0, connectTimeout: 5_000 });
  const refused = await new Promise<Error>((resolve) => stranger.once('error', resolve));
  stranger.end(true);
  expect(refused.message).toMatch(/Not authorized|Bad username/);
}, 60_000);
