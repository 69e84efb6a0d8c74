/**
 * The relay end to end on real parts: a SQLite outbox in a temp dir, real HTTP to a local receiver
 * that fails, redirects, says Gone and recovers, and a fake clock that runs a 38-hour schedule in
 * seconds. What a venue system must see: every message, signed, once per webhook-id, in order per
 * unit, through restarts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bus } from '../../../../electron/core/ingest/bus';
import { Ingest } from '../../../../electron/core/ingest/ingest';
import { Relay, type RelayDeps } from '../../../../electron/core/outputs/relay/relay';
import { Store } from '../../../../electron/core/store/store';
import type { DeliveryNotice, EndpointInput } from '../../../../electron/core/model/relay';
import { FakeClock, Receiver } from '../../../helpers/relay-receiver';
import { tempDir } from '../../../helpers/temp-dir';
import { waitUntil } from '../../../helpers/wait';
import { fixtureCompetition, sprintResults } from '../../../helpers/fixtures';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
/** The documented default schedule: the wait before each retry. */
const STANDARD_RETRIES = [5 * S, 5 * MIN, 30 * MIN, 2 * H, 5 * H, 10 * H, 10 * H];

let dir: ReturnType<typeof tempDir>;
let store: Store;
let bus: Bus;
let ingest: Ingest;
let relay: Relay;
let clock: FakeClock;
let receiver: Receiver;
let secrets: string[] = [];
const notices: DeliveryNotice[] = [];
const logs: string[] = [];

const EVENT_NAMES: Record<string, string> = { T01: "Men's 800m", F01: 'Women Long Jump', T99: 'Relay '.repeat(500).trim() };
const ATHLETES: Record<string, string> = { '11': 'Avery Example', '12': 'Blake Sample', '13': 'Cy Comet', '21': 'Dee Example' };

