/**
 * `/api/feed` (pages of the journal), `/api/stream` (the same as SSE, resumable) and `/api/journal/{seq}`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { toFeedItem, toSseFrame } from '../feed-item';
import type { JournalRow } from '../../store/journal';
import { openEventStream } from '../sse';

export const FEED_PAGE_MAX = 500;
/** A client this far behind is dropped; it resumes with Last-Event-ID instead of eating memory. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

const FeedQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(FEED_PAGE_MAX).default(FEED_PAGE_MAX),
});

export function registerFeedRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/feed', async (req, reply) => {
    const q = FeedQuery.safeParse(req.query);
    if (!q.success) {
      return reply.code(400).send({ error: `bad query: ${q.error.issues[0]?.path.join('.')}: ${q.error.issues[0]?.message}` });
    }
    const rows = ctx.store.journal.after(q.data.after, q.data.limit);
    const items = rows.map(toFeedItem);
    return { items, next: rows.length ? rows[rows.length - 1]!.seq : q.data.after };
  });

  app.get('/api/journal/:seq', async (req, reply) => {
    const seq = Number((req.params as { seq: string }).seq);
    const row = Number.isInteger(seq) ? ctx.store.journal.get(seq) : undefined;
    if (!row) return reply.code(404).send({ error: 'no such journal entry' });
    return reply.type('application/json; charset=utf-8').send(row.payload);
  });

  app.get('/api/stream', (req, reply) => {
    const header = req.headers['last-event-id'];
    const afterParam = (req.query as { after?: string }).after;
    const resumeFrom = parseSeq(Array.isArray(header) ? header[0] : header) ?? parseSeq(afterParam);
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
