/**
 * Registers a handler for a route of the shared table (model/routes.ts): params, query and body
 * are parsed with the route's own schemas before the handler runs, so a handler only ever sees
 * checked input. `answerError` is the one place an error becomes an HTTP answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { ZodError, type z } from 'zod';
import type { Infer, RouteContract } from '../model/routes';
import { SettingsInvalid, type SettingsError } from '../model/settings';

/** A request the route cannot serve, with the status that says why. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RouteInput<C extends RouteContract> {
  params: Infer<C['params']>;
  query: Infer<C['query']>;
  body: Infer<C['body']>;
  req: FastifyRequest;
  reply: FastifyReply;
}

type Answer<C extends RouteContract> = Infer<C['response']> | FastifyReply | string | void;

export function register<C extends RouteContract>(
  app: FastifyInstance,
  contract: C,
  handler: (input: RouteInput<C>) => Answer<C> | Promise<Answer<C>>,
  options: RouteShorthandOptions = {},
): void {
  app.route({
    ...options,
    method: contract.method,
    url: contract.path,
    handler: async (req, reply) => {
      const params = contract.params ? parseParams(contract, req.params) : undefined;
      // A body the route reads is JSON: a form or text/plain body (what a page on another site can
      // send without asking first) is refused before anything looks at it.
      if (contract.body && req.body !== undefined && !isJson(req.headers['content-type'])) {
        throw new HttpError(415, 'send the body as application/json');
      }
      const query = contract.query ? parseOr400(contract.query, req.query, 'query') : undefined;
      const body = contract.body ? parseOr400(contract.body, req.body, 'body') : undefined;
      return handler({ params, query, body, req, reply } as RouteInput<C>);
    },
  });
}

const isJson = (type: string | undefined) => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type ?? '');

function parseParams(contract: RouteContract, raw: unknown): unknown {
  const result = contract.params!.safeParse(raw);
  if (result.success) return result.data;
  // A path that does not parse names nothing: 404, naming what was asked for.
  const issue = result.error.issues[0];
  const name = issue?.path[0];
  const value = typeof name === 'string' ? (raw as Record<string, unknown>)[name] : undefined;
  const hint = contract.names === 'graphic' && issue ? ` (${issue.message})` : '';
  throw new HttpError(404, `no ${contract.names ?? 'such resource'} ${JSON.stringify(value ?? '')}${hint}`);
}

function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: 'query' | 'body'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new HttpError(400, describe(result.error, what));
  return result.data;
}

function describe(error: ZodError, what: string): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || what}: ${issue?.message ?? 'invalid'}`;
}

/** Every error a route throws, as the answer the client sees; 5xx details stay in the log. */
export function answerError(err: Error & { statusCode?: number; status?: unknown }, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof HttpError) return reply.code(err.status).send({ error: err.message });
  if (err instanceof SettingsInvalid) return reply.code(400).send({ error: err.message, fields: err.fields } satisfies SettingsError);
  if (err instanceof ZodError) return reply.code(400).send({ error: describe(err, 'body') });
  // HttpError, and the core's own refusals (GraphicsError, RelayError) carry a 4xx `status`.
  const status = typeof err.status === 'number' ? err.status : err.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
  console.error(`${req.method} ${req.url.split('?')[0]} failed:`, err);
  return reply.code(500).send({ error: 'internal error' });
}
