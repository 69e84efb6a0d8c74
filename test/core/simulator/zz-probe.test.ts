import { it, expect } from 'vitest';
import net from 'node:net';
import { LocalPusherServer } from '/work/main/electron/core/simulator/pusher-server';
// eslint-disable-next-line
const { createSignedQueryString } = require('/work/main/node_modules/pusher/lib/requests.js');
const Token = require('/work/main/node_modules/pusher/lib/token.js');

it('bad percent-encoding in upgrade path', async () => {
  const s = new LocalPusherServer({ key: 'k' });
  const { port } = await s.start();
  const sock = net.connect(port, '127.0.0.1');
  await new Promise((r) => sock.on('connect', r));
  sock.write('GET /app/%E0%A4%A HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  await new Promise((r) => setTimeout(r, 300));
  const res = await fetch(`http://127.0.0.1:${port}/`);
  expect(res.status).toBe(200);
  await s.stop();
});
it('null body with valid signature', async () => {
  const s = new LocalPusherServer({ key: 'k', secret: 's' });
  const { port } = await s.start();
  for (const body of ['null', '{"batch":[null]}']) {
    const path = body.includes('batch') ? '/apps/trackside/batch_events' : '/apps/trackside/events';
    const qs = createSignedQueryString(new Token('k', 's'), { method: 'POST', path, body });
    const res = await fetch(`http://127.0.0.1:${port}${path}?${qs}`, { method: 'POST', body }).catch((e) => e);
    console.log(body, res.status ?? res);
  }
  await new Promise((r) => setTimeout(r, 300));
  await s.stop();
});
