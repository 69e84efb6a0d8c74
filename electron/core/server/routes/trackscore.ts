/** `/api/trackscore/leaderboards[/:id]`: TrackScore leaderboards built from `/hooks/trackscore`. */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';

export function registerTrackScoreRoutes(app: FastifyInstance, ctx: ServerContext): void {
  register(app, ROUTES.trackscoreBoards, () => ({ leaderboards: ctx.trackscore.list(), alerts: ctx.trackscore.recentAlerts() }));
  register(app, ROUTES.trackscoreBoard, ({ params }) => {
    const board = ctx.trackscore.view(params.id);
    if (!board) throw new HttpError(404, `no leaderboard ${params.id}`);
    return board;
  });
}
