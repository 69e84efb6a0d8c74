/**
 * `/api/relay/…` over real HTTP: the secret is shown once, bad input gets a clear 400 (never a
 * 5xx), the outbox and the delivery log read back, resend and recover work, and a webhook that
 * comes in is relayed out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBareServer, type BareServer } from '../../helpers/bare-server';
import { FakeClock, Receiver } from '../../helpers/relay-receiver';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';
import {
  EndpointCreatedSchema,
  EndpointListSchema,
  EndpointSchema,
  ErrorBodySchema,
  FailureListSchema,
  OutboxMessageDetailSchema,
  OutboxMessageListSchema,
  OutboxMessageSchema,
  RecoveredSchema,
  SecretRotatedSchema,
} from '../../../electron/core/model/relay';

const TOKEN = 'tri-token-for-tests-0123456789';

let dir: ReturnType<typeof tempDir>;
let server: BareServer;
let receiver: Receiver;
let clock: FakeClock;
let secret = '';

beforeEach(async () => {
  dir = tempDir();
  clock = new FakeClock(Date.now());
  server = await startBareServer(dir.path, { webhooks: { token: TOKEN }, relay: { clock } });
  receiver = await new Receiver(() => [secret]).start();
});
afterEach(async () => {
  await server.close();
  await receiver.stop();
  dir.remove();
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

async function create(body: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/relay/endpoints', { url: receiver.url, ...body });
  expect(res.status).toBe(201);
  const created = EndpointCreatedSchema.parse(await res.json());
  secret = created.secret;
  return created.endpoint;
}

async function messages(endpointId: string, query = '') {
  return OutboxMessageListSchema.parse(await (await call('GET', `/api/relay/endpoints/${endpointId}/messages${query}`)).json()).messages;
}

async function detail(messageId: number) {
  return OutboxMessageDetailSchema.parse(await (await call('GET', `/api/relay/messages/${messageId}`)).json());
}

async function expectError(res: Response, status: number, pattern: RegExp) {
  expect(res.status).toBe(status);
  expect(ErrorBodySchema.parse(await res.json()).error).toMatch(pattern);
}

describe('/api/relay', () => {
  it('creates an endpoint, shows its secret once, and delivers a test message signed with it', async () => {
    const endpoint = await create({ description: 'Scoreboard' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    expect(endpoint).toMatchObject({ url: receiver.url, description: 'Scoreboard', filter: ['*'], format: 'standard', schedule: 'standard', enabled: true });
    const list = await (await call('GET', '/api/relay/endpoints')).text();
    expect(list).not.toContain(secret);
    expect(EndpointListSchema.parse(JSON.parse(list)).endpoints.map((e) => e.id)).toEqual([endpoint.id]);
    expect(await (await call('GET', `/api/relay/endpoints/${endpoint.id}`)).text()).not.toContain(secret);

    const test = await call('POST', `/api/relay/endpoints/${endpoint.id}/test`);
    expect(test.status).toBe(202);
    const queued = OutboxMessageSchema.parse(await test.json());
    await waitUntil(() => receiver.requests.length === 1, 5_000, 'the test message');
    expect(receiver.requests[0]!).toMatchObject({ validFor: [secret], webhookId: queued.webhookId });
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ id: queued.webhookId, type: 'relay.test' });
    await waitUntil(async () => (await detail(queued.id)).status === 'delivered', 5_000, 'delivered');
    const log = (await detail(queued.id)).log;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ attempt: 1, statusCode: 200, error: null, nextAttemptAt: null });
    const stats = EndpointSchema.parse(await (await call('GET', `/api/relay/endpoints/${endpoint.id}`)).json()).stats;
    expect(stats).toMatchObject({ delivered: 1, failed: 0, backlog: 0, successRate: 1, medianLatencyMs: log[0]!.durationMs });
  });

  it('refuses bad input with a clear 400 and unknown ids with 404, never a 5xx', async () => {
    await expectError(await call('POST', '/api/relay/endpoints', { url: 'ftp://example.test/x' }), 400, /url.*http/);
    await expectError(await call('POST', '/api/relay/endpoints', { url: 'not a url' }), 400, /url.*http/);
    await expectError(await call('POST', '/api/relay/endpoints', { url: 'https://user:pw@example.test/x' }), 400, /user name or password/);
    await expectError(await call('POST', '/api/relay/endpoints', { url: receiver.url, format: 'telex' }), 400, /format/);
    await expectError(await call('POST', '/api/relay/endpoints', { url: receiver.url, schedule: 'weekly' }), 400, /schedule/);
    await expectError(await call('POST', '/api/relay/endpoints', { url: receiver.url, filter: [] }), 400, /filter/);
    await expectError(await call('POST', '/api/relay/endpoints', { url: receiver.url, secret: 'whsec_mine' }), 400, /secret/);
    await expectError(await call('POST', '/api/relay/endpoints', '{"url": '), 400, /JSON/i);
    await expectError(await call('POST', '/api/relay/endpoints'), 400, /url/);
    await expectError(await call('PATCH', '/api/relay/endpoints/ep_nope', { enabled: false }), 404, /ep_nope/);
    await expectError(await call('GET', '/api/relay/messages/999'), 404, /999/);
    await expectError(await call('GET', '/api/relay/messages/abc'), 404, /abc/);
    await expectError(await call('POST', '/api/relay/messages/abc/resend'), 404, /abc/);

    const endpoint = await create();
    await expectError(await call('PATCH', `/api/relay/endpoints/${endpoint.id}`, { secret: 'x' }), 400, /secret/);
    await expectError(await call('POST', `/api/relay/endpoints/${endpoint.id}/rotate-secret`, { overlapSeconds: -5 }), 400, /overlapSeconds/);
    await expectError(await call('POST', `/api/relay/endpoints/${endpoint.id}/recover`, { since: 'yesterday' }), 400, /since/);
    await expectError(await call('POST', `/api/relay/endpoints/${endpoint.id}/recover`, {}), 400, /since/);
    await expectError(await call('GET', `/api/relay/endpoints/${endpoint.id}/messages?limit=lots`), 400, /limit/);
    await expectError(await call('GET', `/api/relay/endpoints/${endpoint.id}/messages?limit=0`), 400, /limit/);
    await expectError(await call('GET', `/api/relay/endpoints/${endpoint.id}/messages?status=lost`), 400, /status/);
    await expectError(await call('GET', '/api/relay/failures?since=last%20week'), 400, /since/);
    expect(RecoveredSchema.parse(await (await call('POST', `/api/relay/endpoints/${endpoint.id}/recover`, { since: '2026-11-22T00:00:00Z' })).json())).toEqual({ requeued: 0 });

    // A test message to a switched-off endpoint would wait unseen: say so instead.
    await call('PATCH', `/api/relay/endpoints/${endpoint.id}`, { enabled: false });
    await expectError(await call('POST', `/api/relay/endpoints/${endpoint.id}/test`), 409, /disabled/);
    // Nothing above reached the outbox.
    expect(await messages(endpoint.id)).toEqual([]);
  });

  it('rotates a secret, edits and deletes an endpoint', async () => {
    const endpoint = await create();
    const rotated = SecretRotatedSchema.parse(await (await call('POST', `/api/relay/endpoints/${endpoint.id}/rotate-secret`, { overlapSeconds: 600 })).json());
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect(Date.parse(rotated.previousValidUntil) - clock.now()).toBe(600_000);
    const patched = EndpointSchema.parse(await (await call('PATCH', `/api/relay/endpoints/${endpoint.id}`, { format: 'slack', filter: ['result.*'] })).json());
    expect(patched).toMatchObject({ format: 'slack', filter: ['result.*'], previousSecretValidUntil: rotated.previousValidUntil });
    expect(await (await call('GET', '/api/relay/endpoints')).text()).not.toContain(rotated.secret);
    // Without a body the old secret signs for a day.
    const again = SecretRotatedSchema.parse(await (await call('POST', `/api/relay/endpoints/${endpoint.id}/rotate-secret`)).json());
    expect(Date.parse(again.previousValidUntil) - clock.now()).toBe(24 * 3600_000);
    expect((await call('DELETE', `/api/relay/endpoints/${endpoint.id}`)).status).toBe(204);
    expect((await call('GET', `/api/relay/endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/relay/endpoints/${endpoint.id}`)).status).toBe(404);
  });

  it('lists the outbox by status, shows the attempt log, resends one and recovers the failed ones', async () => {
    const endpoint = await create();
    receiver.otherwise({ status: 500 });
    const first = OutboxMessageSchema.parse(await (await call('POST', `/api/relay/endpoints/${endpoint.id}/test`)).json());
    await waitUntil(() => receiver.requests.length === 1, 5_000, 'the first attempt');
    await waitUntil(async () => (await detail(first.id)).attempts === 1, 5_000, 'the attempt recorded');
    const pending = await detail(first.id);
    expect(pending).toMatchObject({ status: 'pending', lastStatus: 500, lastError: 'HTTP 500' });
    expect(pending.log[0]).toMatchObject({ attempt: 1, statusCode: 500, error: 'HTTP 500', nextAttemptAt: new Date(clock.now() + 5_000).toISOString() });
    expect(pending.nextAttemptAt).toBe(pending.log[0]!.nextAttemptAt);

    // Run the default schedule out on the fake clock.
    for (const [i, delay] of [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000].entries()) {
      clock.advance(delay);
      await waitUntil(async () => (await detail(first.id)).attempts === i + 2, 5_000, `attempt ${i + 2}`);
    }
    const failed = await detail(first.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null });
    expect(failed.log.map((a) => a.statusCode)).toEqual(Array(8).fill(500));
    expect((await messages(endpoint.id, '?status=failed')).map((m) => m.id)).toEqual([first.id]);
    expect(await messages(endpoint.id, '?status=delivered')).toEqual([]);
    const failures = FailureListSchema.parse(await (await call('GET', `/api/relay/failures?since=${encodeURIComponent(new Date(clock.now() - 1000).toISOString())}`)).json());
    expect(failures.messages.map((m) => m.id)).toEqual([first.id]);
    expect(FailureListSchema.parse(await (await call('GET', `/api/relay/failures?since=${encodeURIComponent(new Date(clock.now() + 1000).toISOString())}`)).json()).messages).toEqual([]);

    // The receiver is back: recover everything that failed since before the message was created.
    receiver.otherwise({ status: 200 });
    const since = new Date(Date.parse(first.createdAt) - 1000).toISOString();
    expect(RecoveredSchema.parse(await (await call('POST', `/api/relay/endpoints/${endpoint.id}/recover`, { since })).json())).toEqual({ requeued: 1 });
    await waitUntil(async () => (await detail(first.id)).status === 'delivered', 5_000, 'delivered after recover');
    expect(receiver.delivered().get(first.webhookId)).toBe(1);

    // Resend one that was delivered: same webhook-id, same bytes, a new attempt series.
    const resent = await call('POST', `/api/relay/messages/${first.id}/resend`);
    expect(resent.status).toBe(202);
    expect(OutboxMessageSchema.parse(await resent.json()).status).toBe('pending');
    await waitUntil(async () => (await detail(first.id)).status === 'delivered' && receiver.requests.length === 10, 5_000, 'delivered after resend');
    expect(new Set(receiver.requests.map((r) => r.webhookId))).toEqual(new Set([first.webhookId]));
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    expect((await detail(first.id)).log).toHaveLength(10);

    const second = OutboxMessageSchema.parse(await (await call('POST', `/api/relay/endpoints/${endpoint.id}/test`)).json());
    await waitUntil(async () => (await detail(second.id)).status === 'delivered', 5_000, 'the second test');
    expect((await messages(endpoint.id, '?limit=1')).map((m) => m.id)).toEqual([second.id]);
    expect((await messages(endpoint.id)).map((m) => m.id)).toEqual([second.id, first.id]);
  });

  it('relays a webhook that came in: /hooks/triathlon out as webhook.triathlon.<method>', async () => {
    const endpoint = await create({ filter: ['webhook.triathlon.*'] });
    const body = { subscription: 'timing.store', payload: { prog_id: '101', date: '2026-06-01T10:00:00Z', results: [] } };
    const res = await call('POST', '/hooks/triathlon', body, { 'triathlon-token': TOKEN });
    expect(res.status).toBe(200);
    await waitUntil(() => receiver.requests.length === 1, 5_000, 'the relayed webhook');
    const envelope = JSON.parse(receiver.requests[0]!.body);
    expect(envelope).toMatchObject({ type: 'webhook.triathlon.timing.store', data: body });
    expect(receiver.requests[0]!.validFor).toEqual([secret]);
    expect((await messages(endpoint.id)).map((m) => m.type)).toEqual(['webhook.triathlon.timing.store']);
  });
});
