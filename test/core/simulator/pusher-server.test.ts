/**
 * The local Pusher-protocol server against the real clients: pusher-js subscribing, the official
 * `pusher` SDK publishing over signed REST, and a raw `ws` socket for what real clients never send.
 */
import { createHash, createHmac } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import PusherClient from 'pusher-js';
import PusherServerSdk from 'pusher';
import { WebSocket } from 'ws';
import { LocalPusherServer } from '../../../electron/core/simulator/pusher-server';
import { waitUntil } from '../../helpers/wait';

const KEY = 'test-key';
const SECRET = 'test-secret';
let server: LocalPusherServer;
const clients: PusherClient[] = [];
const rawSockets: WebSocket[] = [];

const connect = (key = KEY) => {
  const client = new PusherClient(key, {
    cluster: 'eu', wsHost: '127.0.0.1', wsPort: server.port, forceTLS: false, enabledTransports: ['ws'], disableStats: true,
  });
  clients.push(client);
  return client;
};
const sdk = (secret = SECRET) =>
  new PusherServerSdk({ appId: 'trackside', key: KEY, secret, host: '127.0.0.1', port: String(server.port), useTLS: false });

/** A bare socket that records every frame, for what pusher-js would never send. */
async function rawClient(key = KEY): Promise<{ ws: WebSocket; frames: Array<{ event: string; channel?: string; data: unknown }> }> {
  const ws = new WebSocket(`${server.url}/app/${key}?protocol=7&client=js&version=8.6.0&flash=false`);
  rawSockets.push(ws);
  const frames: Array<{ event: string; channel?: string; data: unknown }> = [];
  ws.on('message', (m) => frames.push(JSON.parse(String(m))));
  ws.on('error', () => {});
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, frames };
}

/** Signs like the SDK, but lets a test pick the timestamp, the body and the md5 it claims. */
function signedPost(path: string, body: string, opts: { timestamp?: number; md5?: string } = {}) {
  const params: Record<string, string> = {
    auth_key: KEY,
    auth_timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
    auth_version: '1.0',
    body_md5: opts.md5 ?? createHash('md5').update(body).digest('hex'),
  };
  const query = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
  const signature = createHmac('sha256', SECRET).update(`POST\n${path}\n${query}`).digest('hex');
  return fetch(`http://127.0.0.1:${server.port}${path}?${query}&auth_signature=${signature}`, {
    method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5_000),
  });
}

beforeEach(async () => {
  server = new LocalPusherServer({ key: KEY, secret: SECRET });
  await server.start();
});
afterEach(async () => {
  clients.splice(0).forEach((c) => c.disconnect());
  rawSockets.splice(0).forEach((ws) => ws.terminate());
  await server.stop();
});

