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
 * Encoded bytes by key, the most recently used kept up to a budget in bytes. What goes in never
 * changes (a journal row's frame, a settled slice or page), so a hit is always current.
 */
class EncodedCache<K, T extends { bytes: Buffer }> {
  private readonly entries = new Map<K, T>();
  private bytes = 0;

  constructor(
    private readonly budget: number,
    /** Larger entries are not kept: one would push out most of the rest. */
    private readonly maxEntryBytes = budget / 4,
  ) {}

  /** Without counting as a use. */
  peek(key: K): T | undefined {
    return this.entries.get(key);
  }

  get(key: K): T | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used last, so the oldest is evicted first.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  keep(key: K, entry: T): void {
    if (entry.bytes.length > this.maxEntryBytes || this.entries.has(key)) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes.length;
    for (const [k, old] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(k);
      this.bytes -= old.bytes.length;
    }
  }
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
  // Every frame is kept, however big: a frame's payload is cut at FEED_PAYLOAD_LIMIT.
  private readonly frames: EncodedCache<number, CachedFrame>;

  constructor(budget: number) {
    this.frames = new EncodedCache(budget, Infinity);
  }

  peek(seq: number): CachedFrame | undefined {
    return this.frames.peek(seq);
  }

  frame(row: JournalRow | SizedJournalRow): CachedFrame {
    const hit = this.frames.get(row.seq);
    if (hit !== undefined) return hit;
    const head = `id: ${row.seq}\ndata: `;
    // As SQLite's octet_length gives it for a row read from the journal.
    const payloadBytes = 'payloadBytes' in row ? row.payloadBytes : Buffer.byteLength(row.payload);
    const bytes = Buffer.from(`${head}${JSON.stringify(toFeedItem({ ...row, payloadBytes }))}\n\n`);
    // The head is ASCII: its length in characters is its length in bytes.
    const frame: CachedFrame = { bytes, json: bytes.subarray(head.length, bytes.length - 2), payloadBytes };
    this.frames.keep(row.seq, frame);
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
function perJournal<C>(make: () => C): (journal: JournalRepo) => C {
  const caches = new WeakMap<JournalRepo, C>();
  return (journal) => {
    let cache = caches.get(journal);
    if (!cache) caches.set(journal, (cache = make()));
    return cache;
  };
}

const cacheOf = perJournal(() => new FeedFrameCache(FEED_ITEM_CACHE_BYTES));

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
const pagesOf = perJournal(() => new EncodedCache<string, { bytes: Buffer }>(FEED_PAGE_CACHE_BYTES));

/**
 * One page of `/api/feed`, encoded. A settled page (see FeedSlice) is kept as its bytes and served
 * as they are next time; the page at the journal's end is built each time, as it still grows.
 */
export function feedPage(journal: JournalRepo, after: number, limit: number, maxBytes: number): Buffer {
  const pages = pagesOf(journal);
  const key = `${after}/${limit}/${maxBytes}`;
  const hit = pages.get(key);
  if (hit) return hit.bytes;
  const slice = feedItemsAfter(journal, after, limit, maxBytes);
  const next = slice.items.length ? slice.items[slice.items.length - 1]!.seq : after;
  const body = feedPageBytes(slice, next);
  if (slice.settled) pages.keep(key, { bytes: body });
  return body;
}

/** Settled SSE slices kept, in bytes: readers catching up from the same place cross the same stretch. */
export const SSE_SLICE_CACHE_BYTES = 4 * 1024 * 1024;

/** SSE bytes to write, and the last seq they carry. */
export interface SseChunk {
  seq: number;
  bytes: Buffer;
}

const sseSlicesOf = perJournal(() => new EncodedCache<string, SseChunk>(SSE_SLICE_CACHE_BYTES));

/**
 * The SSE frames after `after`, cut as `feedItemsAfter` cuts them; none when level with the
 * journal. A settled slice is one chunk, its frames joined once and kept: a hundred readers
 * catching up over the same stretch write the same bytes, one write each rather than one per row,
 * and a reader whose socket is full holds the shared chunk, not a copy. The slice at the journal's
 * end is written frame by frame, as it still grows.
 */
export function sseChunksAfter(journal: JournalRepo, after: number, limit: number, maxBytes: number): SseChunk[] {
  const slices = sseSlicesOf(journal);
  const key = `${after}/${limit}/${maxBytes}`;
  const hit = slices.get(key);
  if (hit) return [hit];
  const slice = feedItemsAfter(journal, after, limit, maxBytes);
  if (!slice.settled || slice.items.length < 2) return slice.items.map((i) => ({ seq: i.seq, bytes: i.frame.bytes }));
  const chunk = { seq: slice.items[slice.items.length - 1]!.seq, bytes: Buffer.concat(slice.items.map((i) => i.frame.bytes)) };
  slices.keep(key, chunk);
  return [chunk];
}
