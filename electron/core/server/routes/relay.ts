import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

// TODO(issue 4): routes.
export function registerRelayRoutes(_app: FastifyInstance, _ctx: ServerContext): void {}
