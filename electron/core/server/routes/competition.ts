/**
 * `/api/competition`, `/api/units/{eventId}/{round}/{heat}` and its standings, `/api/athletes`.
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';

export function registerCompetitionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  register(app, ROUTES.competition, () => ctx.view.build());

  register(app, ROUTES.unit, ({ params, reply }) => {
    const stored = ctx.store.units.get(ctx.view.competitionKey, params);
    if (!stored) throw new HttpError(404, 'unknown unit');
    const now = Date.now();
    // The unit is spliced in as received, not re-serialised: "exactly as received" holds to the byte.
    const meta = JSON.stringify({
      receivedAt: new Date(stored.receivedAt).toISOString(),
      changedAt: new Date(stored.changedAt).toISOString(),
      source: stored.source,
      cacheAgeMs: Math.max(0, now - stored.receivedAt),
      changedWhileOffline: stored.changedOffline,
    });
    return reply.type('application/json; charset=utf-8').send(`{"unit":${stored.json},${meta.slice(1)}`);
  });

  register(app, ROUTES.standings, ({ params }) => {
    const standings = ctx.view.standings(params);
    if (standings === undefined) throw new HttpError(404, 'unknown unit');
    if (standings === null) throw new HttpError(500, 'the cached unit no longer validates');
    return standings;
  });

  register(app, ROUTES.athletes, () => ({ athletes: ctx.view.athletes() }));
}
