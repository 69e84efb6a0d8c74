/**
 * `/api/relay/…`: outbound webhook endpoints, their outbox and delivery log. Every body is checked
 * against the shared zod contract; a secret is in the answer to create and rotate, and nowhere else.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { EndpointInputSchema, EndpointPatchSchema, MessageStatusSchema, RecoverSchema, RotateSecretSchema } from '../../model/relay';
import { RelayError } from '../../relay/relay';
import type { ServerContext } from '../context';

type Params = { id: string };

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RelayError(400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

export function registerRelayRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const relay = ctx.relay;

  void app.register(async (api) => {
    api.setErrorHandler((err: Error & { statusCode?: number }, _req, reply: FastifyReply) => {
      if (err instanceof RelayError) return reply.code(err.status).send({ error: err.message });
      if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
      console.error('relay route failed:', err);
      return reply.code(500).send({ error: 'internal error' });
    });
    api.addHook('onSend', async (_req, reply, payload) => {
      reply.header('cache-control', 'no-store');
      return payload;
    });

    api.get('/api/relay/endpoints', async () => ({ endpoints: relay.listEndpoints() }));
    api.post('/api/relay/endpoints', async (req, reply) => reply.code(201).send(relay.createEndpoint(parse(EndpointInputSchema, req.body))));
    api.get<{ Params: Params }>('/api/relay/endpoints/:id', async (req) => relay.getEndpoint(req.params.id));
    api.patch<{ Params: Params }>('/api/relay/endpoints/:id', async (req) => relay.updateEndpoint(req.params.id, parse(EndpointPatchSchema, req.body)));
    api.delete<{ Params: Params }>('/api/relay/endpoints/:id', async (req, reply) => {
      relay.deleteEndpoint(req.params.id);
      return reply.code(204).send();
    });
    api.post<{ Params: Params }>('/api/relay/endpoints/:id/rotate-secret', async (req) =>
      relay.rotateSecret(req.params.id, parse(RotateSecretSchema, req.body).overlapSeconds),
    );
    api.post<{ Params: Params }>('/api/relay/endpoints/:id/test', async (req, reply) => reply.code(202).send(relay.sendTest(req.params.id)));
    api.post<{ Params: Params }>('/api/relay/endpoints/:id/recover', async (req) => ({
      requeued: relay.recover(req.params.id, Date.parse(parse(RecoverSchema, req.body).since)),
    }));
    api.get<{ Params: Params; Querystring: { status?: string; limit?: string } }>('/api/relay/endpoints/:id/messages', async (req) => {
      const status = req.query.status === undefined ? undefined : parse(MessageStatusSchema, req.query.status);
      const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100));
      return { messages: relay.listMessages(req.params.id, limit, status) };
    });
    api.get<{ Params: Params }>('/api/relay/messages/:id', async (req) => relay.getMessage(Number(req.params.id)));
    api.post<{ Params: Params }>('/api/relay/messages/:id/resend', async (req, reply) => reply.code(202).send(relay.resend(Number(req.params.id))));
    api.get<{ Querystring: { since?: string } }>('/api/relay/failures', async (req) => {
      const since = req.query.since ? Date.parse(req.query.since) : 0;
      if (Number.isNaN(since)) throw new RelayError(400, 'since must be an ISO date and time');
      return { messages: relay.failures(since) };
    });
  });
}
