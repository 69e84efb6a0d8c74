/**
 * The local HTTP server: API, SSE and the built renderer, all on one origin so the dashboard, the
 * overlays and the Electron windows use the same URLs.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerContext } from './context';
import { registerFeedRoutes } from './routes/feed';
import { registerCompetitionRoutes } from './routes/competition';
import { registerDataRoutes } from './routes/data';
import { registerHookRoutes } from './routes/hooks';
import { registerTriathlonRoutes } from './routes/triathlon';
import { registerTrackScoreRoutes } from './routes/trackscore';
import { registerHookTestRoute } from './routes/hook-test';
import { registerRelayRoutes } from './routes/relay';
import { registerGraphicsRoutes } from './routes/graphics';
import { registerSettingsRoutes } from './routes/settings';
import { installRequestGuard } from './guard';
import { registerAnnouncerRoutes } from './routes/announcer';
import { answerError, register } from './route';
import { ROUTES } from '../model/routes';
import { registerOutputFileRoutes } from './routes/output-files';
import { CONTENT_SECURITY_POLICY } from './content-policy';

export { CONTENT_SECURITY_POLICY };

export function buildServer(ctx: ServerContext): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true, return503OnClosing: false });
  // First of all hooks: nothing registered below answers a request the trust boundary refuses.
  installRequestGuard(app, { boundHost: ctx.boundHost ?? '127.0.0.1', allowedHosts: ctx.allowedHosts, accessToken: ctx.accessToken });

  app.setErrorHandler(answerError);

  // The same policy as the page's meta tag, plus what only a header can say (who may frame us).
  app.addHook('onSend', async (req, reply, payload) => {
    // A custom template's page sets its own (the same policy plus its inline scripts' hashes).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    // Live state: an answer cached by a browser or a proxy would show a meet that has moved on.
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  register(app, ROUTES.health, () => ctx.health());
  registerCompetitionRoutes(app, ctx);
  registerFeedRoutes(app, ctx);
  registerDataRoutes(app, ctx);
  registerHookRoutes(app, ctx);
  registerTriathlonRoutes(app, ctx);
  registerTrackScoreRoutes(app, ctx);
  registerHookTestRoute(app, ctx);
  registerRelayRoutes(app, ctx);
  registerGraphicsRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerOutputFileRoutes(app, ctx);
  registerAnnouncerRoutes(app, ctx);

  const index = ctx.rendererDir && join(ctx.rendererDir, 'index.html');
  if (ctx.rendererDir && index && existsSync(index)) {
    void app.register(fastifyStatic, { root: ctx.rendererDir, index: 'index.html', cacheControl: false });
    // Every overlay is one page of the same build; the page reads which graphic from its path.
    // The build refers to its assets relatively (Electron loads it too), so /output/x/assets/… is /assets/….
    const outputPage = (req: FastifyRequest, reply: FastifyReply) => {
      const rest = (req.params as { '*'?: string })['*'] ?? '';
      const asset = rest.indexOf('assets/');
      if (asset >= 0) return reply.sendFile(rest.slice(asset));
      return reply.header('cache-control', 'no-store').sendFile('output.html');
    };
    app.get('/output', outputPage);
    app.get('/output/*', outputPage);
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>Trackside</title><p>Trackside is running, but its dashboard is not built. Run <code>npm run build</code>. The API is at <a href="/api/competition">/api/competition</a>.</p>'),
    );
  }
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: `no route for ${req.method} ${req.url.split('?')[0]}` });
  });
  return app;
}
