/**
 * What the announcer says next: combined events (and, beside them, records, team scores, medals,
 * athlete notes). Thin handlers over views/ and store/.
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import { combinedEvents } from '../../views/combined/combined-view';
import type { ServerContext } from '../context';
import { register } from '../route';

export function registerAnnouncerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  register(app, ROUTES.combined, () => ({ events: combinedEvents(ctx.view, ctx.store) }));
}
