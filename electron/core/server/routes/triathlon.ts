/**
 * `/api/triathlon/programs[/:progId]`: triathlon programs followed through incoming webhooks.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

export function registerTriathlonRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/triathlon/programs', async () => ({ programs: ctx.triathlon.list() }));
  app.get<{ Params: { progId: string } }>('/api/triathlon/programs/:progId', async (req, reply) => {
    const view = ctx.triathlon.view(req.params.progId);
    if (!view) return reply.code(404).send({ error: `no triathlon program ${req.params.progId}` });
    return view;
  });
}
