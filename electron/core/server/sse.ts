/**
 * An SSE response: headers at once, a heartbeat comment so proxies and browsers keep it open, and
 * registration with the console so stop() can end it. Returns the raw response and a way to run
 * cleanup when the client goes.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ServerContext } from './context';

export const HEARTBEAT_MS = 15_000;

export function openEventStream(reply: FastifyReply, ctx: Pick<ServerContext, 'trackStream'>, onClose: () => void): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  const heartbeat = setInterval(() => res.write(`: heartbeat ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
  let closed = false;
  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
  };
  res.on('close', cleanup);
  res.on('error', cleanup);
  ctx.trackStream(res);
  return res;
}
