/**
 * `/api/competition`, `/api/units/{eventId}/{round}/{heat}` and its standings.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from '../context';
import type { UnitKey } from '../../model/opentrack';

export function registerCompetitionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/competition', async () => ctx.view.build());

  app.get('/api/units/:eventId/:round/:heat', async (req, reply) => {
    const stored = findUnit(ctx, req.params, reply);
    if (!stored) return reply;
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

  app.get('/api/units/:eventId/:round/:heat/standings', async (req, reply) => {
    const key = parseUnitKey(req.params);
    const standings = key && ctx.view.standings(key);
    if (standings === undefined || !key) return reply.code(404).send({ error: 'unknown unit' });
    if (standings === null) return reply.code(500).send({ error: 'the cached unit no longer validates' });
    return standings;
  });

  app.get('/api/athletes', async () => ({ athletes: ctx.view.athletes() }));
}

function findUnit(ctx: ServerContext, params: unknown, reply: FastifyReply) {
  const key = parseUnitKey(params);
  const stored = key && ctx.store.units.get(ctx.view.competitionKey, key);
  if (!stored) {
    void reply.code(404).send({ error: 'unknown unit' });
    return undefined;
  }
  return stored;
}

function parseUnitKey(params: unknown): UnitKey | undefined {
  const { eventId, round, heat } = params as Record<string, string>;
  if (!eventId || !/^\d+$/.test(round ?? '') || !/^\d+$/.test(heat ?? '')) return undefined;
  return { eventId, round: Number(round), heat: Number(heat) };
}
