/**
 * Journal rows as the feed and the SSE stream show them.
 */
import type { FeedItem } from '../model/api';
import type { JournalRepo, JournalRow } from '../store/journal';

/** Larger payloads (a whole competition) are left out of the feed; `/api/journal/{seq}` has them. */
export const FEED_PAYLOAD_LIMIT = 256 * 1024;

export function toFeedItem(row: JournalRow): FeedItem {
  const bytes = Buffer.byteLength(row.payload);
  const item: FeedItem = {
    seq: row.seq,
    source: row.source,
    channel: row.channel,
    event: row.event,
    payload: null,
    receivedAt: new Date(row.receivedAt).toISOString(),
    accepted: row.accepted,
  };
  if (row.reason) item.reason = row.reason;
  if (row.unitKey) {
    const [eventId, round, heat] = splitUnitKey(row.unitKey);
    item.unit = { eventId, round, heat };
  }
  if (row.changed) item.changed = true;
  if (row.catchUp) item.catchUp = true;
  if (bytes > FEED_PAYLOAD_LIMIT) {
    item.payloadBytes = bytes;
    item.payloadTruncated = true;
  } else {
    try {
      item.payload = JSON.parse(row.payload);
    } catch {
      item.payload = row.payload;
    }
  }
  return item;
}

function splitUnitKey(key: string): [string, number, number] {
  // eventId may contain '/', so round and heat are read from the end.
  const parts = key.split('/');
  const heat = Number(parts.pop());
  const round = Number(parts.pop());
  return [parts.join('/'), round, heat];
}

/**
 * Each journal row's feed item as JSON, by seq, kept for the rows read most recently. A journal row
 * never changes once the bus has heard of it, and the same rows are wanted again and again: every
 * open stream gets each live row, every reader catching up reads the same stretch of the journal,
 * and overlays page through /api/feed from the same place. So each is parsed and serialised once.
 */
class FeedItemCache {
  private readonly items = new Map<number, string>();
  private bytes = 0;

  constructor(private readonly budget: number) {}

  json(row: JournalRow): string {
    const hit = this.items.get(row.seq);
    if (hit !== undefined) {
      // Most recently used last, so the oldest is evicted first.
      this.items.delete(row.seq);
      this.items.set(row.seq, hit);
      return hit;
    }
    const json = JSON.stringify(toFeedItem(row));
    this.items.set(row.seq, json);
    this.bytes += json.length;
    for (const [seq, old] of this.items) {
      if (this.bytes <= this.budget) break;
      this.items.delete(seq);
      this.bytes -= old.length;
    }
    return json;
  }
}

/** Counted in UTF-16 units, as the process holds them. */
export const FEED_ITEM_CACHE_BYTES = 24 * 1024 * 1024;

/** One cache per journal: seqs of two consoles in one process (tests, a restart) are not the same rows. */
const caches = new WeakMap<JournalRepo, FeedItemCache>();
function cacheOf(journal: JournalRepo): FeedItemCache {
  let cache = caches.get(journal);
  if (!cache) caches.set(journal, (cache = new FeedItemCache(FEED_ITEM_CACHE_BYTES)));
  return cache;
}

/** One journal row as an SSE frame. */
export const toSseFrame = (journal: JournalRepo, row: JournalRow): string => `id: ${row.seq}\ndata: ${cacheOf(journal).json(row)}\n\n`;

/** A page of the feed as JSON text, built from the cached items without parsing them again. */
export function feedPageJson(journal: JournalRepo, rows: JournalRow[], next: number): string {
  const cache = cacheOf(journal);
  return `{"items":[${rows.map((r) => cache.json(r)).join(',')}],"next":${next}}`;
}
