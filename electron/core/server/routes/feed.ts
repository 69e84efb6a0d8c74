/**
 * `/api/feed` (pages of the journal), `/api/stream` (the same as SSE, resumable) and `/api/journal/{seq}`.
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';
import { toFeedItem, toSseFrame } from '../feed-item';
import type { JournalRow } from '../../store/journal';
import { openEventStream } from '../sse';

/** The most a feed page holds, as the route table's query schema allows. */
export const FEED_PAGE_MAX = 500;
/** A client this far behind is dropped; it resumes with Last-Event-ID instead of eating memory. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export function registerFeedRoutes(app: FastifyInstance, ctx: ServerContext): void {
  register(app, ROUTES.feed, ({ query }) => {
    const rows = ctx.store.journal.after(query.after, query.limit);
    const items = rows.map(toFeedItem);
    return { items, next: rows.length ? rows[rows.length - 1]!.seq : query.after };
  });

  register(app, ROUTES.journalEntry, ({ params, reply }) => {
    const row = ctx.store.journal.get(params.seq);
    if (!row) throw new HttpError(404, 'no such journal entry');
    return reply.type('application/json; charset=utf-8').send(row.payload);
  });

  register(app, ROUTES.stream, ({ req, query, reply }) => {
    const header = req.headers['last-event-id'];
    const resumeFrom = parseSeq(Array.isArray(header) ? header[0] : header) ?? parseSeq(query.after);
    let unsubscribe = () => {};
    const res = openEventStream(reply, ctx, () => unsubscribe());
    res.write(': trackside stream\nretry: 2000\n\n');

    let lastSent = resumeFrom ?? ctx.store.journal.lastSeq();
    let replaying = resumeFrom !== undefined;
    const pending: JournalRow[] = [];
    const send = (row: JournalRow) => {
      if (row.seq <= lastSent) return;
      lastSent = row.seq;
      res.write(toSseFrame(row));
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
    };
    unsubscribe = ctx.bus.on('journal', (row) => (replaying ? pending.push(row) : send(row)));

    if (replaying) {
      // Replay what the client missed, then whatever arrived meanwhile, then go live: no gap, no repeat.
      for (;;) {
        const rows = ctx.store.journal.after(lastSent, FEED_PAGE_MAX);
        rows.forEach(send);
        if (rows.length < FEED_PAGE_MAX || res.destroyed) break;
      }
      pending.forEach(send);
      pending.length = 0;
      replaying = false;
    }
  });
}

function parseSeq(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
