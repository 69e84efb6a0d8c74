/**
 * `/api/settings` and `/api/restart`: the settings page's routes. Secrets are written, never read
 * back; the access token in use only on `?reveal=token`. A change is validated whole and saved whole, or refused with a message per field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../../config/config';
import type { RestartAccepted, SettingsError } from '../../model/settings';
import { SettingsInvalid } from '../../settings/service';
import type { ServerContext } from '../context';

/**
 * The request guard (server/guard.ts) has already refused rebinding names and writes from other
 * sites. A JSON content type on top: a form on another page cannot send one without a preflight,
 * which this server never grants.
 */
function refuseNonJson(req: FastifyRequest, reply: FastifyReply): boolean {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    void reply.code(415).send({ error: 'send the body as application/json' } satisfies SettingsError);
    return true;
  }
  return false;
}

export function registerSettingsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const settings = ctx.settings;
  if (!settings) return;

  void app.register(async (api) => {
    api.addHook('onSend', async (_req, reply, payload) => {
      reply.header('cache-control', 'no-store');
      return payload;
    });
    api.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
      if (err instanceof SettingsInvalid) return reply.code(400).send({ error: err.message, fields: err.fields } satisfies SettingsError);
      if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
      console.error('settings route failed:', err);
      return reply.code(500).send({ error: 'internal error' });
    });

    // The access token in use only when asked for (`?reveal=token`): the settings page asks.
    api.get('/api/settings', async (req) => settings.view({ revealToken: (req.query as { reveal?: string }).reveal === 'token' }));
    api.put('/api/settings', async (req, reply) => {
      if (refuseNonJson(req, reply)) return reply;
      return settings.save(req.body);
    });
    api.post('/api/restart', async (req, reply) => {
      if (refuseNonJson(req, reply)) return reply;
      let port: number;
      try {
        port = settings.planRestart().port;
      } catch (err) {
        if (err instanceof ConfigError) return reply.code(409).send({ error: err.message } satisfies SettingsError);
        throw err;
      }
      // The restart closes this server: only once the answer has left.
      reply.raw.once('finish', () => setImmediate(() => settings.restart()));
      return reply.code(202).send({ restarting: true, port } satisfies RestartAccepted);
    });
  });
}
