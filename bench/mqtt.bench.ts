/**
 * MQTT out, against a bare mqtt.js publish → subscribe on the same Mosquitto in the same run:
 *
 * - throughput: N attempts journaled while the output was stopped, then the output started: the
 *   time until a subscriber holds all N (journal → outbox → QoS 1 publish → PUBACK → outbox row
 *   deleted), vs a bare client publishing the same N payloads at QoS 1 to the same subscriber;
 * - latency: a Pusher frame in (pusher-js, ingest, SQLite, outbox) → the event on a subscriber,
 *   vs a bare publish → the same subscriber, p99 of each after a warm-up.
 */
import { it } from 'vitest';
import { connect } from 'mqtt';
import { parseCommandLine } from '../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../electron/core/app/console';
import { silentLogger } from '../electron/core/config/log';
import { LocalPusherServer } from '../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../electron/core/simulator/opentrack-http';
import { FIXTURE_PATH, fixtureCompetition, localSourceArgs } from '../test/helpers/fixtures';
import { Broker, noMosquitto, subscriber } from '../test/helpers/mosquitto';
import { tempDir } from '../test/helpers/temp-dir';
import { machine, percentile, report } from './report';

const BURST = 5_000;
const MESSAGES = 400;
const WARM_UP = 50;
const SPACING_MS = 5;
const OVERVIEW = 'x-2026-TST-spine-test-overview';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const attempt = (i: number) => ({ event_code: 'LJ', bib: '21', round: i, result: '6.00', athlete_name: 'Bench Athlete' });

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(2)) if (check()) return true;
  return check();
}

async function withConsole<T>(broker: Broker, fn: (app: TracksideConsole, pusher: LocalPusherServer) => Promise<T>): Promise<T> {
  const data = tempDir();
  const pusher = new LocalPusherServer({ key: 'bench' });
  await pusher.start();
  const standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition() });
  await standIn.start();
  const args = localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: FIXTURE_PATH, pusherPort: pusher.port, key: 'bench', dataDir: data.path });
  const app = createConsole(parseCommandLine([...args, '--mqtt-url', broker.url], {}).config!, { log: silentLogger, pollIntervalMs: 600_000 });
  await app.start();
  await pusher.waitForSubscribers(OVERVIEW);
  for (const deadline = Date.now() + 10_000; !app.health().sources['opentrack-http']?.lastCatchUp && Date.now() < deadline; ) await sleep(10);
  await until(() => app.mqtt!.health().state === 'connected' && app.mqtt!.health().backlog === 0, 10_000);
  try {
    return await fn(app, pusher);
  } finally {
    await app.stop();
    await pusher.stop();
    await standIn.stop();
    data.remove();
  }
}

/** msgs/s: a bare client's N QoS 1 publishes until the subscriber has them all. */
async function bareThroughput(broker: Broker): Promise<number> {
  const sub = await subscriber(broker.url, 'bare/burst');
  const pub = await connect(broker.url, { reconnectPeriod: 0 });
  await new Promise((r) => pub.once('connect', r));
  const payloads = Array.from({ length: BURST }, (_, i) => JSON.stringify({ id: `${i}:attempt.recorded`, seq: i, type: 'attempt.recorded', data: attempt(i) }));
  const t0 = performance.now();
  for (const p of payloads) pub.publish('bare/burst', p, { qos: 1 });
  await until(() => sub.received.length >= BURST, 60_000);
  const ms = performance.now() - t0;
  await pub.endAsync();
  await sub.client.endAsync();
  return (BURST / ms) * 1000;
}

async function consoleThroughput(broker: Broker): Promise<number> {
  return withConsole(broker, async (app) => {
    const root = app.mqtt!.topics.root;
    const sub = await subscriber(broker.url, `${root}/events`);
    await app.mqtt!.stop();
    const competition = root.split('/').pop()!;
    for (let i = 0; i < BURST; i++) {
      const raw = JSON.stringify(attempt(i));
      app.ingest.receive({ source: 'opentrack-pusher', channel: OVERVIEW, event: 'latest_attempt', raw, competition });
    }
    const t0 = performance.now();
    app.mqtt!.start();
    await until(() => sub.received.length >= BURST, 120_000);
    const ms = performance.now() - t0;
    await sub.client.endAsync();
    if (sub.received.length < BURST) throw new Error(`only ${sub.received.length}/${BURST} arrived`);
    return (BURST / ms) * 1000;
  });
}

