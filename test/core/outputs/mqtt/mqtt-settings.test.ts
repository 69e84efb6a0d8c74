/**
 * MQTT set up from the Settings page instead of flags: the broker URL, user, password and prefix
 * saved through `/api/settings`, applied by a restart, and the restarted console publishing with
 * them; the password never read back; a URL that is not a broker's refused beside its field.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/config/log';
import { SettingsViewSchema } from '../../../../electron/core/model/settings';
import { startConsoleRunner, type ConsoleRunner } from '../../../../electron/core/app/runner';
import { FIXTURE_PATH, fixtureCompetition } from '../../../helpers/fixtures';
import { Broker, noMosquitto, subscriber } from '../../../helpers/mosquitto';
import { tempDir } from '../../../helpers/temp-dir';
import { waitUntil } from '../../../helpers/wait';

const PASSWORD = 'saved-broker-password-1';
let broker: Broker;
let data: ReturnType<typeof tempDir>;
let runner: ConsoleRunner | undefined;

beforeAll(async () => {
  if (noMosquitto) return;
  data = tempDir();
  broker = await new Broker({ users: { venue: PASSWORD } }).start();
});
afterAll(async () => {
  await runner?.stop();
  await broker?.remove();
  data?.remove();
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(new URL(path, runner!.url), { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

it.skipIf(noMosquitto)('saves the broker on the Settings page and publishes with it after a restart', async () => {
  runner = await startConsoleRunner({
    argv: ['--data-dir', data.path, '--port', '0'],
    env: {},
    consoleOptions: { log: silentLogger, recording: { name: 'tiny', competitionPath: FIXTURE_PATH, competition: fixtureCompetition(), steps: [] } },
  });
  expect(runner.console.mqtt).toBeUndefined();

  const bad = await call('PUT', '/api/settings', { mqttUrl: 'http://venue-box:1883' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { fields: Record<string, string> }).fields.mqttUrl).toMatch(/mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\//);

  const saved = await call('PUT', '/api/settings', { mqttUrl: broker.url, mqttUsername: 'venue', mqttPassword: PASSWORD, mqttTopicPrefix: 'venue/results' });
  expect(saved.status).toBe(200);
  const text = await (await call('GET', '/api/settings')).text();
  expect(text).not.toContain(PASSWORD);
  const view = SettingsViewSchema.parse(JSON.parse(text));
  expect(view.fields.mqttPassword).toMatchObject({ set: true, value: null, secret: true });
  expect(view.fields.mqttUrl).toMatchObject({ value: broker.url, pending: true });

  const sub = await subscriber(broker.url, 'venue/results/+/status', { username: 'venue', password: PASSWORD });
  try {
    await runner.restart();
    await waitUntil(() => runner!.console.mqtt?.health().state === 'connected', 15_000, 'connected with the saved settings');
    const status = await waitUntil(() => sub.received.find((m) => JSON.parse(m.payload).online === true), 10_000, 'online status under the saved prefix');
    expect(status!.topic).toBe('venue/results/x-2026-TST-spine-test/status');
    expect(SettingsViewSchema.parse(await (await call('GET', '/api/settings')).json()).fields.mqttUrl.pending).toBe(false);
  } finally {
    await sub.client.endAsync();
  }
});