function open(extra: Partial<RelayDeps> = {}) {
  store = Store.open(dir.path);
  bus = new Bus();
  bus.on('delivery', (n) => notices.push(n));
  ingest = new Ingest(store, bus, undefined, () => {});
  relay = new Relay({
    store,
    bus,
    log: (line) => logs.push(line),
    eventName: (id) => EVENT_NAMES[id],
    athleteName: (bib) => ATHLETES[bib],
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
  logs.length = 0;
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

function addEndpoint(over: Partial<EndpointInput> = {}) {
  const { endpoint, secret } = relay.createEndpoint({ url: receiver.url, description: 'venue', filter: ['*'], enabled: true, format: 'standard', schedule: 'standard', ...over });
  secrets.push(secret);
  return endpoint;
}

function resultArrived(eventId = 'T01', heat = 1, winner = 'Avery Example', performance = '1:52.60') {
  const raw = JSON.stringify({ event_id: eventId, round_no: 1, heat_no: heat, heat_name: 'Final', winner_name: winner, winner_performance: performance });
  return ingest.receive({ source: 'opentrack-pusher', channel: 'x-overview', event: 'results_arrived', raw, competition: 'c' });
}

function unitMessage(unit: unknown) {
  return ingest.receive({ source: 'opentrack-http', channel: 'u', event: 'unit', raw: JSON.stringify(unit), competition: 'c' });
}

const settled = async (requests: number, at = receiver) => {
  await waitUntil(() => at.requests.length >= requests, 5_000, `${requests} requests at the receiver`);
  await relay.idle();
};
const quietFor = (ms: number) => new Promise((r) => setTimeout(r, ms));
const onlyMessage = (endpointId: string) => relay.getMessage(relay.listMessages(endpointId, 1)[0]!.id);

describe('delivery and retries', () => {
  it('runs the default schedule: fails, a redirect not followed, Retry-After honoured, then delivered', async () => {
    const trap = await new Receiver(() => secrets).start();
    const endpoint = addEndpoint();
    receiver.answer({ status: 500 }, { status: 302, headers: { location: trap.url } }, { status: 500 }, { status: 503, headers: { 'retry-after': String(3 * 3600) } });
    resultArrived();
    await settled(1);
    clock.advance(5 * S);
    await settled(2);
    clock.advance(5 * MIN);
    await settled(3);
    clock.advance(30 * MIN);
    await settled(4);
    // The schedule says 2 h, the receiver asked for 3 h: nothing at 2 h.
    clock.advance(2 * H);
    await quietFor(200);
    expect(receiver.requests).toHaveLength(4);
    clock.advance(1 * H);
    await settled(5);

    expect(trap.requests).toHaveLength(0);
    await trap.stop();
    const message = onlyMessage(endpoint.id);
    expect(message).toMatchObject({ status: 'delivered', attempts: 5, type: 'result.arrived' });
    expect(message.log.map((a) => a.statusCode)).toEqual([500, 302, 500, 503, 200]);
    expect(message.log[1]!.error).toMatch(/redirects are not followed/);
    expect(Date.parse(message.log[3]!.nextAttemptAt!) - Date.parse(message.log[3]!.startedAt)).toBe(3 * H);
    expect(message.log[4]!.nextAttemptAt).toBeNull();
    // Same webhook-id every time, a fresh timestamp and a valid signature on each attempt.
    expect(new Set(receiver.requests.map((r) => r.webhookId))).toEqual(new Set([message.webhookId]));
    expect(new Set(receiver.requests.map((r) => r.timestamp)).size).toBe(5);
    expect(receiver.requests.every((r) => r.validFor.length === 1)).toBe(true);
    // Every attempt sends the same bytes.
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    const envelope = JSON.parse(receiver.requests[4]!.body);
    expect(envelope).toMatchObject({ id: message.webhookId, type: 'result.arrived', data: { eventId: 'T01', round: 1, heat: 1, eventName: "Men's 800m", winner: { name: 'Avery Example', performance: '1:52.60' } } });
    expect(Number.isNaN(Date.parse(envelope.created))).toBe(false);
    expect(relay.getEndpoint(endpoint.id).stats).toMatchObject({ delivered: 1, failed: 0, backlog: 0, successRate: 1 });
    expect(notices.filter((n) => n.kind === 'failed')).toHaveLength(4);
    expect(notices.filter((n) => n.kind === 'delivered')).toHaveLength(1);
  });

  it('gives up after the eighth attempt, says so, and recovers every failed message on request', async () => {
    const endpoint = addEndpoint();
    receiver.otherwise({ status: 500 });
    resultArrived('T01', 1);
    resultArrived('T01', 2);
    await settled(2);
    for (const delay of STANDARD_RETRIES) {
      const before = receiver.requests.length;
      // One millisecond early: nothing goes before its time.
      clock.advance(delay - 1);
      await quietFor(30);
      expect(receiver.requests).toHaveLength(before);
      clock.advance(1);
      await settled(before + 2);
    }
    clock.advance(48 * H);
    await quietFor(100);
    expect(receiver.requests).toHaveLength(16);
    expect(relay.listMessages(endpoint.id, 10).map((m) => m.status)).toEqual(['failed', 'failed']);
    expect(notices.filter((n) => n.kind === 'exhausted')).toHaveLength(2);
    expect(relay.failures(0)).toHaveLength(2);
    expect(relay.failures(clock.now() + 1)).toHaveLength(0);
    expect(relay.getEndpoint(endpoint.id).stats).toMatchObject({ delivered: 0, failed: 2, backlog: 0, successRate: 0 });
    expect(logs.some((l) => /failed after 8 attempts/.test(l))).toBe(true);

    receiver.otherwise({ status: 204 });
    // Only what was created since the given time.
    const created = Date.parse(relay.listMessages(endpoint.id, 10)[0]!.createdAt);
    expect(created).toBeLessThan(clock.now() - 75 * H);
    expect(relay.recover(endpoint.id, created + 1)).toBe(0);
    expect(relay.recover(endpoint.id, created)).toBe(2);
    await settled(18);
    expect(relay.listMessages(endpoint.id, 10).map((m) => m.status)).toEqual(['delivered', 'delivered']);
    expect([...receiver.delivered().values()]).toEqual([1, 1]);
    expect(relay.failures(0)).toHaveLength(0);
  });

  it('runs the triathlon preset: the first attempt and 10 retries, retry n after 60 s + n⁴ s', async () => {
    const endpoint = addEndpoint({ schedule: 'triathlon' });
    receiver.otherwise({ status: 503 });
    resultArrived();
    await settled(1);
    for (let n = 1; n <= 10; n++) {
      clock.advance((60 + n ** 4) * S);
      await settled(n + 1);
    }
    clock.advance(24 * H);
    await quietFor(100);
    const message = onlyMessage(endpoint.id);
    expect(message).toMatchObject({ status: 'failed', attempts: 11 });
    expect(receiver.requests).toHaveLength(11);
    const gaps = message.log.slice(1).map((a, i) => (Date.parse(a.startedAt) - Date.parse(message.log[i]!.startedAt)) / S);
    expect(gaps).toEqual([61, 76, 141, 316, 685, 1356, 2461, 4156, 6621, 10060]);
  });

  it('under the triathlon preset a redirect ends the series at once (never retried)', async () => {
    const endpoint = addEndpoint({ schedule: 'triathlon' });
    receiver.otherwise({ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
    resultArrived();
    await settled(1);
    clock.advance(24 * H);
    await quietFor(100);
    expect(receiver.requests).toHaveLength(1);
    expect(onlyMessage(endpoint.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(notices.map((n) => n.kind)).toContain('exhausted');
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
    clock.advance(24 * H);
    await quietFor(200);
    expect(receiver.requests).toHaveLength(1);
    expect(relay.listMessages(endpoint.id, 10).map((m) => m.status)).toEqual(['pending']);
    relay.updateEndpoint(endpoint.id, { enabled: true });
    await settled(2);
    expect(relay.getEndpoint(endpoint.id)).toMatchObject({ enabled: true, disabledReason: null });
    expect(relay.listMessages(endpoint.id, 10).map((m) => m.status)).toEqual(['delivered']);
    expect(receiver.requests[0]!.webhookId).toBe(receiver.requests[1]!.webhookId);
  });

  it('counts a receiver that does not answer within the timeout as a failure, and retries', async () => {
    await close();
    open({ timeoutMs: 300 });
    const endpoint = addEndpoint();
    receiver.answer({ status: 200, delayMs: 1_000 });
    resultArrived();
    await waitUntil(() => relay.listMessages(endpoint.id, 1)[0]?.attempts === 1, 5_000, 'one attempt');
    expect(onlyMessage(endpoint.id).log[0]).toMatchObject({ statusCode: null, error: 'timed out after 300 ms' });
    clock.advance(5 * S);
    await waitUntil(() => relay.listMessages(endpoint.id, 1)[0]?.status === 'delivered', 5_000, 'delivered on retry');
  });

  it('counts an unreachable receiver as a failure', async () => {
    const gone = await new Receiver(() => secrets).start();
    await gone.stop(); // nothing listens there any more: connection refused
    const endpoint = addEndpoint({ url: gone.url });
    resultArrived();
    await waitUntil(() => relay.listMessages(endpoint.id, 1)[0]?.attempts === 1, 5_000, 'one attempt');
    expect(onlyMessage(endpoint.id).log[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/ECONNREFUSED|fetch failed/) });
    // A refused connection is not a latency.
    expect(relay.getEndpoint(endpoint.id).stats).toMatchObject({ backlog: 1, medianLatencyMs: null, lastAttemptAt: new Date(clock.now()).toISOString() });
  });

  it('keeps the order per unit: a later message waits while an earlier one for the same unit fails', async () => {
    const endpoint = addEndpoint();
    receiver.answer({ status: 500 });
    resultArrived('T01', 1, 'First', '1:50.00'); // fails once
    resultArrived('T01', 1, 'Second', '1:51.00'); // same unit: must wait
    resultArrived('F01', 1, 'Other', '6.50'); // another unit: goes at once
    await settled(2);
    expect(receiver.requests.map((r) => JSON.parse(r.body).data.winner.name)).toEqual(['First', 'Other']);
    clock.advance(5 * S);
    await settled(4);
    expect(receiver.requests.map((r) => JSON.parse(r.body).data.winner.name)).toEqual(['First', 'Other', 'First', 'Second']);
    expect(relay.listMessages(endpoint.id, 10).every((m) => m.status === 'delivered')).toBe(true);
  });

  it('lets a fast endpoint go on while a slow one works through its messages, a few at a time', async () => {
    await close();
    open({ concurrency: 1 });
    const slow = await new Receiver(() => secrets).start();
    slow.otherwise({ status: 200, delayMs: 1_200 });
    const slowEndpoint = addEndpoint({ url: slow.url });
    addEndpoint();
    resultArrived('T01', 1);
    resultArrived('T01', 2);
    resultArrived('T01', 3);
    // Three different units for the fast receiver, delivered while the slow one still holds its first.
    await waitUntil(() => receiver.requests.length === 3, 2_000, 'the fast endpoint served');
    expect(slow.requests).toHaveLength(1);
    await waitUntil(() => relay.listMessages(slowEndpoint.id, 10).every((m) => m.status === 'delivered'), 5_000, 'the slow endpoint served');
    expect(slow.requests).toHaveLength(3);
    await slow.stop();
  });
});

describe('durability', () => {
  it('continues the schedule after a restart and delivers every message once per webhook-id', async () => {
    const endpoint = addEndpoint();
    receiver.otherwise({ status: 503 });
    for (let heat = 1; heat <= 5; heat++) resultArrived('T01', heat);
    await settled(5);
    clock.advance(5 * S);
    await settled(10);
    await close();

    // Down for a while; the receiver comes back meanwhile. The third attempt was due 5 min after the second.
    receiver.otherwise({ status: 200 });
    clock.advance(10 * MIN);
    open();
    await settled(15);
    const delivered = receiver.delivered();
    expect(delivered.size).toBe(5);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    expect(relay.listMessages(endpoint.id, 10).every((m) => m.status === 'delivered' && m.attempts === 3)).toBe(true);
  });

  it('stops without waiting out a slow receiver, and sends the cut-off message again after the restart', async () => {
    await close();
    open({ stopGraceMs: 100 });
    const endpoint = addEndpoint();
    receiver.answer({ status: 503, delayMs: 3_000 });
    resultArrived();
    await waitUntil(() => receiver.requests.length === 1, 2_000, 'the first request');
    const started = Date.now();
    await close();
    expect(Date.now() - started).toBeLessThan(1_500);

    open();
    await settled(2);
    const message = onlyMessage(endpoint.id);
    // The cut-off request is not an attempt: the series starts again with the same webhook-id.
    expect(message).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(receiver.requests.map((r) => r.webhookId)).toEqual([message.webhookId, message.webhookId]);
    expect(receiver.delivered().get(message.webhookId)).toBe(1);
  });

  it('queues what the journal received while the relay was not running (crash between journal and outbox)', async () => {
    addEndpoint({ filter: ['result.*'] });
    await close();
    // The console journals two results and dies before the relay hears of them.
    const crashed = Store.open(dir.path);
    const crashedIngest = new Ingest(crashed, new Bus(), undefined, () => {});
    for (const heat of [1, 2]) {
      crashedIngest.receive({
        source: 'opentrack-pusher',
        channel: 'x-overview',
        event: 'results_arrived',
        raw: JSON.stringify({ event_id: 'T01', round_no: 1, heat_no: heat, winner_name: `Heat ${heat} winner` }),
        competition: 'c',
      });
    }
    crashed.close();

    open();
    await settled(2);
    expect(receiver.delivered().size).toBe(2);
    expect(receiver.requests.map((r) => JSON.parse(r.body).data.winner.name)).toEqual(['Heat 1 winner', 'Heat 2 winner']);
    // Queued once: a second restart sends nothing new.
    await close();
    open();
    await quietFor(200);
    expect(receiver.requests).toHaveLength(2);
  });

  it('keeps an edit or a deletion made while an attempt is out', async () => {
    const endpoint = addEndpoint();
    receiver.answer({ status: 410, delayMs: 400 });
    resultArrived('T01', 1);
    await waitUntil(() => receiver.requests.length === 1, 2_000, 'the first request');
    const { secret: fresh } = relay.rotateSecret(endpoint.id, 0);
    secrets.push(fresh);
    await relay.idle();
    // The 410 switched the endpoint off without putting the old secret back.
    expect(relay.getEndpoint(endpoint.id).enabled).toBe(false);
    relay.updateEndpoint(endpoint.id, { enabled: true });
    await settled(2);
    expect(receiver.requests[1]!.validFor).toEqual([fresh]);

    receiver.answer({ status: 410, delayMs: 400 });
    resultArrived('T01', 2);
    await waitUntil(() => receiver.requests.length === 3, 2_000, 'the third request');
    relay.deleteEndpoint(endpoint.id);
    await relay.idle();
    expect(relay.listEndpoints()).toEqual([]);
    expect(logs.filter((l) => /could not/.test(l))).toEqual([]);
  });
});

describe('what is sent', () => {
  it('filters by type and skips copies of units that did not change', async () => {
    const results = addEndpoint({ filter: ['result.*'] });
    const units = addEndpoint({ filter: ['unit.updated'] });
    const nothing = addEndpoint({ filter: ['webhook.triathlon.*'] });
    resultArrived();
    unitMessage(sprintResults());
    unitMessage(sprintResults()); // unchanged
    await settled(2);
    expect(relay.listMessages(results.id, 10).map((m) => m.type)).toEqual(['result.arrived']);
    expect(relay.listMessages(units.id, 10).map((m) => m.type)).toEqual(['unit.updated']);
    expect(relay.listMessages(nothing.id, 10)).toEqual([]);
    const unit = JSON.parse(receiver.requests.find((r) => JSON.parse(r.body).type === 'unit.updated')!.body);
    expect(unit.data).toMatchObject({ eventId: 'T01', round: 1, heat: 1, status: 'finished', resultsStatus: 'provisional', eventName: "Men's 800m" });
    expect(unit.data.unit).toEqual(sprintResults());
  });

  it('speaks Slack and Discord: "Men\'s 800m Final (official): 1. … 2. … 3. …"', async () => {
    addEndpoint({ format: 'slack' });
    addEndpoint({ format: 'discord', filter: ['unit.updated'] });
    resultArrived();
    // A small fictional final: one name in the unit itself, one from the competition, one unknown bib.
    unitMessage({
      eventId: 'T01', eventCode: '800', round: 1, heat: 1, roundName: 'Final', heatName: 'Final', status: 'finished', resultsStatus: 'official',
      results: [
        { bib: '77', place: 3, performance: '1:54.10' },
        { bib: '11', place: 1, performance: '1:52.60' },
        { bib: '16', place: '2', performance: '1:53.02', firstName: 'Dana', lastName: 'Own' },
        { bib: '12', place: 'DQ', performance: '' },
      ],
    });
    await settled(3);
    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    expect(bodies).toContainEqual({ text: "Men's 800m Final: 1. Avery Example 1:52.60" });
    const podium = "Men's 800m Final (official): 1. Avery Example 1:52.60, 2. Dana Own 1:53.02, 3. #77 1:54.10";
    expect(bodies).toContainEqual({ text: podium });
    expect(bodies).toContainEqual({ content: podium });
    // Chat endpoints are signed all the same.
    expect(receiver.requests.every((r) => r.validFor.length === 1)).toBe(true);
  });

  it('keeps a Discord message within 2,000 characters', async () => {
    addEndpoint({ format: 'discord' });
    resultArrived('T99');
    await settled(1);
    const content: string = JSON.parse(receiver.requests[0]!.body).content;
    expect([...content]).toHaveLength(2000);
    expect(content.endsWith('…')).toBe(true);
  });

  it('relays field attempts and a changed schedule, in a sentence for chat and in data for systems', async () => {
    const standard = addEndpoint({ filter: ['attempt.*', 'competition.*'] });
    addEndpoint({ format: 'slack', filter: ['attempt.recorded', 'competition.updated'] });
    const attempt = { event_code: 'LJ', event_id: 'F01', round_no: 1, heat_no: 1, bib: '21', round: 3, result: '6.45', athlete_name: 'Dee Example' };
    ingest.receive({ source: 'opentrack-pusher', channel: 'x-overview', event: 'latest_attempt', raw: JSON.stringify(attempt), competition: 'c' });
    const vertical = { event_code: 'HJ', bib: '31', height: '1.85', attempts_at_height: 'xo', result: 'o', athlete_name: 'Hal Jumper' };
    ingest.receive({ source: 'opentrack-pusher', channel: 'x-overview', event: 'latest_attempt', raw: JSON.stringify(vertical), competition: 'c' });
    ingest.receive({ source: 'opentrack-http', channel: 'comp', event: 'competition', raw: JSON.stringify(fixtureCompetition()), competition: 'c' });
    await settled(6);
    const texts = receiver.requests.map((r) => JSON.parse(r.body).text).filter(Boolean);
    expect(texts).toEqual(
      expect.arrayContaining(['Women Long Jump: Dee Example attempt 3: 6.45', 'HJ: Hal Jumper 1.85 xo', 'Spine Test Meet: schedule updated (2 events)']),
    );
    const envelopes = receiver.requests.map((r) => JSON.parse(r.body)).filter((b) => b.type);
    expect(envelopes.find((e) => e.data.bib === '21').data).toEqual({ ...attempt, eventName: 'Women Long Jump' });
    const schedule = envelopes.find((e) => e.type === 'competition.updated').data;
    expect(schedule).toMatchObject({ fullName: 'Spine Test Meet', events: [{ eventId: 'T01', units: [{ eventId: 'T01', round: 1, heat: 1, status: 'scheduled' }] }, { eventId: 'F01' }] });
    // The schedule, not the whole competition: no entries, no results.
    expect(schedule.competitors).toBeUndefined();
    expect(schedule.events[0].units[0].results).toBeUndefined();
    expect(relay.listMessages(standard.id, 10)).toHaveLength(3);
  });

  it('signs with the old and the new secret during a rotation, then with the new one only', async () => {
    const endpoint = addEndpoint();
    const old = secrets[0]!;
    const { secret: fresh, previousValidUntil } = relay.rotateSecret(endpoint.id, 3600);
    expect(Date.parse(previousValidUntil)).toBe(clock.now() + H);
    secrets.push(fresh);
    resultArrived('T01', 1);
    await settled(1);
    expect(receiver.requests[0]!.signatures).toHaveLength(2);
    expect(receiver.requests[0]!.validFor.sort()).toEqual([fresh, old].sort());
    clock.advance(2 * H);
    resultArrived('T01', 2);
    await settled(2);
    expect(receiver.requests[1]!.validFor).toEqual([fresh]);
    expect(relay.getEndpoint(endpoint.id).previousSecretValidUntil).toBeNull();
  });

  it('resends one message with the same webhook-id and the same bytes', async () => {
    const endpoint = addEndpoint();
    resultArrived();
    await settled(1);
    const [m] = relay.listMessages(endpoint.id, 1);
    expect(relay.resend(m!.id).status).toBe('pending');
    await settled(2);
    expect(receiver.requests[0]!.webhookId).toBe(receiver.requests[1]!.webhookId);
    expect(receiver.requests[0]!.body).toBe(receiver.requests[1]!.body);
    expect(relay.getMessage(m!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });
});
