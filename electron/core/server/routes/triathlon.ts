/**
 * `/api/triathlon/programs[/:progId]`: triathlon programs followed through incoming webhooks.
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';

export function registerTriathlonRoutes(app: FastifyInstance, ctx: ServerContext): void {
  register(app, ROUTES.triathlonPrograms, () => ({ programs: ctx.triathlon.list() }));
  register(app, ROUTES.triathlonProgram, ({ params }) => {
    const view = ctx.triathlon.view(params.progId);
    if (!view) throw new HttpError(404, `no triathlon program ${params.progId}`);
    return view;
  });
}
