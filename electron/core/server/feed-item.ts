/**
 * Journal rows as the feed and the SSE stream show them.
 */
import type { FeedItem } from '../model/api';
import type { JournalRepo, JournalRow, SizedJournalRow } from '../store/journal';

/** Larger payloads (a whole competition) are left out of the feed; `/api/journal/{seq}` has them. */
export const FEED_PAYLOAD_LIMIT = 256 * 1024;

export function toFeedItem(row: JournalRow | SizedJournalRow): FeedItem {
  const bytes = 'payloadBytes' in row ? row.payloadBytes : payloadBytes(row.payload);
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
  if (bytes > FEED_PAYLOAD_LIMIT || row.payload === null) {
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

/** Exact only above the feed's limit, where it is shown: below it, any figure under the limit does. */
function payloadBytes(text: string): number {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit.
  if (text.length * 3 <= FEED_PAYLOAD_LIMIT) return text.length;
  return Buffer.byteLength(text);
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

  peek(seq: number): string | undefined {
    return this.items.get(seq);
  }

  json(row: JournalRow | SizedJournalRow): string {
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
export const FEED_ITEM_CACHE_BYTES = 16 * 1024 * 1024;

/** One cache per journal: seqs of two consoles in one process (tests, a restart) are not the same rows. */
const caches = new WeakMap<JournalRepo, FeedItemCache>();
function cacheOf(journal: JournalRepo): FeedItemCache {
  let cache = caches.get(journal);
  if (!cache) caches.set(journal, (cache = new FeedItemCache(FEED_ITEM_CACHE_BYTES)));
  return cache;
}

/** One journal row as an SSE frame. */
export const toSseFrame = (journal: JournalRepo, row: JournalRow): string => sseFrame(row.seq, cacheOf(journal).json(row));

export const sseFrame = (seq: number, json: string): string => `id: ${seq}\ndata: ${json}\n\n`;

export interface FeedSlice {
  items: { seq: number; json: string }[];
  /**
   * The slice ended at `limit` rows or `maxBytes`, not at the journal's end: rows never change once
   * announced, so the same request gets the same answer forever.
   */
  settled: boolean;
}

/**
 * The feed items after `after`: at most `limit`, and no more once their payloads reach `maxBytes`
 * (always at least one). Sizes come from the rows' headers and cached items are used as they are:
 * payloads are read only for rows not cached, and never when too big to show.
 */
export function feedItemsAfter(journal: JournalRepo, after: number, limit: number, maxBytes: number): FeedSlice {
  const heads = journal.heads(after, limit);
  let take = 0;
  let bytes = 0;
  while (take < heads.length && bytes < maxBytes) bytes += heads[take++]!.bytes;
  const cache = cacheOf(journal);
  const items = heads.slice(0, take).map((h) => ({ seq: h.seq, json: cache.peek(h.seq) ?? '' }));
  const missing = items.filter((i) => i.json === '');
  if (missing.length > 0) {
    const rows = new Map(journal.rowsWithin(missing[0]!.seq, missing[missing.length - 1]!.seq, FEED_PAYLOAD_LIMIT).map((r) => [r.seq, r]));
    for (const i of missing) {
      const row = rows.get(i.seq);
      if (row) i.json = cache.json(row);
    }
  }
  return { items: items.filter((i) => i.json !== ''), settled: take === limit || bytes >= maxBytes };
}

/** A page of the feed as JSON text, built from the cached items without parsing them again. */
export function feedPageJson(slice: FeedSlice, next: number): string {
  return `{"items":[${slice.items.map((i) => i.json).join(',')}],"next":${next}}`;
}

/** Encoded pages kept, in bytes: overlays and readers page from the same places again and again. */
export const FEED_PAGE_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * One page of `/api/feed`, encoded. A settled page (see FeedSlice) is kept as its bytes and served
 * as they are next time; the page at the journal's end is built each time, as it still grows.
 */
export function feedPage(journal: JournalRepo, after: number, limit: number, maxBytes: number): Buffer {
  const pages = pagesOf(journal);
  const key = `${after}/${limit}/${maxBytes}`;
  const hit = pages.get(key);
  if (hit) {
    pages.delete(key);
    pages.set(key, hit);
    return hit;
  }
  const slice = feedItemsAfter(journal, after, limit, maxBytes);
  const next = slice.items.length ? slice.items[slice.items.length - 1]!.seq : after;
  const body = Buffer.from(feedPageJson(slice, next));
  if (slice.settled && body.length <= FEED_PAGE_CACHE_BYTES / 4) {
    pages.set(key, body);
    let total = 0;
    for (const b of pages.values()) total += b.length;
    for (const [k, b] of pages) {
      if (total <= FEED_PAGE_CACHE_BYTES) break;
      pages.delete(k);
      total -= b.length;
    }
  }
  return body;
}

const pageCaches = new WeakMap<JournalRepo, Map<string, Buffer>>();
function pagesOf(journal: JournalRepo): Map<string, Buffer> {
  let pages = pageCaches.get(journal);
  if (!pages) pageCaches.set(journal, (pages = new Map()));
  return pages;
}
