/**
 * `/hooks/…` over real HTTP on 127.0.0.1 with a real SQLite file: what a provider sees (status
 * codes, duplicates answered 2xx) and what the console keeps (journal, receipts, no secrets).
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startBareServer, type BareServer } from '../../helpers/bare-server';
import { tempDir } from '../../helpers/temp-dir';
import type { WebhookConfig } from '../../../electron/core/config/config';

const TOKEN = 'tri-token-7f3a9c';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

let dir: ReturnType<typeof tempDir>;
let server: BareServer;
let clock = Date.now();

async function start(webhooks: Partial<WebhookConfig> = {}) {
  server = await startBareServer(dir.path, { webhooks: { token: TOKEN, secret: SECRET, ...webhooks }, now: () => clock });
}

beforeEach(() => {
  dir = tempDir();
  clock = Date.now();
});
afterEach(async () => {
  await server?.close();
  dir.remove();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

const journal = () => server.store.journal.after(0, 1000);
const tri = (method: string, payload: unknown) => JSON.stringify({ subscription: method, payload });
const trackscoreSig = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const standardHeaders = (body: string, id: string, at = Math.floor(clock / 1000), secret = SECRET) => ({
  'webhook-id': id,
  'webhook-timestamp': String(at),
  'webhook-signature': new Webhook(secret).sign(id, new Date(at * 1000), body),
});

describe('/hooks/triathlon', () => {
  it('accepts the token in the header or the query, journals the method, and never stores the token', async () => {
    await start();
    const a = await post('/hooks/triathlon', tri('program.update', { prog_id: '101' }), { 'triathlon-token': TOKEN });
    expect(a.status).toBe(200);
    const b = await post(`/hooks/triathlon?token=${TOKEN}`, tri('entry.store', { prog_id: '101' }));
    expect(b.status).toBe(200);
    const rows = journal();
    expect(rows.map((r) => [r.source, r.channel, r.event, r.accepted])).toEqual([
      ['triathlon', '/hooks/triathlon', 'program.update', true],
      ['triathlon', '/hooks/triathlon', 'entry.store', true],
    ]);
    const receipts = await (await fetch(`${server.url}/api/webhooks/receipts`)).json();
    expect(receipts.receipts).toHaveLength(2);
    expect(JSON.stringify(receipts)).not.toContain(TOKEN);
    expect(server.logs.join('\n')).not.toContain(TOKEN);
  });

  it('answers 401 to a wrong or missing token, and to everyone when no token is configured', async () => {
    await start();
    expect((await post('/hooks/triathlon', tri('x', {}), { 'triathlon-token': 'nope' })).status).toBe(401);
    expect((await post('/hooks/triathlon', tri('x', {}))).status).toBe(401);
    expect(journal()).toHaveLength(0);
    expect(server.logs.join('\n')).not.toContain('nope');
    await server.close();
    await start({ token: undefined });
    expect((await post('/hooks/triathlon', tri('x', {}), { 'triathlon-token': TOKEN })).status).toBe(401);
  });

  it('answers a redelivery 2xx without a second accepted message, and accepts unknown methods', async () => {
    await start();
    const body = tri('ranking.publish', { ranking_id: '7' });
    const first = await post('/hooks/triathlon', body, { 'triathlon-token': TOKEN });
    const again = await post('/hooks/triathlon', body, { 'triathlon-token': TOKEN });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
    expect((await post('/hooks/triathlon', tri('something.new', {}), { 'triathlon-token': TOKEN })).status).toBe(200);
    expect(journal().map((r) => [r.event, r.accepted, r.reason ?? null])).toEqual([
      ['ranking.publish', true, null],
      ['ranking.publish', false, 'duplicate'],
      ['something.new', true, null],
    ]);
  });

  it('keeps malformed JSON after a valid token aside and answers 400', async () => {
    await start();
    const res = await post('/hooks/triathlon', '{"subscription": "timing.store", "payload": {', { 'triathlon-token': TOKEN });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/malformed JSON/);
    const kept = await (await fetch(`${server.url}/api/webhooks/receipts?outcome=malformed`)).json();
    expect(kept.receipts).toHaveLength(1);
    expect(kept.receipts[0].body).toBe('{"subscription": "timing.store", "payload": {');
    expect(journal()[0]).toMatchObject({ accepted: false, reason: expect.stringMatching(/^malformed JSON/) });
    // Valid JSON that is not a subscription message is refused the same way.
    expect((await post('/hooks/triathlon', '[1,2]', { 'triathlon-token': TOKEN })).status).toBe(400);
  });

  it('hands accepted triathlon messages to the programs with their journal seq', async () => {
    await start();
    const seen: { method: string; seq: number }[] = [];
    const original = server.triathlon.apply.bind(server.triathlon);
    server.triathlon.apply = (msg) => {
      seen.push({ method: msg.method, seq: msg.seq });
      return original(msg);
    };
    const res = await post('/hooks/triathlon', tri('timing.store', { prog_id: '5' }), { 'triathlon-token': TOKEN });
    const { seq } = await res.json();
    expect(seen).toEqual([{ method: 'timing.store', seq }]);
  });
});

describe('/hooks/trackscore', () => {
  const message = (id: string, attempt: number) => JSON.stringify({ id, type: 'result.published', delivery_attempt: attempt, data: { bib: '12' } });

  it('accepts a signed message, dedupes on its id across redeliveries with different bodies', async () => {
    await start();
    const first = message('evt_1', 1);
    const retry = message('evt_1', 2);
    expect((await post('/hooks/trackscore', first, { 'x-trackscore-signature': trackscoreSig(first) })).status).toBe(200);
    const again = await post('/hooks/trackscore', retry, { 'x-trackscore-signature': trackscoreSig(retry) });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(journal().filter((r) => r.accepted)).toHaveLength(1);
    expect(journal()[0]).toMatchObject({ source: 'trackscore', event: 'result.published' });
  });

  it('accepts the GitHub-style header, refuses bad signatures with 401', async () => {
    await start();
    const body = message('evt_2', 1);
    expect((await post('/hooks/trackscore', body, { 'x-hub-signature-256': trackscoreSig(body) })).status).toBe(200);
    expect((await post('/hooks/trackscore', body, { 'x-trackscore-signature': trackscoreSig(body, 'other') })).status).toBe(401);
    expect((await post('/hooks/trackscore', body)).status).toBe(401);
  });

  it('accepts the previous secret during a rotation and refuses it afterwards', async () => {
    await start({ secret: 'new-secret', previousSecret: SECRET, rotationEndsAt: clock + 60_000 });
    const body = message('evt_3', 1);
    expect((await post('/hooks/trackscore', body, { 'x-trackscore-signature': trackscoreSig(body, SECRET) })).status).toBe(200);
    clock += 120_000;
    const later = message('evt_4', 1);
    expect((await post('/hooks/trackscore', later, { 'x-trackscore-signature': trackscoreSig(later, SECRET) })).status).toBe(401);
    expect((await post('/hooks/trackscore', later, { 'x-trackscore-signature': trackscoreSig(later, 'new-secret') })).status).toBe(200);
    const receipts = (await (await fetch(`${server.url}/api/webhooks/receipts`)).json()).receipts;
    expect(receipts.map((r: { keyUsed: string }) => r.keyUsed)).toEqual(['current', 'previous']);
  });
});

describe('/hooks/standard', () => {
  it('accepts a signed message once per webhook-id', async () => {
    await start();
    const body = JSON.stringify({ type: 'result.updated', data: { unit: 'T01/1/1' } });
    const a = await post('/hooks/standard', body, standardHeaders(body, 'msg_1'));
    const b = await post('/hooks/standard', body, standardHeaders(body, 'msg_1', Math.floor(clock / 1000) + 30));
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(journal().map((r) => [r.source, r.event, r.accepted])).toEqual([
      ['standard', 'result.updated', true],
      ['standard', 'result.updated', false],
    ]);
  });

  it('refuses stale, future and NaN timestamps with 401', async () => {
    await start();
    const body = JSON.stringify({ type: 't' });
    const now = Math.floor(clock / 1000);
    for (const at of [now - 600, now + 600]) {
      expect((await post('/hooks/standard', body, standardHeaders(body, `msg_${at}`, at))).status).toBe(401);
    }
    const nan = { ...standardHeaders(body, 'msg_nan'), 'webhook-timestamp': 'NaN' };
    expect((await post('/hooks/standard', body, nan)).status).toBe(401);
    expect(journal()).toHaveLength(0);
  });
});

describe('every route', () => {
  it('answers 413 above the body limit, before checking anything else', async () => {
    await start({ maxBytes: 4096 });
    const big = JSON.stringify({ subscription: 'timing.store', payload: { pad: 'x'.repeat(10_000) } });
    for (const path of ['/hooks/triathlon', '/hooks/trackscore', '/hooks/standard']) {
      expect((await post(path, big, { 'triathlon-token': TOKEN })).status, path).toBe(413);
    }
    expect(journal()).toHaveLength(0);
  });

  it('answers 403 to a source outside the route allowlist, and accepts from inside', async () => {
    await start({ allow: { triathlon: ['10.0.0.0/8'], trackscore: ['127.0.0.1/32'] } });
    expect((await post('/hooks/triathlon', tri('x', {}), { 'triathlon-token': TOKEN })).status).toBe(403);
    const body = JSON.stringify({ id: 'e', type: 't' });
    expect((await post('/hooks/trackscore', body, { 'x-trackscore-signature': trackscoreSig(body) })).status).toBe(200);
  });

  it('takes any content type and an empty body without a 5xx', async () => {
    await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x']) {
      const body = tri('event.update', { event_id: type });
      expect((await post('/hooks/triathlon', body, { 'content-type': type, 'triathlon-token': TOKEN })).status, type).toBe(200);
    }
    const empty = await fetch(`${server.url}/hooks/triathlon`, { method: 'POST', headers: { 'triathlon-token': TOKEN } });
    expect(empty.status).toBe(400);
  });

  it('writes the receipt and the journal row together or not at all', async () => {
    await start();
    const append = server.store.journal.append.bind(server.store.journal);
    server.store.journal.append = () => {
      throw new Error('disk I/O error');
    };
    const res = await post('/hooks/triathlon', tri('timing.store', {}), { 'triathlon-token': TOKEN });
    expect(res.status).toBe(503);
    server.store.journal.append = append;
    expect(journal()).toHaveLength(0);
    expect(server.webhooks.receiptRepo.list(10)).toHaveLength(0);
    // The provider's retry then lands once.
    expect((await post('/hooks/triathlon', tri('timing.store', {}), { 'triathlon-token': TOKEN })).status).toBe(200);
    expect(journal()).toHaveLength(1);
  });
});
