/**
 * Journal rows as the feed and the SSE stream show them.
 */
import type { FeedItem } from '../model/api';
import type { JournalRepo, JournalRow, SizedJournalRow } from '../store/journal';

/** Larger payloads (a whole competition) are left out of the feed; `/api/journal/{seq}` has them. */
export const FEED_PAYLOAD_LIMIT = 256 * 1024;

/** A row with its payload's size (a row read from the journal has no payload above the limit). */
function toFeedItem(row: SizedJournalRow): FeedItem {
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
  if (row.payload === null || row.payloadBytes > FEED_PAYLOAD_LIMIT) {
    item.payloadBytes = row.payloadBytes;
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
 * Each journal row's SSE frame (`id: <seq>\ndata: <feed item JSON>\n\n`), encoded once, by seq, kept
 * for the rows read most recently. A journal row never changes once the bus has heard of it, and
 * the same rows are wanted again and again: every open stream gets each live row, every reader
 * catching up reads the same stretch of the journal, and overlays page through /api/feed from the
 * same place. So each is parsed, serialised and UTF-8-encoded once, and every stream is written
 * the same bytes. Kept as Buffers, outside the JS heap: a cache of strings would raise the heap
 * the garbage collector lets grow before it runs by several times its own size.
 */
class FeedFrameCache {
  private readonly frames = new Map<number, CachedFrame>();
  private bytes = 0;

  constructor(private readonly budget: number) {}

  peek(seq: number): CachedFrame | undefined {
    return this.frames.get(seq);
  }

  frame(row: JournalRow | SizedJournalRow): CachedFrame {
    const hit = this.frames.get(row.seq);
    if (hit !== undefined) {
      // Most recently used last, so the oldest is evicted first.
      this.frames.delete(row.seq);
      this.frames.set(row.seq, hit);
      return hit;
    }
    const head = `id: ${row.seq}\ndata: `;
    // As SQLite's octet_length gives it for a row read from the journal.
    const payloadBytes = 'payloadBytes' in row ? row.payloadBytes : Buffer.byteLength(row.payload);
    const bytes = Buffer.from(`${head}${JSON.stringify(toFeedItem({ ...row, payloadBytes }))}\n\n`);
    // The head is ASCII: its length in characters is its length in bytes.
    const frame: CachedFrame = { bytes, json: bytes.subarray(head.length, bytes.length - 2), payloadBytes };
    this.frames.set(row.seq, frame);
    this.bytes += bytes.length;
    for (const [seq, old] of this.frames) {
      if (this.bytes <= this.budget) break;
      this.frames.delete(seq);
      this.bytes -= old.bytes.length;
    }
    return frame;
  }
}

interface CachedFrame {
  /** The whole SSE frame. */
  bytes: Buffer;
  /** The feed item's JSON within it (a view, not a copy). */
  json: Buffer;
  /** The row's payload in UTF-8 bytes (what feed pages are cut by). */
  payloadBytes: number;
}

export const FEED_ITEM_CACHE_BYTES = 16 * 1024 * 1024;

/** One cache per journal: seqs of two consoles in one process (tests, a restart) are not the same rows. */
const caches = new WeakMap<JournalRepo, FeedFrameCache>();
function cacheOf(journal: JournalRepo): FeedFrameCache {
  let cache = caches.get(journal);
  if (!cache) caches.set(journal, (cache = new FeedFrameCache(FEED_ITEM_CACHE_BYTES)));
  return cache;
}

/** One journal row as an SSE frame, the same bytes for every stream. */
export const toSseFrame = (journal: JournalRepo, row: JournalRow): Buffer => cacheOf(journal).frame(row).bytes;

export interface FeedSlice {
  items: { seq: number; frame: CachedFrame }[];
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
  return cachedItemsAfter(cacheOf(journal), after, limit, maxBytes) ?? journalItemsAfter(journal, after, limit, maxBytes);
}

/**
 * The slice from the cache alone, when it holds every row of it. Seqs are numbered without gaps
 * (the journal never deletes), so consecutive cached seqs are consecutive rows: readers catching
 * up over the same stretch, a hundred at once, ask SQLite nothing. Undefined when the cache runs
 * out before the slice is full (a row not cached, or the journal's end).
 */
function cachedItemsAfter(cache: FeedFrameCache, after: number, limit: number, maxBytes: number): FeedSlice | undefined {
  const items: FeedSlice['items'] = [];
  let bytes = 0;
  for (let seq = after + 1; items.length < limit && bytes < maxBytes; seq++) {
    const frame = cache.peek(seq);
    if (frame === undefined) return undefined;
    items.push({ seq, frame });
    bytes += frame.payloadBytes;
  }
  return { items, settled: true };
}

function journalItemsAfter(journal: JournalRepo, after: number, limit: number, maxBytes: number): FeedSlice {
  const heads = journal.heads(after, limit);
  let take = 0;
  let bytes = 0;
  while (take < heads.length && bytes < maxBytes) bytes += heads[take++]!.bytes;
  const cache = cacheOf(journal);
  const found = heads.slice(0, take).map((h) => ({ seq: h.seq, frame: cache.peek(h.seq) }));
  const missing = found.filter((i) => i.frame === undefined);
  if (missing.length > 0) {
    const rows = new Map(journal.rowsWithin(missing[0]!.seq, missing[missing.length - 1]!.seq, FEED_PAYLOAD_LIMIT).map((r) => [r.seq, r]));
    for (const i of missing) {
      const row = rows.get(i.seq);
      if (row) i.frame = cache.frame(row);
    }
  }
  const items = found.filter((i): i is { seq: number; frame: CachedFrame } => i.frame !== undefined);
  return { items, settled: take === limit || bytes >= maxBytes };
}

const COMMA = Buffer.from(',');

/** A page of the feed as JSON, put together from the cached items' bytes without parsing them again. */
export function feedPageBytes(slice: FeedSlice, next: number): Buffer {
  const parts: Buffer[] = [Buffer.from('{"items":[')];
  slice.items.forEach((i, n) => {
    if (n > 0) parts.push(COMMA);
    parts.push(i.frame.json);
  });
  parts.push(Buffer.from(`],"next":${next}}`));
  return Buffer.concat(parts);
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
  const body = feedPageBytes(slice, next);
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
