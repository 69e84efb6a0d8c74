/**
 * `/api/relay/…`: outbound webhook endpoints, their outbox and delivery log. Bodies and queries
 * are checked by the route table's schemas; a secret is in the answer to create and rotate, and
 * nowhere else.
 */
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../../model/routes';
import type { ServerContext } from '../context';
import { register } from '../route';

export function registerRelayRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const relay = ctx.relay;

  register(app, ROUTES.relayEndpoints, () => ({ endpoints: relay.listEndpoints() }));
  register(app, ROUTES.relayCreate, ({ body, reply }) => reply.code(201).send(relay.createEndpoint(body)));
  register(app, ROUTES.relayEndpoint, ({ params }) => relay.getEndpoint(params.id));
  register(app, ROUTES.relayUpdate, ({ params, body }) => relay.updateEndpoint(params.id, body));
  register(app, ROUTES.relayDelete, ({ params, reply }) => {
    relay.deleteEndpoint(params.id);
    return reply.code(204).send();
  });
  register(app, ROUTES.relayRotate, ({ params, body }) => relay.rotateSecret(params.id, body.overlapSeconds));
  register(app, ROUTES.relayTest, ({ params, reply }) => reply.code(202).send(relay.sendTest(params.id)));
  register(app, ROUTES.relayRecover, ({ params, body }) => ({ requeued: relay.recover(params.id, Date.parse(body.since)) }));
  register(app, ROUTES.relayMessages, ({ params, query }) => ({ messages: relay.listMessages(params.id, query.limit, query.status) }));
  register(app, ROUTES.relayMessage, ({ params }) => relay.getMessage(params.id));
  register(app, ROUTES.relayResend, ({ params, reply }) => reply.code(202).send(relay.resend(params.id)));
  register(app, ROUTES.relayFailures, ({ query }) => ({
    messages: relay.failures(query.since === undefined ? 0 : Date.parse(query.since), query.limit),
  }));
}
