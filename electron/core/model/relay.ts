/**
 * Relay contracts shared by core and renderer: endpoints, outbox messages, attempts, notices.
 */
import { z } from 'zod';

export const EndpointFormatSchema = z.enum(['standard', 'slack', 'discord']);
export const ScheduleNameSchema = z.enum(['standard', 'triathlon']);

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((u) => ['http:', 'https:'].includes(new URL(u).protocol), 'url must be http or https');
const filter = z.array(z.string().trim().min(1).max(200)).min(1).max(50);

export const EndpointInputSchema = z.object({
  url: httpUrl,
  description: z.string().max(500).default(''),
  filter: filter.default(['*']),
  enabled: z.boolean().default(true),
  format: EndpointFormatSchema.default('standard'),
  schedule: ScheduleNameSchema.default('standard'),
});

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
export const OutboxMessageDetailSchema = OutboxMessageSchema.extend({ body: z.string(), log: z.array(AttemptLogSchema) });

export const DeliveryNoticeSchema = z.object({
  kind: z.enum(['delivered', 'failed', 'exhausted', 'disabled']),
  endpointId: z.string(),
  messageId: z.number().optional(),
  at: z.number(),
  detail: z.string().optional(),
});

export type EndpointFormat = z.infer<typeof EndpointFormatSchema>;
export type EndpointInput = z.infer<typeof EndpointInputSchema>;
export type EndpointPatch = z.infer<typeof EndpointPatchSchema>;
export type Endpoint = z.infer<typeof EndpointSchema>;
export type EndpointStats = z.infer<typeof EndpointStatsSchema>;
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;
export type OutboxMessageDetail = z.infer<typeof OutboxMessageDetailSchema>;
export type AttemptLog = z.infer<typeof AttemptLogSchema>;
export type DeliveryNotice = z.infer<typeof DeliveryNoticeSchema>;
