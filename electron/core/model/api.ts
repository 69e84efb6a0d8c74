/**
 * The console's own HTTP/SSE contract (SPEC §6), shared by the server and the renderer's client.
 * The server builds these shapes; the renderer parses them with the same schemas.
 */
import { z } from 'zod';

export const UnitRefSchema = z.object({ eventId: z.string(), round: z.number(), heat: z.number() });

export const FeedItemSchema = z.object({
  seq: z.number(),
  source: z.string(),
  channel: z.string(),
  event: z.string(),
  /** Parsed JSON when it parses, else the raw text; null when larger than the feed carries. */
  payload: z.unknown(),
  receivedAt: z.string(),
  accepted: z.boolean(),
  reason: z.string().optional(),
  unit: UnitRefSchema.optional(),
  changed: z.boolean().optional(),
  catchUp: z.boolean().optional(),
  payloadBytes: z.number().optional(),
  payloadTruncated: z.boolean().optional(),
});

export const FeedPageSchema = z.object({ items: z.array(FeedItemSchema), next: z.number() });

export const SourceHealthSchema = z.looseObject({
  state: z.string(),
  lastMessageAt: z.string().nullable(),
  lastError: z.string().nullable().optional(),
});

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'offline']),
  mode: z.string(),
  startedAt: z.string(),
  sources: z.record(z.string(), SourceHealthSchema),
  cache: z.looseObject({ units: z.number(), lastSeq: z.number(), schemaVersion: z.number(), file: z.string() }),
});

export const UnitSummarySchema = z.object({
  eventId: z.string(),
  round: z.number(),
  heat: z.number(),
  heatName: z.string().nullable(),
  roundName: z.string().nullable(),
  scheduledStartTime: z.string().nullable(),
  status: z.string().nullable(),
  resultsStatus: z.string().nullable(),
  receivedAt: z.string().nullable(),
  cacheAgeMs: z.number().nullable(),
  changedAt: z.string().nullable(),
  changedWhileOffline: z.boolean(),
});

export const EventSummarySchema = z.object({
  eventId: z.string(),
  eventCode: z.string().nullable(),
  name: z.string().nullable(),
  category: z.string().nullable(),
  day: z.number().nullable(),
  parent: z.string().nullable(),
  units: z.array(UnitSummarySchema),
});

export const CompetitionResponseSchema = z.object({
  competition: z.looseObject({
    key: z.string(),
    url: z.string(),
    fullName: z.string().nullable(),
    receivedAt: z.string().nullable(),
  }),
  events: z.array(EventSummarySchema),
});

export const UnitResponseSchema = z.object({
  unit: z.looseObject({}),
  receivedAt: z.string(),
  changedAt: z.string(),
  source: z.string(),
  cacheAgeMs: z.number(),
  changedWhileOffline: z.boolean(),
});

export const StandingSchema = z.object({
  bib: z.string(),
  place: z.number().int().nullable(),
  best: z.string().nullable(),
  name: z.string().nullable(),
  team: z.string().nullable(),
  /** Horizontal: one mark per attempt; vertical: `xo` per height; track: [] */
  attempts: z.array(z.object({ round: z.number().optional(), height: z.string().optional(), result: z.string(), wind: z.number().nullable().optional() })),
  note: z.string().nullable(),
  status: z.enum(['valid', 'no-mark', 'dns', 'dnf', 'dq', 'retired', 'pending']),
});

export const StandingsResponseSchema = z.object({
  kind: z.enum(['track', 'horizontal', 'vertical']),
  standings: z.array(StandingSchema),
});

export type FeedItem = z.infer<typeof FeedItemSchema>;
export type FeedPage = z.infer<typeof FeedPageSchema>;
export type Health = z.infer<typeof HealthSchema>;
export type SourceHealth = z.infer<typeof SourceHealthSchema>;
export type UnitSummary = z.infer<typeof UnitSummarySchema>;
export type EventSummary = z.infer<typeof EventSummarySchema>;
export type CompetitionResponse = z.infer<typeof CompetitionResponseSchema>;
export type UnitResponse = z.infer<typeof UnitResponseSchema>;
export type Standing = z.infer<typeof StandingSchema>;
export type StandingsResponse = z.infer<typeof StandingsResponseSchema>;
