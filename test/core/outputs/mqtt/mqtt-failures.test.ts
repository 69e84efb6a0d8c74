/**
 * Reaching the broker fails in the ways a venue meets: a wrong address, a wrong password, an
 * untrusted certificate. Each is one clear line in /api/health while the console keeps serving;
 * the right CA, and a WebSocket listener, connect.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseCommandLine } from '../../../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../../../electron/core/app/console';
import { silentLogger } from '../../../../electron/core/config/log';
import { freePort } from '../../../helpers/free-port';
import { Broker, noMosquitto, subscriber } from '../../../helpers/mosquitto';
import { tempDir } from '../../../helpers/temp-dir';
import { getJson, waitUntil } from '../../../helpers/wait';

let data: ReturnType<typeof tempDir>;
let certs: ReturnType<typeof tempDir>;
let app: TracksideConsole | undefined;
const brokers: Broker[] = [];

beforeAll(() => {
  certs = tempDir();
  // A self-signed certificate for 127.0.0.1, as a venue's own broker would have.
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(certs.path, 'key.pem'), '-out', join(certs.path, 'cert.pem'),
  ], { stdio: 'ignore' });
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  data?.remove();
});
afterAll(async () => {
  for (const b of brokers) await b.remove();
  certs.remove();
});

async function startWith(args: string[]): Promise<TracksideConsole> {
  data = tempDir();
  const config = parseCommandLine(['--demo', '--port', '0', '--data-dir', data.path, ...args], {}).config!;
  app = createConsole(config, { log: silentLogger });
  await app.start();
  return app;
}

async function mqttHealthWhenSettled(a: TracksideConsole, state: string) {
  return waitUntil(async () => {
    const h = (await getJson(`${a.url}api/health`)).body.mqtt;
    return h.state === state && h;
  }, 20_000, `mqtt ${state}`);
}

async function stillServes(a: TracksideConsole) {
  expect((await getJson(`${a.url}api/competition`)).status).toBe(200);
  expect((await getJson(`${a.url}api/health`)).status).toBe(200);
}

const oneLine = (s: string) => expect(s).not.toMatch(/\n/);

describe('a broker that cannot be used', () => {
  it('refuses a URL that is not a broker URL at start, in one line', () => {
    for (const url of ['http://venue-box:1883', 'venue-box:1883', 'mqtt://user:pw@venue-box']) {
      let err: unknown;
      try {
        parseCommandLine(['--mqtt-url', url], {});
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/^--mqtt-url must/);
      oneLine((err as Error).message);
    }
  });

  it('says so in health when nothing answers at the address, and keeps serving', async () => {
    const port = await freePort();
    const a = await startWith(['--mqtt-url', `mqtt://127.0.0.1:${port}`]);
    const h = await mqttHealthWhenSettled(a, 'error');
    expect(h.lastError).toBe(`nothing answers at 127.0.0.1:${port} (is the broker running, on this port?)`);
    await stillServes(a);
  });

  it('says so when the host does not exist', async () => {
    const a = await startWith(['--mqtt-url', 'mqtt://no-such-broker.invalid:1883']);
    const h = await mqttHealthWhenSettled(a, 'error');
    expect(h.lastError).toBe('cannot find the broker host no-such-broker.invalid (check --mqtt-url)');
    await stillServes(a);
  });

  it.skipIf(noMosquitto)('says so for a wrong password', async () => {
    const broker = await new Broker({ users: { console: 'right-password' } }).start();
    brokers.push(broker);
    const a = await startWith(['--mqtt-url', broker.url, '--mqtt-username', 'console', '--mqtt-password', 'wrong-password']);
    const h = await mqttHealthWhenSettled(a, 'error');
    expect(h.lastError).toMatch(new RegExp(`^the broker at 127\\.0\\.0\\.1:${broker.port} refused (the user name or password|this client: not authorized)`));
    oneLine(h.lastError);
    expect(JSON.stringify(h)).not.toContain('wrong-password');
    await stillServes(a);
  });

  it.skipIf(noMosquitto)('says so when the TLS certificate is not trusted, and connects with its CA', async () => {
    const broker = await new Broker({ tls: { cert: join(certs.path, 'cert.pem'), key: join(certs.path, 'key.pem') } }).start();
    brokers.push(broker);
    const a = await startWith(['--mqtt-url', broker.url]);
    const h = await mqttHealthWhenSettled(a, 'error');
    expect(h.lastError).toMatch(/^TLS failed: the certificate of 127\.0\.0\.1:\d+ is not trusted \(self[- ]signed certificate\); give its CA with --mqtt-ca$/);
    await stillServes(a);
    await a.stop();

    const b = await startWith(['--mqtt-url', broker.url, '--mqtt-ca', join(certs.path, 'cert.pem')]);
    expect((await mqttHealthWhenSettled(b, 'connected')).lastError).toBeNull();
  });

  it.skipIf(noMosquitto)('says so when the CA file cannot be read', async () => {
    const a = await startWith(['--mqtt-url', 'mqtts://127.0.0.1:8883', '--mqtt-ca', join(certs.path, 'missing.pem')]);
    const h = await mqttHealthWhenSettled(a, 'error');
    expect(h.lastError).toBe(`cannot read the CA file ${join(certs.path, 'missing.pem')}: ENOENT`);
  });
});

describe.skipIf(noMosquitto)('other ways in', () => {
  it('publishes over a WebSocket listener (ws://) with a topic prefix of its own', async () => {
    const broker = await new Broker({ websockets: true }).start();
    brokers.push(broker);
    const sub = await subscriber(broker.url, 'venue/+/status');
    try {
      const a = await startWith(['--mqtt-url', broker.wsUrl, '--mqtt-topic-prefix', 'venue', '--mqtt-client-id', 'console-ws']);
      await mqttHealthWhenSettled(a, 'connected');
      const status = (await waitUntil(() => sub.received.find((m) => m.topic === 'venue/x-2026-TSD-trackside-demo-open/status'), 10_000, 'status'))!;
      expect(JSON.parse(status.payload)).toMatchObject({ online: true, clientId: 'console-ws' });
      // Stopping says offline on the same retained topic.
      await a.stop();
      app = undefined;
      const offline = await waitUntil(() => sub.received.filter((m) => m.topic === status.topic).map((m) => JSON.parse(m.payload)).find((p) => p.online === false), 10_000, 'offline status');
      expect(offline).toMatchObject({ state: 'offline', reason: 'stopped' });
    } finally {
      await sub.client.endAsync();
    }
  });
});