async function bareLatency(broker: Broker): Promise<number[]> {
  const sub = await subscriber(broker.url, 'bare/latency');
  const pub = connect(broker.url, { reconnectPeriod: 0 });
  await new Promise((r) => pub.once('connect', r));
  const sentAt: number[] = [];
  for (let i = 0; i < WARM_UP + MESSAGES; i++) {
    sentAt[i] = performance.now();
    pub.publish('bare/latency', JSON.stringify({ i, data: attempt(i) }), { qos: 1 });
    await sleep(SPACING_MS);
  }
  await until(() => sub.received.length >= WARM_UP + MESSAGES, 10_000);
  await pub.endAsync();
  await sub.client.endAsync();
  return sub.received.map((m) => m.at - sentAt[(JSON.parse(m.payload) as { i: number }).i]!);
}

async function consoleLatency(broker: Broker): Promise<number[]> {
  return withConsole(broker, async (app, pusher) => {
    const sub = await subscriber(broker.url, `${app.mqtt!.topics.root}/events`);
    const sentAt: number[] = [];
    for (let i = 0; i < WARM_UP + MESSAGES; i++) {
      sentAt[i] = performance.now();
      pusher.trigger(OVERVIEW, 'latest_attempt', attempt(i));
      await sleep(SPACING_MS);
    }
    await until(() => sub.received.length >= WARM_UP + MESSAGES, 15_000);
    await sub.client.endAsync();
    return sub.received.map((m) => m.at - sentAt[(JSON.parse(m.payload) as { data: { round: number } }).data.round]!);
  });
}

it.skipIf(noMosquitto)('mqtt: publish throughput and Pusher → subscriber latency, vs bare mqtt.js on the same broker', async () => {
  const broker = await new Broker().start();
  try {
    const bareRate = await bareThroughput(broker);
    const rate = await consoleThroughput(broker);
    process.stdout.write(`mqtt throughput: machine ${machine()}; ${BURST} QoS 1 events to one subscriber: console ${rate.toFixed(0)} msgs/s, bare mqtt.js ${bareRate.toFixed(0)} msgs/s\n`);
    report('mqtt-throughput', `${rate.toFixed(0)}msgs/s(bare=${bareRate.toFixed(0)})`, rate / bareRate, '>=1000/s', rate >= 1000);

    const steady = (xs: number[]) => xs.slice(WARM_UP).sort((a, b) => a - b);
    const bareAll = await bareLatency(broker);
    const mineAll = await consoleLatency(broker);
    const [base, mine] = [steady(bareAll), steady(mineAll)];
    const dist = (xs: number[]) => `${[50, 90, 99].map((p) => percentile(xs, p).toFixed(2)).join('/')}, max ${xs[xs.length - 1]!.toFixed(2)}`;
    process.stdout.write(
      `mqtt latency: ${MESSAGES} messages ${SPACING_MS} ms apart after ${WARM_UP} not counted; p50/90/99 bare publish→subscribe ${dist(base)} ms; ` +
        `Pusher → console → subscriber ${dist(mine)} ms (${mine.length}/${MESSAGES} delivered)\n`,
    );
    const [b99, m50, m99] = [percentile(base, 99), percentile(mine, 50), percentile(mine, 99)];
    report('mqtt-latency-p99', `${m99.toFixed(2)}ms(p50=${m50.toFixed(2)}ms,bare-p99=${b99.toFixed(2)}ms)`, m99 / Math.max(b99, 0.001), '<=1.5x+5ms', mine.length === MESSAGES && m99 <= 1.5 * b99 + 5);
  } finally {
    await broker.remove();
  }
});
