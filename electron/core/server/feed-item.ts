/**
 * Journal rows as the feed and the SSE stream show them.
 */
import type { FeedItem } from '../model/api';
import type { JournalRow } from '../store/journal';

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

const frames = new WeakMap<JournalRow, string>();

/**
 * One journal row as an SSE frame. The bus hands the same row object to every open stream, so it
 * is serialised once however many dashboards and overlays are listening.
 */
export function toSseFrame(row: JournalRow): string {
  let frame = frames.get(row);
  if (frame === undefined) {
    frame = `id: ${row.seq}\ndata: ${JSON.stringify(toFeedItem(row))}\n\n`;
    frames.set(row, frame);
  }
  return frame;
}
