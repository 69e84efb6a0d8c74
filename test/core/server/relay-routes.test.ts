/**
 * `/api/relay/…` over real HTTP: the secret is shown once, bad input gets a clear 400, and the
 * delivery log of a real attempt reads back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBareServer, type BareServer } from '../../helpers/bare-server';
import { Receiver } from '../../helpers/relay-receiver';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';
import { EndpointCreatedSchema, EndpointListSchema, OutboxMessageDetailSchema, OutboxMessageListSchema } from '../../../electron/core/model/relay';

let dir: ReturnType<typeof tempDir>;
let server: BareServer;
let receiver: Receiver;
let secret = '';

beforeEach(async () => {
  dir = tempDir();
  server = await startBareServer(dir.path);
  receiver = await new Receiver(() => [secret]).start();
});
afterEach(async () => {
  await server.close();
  await receiver.stop();
  dir.remove();
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('/api/relay', () => {
  it('creates an endpoint, shows its secret once, and delivers a test message signed with it', async () => {
    const res = await call('POST', '/api/relay/endpoints', { url: receiver.url, description: 'Scoreboard' });
    expect(res.status).toBe(201);
    const created = EndpointCreatedSchema.parse(await res.json());
    secret = created.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    expect(created.endpoint).toMatchObject({ url: receiver.url, filter: ['*'], format: 'standard', schedule: 'standard', enabled: true });
    const list = await (await call('GET', '/api/relay/endpoints')).text();
    expect(list).not.toContain(secret);
    EndpointListSchema.parse(JSON.parse(list));

    expect((await call('POST', `/api/relay/endpoints/${created.endpoint.id}/test`)).status).toBe(202);
    await waitUntil(() => receiver.requests.length === 1, 5_000, 'the test message');
    expect(receiver.requests[0]!.validFor).toEqual([secret]);
    const messages = OutboxMessageListSchema.parse(await (await call('GET', `/api/relay/endpoints/${created.endpoint.id}/messages`)).json()).messages;
    await waitUntil(async () => OutboxMessageDetailSchema.parse(await (await call('GET', `/api/relay/messages/${messages[0]!.id}`)).json()).status === 'delivered');
    const detail = OutboxMessageDetailSchema.parse(await (await call('GET', `/api/relay/messages/${messages[0]!.id}`)).json());
    expect(detail.log).toHaveLength(1);
    expect(detail.log[0]).toMatchObject({ attempt: 1, statusCode: 200, error: null });
  });

  it('refuses bad input with a clear 400 and unknown ids with 404', async () => {
    const bad = await call('POST', '/api/relay/endpoints', { url: 'ftp://example.test/x' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/url/);
    expect((await call('POST', '/api/relay/endpoints', { url: receiver.url, format: 'telex' })).status).toBe(400);
    expect((await call('POST', '/api/relay/endpoints', { url: receiver.url, filter: [] })).status).toBe(400);
    expect((await call('PATCH', '/api/relay/endpoints/ep_nope', { enabled: false })).status).toBe(404);
    expect((await call('GET', '/api/relay/messages/999')).status).toBe(404);
    const { endpoint } = EndpointCreatedSchema.parse(await (await call('POST', '/api/relay/endpoints', { url: receiver.url })).json());
    expect((await call('PATCH', `/api/relay/endpoints/${endpoint.id}`, { secret: 'x' })).status).toBe(400);
    expect((await call('POST', `/api/relay/endpoints/${endpoint.id}/recover`, { since: 'yesterday' })).status).toBe(400);
    expect((await call('POST', `/api/relay/endpoints/${endpoint.id}/recover`, { since: '2026-11-22T00:00:00Z' })).status).toBe(200);
  });

  it('rotates a secret, edits and deletes an endpoint', async () => {
    const { endpoint } = EndpointCreatedSchema.parse(await (await call('POST', '/api/relay/endpoints', { url: receiver.url })).json());
    const rotated = await (await call('POST', `/api/relay/endpoints/${endpoint.id}/rotate-secret`, { overlapSeconds: 600 })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(Date.parse(rotated.previousValidUntil) - Date.now()).toBeGreaterThan(590_000);
    const patched = await (await call('PATCH', `/api/relay/endpoints/${endpoint.id}`, { format: 'slack', filter: ['result.*'] })).json();
    expect(patched).toMatchObject({ format: 'slack', filter: ['result.*'], previousSecretValidUntil: rotated.previousValidUntil });
    expect((await call('DELETE', `/api/relay/endpoints/${endpoint.id}`)).status).toBe(204);
    expect((await call('GET', `/api/relay/endpoints/${endpoint.id}`)).status).toBe(404);
  });
});
