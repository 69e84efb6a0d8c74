/**
 * Relay contracts shared by core and renderer: endpoints, outbox messages, attempts, notices.
 */
import { z } from 'zod';
import { httpUrlSchema } from './http-url';

export const EndpointFormatSchema = z.enum(['standard', 'slack', 'discord']);
export const ScheduleNameSchema = z.enum(['standard', 'triathlon']);

/** Where deliveries go: an absolute http(s) URL (no other scheme reaches a webhook receiver). */
const httpUrl = httpUrlSchema('url must be an absolute http:// or https:// URL')
  // fetch refuses URLs with credentials in them; say so now rather than at every attempt.
  .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), 'url must not contain a user name or password');
const filter = z.array(z.string().trim().min(1).max(200)).min(1).max(50);

export const EndpointInputSchema = z
  .object({
    url: httpUrl,
    description: z.string().max(500).default(''),
    filter: filter.default(['*']),
    enabled: z.boolean().default(true),
    format: EndpointFormatSchema.default('standard'),
    schedule: ScheduleNameSchema.default('standard'),
  })
  .strict();

export const EndpointPatchSchema = z
  .object({
    url: httpUrl,
    description: z.string().max(500),
    filter,
    enabled: z.boolean(),
    format: EndpointFormatSchema,
    schedule: ScheduleNameSchema,
  })
  .partial()
  .strict();

/** How long a rotated-out secret keeps signing: a day by default, at most a week. */
export const RotateSecretSchema = z.object({ overlapSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(24 * 3600) }).strict();
export const RecoverSchema = z.object({ since: z.iso.datetime({ offset: true }) }).strict();

export const EndpointStatsSchema = z.object({
  delivered: z.number(),
  failed: z.number(),
  backlog: z.number(),
  /** Share of finished messages delivered (null before any finished). */
  successRate: z.number().nullable(),
  medianLatencyMs: z.number().nullable(),
  lastAttemptAt: z.string().nullable(),
});

export const EndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  filter: z.array(z.string()),
  enabled: z.boolean(),
  format: EndpointFormatSchema,
  schedule: ScheduleNameSchema,
  createdAt: z.string(),
  disabledReason: z.string().nullable(),
  /** A rotated-out secret still signs until then. */
  previousSecretValidUntil: z.string().nullable(),
  stats: EndpointStatsSchema,
});

export const EndpointListSchema = z.object({ endpoints: z.array(EndpointSchema) });
export const EndpointCreatedSchema = z.object({ endpoint: EndpointSchema, secret: z.string() });
export const RecoveredSchema = z.object({ requeued: z.number() });
export const SecretRotatedSchema = z.object({ secret: z.string(), previousValidUntil: z.string() });

export const MessageStatusSchema = z.enum(['pending', 'delivered', 'failed']);

/** A whole number in a query string, within bounds. */
const queryInt = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback);

/** `GET /api/relay/endpoints/:id/messages?status=&limit=` (newest first). */
export const MessageListQuerySchema = z.object({
  status: MessageStatusSchema.optional(),
  limit: queryInt(1, 500, 100),
});

/** `GET /api/relay/failures?since=&limit=`: messages that gave up since then (when they gave up), newest first. */
export const FailuresQuerySchema = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  limit: queryInt(1, 500, 100),
});

export const AttemptLogSchema = z.object({
  attempt: z.number(),
  startedAt: z.string(),
  durationMs: z.number(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});

export const OutboxMessageSchema = z.object({
  id: z.number(),
  endpointId: z.string(),
  webhookId: z.string(),
  type: z.string(),
  orderKey: z.string(),
  createdAt: z.string(),
  status: MessageStatusSchema,
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  failedAt: z.string().nullable(),
});
export const OutboxMessageListSchema = z.object({ messages: z.array(OutboxMessageSchema) });
/** `GET /api/relay/failures`: the same list shape. */
export const FailureListSchema = OutboxMessageListSchema;
export const ErrorBodySchema = z.object({ error: z.string() });
export const OutboxMessageDetailSchema = OutboxMessageSchema.extend({ body: z.string(), log: z.array(AttemptLogSchema) });

/** On the bus (`delivery`) whenever an attempt ends or an endpoint is switched off by its receiver. */
export const DeliveryNoticeSchema = z.object({
  kind: z.enum(['delivered', 'failed', 'exhausted', 'disabled']),
  endpointId: z.string(),
  messageId: z.number().optional(),
  at: z.number(),
  detail: z.string().optional(),
});

export type EndpointFormat = z.infer<typeof EndpointFormatSchema>;
export type ScheduleName = z.infer<typeof ScheduleNameSchema>;
export type MessageStatus = z.infer<typeof MessageStatusSchema>;
export type EndpointInput = z.infer<typeof EndpointInputSchema>;
export type EndpointPatch = z.infer<typeof EndpointPatchSchema>;
export type Endpoint = z.infer<typeof EndpointSchema>;
export type EndpointStats = z.infer<typeof EndpointStatsSchema>;
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;
export type OutboxMessageDetail = z.infer<typeof OutboxMessageDetailSchema>;
export type AttemptLog = z.infer<typeof AttemptLogSchema>;
export type DeliveryNotice = z.infer<typeof DeliveryNoticeSchema>;
