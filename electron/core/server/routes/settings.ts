/**
 * `/api/settings` and `/api/restart`: the settings page's routes. Secrets are written, never read
 * back; the access token in use only on `?reveal=token`. A change is validated whole and saved whole, or refused with a message per field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../../config/config';
import { ROUTES } from '../../model/routes';
import type { RestartAccepted, SettingsError } from '../../model/settings';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';

/**
 * The request guard (server/guard.ts) has already refused rebinding names and writes from other
 * sites. A JSON content type on top: a form on another page cannot send one without a preflight,
 * which this server never grants.
 */
export function refuseNonJson(req: FastifyRequest, reply: FastifyReply): boolean {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    void reply.code(415).send({ error: 'send the body as application/json' } satisfies SettingsError);
    return true;
  }
  return false;
}

export function registerSettingsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const settings = ctx.settings;
  if (!settings) return;

  // The access token in use only when asked for (`?reveal=token`): the settings page asks.
  register(app, ROUTES.settings, ({ query }) => settings.view({ revealToken: query.reveal === 'token' }));
  register(app, ROUTES.settingsSave, ({ req, reply }) => {
    if (refuseNonJson(req, reply)) return reply;
    return settings.save(req.body);
  });
  register(app, ROUTES.restart, ({ req, reply }) => {
    if (refuseNonJson(req, reply)) return reply;
    let port: number;
    try {
      port = settings.planRestart().port;
    } catch (err) {
      if (err instanceof ConfigError) throw new HttpError(409, err.message);
      throw err;
    }
    // The restart closes this server: only once the answer has left.
    reply.raw.once('finish', () => setImmediate(() => settings.restart()));
    return reply.code(202).send({ restarting: true, port } satisfies RestartAccepted);
  });
}
