/**
 * Contracts of incoming webhooks: the envelopes providers send, and what the console answers and
 * shows about them. Payloads inside the envelopes stay untyped here: each consumer validates its own.
 */
import { z } from 'zod';

/** World Triathlon Subscriptions API: `{"subscription": "<method>", "payload": {…}}`. */
export const TriathlonEnvelopeSchema = z.object({
  subscription: z.string().trim().min(1).max(200),
  payload: z.unknown(),
});

/** TrackScore-style: an id to dedupe on (string or number), an optional type; the rest is free. */
export const TrackScoreEnvelopeSchema = z.looseObject({
  id: z.union([z.string().min(1).max(500), z.number()]).optional(),
  type: z.string().max(200).optional(),
  event: z.string().max(200).optional(),
});

/** Standard Webhooks: `{type, timestamp, data}` by the spec's recommendation; only `type` is read. */
export const StandardEnvelopeSchema = z.looseObject({ type: z.string().max(200).optional() });

export const HookAnswerSchema = z.object({
  ok: z.boolean(),
  seq: z.number().optional(),
  duplicate: z.boolean().optional(),
  error: z.string().optional(),
});

export const ReceiptSchema = z.object({
  id: z.number(),
  route: z.enum(['triathlon', 'trackscore', 'standard']),
  receivedAt: z.string(),
  remoteAddress: z.string().nullable(),
  outcome: z.enum(['accepted', 'duplicate', 'malformed']),
  dedupeKey: z.string().nullable(),
  keyUsed: z.enum(['current', 'previous']).nullable(),
  journalSeq: z.number(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  bodyEncoding: z.enum(['utf8', 'base64']),
  bytes: z.number(),
});
export const ReceiptListSchema = z.object({ receipts: z.array(ReceiptSchema) });

export const HookRouteHealthSchema = z.object({
  state: z.enum(['ok', 'idle', 'unconfigured']),
  lastMessageAt: z.string().nullable(),
  accepted: z.number(),
  duplicates: z.number(),
  malformed: z.number(),
  refused: z.number(),
});

export type HookAnswer = z.infer<typeof HookAnswerSchema>;
export type ReceiptView = z.infer<typeof ReceiptSchema>;
export type HookRouteHealth = z.infer<typeof HookRouteHealthSchema>;

/** The incoming test tool: which hook, which event type (a triathlon method or a TrackScore type). */
export const HookTestRequestSchema = z.object({
  route: z.enum(['triathlon', 'trackscore']),
  type: z.string().trim().min(1).max(100),
});
export const HookTestResultSchema = z.object({
  route: z.enum(['triathlon', 'trackscore']),
  type: z.string(),
  /** What the console's own hook answered. */
  status: z.number(),
  answer: z.unknown(),
  /** The body sent, so the operator sees what a provider would send. */
  body: z.string(),
});
export type HookTestRequest = z.infer<typeof HookTestRequestSchema>;
export type HookTestResult = z.infer<typeof HookTestResultSchema>;
