/**
 * `/api/triathlon/…`: programs and rankings followed through incoming webhooks, the operator's
 * sandbox-on-air choice, and the set-up over World Triathlon's API (subscriptions, loading a program).
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';
import { SetupError, type TriathlonSetup } from '../../sources/triathlon/setup';
import { TriathlonApiError } from '../../sources/triathlon/api-client';

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

  const setup = (): TriathlonSetup => {
    if (!ctx.triathlonSetup) throw new HttpError(404, 'World Triathlon set-up is not available in this console');
    return ctx.triathlonSetup;
  };
  // The API's refusals become answers that say what to do; the API being down is a 502, not ours.
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof SetupError) throw new HttpError(err.status, err.message);
      if (err instanceof TriathlonApiError) throw new HttpError(502, err.message);
      throw err;
    }
  };
  register(app, ROUTES.triathlonSetup, () => setup().view());
  register(app, ROUTES.triathlonSubscribe, ({ body }) => guarded(() => setup().subscribe(body.kind, body.hookUrl)));
  register(app, ROUTES.triathlonUnsubscribe, async ({ params, reply }) => {
    await guarded(() => setup().unsubscribe(params.id));
    return reply.code(204).send();
  });
  register(app, ROUTES.triathlonFollow, ({ body }) => guarded(() => setup().follow(body.progId)));
  register(app, ROUTES.triathlonUnfollow, ({ params, reply }) => {
    setup().unfollow(params.progId);
    return reply.code(204).send();
  });
}
