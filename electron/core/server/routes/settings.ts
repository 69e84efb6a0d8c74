/**
 * `/api/settings` and `/api/restart`: the settings page's routes. Secrets are written, never read
 * back. A change is validated whole and saved whole, or refused with a message per field.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../../config/config';
import type { RestartAccepted, SettingsError } from '../../model/settings';
import { SettingsInvalid } from '../../settings/service';
import type { ServerContext } from '../context';

/**
 * Names this console is really reached by: an address, localhost, or this machine's own name.
 * Anything else in Host is a DNS-rebinding page (a foreign name pointed at 127.0.0.1), which the
 * browser treats as same-origin with us.
 */
function ownHostName(hostHeader: string | undefined): boolean {
  const name = (hostHeader ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(name) || name === 'localhost' || name.endsWith('.localhost')) return true;
  const me = hostname().toLowerCase();
  return name === me || name === `${me}.local` || name.startsWith(`${me}.`);
}

/**
 * A page on another site can send a simple cross-origin POST (no preflight) to 127.0.0.1; it
 * cannot set a JSON content type, and the browser names its origin. Either refuses it, and so
 * does a Host that is not this machine's.
 */
export function refuseCrossSite(req: FastifyRequest, reply: FastifyReply): boolean {
  if (!ownHostName(req.headers.host)) {
    void reply.code(403).send({ error: `settings can only be changed through this machine's address or name, not ${req.headers.host}` } satisfies SettingsError);
    return true;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let host = '';
    try {
      host = new URL(origin).host;
    } catch {
      // unparsable: refused below
    }
    if (host !== req.headers.host) {
      void reply.code(403).send({ error: 'settings can only be changed from the console’s own pages' } satisfies SettingsError);
      return true;
    }
  }
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

    api.get('/api/settings', async () => settings.view());
    api.put('/api/settings', async (req, reply) => {
      if (refuseCrossSite(req, reply)) return reply;
      return settings.save(req.body);
    });
    api.post('/api/restart', async (req, reply) => {
      if (refuseCrossSite(req, reply)) return reply;
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
