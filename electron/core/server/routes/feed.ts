/**
 * `/api/feed` (pages of the journal), `/api/stream` (the same as SSE, resumable) and `/api/journal/{seq}`.
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';
import { feedPage } from '../feed-item';
import { JournalStream, StreamRegistry } from '../journal-stream';
import { openEventStream } from '../sse';

/** Payload bytes a feed page holds at most (at least one item); `next` says where to go on. */
export const FEED_PAGE_BYTES = 2 * 1024 * 1024;

export function registerFeedRoutes(app: FastifyInstance, ctx: ServerContext): void {
  register(app, ROUTES.feed, ({ query, reply }) => {
    // Capped in bytes too: a page of giant units would be one giant answer on the event loop.
    return reply.type('application/json; charset=utf-8').send(feedPage(ctx.store.journal, query.after, query.limit, FEED_PAGE_BYTES));
  });

  register(app, ROUTES.journalEntry, ({ params, reply }) => {
    const row = ctx.store.journal.get(params.seq);
    if (!row) throw new HttpError(404, 'no such journal entry');
    return reply.type('application/json; charset=utf-8').send(row.payload);
  });

  const streams = ctx.streams ?? new StreamRegistry();
  register(app, ROUTES.stream, ({ req, query, reply }) => {
    const header = req.headers['last-event-id'];
    const resumeFrom = parseSeq(Array.isArray(header) ? header[0] : header) ?? parseSeq(query.after);
    let stream: JournalStream | undefined;
    const res = openEventStream(reply, ctx, () => stream?.end());
    // `retry:` is the hint a dropped reader needs: its EventSource comes back with Last-Event-ID.
    res.write(': trackside stream\nretry: 2000\n\n');
    stream = new JournalStream(res, ctx.store.journal, ctx.bus, streams, resumeFrom);
  });
}

function parseSeq(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
