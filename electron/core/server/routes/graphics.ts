import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

// TODO(issue 5): routes.
export function registerGraphicsRoutes(_app: FastifyInstance, _ctx: ServerContext): void {}
