/**
 * The local Pusher-protocol server against the real clients: pusher-js subscribing, the official
 * `pusher` SDK publishing over signed REST.
 */
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

const connect = () => {
  const client = new PusherClient(KEY, {
    cluster: 'eu', wsHost: '127.0.0.1', wsPort: server.port, forceTLS: false, enabledTransports: ['ws'], disableStats: true,
  });
  clients.push(client);
  return client;
};
const sdk = (secret = SECRET) =>
  new PusherServerSdk({ appId: 'trackside', key: KEY, secret, host: '127.0.0.1', port: String(server.port), useTLS: false });

beforeEach(async () => {
  server = new LocalPusherServer({ key: KEY, secret: SECRET });
  await server.start();
});
afterEach(async () => {
  clients.splice(0).forEach((c) => c.disconnect());
  await server.stop();
});

describe('local Pusher-protocol server', () => {
  it('delivers trigger() to a pusher-js subscriber, object and string data intact', async () => {
    const got: unknown[] = [];
    connect().subscribe('meet-overview').bind('results_arrived', (d: unknown) => got.push(d));
    await server.waitForSubscribers('meet-overview');
    expect(server.trigger('meet-overview', 'results_arrived', { event_id: '14', round_no: 1 })).toBe(1);
    server.trigger('meet-overview', 'results_arrived', 'not json {');
    await waitUntil(() => got.length === 2);
    expect(got).toEqual([{ event_id: '14', round_no: 1 }, 'not json {']);
  });

  it('accepts events from the official SDK, signed, and refuses a wrong secret and oversized data', async () => {
    const got: unknown[] = [];
    connect().subscribe('ch').bind('unit', (d: unknown) => got.push(d));
    await server.waitForSubscribers('ch');
    await sdk().trigger('ch', 'unit', { eventId: 'T01' });
    await waitUntil(() => got.length === 1);
    expect(got[0]).toEqual({ eventId: 'T01' });

    await expect(sdk('wrong').trigger('ch', 'unit', { eventId: 'X' })).rejects.toMatchObject({ status: 401 });
    await expect(sdk().trigger('ch', 'unit', { pad: 'x'.repeat(11_000) })).rejects.toMatchObject({ status: 413 });
    await sdk().triggerBatch([{ channel: 'ch', name: 'unit', data: { eventId: 'B' } }]);
    await waitUntil(() => got.length === 2);
    expect(got[1]).toEqual({ eventId: 'B' });
  });

  it('refuses a client with the wrong app key', async () => {
    const ws = new WebSocket(`${server.url}/app/other-key?protocol=7`);
    const frames: string[] = [];
    ws.on('message', (m) => frames.push(String(m)));
    const code = await new Promise<number>((r) => ws.on('close', (c) => r(c)));
    expect(code).toBe(4001);
    expect(JSON.parse(frames[0]!).event).toBe('pusher:error');
  });

  it('after a network drop pusher-js reconnects and resubscribes by itself; stop/start keeps the port', async () => {
    const got: unknown[] = [];
    const client = connect();
    client.subscribe('ch').bind('e', (d: unknown) => got.push(d));
    await server.waitForSubscribers('ch');
    server.dropConnections();
    expect(server.subscriberCount('ch')).toBe(0);
    await server.waitForSubscribers('ch', 1, 15_000);
    server.trigger('ch', 'e', { n: 1 });
    await waitUntil(() => got.length === 1);

    const port = server.port;
    await server.stop();
    await server.start();
    expect(server.port).toBe(port);
    await server.waitForSubscribers('ch', 1, 20_000);
    server.trigger('ch', 'e', { n: 2 });
    await waitUntil(() => got.length === 2, 5_000);
  }, 45_000);

  it('survives malformed frames; other clients keep working', async () => {
    const got: unknown[] = [];
    connect().subscribe('ch').bind('e', (d: unknown) => got.push(d));
    await server.waitForSubscribers('ch');
    const rogue = new WebSocket(`${server.url}/app/${KEY}?protocol=7`);
    await new Promise((r) => rogue.on('open', r));
    rogue.send('this is not json');
    rogue.send(Buffer.from([0, 1, 2, 3]));
    rogue.send(JSON.stringify({ event: 'pusher:subscribe', data: 42 }));
    rogue.send('x'.repeat(200_000));
    await new Promise((r) => rogue.on('close', r));
    server.trigger('ch', 'e', { still: 'alive' });
    await waitUntil(() => got.length === 1);
    expect(server.connectionCount()).toBe(1);
  });
});
