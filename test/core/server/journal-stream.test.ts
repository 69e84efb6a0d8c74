/**
 * Slow readers of /api/stream: a reader that stops reading holds one socket buffer of the console's
 * memory, not the meet, and gets every item in order once it reads again; a reader stalled past
 * the limit is dropped and resumes with Last-Event-ID without a gap or a repeat.
 */
import { request, type IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamRegistry } from '../../../electron/core/server/journal-stream';
import { startBareServer, type BareServer } from '../../helpers/bare-server';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';

const BIG = 200 * 1024; // each item ~200 KB: inline in the feed (below its 256 KB cut), so frames are big

let data: ReturnType<typeof tempDir>;
let server: BareServer;
let registry: StreamRegistry;

function append(n: number): number[] {
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) {
    const entry = {
      source: 'test',
      channel: 'test',
      event: 'big',
      payload: JSON.stringify({ i, filler: 'x'.repeat(BIG) }),
      receivedAt: Date.now(),
      accepted: true,
    };
    const seq = server.store.journal.append(entry);
    server.bus.emit('journal', { ...entry, seq });
    seqs.push(seq);
  }
  return seqs;
}

interface Reader {
  res: IncomingMessage;
  ids: number[];
  ended: Promise<void>;
}

/**
 * An SSE reader over node:http that can stop reading (pause) like a stalled browser source; with
 * `stallAfter`, it stops by itself the moment it has that many items (a test that polled first
 * would let a fast server hand over the rest meanwhile).
 */
function openReader(path: string, headers: Record<string, string> = {}, stallAfter = Infinity): Promise<Reader> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const reader: Reader = { res, ids: [], ended: new Promise((r) => res.on('close', () => r())) };
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const id = /^id: (\d+)$/m.exec(buffer.slice(0, end));
          if (id) reader.ids.push(Number(id[1]));
          buffer = buffer.slice(end + 2);
        }
        if (reader.ids.length >= stallAfter) {
          stallAfter = Infinity; // once: a test that resumes it wants the rest
          res.pause();
        }
      });
      res.on('error', () => undefined);
      resolve(reader);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeEach(async () => {
  data = tempDir();
  registry = new StreamRegistry(32 * 1024 * 1024, 60_000);
  server = await startBareServer(data.path, { streams: registry });
});

afterEach(async () => {
  registry.stop();
  await server.close();
  data.remove();
});

describe('/api/stream with slow readers', () => {
  it('a reader that stops reading holds one socket buffer, then gets every item in order', async () => {
    const before = append(40); // 8 MB waiting in the journal
    const reader = await openReader('/api/stream?after=0');
    reader.res.pause();
    const live = append(40); // 8 MB more while it does not read
    await waitUntil(() => registry.stats().catchingUp === 1, 10_000, 'the stream to stop at a full socket');
    const held = registry.stats().bufferedBytes;
    // One catch-up slice beyond the socket's high-water mark at most (two of these items, ~410 KB,
    // shared with any reader at the same place), not the 16 MB written meanwhile.
    expect(held).toBeLessThan(BIG * 3);

    reader.res.resume();
    const all = [...before, ...live];
    await waitUntil(() => reader.ids.length >= all.length, 20_000, 'every item after resuming');
    expect(reader.ids).toEqual(all);

    // Level again: new items come live.
    const more = append(3);
    await waitUntil(() => reader.ids.length >= all.length + 3, 10_000, 'live items');
    expect(reader.ids.slice(all.length)).toEqual(more);
    expect(registry.stats()).toMatchObject({ open: 1, catchingUp: 0, dropped: 0 });
    reader.res.destroy();
  });

  it('a reader stalled past the limit is dropped and resumes from Last-Event-ID without gap or repeat', async () => {
    registry.stop();
    registry = new StreamRegistry(32 * 1024 * 1024, 300);
    await server.close();
    server = await startBareServer(data.path, { streams: registry });

    // 30 MB: more than the kernel's socket buffers on both ends hold.
    const all = append(150);
    // Read a little, then stall.
    const first = await openReader('/api/stream?after=0', {}, 3);
    await waitUntil(() => registry.stats().dropped === 1, 10_000, 'the stalled reader dropped');
    // What had reached the reader before the drop is still read, as a browser would.
    first.res.resume();
    await first.ended;

    const lastId = first.ids[first.ids.length - 1]!;
    expect(lastId).toBeLessThan(all[all.length - 1]!);
    const second = await openReader('/api/stream', { 'last-event-id': String(lastId) });
    await waitUntil(() => first.ids.length + second.ids.length >= all.length, 20_000, 'the rest after resuming');
    expect([...first.ids, ...second.ids]).toEqual(all);
    second.res.destroy();
  });
});

describe('/api/feed pages of giant items', () => {
  it('are capped in bytes, and paging with next reaches every item', async () => {
    const all = append(30); // 6 MB
    const page = await (await fetch(new URL('/api/feed?after=0&limit=500', server.url))).json();
    expect(page.items.length).toBeLessThan(all.length);
    expect(page.items.length).toBeGreaterThan(0);
    const seen: number[] = [];
    for (let after = 0; ; ) {
      const p = await (await fetch(new URL(`/api/feed?after=${after}`, server.url))).json();
      if (p.items.length === 0) break;
      seen.push(...p.items.map((i: { seq: number }) => i.seq));
      after = p.next;
    }
    expect(seen).toEqual(all);
  });

  it('show a payload too big for the feed by its size, and a page at the journal end grows with it', async () => {
    const small = append(2);
    const giant = {
      source: 'test',
      channel: 'test',
      event: 'unit',
      payload: JSON.stringify({ filler: 'é'.repeat(300 * 1024) }), // 600 KB in UTF-8
      receivedAt: Date.now(),
      accepted: true,
    };
    const giantSeq = server.store.journal.append(giant);
    const read = async (query: string) => (await fetch(new URL(`/api/feed?${query}`, server.url))).json();
    const first = await read('after=0&limit=500');
    expect(first.items.map((i: { seq: number }) => i.seq)).toEqual([...small, giantSeq]);
    const big = first.items[2];
    expect(big).toMatchObject({ payload: null, payloadTruncated: true, payloadBytes: Buffer.byteLength(giant.payload) });
    expect(first.items[0].payload).toMatchObject({ i: 0 });
    // The page reached the journal's end: asked again after more rows, it has them too.
    const later = append(1);
    const second = await read('after=0&limit=500');
    expect(second.items.map((i: { seq: number }) => i.seq)).toEqual([...small, giantSeq, ...later]);
    // A page cut at its limit is the same however often it is asked, and however the journal grows.
    const settled = await read('after=0&limit=2');
    append(1);
    expect(await read('after=0&limit=2')).toEqual(settled);
    expect(settled.next).toBe(small[1]);
  });
});
