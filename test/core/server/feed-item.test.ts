/**
 * Feed slices served from the frame cache alone (readers catching up over the same stretch) are
 * the slices the journal itself gives: same rows, same cut, same bytes; and streams catching up
 * write each settled slice as one shared chunk.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { feedItemsAfter, sseChunksAfter, toSseFrame } from '../../../electron/core/server/feed-item';
import { Store } from '../../../electron/core/store/store';
import type { JournalEntry } from '../../../electron/core/store/journal';
import { tempDir } from '../../helpers/temp-dir';

let data: ReturnType<typeof tempDir>;
let live: Store;

beforeEach(() => {
  data = tempDir();
  live = Store.open(data.path);
});
afterEach(() => {
  live.close();
  data.remove();
});

/** Payloads of every kind of size: tiny, multi-byte, inline but big, too big for the feed, not JSON. */
const PAYLOADS = [
  JSON.stringify({ a: 1 }),
  JSON.stringify({ name: 'Zoë Ångström-Þórsdóttir 😀'.repeat(40) }),
  JSON.stringify({ filler: 'x'.repeat(200 * 1024) }),
  JSON.stringify({ filler: 'é'.repeat(100 * 1024) }), // 200 K characters, 400 KB: over the feed's cut only in bytes
  'not json at all',
  JSON.stringify({ filler: 'y'.repeat(600 * 1024) }),
  JSON.stringify({ b: 2 }),
];

it('a slice from cached frames is the slice the journal gives, however it is cut', () => {
  const seqs: number[] = [];
  for (const [i, payload] of [...PAYLOADS, ...PAYLOADS].entries()) {
    const entry: JournalEntry = { source: 'opentrack-pusher', channel: 'c', event: 'e', payload, receivedAt: 1_780_000_000_000 + i, accepted: i % 5 !== 4, ...(i % 5 === 4 ? { reason: 'not JSON' } : {}) };
    const seq = live.journal.append(entry);
    // As the bus hands each new row to the open streams: framed from the row in memory.
    toSseFrame(live.journal, { ...entry, seq });
    seqs.push(seq);
  }
  const cuts: [number, number][] = [
    [1, 10_000_000],
    [3, 10_000_000],
    [50, 100],
    [50, 250 * 1024],
    [50, 1024 * 1024],
    [50, 10_000_000],
  ];
  let compared = 0;
  for (const after of [0, ...seqs]) {
    for (const [limit, maxBytes] of cuts) {
      // A console just opened on the same file has nothing cached: its slice comes from SQLite.
      const cold = Store.open(data.path);
      try {
        const fromJournal = feedItemsAfter(cold.journal, after, limit, maxBytes);
        const fromCache = feedItemsAfter(live.journal, after, limit, maxBytes);
        expect(fromCache.settled).toBe(fromJournal.settled);
        expect(fromCache.items.map((i) => i.seq)).toEqual(fromJournal.items.map((i) => i.seq));
        fromCache.items.forEach((item, n) => expect(item.frame.bytes.equals(fromJournal.items[n]!.frame.bytes)).toBe(true));
        compared += fromJournal.items.length;
      } finally {
        cold.close();
      }
    }
  }
  expect(compared).toBeGreaterThan(seqs.length * cuts.length);
});

it('a stream catching up writes a settled slice as one chunk, the same bytes for every reader, and the journal end frame by frame', () => {
  const seqs = [...PAYLOADS, ...PAYLOADS].map((payload, i) =>
    live.journal.append({ source: 'opentrack-pusher', channel: 'c', event: 'e', payload, receivedAt: 1_780_000_000_000 + i, accepted: true }),
  );
  const wholeStream = Buffer.concat(feedItemsAfter(live.journal, 0, 1_000, 100_000_000).items.map((i) => i.frame.bytes));
  // Two readers from seq 0, each taking 3 rows a slice, as two EventSources would.
  const readers = [0, 1].map(() => {
    const written: Buffer[] = [];
    let after = 0;
    for (let chunks = sseChunksAfter(live.journal, after, 3, 10_000_000); chunks.length > 0; chunks = sseChunksAfter(live.journal, after, 3, 10_000_000)) {
      for (const c of chunks) written.push(c.bytes);
      after = chunks[chunks.length - 1]!.seq;
    }
    expect(after).toBe(seqs[seqs.length - 1]);
    return written;
  });
  for (const written of readers) expect(Buffer.concat(written).equals(wholeStream)).toBe(true);
  // Settled slices: one write of three frames each, and the second reader got the first's bytes, not a copy.
  const settled = Math.floor(seqs.length / 3);
  readers[0]!.slice(0, settled).forEach((chunk, n) => expect(chunk).toBe(readers[1]![n]));
  expect(readers[0]!.length).toBe(settled + (seqs.length - settled * 3));
});