describe('local Pusher-protocol server', () => {
  it('delivers trigger() to pusher-js subscribers, object and string data intact', async () => {
    const got: unknown[] = [];
    const other: unknown[] = [];
    connect().subscribe('meet-overview').bind('results_arrived', (d: unknown) => got.push(d));
    connect().subscribe('other').bind('results_arrived', (d: unknown) => other.push(d));
    await server.waitForSubscribers('meet-overview');
    await server.waitForSubscribers('other');
    expect(server.channels().sort()).toEqual(['meet-overview', 'other']);
    expect(server.connectionCount()).toBe(2);

    expect(server.trigger('meet-overview', 'results_arrived', { event_id: '14', round_no: 1, name: 'Zoë' })).toBe(1);
    expect(server.trigger(['meet-overview', 'nobody'], 'results_arrived', 'not json {')).toBe(1);
    await waitUntil(() => got.length === 2);
    expect(got).toEqual([{ event_id: '14', round_no: 1, name: 'Zoë' }, 'not json {']);
    expect(other).toEqual([]);
  });

  it('accepts events from the official SDK and refuses a wrong secret and oversized data', async () => {
    const got: unknown[] = [];
    connect().subscribe('ch').bind('unit', (d: unknown) => got.push(d));
    await server.waitForSubscribers('ch');
    await sdk().trigger('ch', 'unit', { eventId: 'T01' });
    await waitUntil(() => got.length === 1);
    expect(got[0]).toEqual({ eventId: 'T01' });

    await expect(sdk('wrong').trigger('ch', 'unit', { eventId: 'X' })).rejects.toMatchObject({ status: 401 });
    await expect(sdk().trigger('ch', 'unit', { pad: 'x'.repeat(11_000) })).rejects.toMatchObject({ status: 413 });
    await expect(
      sdk().triggerBatch([{ channel: 'ch', name: 'unit', data: { ok: 1 } }, { channel: 'ch', name: 'unit', data: 'x'.repeat(11_000) }]),
    ).rejects.toMatchObject({ status: 413 });
    await sdk().triggerBatch([{ channel: 'ch', name: 'unit', data: { eventId: 'B' } }]);
    await waitUntil(() => got.length === 2);
    // Nothing refused above slipped through, and the batch came after them.
    expect(got).toEqual([{ eventId: 'T01' }, { eventId: 'B' }]);
  });

  it('leaves out the socket_id a publisher names, as Pusher does', async () => {
    const mine: unknown[] = [];
    const theirs: unknown[] = [];
    const me = connect();
    me.subscribe('ch').bind('e', (d: unknown) => mine.push(d));
    connect().subscribe('ch').bind('e', (d: unknown) => theirs.push(d));
    await server.waitForSubscribers('ch', 2);
    await sdk().trigger('ch', 'e', { n: 1 }, { socket_id: me.connection.socket_id });
    await waitUntil(() => theirs.length === 1);
    server.trigger('ch', 'e', { n: 2 });
    await waitUntil(() => mine.length === 1);
    expect(mine).toEqual([{ n: 2 }]);
  });

  it('checks REST signatures, timestamps and bodies; answers status and 404', async () => {
    const path = '/apps/trackside/events';
    const good = JSON.stringify({ name: 'e', channels: ['ch'], data: '{}' });
    expect((await signedPost(path, good)).status).toBe(200);
    expect((await signedPost(path, good, { timestamp: Math.floor(Date.now() / 1000) - 700 })).status).toBe(401);
    expect((await signedPost(path, good.replace('"e"', '"f"'), { md5: createHash('md5').update(good).digest('hex') })).status).toBe(401);
    expect((await signedPost(path, 'not json')).status).toBe(400);
    expect((await signedPost(path, 'null')).status).toBe(400);
    expect((await signedPost(path, JSON.stringify({ name: 'e', channels: [1], data: '{}' }))).status).toBe(400);
    expect((await signedPost('/apps/trackside/batch_events', '{"batch":[null]}')).status).toBe(400);
    expect((await signedPost('/apps/other/events', good)).status).toBe(404);

    const status = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ appId: 'trackside' });
    expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
  });

  it('refuses a wrong app key with 4001, and pusher-js gives up instead of retrying', async () => {
    const ws = new WebSocket(`${server.url}/app/other-key?protocol=7`);
    rawSockets.push(ws);
    const frames: string[] = [];
    ws.on('message', (m) => frames.push(String(m)));
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4001);
    expect(JSON.parse(frames[0]!)).toMatchObject({ event: 'pusher:error', data: { code: 4001 } });

    const client = connect('other-key');
    const errors: unknown[] = [];
    client.connection.bind('error', (e: unknown) => errors.push(e));
    await waitUntil(() => client.connection.state === 'disconnected', 5_000, 'pusher-js to give up');
    expect(JSON.stringify(errors)).toContain('4001');
    expect(server.connectionCount()).toBe(0);
  });

  it('speaks the protocol details: established, ping/pong, unsubscribe, public channels only', async () => {
    const { ws, frames } = await rawClient();
    await waitUntil(() => frames.length === 1);
    const established = frames[0]!;
    expect(established.event).toBe('pusher:connection_established');
    expect(typeof established.data).toBe('string');
    expect(JSON.parse(established.data as string)).toEqual({ socket_id: expect.stringMatching(/^\d+\.\d+$/), activity_timeout: 120 });

    ws.send(JSON.stringify({ event: 'pusher:ping', data: {} }));
    ws.send(JSON.stringify({ event: 'pusher:subscribe', data: JSON.stringify({ channel: 'as-string' }) }));
    ws.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'private-x', auth: '' } }));
    ws.send(JSON.stringify({ event: 'client-hello', channel: 'as-string', data: {} }));
    await waitUntil(() => frames.length === 4);
    expect(frames.slice(1)).toEqual([
      { event: 'pusher:pong', data: '{}' },
      { event: 'pusher_internal:subscription_succeeded', channel: 'as-string', data: '{}' },
      { event: 'pusher:error', data: { code: 4009, message: expect.any(String) } },
    ]);
    expect(server.channels()).toEqual(['as-string']);
    ws.send(JSON.stringify({ event: 'pusher:unsubscribe', data: { channel: 'as-string' } }));
    await waitUntil(() => server.subscriberCount('as-string') === 0);
    expect(server.trigger('as-string', 'e', {})).toBe(0);
  });

  it('after a network drop pusher-js reconnects and resubscribes by itself; stop/start keeps the port', async () => {
    const got: unknown[] = [];
    const states: string[] = [];
    const client = connect();
    client.connection.bind('state_change', ({ current }: { current: string }) => states.push(current));
    client.subscribe('ch').bind('e', (d: unknown) => got.push(d));
    await server.waitForSubscribers('ch');
    const firstSocket = client.connection.socket_id;

    states.length = 0;
    server.dropConnections();
    expect(server.subscriberCount('ch')).toBe(0);
    expect(server.connectionCount()).toBe(0);
    // pusher-js stays "connected" through its 1 s retry delay; "connecting" then lasts milliseconds.
    await waitUntil(() => states.includes('connecting'), 5_000, 'pusher-js to notice the drop');
    await server.waitForSubscribers('ch', 1, 15_000);
    expect(states).toEqual(['connecting', 'connected']);
    expect(client.connection.socket_id).not.toBe(firstSocket);
    server.trigger('ch', 'e', { n: 1 });
    await waitUntil(() => got.length === 1);

    // Restarting inside that 1 s keeps the outage short; a refused attempt would wait out a 15 s timeout.
    const port = server.port;
    await server.stop();
    await server.stop();
    expect(await server.start()).toEqual({ host: '127.0.0.1', port });
    await server.waitForSubscribers('ch', 1, 15_000);
    server.trigger('ch', 'e', { n: 2 });
    await waitUntil(() => got.length === 2);
    expect(got).toEqual([{ n: 1 }, { n: 2 }]);
  }, 40_000);

  it('survives malformed frames and upgrade requests; other clients keep working', async () => {
    const got: unknown[] = [];
    connect().subscribe('ch').bind('e', (d: unknown) => got.push(d));
    await server.waitForSubscribers('ch');

    const { ws: rogue, frames } = await rawClient();
    rogue.send('this is not json');
    rogue.send(Buffer.from([0, 1, 2, 3]));
    for (const junk of ['null', '[]', '"s"', '{"event":"pusher:subscribe","data":42}', '{"event":"pusher:subscribe","data":"{"}']) rogue.send(junk);
    rogue.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'bad name!' } }));
    rogue.send(JSON.stringify({ event: 'pusher:subscribe', data: { channel: 'x'.repeat(201) } }));
    rogue.send(JSON.stringify({ event: 'pusher:ping' }));
    await waitUntil(() => frames.some((f) => f.event === 'pusher:pong'), 5_000, 'pong after the junk');
    rogue.send('x'.repeat(200_000));
    const closeCode = await new Promise<number>((resolve) => rogue.on('close', (c) => resolve(c)));
    expect(closeCode).toBe(1009);

    // An upgrade whose app key is not valid percent-encoding once threw out of the listener.
    for (const path of ['/app/%E0%A4%A', '/elsewhere']) {
      const socket = tcpConnect(server.port, '127.0.0.1');
      socket.on('error', () => {}).setTimeout(5_000, () => socket.destroy());
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
        + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (d) => (text += String(d))).on('close', () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 404/);
    }

    expect(server.trigger('ch', 'e', { still: 'alive' })).toBe(1);
    await waitUntil(() => got.length === 1);
    expect(server.connectionCount()).toBe(1);
  });
});
