/**
 * Feed slices served from the frame cache alone (readers catching up over the same stretch) are
 * the slices the journal itself gives: same rows, same cut, same bytes.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { feedItemsAfter, toSseFrame } from '../../../electron/core/server/feed-item';
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
