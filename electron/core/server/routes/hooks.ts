/**
 * `/hooks/triathlon|trackscore|standard`: the HTTP side of incoming webhooks. Bodies are read as raw
 * bytes whatever their content type, because signatures are over the exact bytes sent. The order
 * of checks: source address (403) and compression (415), both before the body is read; size (413);
 * then the intake decides.
 * `GET /api/webhooks/receipts` shows what arrived, malformed requests included, for inspection.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HOOK_ROUTES, type HookRoute } from '../../config/config';
import type { ReceiptView } from '../../model/webhooks';
import type { Receipt } from '../../store/webhook-receipts';
import { HOOK_PATH } from '../../sources/webhooks/intake';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';

export function registerHookRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const intake = ctx.webhooks;
  const bodyLimit = intake.deps.config.maxBytes;

  void app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

    hooks.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
      const route = routeOf(req);
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) {
        // Not the sender's fault: a 5xx makes the provider retry later, which is what we want.
        console.error('webhook route failed:', err);
        return reply.code(500).send({ ok: false, error: 'internal error; retry later' });
      }
      const error = status === 413 ? `body larger than ${bodyLimit} bytes` : `bad request: ${err.message}`;
      if (route) intake.refused(route, status, error, req.ip);
      return reply.code(status).send({ ok: false, error });
    });

    for (const route of HOOK_ROUTES) {
      hooks.post(
        HOOK_PATH[route],
        {
          bodyLimit,
          onRequest: async (req, reply) => {
            if (!intake.allows(route, req.ip)) {
              intake.refused(route, 403, 'source address not in the allowlist', req.ip);
              return reply.code(403).send({ ok: false, error: 'forbidden: source address not allowed' });
            }
            // Signatures are over the bytes as sent and providers send plain JSON: a compressed body
            // is refused before it is read, so it is never journaled as malformed.
            const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
            if (encoding !== '' && encoding !== 'identity') {
              intake.refused(route, 415, `compressed body (content-encoding ${encoding.slice(0, 40)})`, req.ip);
              return reply.code(415).send({ ok: false, error: 'unsupported media type: send the body uncompressed (no Content-Encoding)' });
            }
          },
        },
        async (req, reply) => {
          const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const token = (req.query as Record<string, unknown>)?.token;
          const answer = intake.receive({
            route,
            raw,
            headers: req.headers,
            queryToken: typeof token === 'string' ? token : undefined,
            remoteAddress: req.ip,
          });
          return reply.code(answer.status).header('cache-control', 'no-store').send(answer.body);
        },
      );
    }
  });

  register(app, ROUTES.receipts, ({ query }) => ({ receipts: intake.receiptRepo.list(query.limit, query.outcome).map(receiptView) }));

  register(app, ROUTES.receipt, ({ params }) => {
    const receipt = intake.receiptRepo.get(params.id);
    if (!receipt) throw new HttpError(404, `no webhook receipt ${params.id}`);
    return receiptView(receipt);
  });
}

function routeOf(req: FastifyRequest): HookRoute | undefined {
  const path = req.url.split('?')[0];
  return HOOK_ROUTES.find((r) => HOOK_PATH[r] === path);
}

function receiptView(r: Receipt): ReceiptView {
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(r.body);
  } catch {
    text = undefined;
  }
  return {
    id: r.id,
    route: r.route,
    receivedAt: new Date(r.receivedAt).toISOString(),
    remoteAddress: r.remoteAddress ?? null,
    outcome: r.outcome,
    dedupeKey: r.dedupeKey ?? null,
    keyUsed: r.keyUsed ?? null,
    journalSeq: r.journalSeq,
    headers: r.headers,
    body: text ?? r.body.toString('base64'),
    bodyEncoding: text === undefined ? 'base64' : 'utf8',
    bytes: r.body.length,
  };
}
