/**
 * `/api/triathlon/…`: programs and rankings followed through incoming webhooks, the operator's
 * sandbox-on-air choice, and the set-up over World Triathlon's API (subscriptions, loading a program).
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
  register(app, ROUTES.triathlonRankings, () => ({ rankings: ctx.triathlon.rankings() }));
  register(app, ROUTES.triathlonOnAir, ({ params, body }) => {
    if (!ctx.triathlon.view(params.progId)) throw new HttpError(404, `no triathlon program ${params.progId}`);
    ctx.triathlonPrograms.allowSandboxOnAir(params.progId, body.allow, Date.now());
    return ctx.triathlon.view(params.progId)!;
  });
}
