/**
 * LAN mode's gate: with an access token set, every request needs it, from loopback too (a reverse
 * tunnel makes internet requests look local). The request guard (server/guard.ts) runs it, after
 * exempting the webhook routes: they carry their own token or signature, and providers cannot be
 * given ours.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Per port, so two consoles on one machine do not overwrite each other's cookie. */
export const cookieName = (port: number) => `trackside_token_${port}`;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time over the digests, so neither the token's length nor its prefix leaks. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

function cookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function queryToken(url: string): string | undefined {
  const q = url.indexOf('?');
  return q < 0 ? undefined : (new URLSearchParams(url.slice(q + 1)).get('token') ?? undefined);
}

/** The token a request carries itself (Authorization: Bearer, or `?token=`), not the cookie. */
export function presentedToken(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? queryToken(req.url);
}

/**
 * The check the request guard (server/guard.ts) runs on every request but `/hooks/*`: undefined to
 * let it through, else the 401 answer.
 */
export function accessGate(token: string): (req: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined {
  return (req, reply) => {
    const name = cookieName(req.socket.localPort ?? 0);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const fromQuery = queryToken(req.url);
    if (tokenMatches(bearer, token) || tokenMatches(cookie(req, name), token)) return undefined;
    if (tokenMatches(fromQuery, token)) {
      // A browser, OBS or vMix opened `…/?token=`: the cookie carries it to assets, fetch and EventSource.
      reply.header('set-cookie', `${name}=${token}; Path=/; HttpOnly; SameSite=Strict`);
      return undefined;
    }
    return refuse(req, reply, bearer !== undefined || fromQuery !== undefined);
  };
}

function refuse(req: FastifyRequest, reply: FastifyReply, presented: boolean): FastifyReply {
  const reason = presented ? 'wrong access token' : 'this console needs its access token';
  void reply.code(401).header('cache-control', 'no-store').header('www-authenticate', 'Bearer realm="trackside"');
  const wantsHtml = !req.url.startsWith('/api/') && !req.url.startsWith('/data/') && (req.headers.accept ?? '').includes('text/html');
  if (!wantsHtml) {
    return reply.send({ error: `${reason}: send it as "Authorization: Bearer <token>" or ?token=<token>` });
  }
  return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trackside: access token</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;background:#111;color:#eee;display:grid;place-items:center;min-height:90vh}
form{background:#1d1d1d;padding:24px;border-radius:8px;max-width:420px}input{font:inherit;width:100%;margin:8px 0 12px;padding:6px;box-sizing:border-box}
button{font:inherit;padding:6px 16px}.bad{color:#f88}</style></head>
<body><form method="get"><h1>Trackside</h1>
${presented ? '<p class="bad">That token is not right.</p>' : ''}<p>This console is shared on the network and needs its access token. The operator finds it on the Settings page (or add <code>?token=…</code> to the URL).</p>
<label>Access token<input name="token" type="password" autocomplete="current-password" required autofocus></label>
<button type="submit">Open</button></form></body></html>`);
}
