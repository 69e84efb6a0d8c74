/**
 * `POST /api/webhooks/test`: the incoming test tool. Signs a sample of the chosen event type with
 * this console's own token or secret and POSTs it over HTTP to its own hook, so every check a real
 * provider's request meets (allowlist, size, token or signature, timestamp, parsing) is exercised.
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import { signedSample } from '../../sources/webhooks/samples';
import type { ServerContext } from '../context';
import { HttpError, register } from '../route';

const SELF_TIMEOUT_MS = 10_000;

export function registerHookTestRoute(app: FastifyInstance, ctx: ServerContext): void {
  register(app, ROUTES.hookTest, async ({ body, req }) => {
    const sample = signedSample(body.route, body.type, ctx.webhooks.deps.config);
    if (!sample) throw new HttpError(409, body.route === 'triathlon' ? 'no webhook token is set (Settings → Webhooks in)' : 'no webhook secret is set (Settings → Webhooks in)');
    // The address this request reached is one the console listens on.
    const local = req.socket.localAddress ?? '127.0.0.1';
    const host = local.includes(':') ? `[${local.replace(/^::ffff:/, '')}]` : local;
    const url = `http://${local.startsWith('::ffff:') ? local.slice(7) : host}:${req.socket.localPort}${sample.path}`;
    const res = await fetch(url, { method: 'POST', headers: sample.headers, body: sample.body, signal: AbortSignal.timeout(SELF_TIMEOUT_MS) });
    const text = await res.text();
    let answer: unknown = text;
    try {
      answer = JSON.parse(text);
    } catch {
      // not JSON: shown as text
    }
    return { route: body.route, type: body.type, status: res.status, answer, body: sample.body };
  });
}
