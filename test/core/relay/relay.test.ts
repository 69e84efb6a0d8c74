/**
 * The relay end to end on real parts: a SQLite outbox in a temp dir, real HTTP to a local receiver
 * that fails, redirects, says Gone and recovers, and a fake clock that runs a 38-hour schedule in
 * seconds. What a venue system must see: every message, signed, once per webhook-id, in order per
 * unit, through restarts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bus } from '../../../electron/core/bus';
import { Ingest } from '../../../electron/core/ingest/ingest';
import { Relay, type RelayDeps } from '../../../electron/core/relay/relay';
import { SCHEDULES } from '../../../electron/core/relay/schedule';
import { Store } from '../../../electron/core/store/store';
import type { DeliveryNotice } from '../../../electron/core/model/relay';
import { FakeClock, Receiver } from '../../helpers/relay-receiver';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';
import { sprintResults } from '../../helpers/fixtures';

let dir: ReturnType<typeof tempDir>;
let store: Store;
let bus: Bus;
let ingest: Ingest;
let relay: Relay;
let clock: FakeClock;
let receiver: Receiver;
let secrets: string[] = [];
const notices: DeliveryNotice[] = [];

function open(extra: Partial<RelayDeps> = {}) {
  store = Store.open(dir.path);
  bus = new Bus();
  bus.on('delivery', (n) => notices.push(n));
  ingest = new Ingest(store, bus, undefined, () => {});
  relay = new Relay({
    store,
    bus,
    log: () => {},
    eventName: (id) => ({ T01: "Men's 800m", F01: 'Women Long Jump' })[id],
    athleteName: (bib) => ({ '11': 'Avery Example', '12': 'Blake Sample', '13': 'Cy Comet' })[bib],
    clock,
    timeoutMs: 2_000,
    ...extra,
  });
  relay.start();
}

async function close() {
  await relay.stop();
  store.close();
}

beforeEach(async () => {
  dir = tempDir();
  clock = new FakeClock();
  notices.length = 0;
  secrets = [];
  receiver = await new Receiver(() => secrets).start();
  open();
});
afterEach(async () => {
  await relay.stop().catch(() => {});
  try {
    store.close();
  } catch {
    // already closed by the test
  }
  await receiver.stop();
  dir.remove();
});

function addEndpoint(over: Record<string, unknown> = {}) {
  const { endpoint, secret } = relay.createEndpoint({ url: receiver.url, description: 'venue', filter: ['*'], enabled: true, format: 'standard', schedule: 'standard', ...over });
  secrets.push(secret);
  return endpoint;
}

function resultArrived(eventId = 'T01', heat = 1, winner = 'Avery Example', performance = '1:52.60') {
  const raw = JSON.stringify({ event_id: eventId, round_no: 1, heat_no: heat, heat_name: 'Final', winner_name: winner, winner_performance: performance });
  return ingest.receive({ source: 'opentrack-pusher', channel: 'x-overview', event: 'results_arrived', raw, competition: 'c' });
}

const settled = async (requests: number) => {
  await waitUntil(() => receiver.requests.length >= requests, 5_000, `${requests} requests at the receiver`);
  await relay.idle();
};

describe('delivery and retries', () => {
  it('runs the whole default schedule: fails, a redirect not followed, Retry-After honoured, then delivered', async () => {
    const trap = await new Receiver(() => secrets).start();
    const endpoint = addEndpoint();
    receiver.answer({ status: 500 }, { status: 302, headers: { location: trap.url } }, { status: 500 }, { status: 503, headers: { 'retry-after': String(3 * 3600) } });
    resultArrived();
    await settled(1);
    clock.advance(SCHEDULES.standard[1]!); // 5 s
    await settled(2);
    clock.advance(SCHEDULES.standard[2]!); // 5 min
    await settled(3);
    clock.advance(SCHEDULES.standard[3]!); // 30 min
    await settled(4);
    // The schedule says 2 h, the receiver asked for 3 h: nothing at 2 h.
    clock.advance(2 * 3600_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(4);
    clock.advance(3600_000);
    await settled(5);

    expect(trap.requests).toHaveLength(0);
    await trap.stop();
    const [message] = relay.listMessages(endpoint.id, 10);
    expect(message).toMatchObject({ status: 'delivered', attempts: 5, type: 'result.arrived' });
    const log = relay.getMessage(message!.id).log;
    expect(log.map((a) => a.statusCode)).toEqual([500, 302, 500, 503, 200]);
    expect(log[1]!.error).toMatch(/redirects are not followed/);
    expect(Date.parse(log[3]!.nextAttemptAt!) - Date.parse(log[3]!.startedAt)).toBe(3 * 3600_000);
    // Same webhook-id every time, a fresh timestamp and a valid signature on each attempt.
    expect(new Set(receiver.requests.map((r) => r.webhookId)).size).toBe(1);
    expect(new Set(receiver.requests.map((r) => r.timestamp)).size).toBe(5);
    expect(receiver.requests.every((r) => r.validFor.length === 1)).toBe(true);
    const envelope = JSON.parse(receiver.requests[4]!.body);
    expect(envelope).toMatchObject({ id: message!.webhookId, type: 'result.arrived', data: { eventName: "Men's 800m", winner: { name: 'Avery Example', performance: '1:52.60' } } });
    expect(relay.getEndpoint(endpoint.id).stats).toMatchObject({ delivered: 1, failed: 0, backlog: 0, successRate: 1 });
  });

  it('gives up after the last attempt, says so, and recovers every failed message on request', async () => {
    const endpoint = addEndpoint();
    receiver.otherwise({ status: 500 });
    resultArrived('T01', 1);
    resultArrived('T01', 2);
    await settled(2);
    for (const delay of SCHEDULES.standard.slice(1)) {
      const before = receiver.requests.length;
      clock.advance(delay);
      await settled(before + 2);
    }
    expect(receiver.requests).toHaveLength(2 * SCHEDULES.standard.length);
    expect(relay.listMessages(endpoint.id, 10).map((m) => m.status)).toEqual(['failed', 'failed']);
    expect(notices.filter((n) => n.kind === 'exhausted')).toHaveLength(2);
    expect(relay.failures(0)).toHaveLength(2);
    expect(relay.getEndpoint(endpoint.id).stats).toMatchObject({ failed: 2, successRate: 0 });

    receiver.otherwise({ status: 204 });
    expect(relay.recover(endpoint.id, clock.now() - 48 * 3600_000)).toBe(2);
    await settled(2 * SCHEDULES.standard.length + 2);
    expect(relay.listMessages(endpoint.id, 10).map((m) => m.status)).toEqual(['delivered', 'delivered']);
    expect([...receiver.delivered().values()]).toEqual([1, 1]);
  });

  it('disables the endpoint on 410 and delivers the waiting messages once it is enabled again', async () => {
    const endpoint = addEndpoint();
    receiver.answer({ status: 410 });
    resultArrived('T01', 1);
    await settled(1);
    expect(relay.getEndpoint(endpoint.id)).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/410/) });
    expect(notices.map((n) => n.kind)).toContain('disabled');
    // A disabled endpoint gets no new messages and sends nothing.
    resultArrived('T01', 2);
    clock.advance(24 * 3600_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(1);
    relay.updateEndpoint(endpoint.id, { enabled: true });
    await settled(2);
    expect(relay.listMessages(endpoint.id, 10).map((m) => m.status)).toEqual(['delivered']);
  });

  it('counts a receiver that does not answer within the timeout as a failure, and retries', async () => {
    await close();
    open({ timeoutMs: 300 });
    const endpoint = addEndpoint();
    receiver.answer({ status: 200, delayMs: 1_000 });
    resultArrived();
    await waitUntil(() => relay.listMessages(endpoint.id, 1)[0]?.attempts === 1, 5_000, 'one attempt');
    expect(relay.getMessage(relay.listMessages(endpoint.id, 1)[0]!.id).log[0]).toMatchObject({ statusCode: null, error: 'timed out after 300 ms' });
    clock.advance(5_000);
    await waitUntil(() => relay.listMessages(endpoint.id, 1)[0]?.status === 'delivered', 5_000, 'delivered on retry');
  });

  it('counts an unreachable receiver as a failure', async () => {
    const slow = new Receiver(() => secrets);
    await slow.start();
    await slow.stop(); // nothing listens there any more: connection refused
    const endpoint = addEndpoint({ url: slow.url });
    resultArrived();
    await waitUntil(() => relay.listMessages(endpoint.id, 1)[0]?.attempts === 1, 5_000, 'one attempt');
    expect(relay.getMessage(relay.listMessages(endpoint.id, 1)[0]!.id).log[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/ECONNREFUSED|fetch failed/) });
  });

  it('keeps the order per unit: a later message waits while an earlier one for the same unit fails', async () => {
    const endpoint = addEndpoint();
    receiver.answer({ status: 500 });
    resultArrived('T01', 1, 'First', '1:50.00'); // fails once
    resultArrived('T01', 1, 'Second', '1:51.00'); // same unit: must wait
    resultArrived('F01', 1, 'Other', '6.50'); // another unit: goes at once
    await settled(2);
    expect(receiver.requests.map((r) => JSON.parse(r.body).data.winner.name)).toEqual(['First', 'Other']);
    clock.advance(5_000);
    await settled(4);
    expect(receiver.requests.map((r) => JSON.parse(r.body).data.winner.name)).toEqual(['First', 'Other', 'First', 'Second']);
    expect(relay.listMessages(endpoint.id, 10).every((m) => m.status === 'delivered')).toBe(true);
  });
});

describe('durability', () => {
  it('continues the schedule after a restart and delivers every message once per webhook-id', async () => {
    const endpoint = addEndpoint();
    receiver.otherwise({ status: 503 });
    for (let heat = 1; heat <= 5; heat++) resultArrived('T01', heat);
    await settled(5);
    clock.advance(5_000);
    await settled(10);
    await close();

    // Down for a while; the receiver comes back meanwhile.
    receiver.otherwise({ status: 200 });
    clock.advance(10 * 60_000);
    open();
    await settled(15);
    const delivered = receiver.delivered();
    expect(delivered.size).toBe(5);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    expect(relay.listMessages(endpoint.id, 10).every((m) => m.status === 'delivered' && m.attempts === 3)).toBe(true);
  });

  it('queues what the journal received while the relay was not running (crash between journal and outbox)', async () => {
    addEndpoint();
    await relay.stop();
    // Journaled while the relay was down: the bus event went nowhere.
    resultArrived('T01', 1);
    resultArrived('T01', 2);
    relay = new Relay({ store, bus, log: () => {}, eventName: () => undefined, clock, timeoutMs: 2_000 });
    relay.start();
    await settled(2);
    expect(receiver.delivered().size).toBe(2);
  });
});

describe('what is sent', () => {
  it('filters by type and skips copies of units that did not change', async () => {
    const results = addEndpoint({ filter: ['result.*'] });
    const units = addEndpoint({ filter: ['unit.updated'] });
    resultArrived();
    const unit = JSON.stringify(sprintResults());
    ingest.receive({ source: 'opentrack-http', channel: 'u', event: 'unit', raw: unit, competition: 'c' });
    ingest.receive({ source: 'opentrack-http', channel: 'u', event: 'unit', raw: unit, competition: 'c' }); // unchanged
    await settled(2);
    expect(relay.listMessages(results.id, 10).map((m) => m.type)).toEqual(['result.arrived']);
    expect(relay.listMessages(units.id, 10).map((m) => m.type)).toEqual(['unit.updated']);
  });

  it('speaks Slack and Discord: "Men\'s 800m Final: 1. Avery Example 1:52.60"', async () => {
    addEndpoint({ format: 'slack' });
    addEndpoint({ format: 'discord', filter: ['unit.updated'] });
    resultArrived();
    ingest.receive({ source: 'opentrack-http', channel: 'u', event: 'unit', raw: JSON.stringify(sprintResults()), competition: 'c' });
    await settled(3);
    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    expect(bodies).toContainEqual({ text: "Men's 800m Final: 1. Avery Example 1:52.60" });
    const discord = bodies.find((b) => 'content' in b);
    expect(discord.content).toMatch(/^Men's 800m.*\((official|provisional)\): 1\. /);
  });

  it('signs with the old and the new secret during a rotation, then with the new one only', async () => {
    const endpoint = addEndpoint();
    const old = secrets[0]!;
    const { secret: fresh } = relay.rotateSecret(endpoint.id, 3600);
    secrets.push(fresh);
    resultArrived('T01', 1);
    await settled(1);
    expect(receiver.requests[0]!.validFor.sort()).toEqual([fresh, old].sort());
    clock.advance(2 * 3600_000);
    resultArrived('T01', 2);
    await settled(2);
    expect(receiver.requests[1]!.validFor).toEqual([fresh]);
  });

  it('resends one message with the same webhook-id', async () => {
    const endpoint = addEndpoint();
    resultArrived();
    await settled(1);
    const [m] = relay.listMessages(endpoint.id, 1);
    relay.resend(m!.id);
    await settled(2);
    expect(receiver.requests[0]!.webhookId).toBe(receiver.requests[1]!.webhookId);
    expect(receiver.requests[0]!.body).toBe(receiver.requests[1]!.body);
  });
});
