/**
 * `/api/graphics…`: the on-air control API (Stream Deck, Bitfocus Companion, the dashboard) and the
 * stream the overlay pages follow. POST for programs; plain GET trigger URLs for devices that can
 * only open a URL. Every answer is the graphic's new state.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { GraphicsError } from '../../graphics/graphics';
import { GraphicIdSchema, ModeRequestSchema, ShowRequestSchema, UnitArgSchema, UpdateRequestSchema, type GraphicId } from '../../model/graphics';
import type { ServerContext } from '../context';
import { openEventStream } from '../sse';


class BadRequest extends Error {}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BadRequest(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

function graphicId(req: FastifyRequest): GraphicId {
  const id = (req.params as { id: string }).id;
  const parsed = GraphicIdSchema.safeParse(id);
  if (!parsed.success) throw new GraphicsError(404, `no graphic "${id}"; graphics: ${GraphicIdSchema.options.join(', ')}`);
  return parsed.data;
}

/** Query strings carry text: `?unit=F01/1/1&seconds=10`. */
function fromQuery(req: FastifyRequest) {
  const q = req.query as Record<string, string | undefined>;
  return parse(ShowRequestSchema, Object.fromEntries(Object.entries({ unit: q.unit, seconds: q.seconds }).filter(([, v]) => v !== undefined)));
}

export function registerGraphicsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const g = ctx.graphics;

  void app.register(async (api) => {
    api.setErrorHandler((err: Error & { statusCode?: number }, _req, reply: FastifyReply) => {
      if (err instanceof GraphicsError) return reply.code(err.status).send({ error: err.message });
      if (err instanceof BadRequest) return reply.code(400).send({ error: err.message });
      if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
      console.error('graphics route failed:', err);
      return reply.code(500).send({ error: 'internal error' });
    });
    api.addHook('onSend', async (_req, reply, payload) => {
      reply.header('cache-control', 'no-store');
      return payload;
    });

    api.get('/api/graphics', async () => g.list());
    api.get('/api/graphics/mode', async () => g.getMode());
    api.post('/api/graphics/mode', async (req) => g.setMode(parse(ModeRequestSchema, req.body)));
    api.get('/api/graphics/hide-all', async () => g.hideAll());
    api.post('/api/graphics/hide-all', async () => g.hideAll());
    api.get('/api/graphics/:id', async (req) => g.get(graphicId(req)));
    api.get('/api/graphics/:id/preview', async (req) => {
      const unit = (req.query as { unit?: string }).unit;
      return g.preview(graphicId(req), unit ? parse(UnitArgSchema, unit) : undefined);
    });

    api.post('/api/graphics/:id/show', async (req) => g.show(graphicId(req), parse(ShowRequestSchema, req.body)));
    api.post('/api/graphics/:id/hide', async (req) => g.hide(graphicId(req)));
    api.post('/api/graphics/:id/next', async (req) => g.next(graphicId(req)));
    api.post('/api/graphics/:id/toggle', async (req) => g.toggle(graphicId(req), parse(ShowRequestSchema, req.body)));
    api.post('/api/graphics/:id/update', async (req) => g.update(graphicId(req), parse(UpdateRequestSchema, req.body)));

    // Trigger URLs: a Stream Deck button or Companion's "HTTP GET" needs nothing more than these.
    api.get('/api/graphics/:id/show', async (req) => g.show(graphicId(req), fromQuery(req)));
    api.get('/api/graphics/:id/hide', async (req) => g.hide(graphicId(req)));
    api.get('/api/graphics/:id/next', async (req) => g.next(graphicId(req)));
    api.get('/api/graphics/:id/toggle', async (req) => g.toggle(graphicId(req), fromQuery(req)));
  });

  // Snapshot first, then each change: a page that (re)connects never starts blank.
  app.get('/api/graphics/stream', (_req, reply) => {
    let unsubscribe = () => {};
    const res = openEventStream(reply, ctx, () => unsubscribe());
    res.write(`retry: 1000\nevent: snapshot\ndata: ${JSON.stringify(g.snapshot())}\n\n`);
    unsubscribe = g.subscribe((e) => {
      res.write(e.type === 'graphic' ? `event: graphic\ndata: ${JSON.stringify(e.graphic)}\n\n` : `event: mode\ndata: ${JSON.stringify(e.mode)}\n\n`);
    });
  });
}
