/**
 * `/api/relay/…`: outbound webhook endpoints, their outbox and delivery log. Every body and query
 * is checked against the shared zod contract; a secret is in the answer to create and rotate, and
 * nowhere else.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  EndpointInputSchema,
  EndpointPatchSchema,
  FailuresQuerySchema,
  MessageListQuerySchema,
  RecoverSchema,
  RotateSecretSchema,
} from '../../model/relay';
import { RelayError } from '../../relay/relay';
import type { ServerContext } from '../context';

type Params = { id: string };

function parse<T>(schema: z.ZodType<T>, input: unknown, what = 'body'): T {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RelayError(400, `${issue?.path.join('.') || what}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** Message ids are the outbox's row numbers; anything else names no message. */
function messageId(text: string): number {
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id)) throw new RelayError(404, `no message ${text}`);
  return id;
}

export function registerRelayRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const relay = ctx.relay;

  void app.register(async (api) => {
    api.setErrorHandler((err: Error & { statusCode?: number }, _req, reply: FastifyReply) => {
      if (err instanceof RelayError) return reply.code(err.status).send({ error: err.message });
      // Fastify's own refusals (malformed JSON, wrong content type, body too large) keep their 4xx.
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
    api.get<{ Params: Params }>('/api/relay/endpoints/:id/messages', async (req) => {
      const query = parse(MessageListQuerySchema, req.query, 'query');
      return { messages: relay.listMessages(req.params.id, query.limit, query.status) };
    });
    api.get<{ Params: Params }>('/api/relay/messages/:id', async (req) => relay.getMessage(messageId(req.params.id)));
    api.post<{ Params: Params }>('/api/relay/messages/:id/resend', async (req, reply) => reply.code(202).send(relay.resend(messageId(req.params.id))));
    api.get('/api/relay/failures', async (req) => {
      const query = parse(FailuresQuerySchema, req.query, 'query');
      return { messages: relay.failures(query.since === undefined ? 0 : Date.parse(query.since), query.limit) };
    });
  });
}
