/**
 * The console's own HTTP/SSE contract (SPEC §6), shared by the server and the renderer's client.
 * The server builds these shapes; the renderer parses them with the same schemas.
 */
import { z } from 'zod';
import { TargetSchema } from './records';

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
  cache: z.looseObject({
    units: z.number(),
    lastSeq: z.number(),
    schemaVersion: z.number(),
    file: z.string(),
    /** This run found the cache file damaged and moved it aside; the sources are filling a new one. */
    recovered: z.object({ movedTo: z.string(), reason: z.string() }).optional(),
    /** Where WAL checkpoints run (a worker thread, or inline in the committing call) and how they go. */
    checkpoints: z
      .object({ mode: z.enum(['worker', 'inline']), checkpoints: z.number(), lastLeft: z.number(), lastError: z.string().nullable() })
      .optional(),
  }),
  /** Live journal streams (/api/stream): how many, how many catching up from the journal, bytes held. */
  streams: z.object({ open: z.number(), catchingUp: z.number(), bufferedBytes: z.number(), dropped: z.number() }).optional(),
  /** The console's process: memory and event-loop delay (p99/max over the last 10 s). */
  process: z
    .object({
      rssBytes: z.number(),
      heapUsedBytes: z.number(),
      /** Memory outside the JS heap held by this thread's objects (Buffers, native): feed frames, socket writes. */
      externalBytes: z.number(),
      eventLoopDelayP99Ms: z.number(),
      eventLoopDelayMaxMs: z.number(),
    })
    .optional(),
  /** Outbound webhooks: how many endpoints, and what is waiting or failed for good. */
  relay: z.object({ endpoints: z.number(), enabled: z.number(), backlog: z.number(), failed: z.number() }).optional(),
  /** Publishing to an MQTT broker (only with --mqtt-url): connection state, why it failed, what waits. */
  mqtt: z
    .object({
      state: z.enum(['connecting', 'connected', 'disconnected', 'error', 'stopped']),
      url: z.string(),
      clientId: z.string(),
      topicRoot: z.string(),
      lastError: z.string().nullable(),
      backlog: z.number(),
      connectedAt: z.string().nullable(),
      lastPublishedAt: z.string().nullable(),
      published: z.number(),
    })
    .optional(),
});

export const LeaderSummarySchema = z.object({
  bib: z.string(),
  name: z.string().nullable(),
  mark: z.string(),
  /** Several athletes share first place. */
  shared: z.boolean(),
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
  /** First place now, or the winner once the unit is over. */
  leader: LeaderSummarySchema.nullable(),
  /** Athletes in its start list or results. */
  entries: z.number(),
});

export const EventSummarySchema = z.object({
  eventId: z.string(),
  eventCode: z.string().nullable(),
  kind: z.enum(['track', 'horizontal', 'vertical']),
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

export const AthleteSchema = z.object({
  bib: z.string(),
  name: z.string().nullable(),
  team: z.string().nullable(),
  units: z.array(UnitRefSchema),
  /** The announcer's own note and phonetic spelling (never on air). */
  notes: z.string().optional(),
  pronunciation: z.string().optional(),
});

export const AthletesResponseSchema = z.object({ athletes: z.array(AthleteSchema) });

export const UnitResponseSchema = z.object({
  unit: z.looseObject({}),
  receivedAt: z.string(),
  changedAt: z.string(),
  source: z.string(),
  cacheAgeMs: z.number(),
  changedWhileOffline: z.boolean(),
});

/** What an athlete still in a field event needs, now, to be first outright. */
export const NeedsToLeadSchema = z.object({
  text: z.string(),
  /** Horizontal: the smallest mark on the next attempt. */
  mark: z.string().optional(),
  /** Vertical: the lowest height that does it, and the latest attempt at it that still does. */
  height: z.string().optional(),
  attempt: z.number().optional(),
  anyAttempt: z.boolean().optional(),
});

export const AttemptSchema = z.object({
  round: z.number().optional(),
  height: z.string().optional(),
  result: z.string(),
  wind: z.number().nullable().optional(),
  /** Horizontal, LJ/TJ: the wind was over +2.0 m/s; the mark counts here but not as a best or record. */
  windAided: z.boolean().optional(),
});

export const StandingSchema = z.object({
  bib: z.string(),
  place: z.number().int().nullable(),
  best: z.string().nullable(),
  name: z.string().nullable(),
  team: z.string().nullable(),
  /** Start list position: lane on the track, order in the field. */
  lane: z.number().nullable(),
  order: z.number().nullable(),
  /** Season's and personal bests for this event, from the entries. */
  pb: z.string().nullable(),
  sb: z.string().nullable(),
  /** Horizontal: one mark per attempt; vertical: `xo` per height; track: [] */
  attempts: z.array(AttemptSchema),
  /** Wind of the best mark (LJ/TJ), in m/s. */
  bestWind: z.number().nullable(),
  /** Track: the timing's own reading (to the thousandth) when it has one, for ties it decides. */
  rawTime: z.string().nullable().optional(),
  /** The note as written, and what it says: Q/q, record and best flags. */
  note: z.string().nullable(),
  qualified: z.enum(['Q', 'q']).nullable(),
  flags: z.array(z.string()),
  status: z.enum(['valid', 'no-mark', 'dns', 'dnf', 'dq', 'retired', 'pending']),
  /** Field events: still has attempts to take. */
  inCompetition: z.boolean(),
  needsToLead: NeedsToLeadSchema.nullable(),
  /** The best mark or time was wind-aided (over +2.0 m/s in a wind-measured event): shown with `w`. */
  windAided: z.boolean().optional(),
  /** Relays: the team's runners, as listed. */
  runners: z.array(z.string()).optional(),
  /** Track: the time to the thousandth, where it alone separates this place from an equal time. */
  decidingTime: z.string().nullable().optional(),
  /** Field events: what the next attempt needs for a PB, SB or record not yet beaten today. */
  targets: z.array(TargetSchema).optional(),
});

export const StandingsResponseSchema = z.object({
  kind: z.enum(['track', 'horizontal', 'vertical']),
  /** Vertical: every height on the grid, ascending (planned and attempted). */
  heights: z.array(z.string()),
  /** Horizontal: attempts each athlete may take. */
  maxAttempts: z.number().nullable(),
  /** The top-N cut after a round, and whether it has happened yet. */
  cut: z.object({ afterRound: z.number(), survivors: z.number(), applied: z.boolean() }).nullable(),
  /** Track: the race's wind reading as written ("+1.2"). */
  wind: z.string().nullable(),
  /** The unit is over: nobody has attempts left. */
  finished: z.boolean(),
  standings: z.array(StandingSchema),
});

export type FeedItem = z.infer<typeof FeedItemSchema>;
export type FeedPage = z.infer<typeof FeedPageSchema>;
export type Health = z.infer<typeof HealthSchema>;
export type SourceHealth = z.infer<typeof SourceHealthSchema>;
export type LeaderSummary = z.infer<typeof LeaderSummarySchema>;
export type Athlete = z.infer<typeof AthleteSchema>;
export type UnitSummary = z.infer<typeof UnitSummarySchema>;
export type EventSummary = z.infer<typeof EventSummarySchema>;
export type CompetitionResponse = z.infer<typeof CompetitionResponseSchema>;
export type UnitResponse = z.infer<typeof UnitResponseSchema>;
export type Standing = z.infer<typeof StandingSchema>;
export type StandingsResponse = z.infer<typeof StandingsResponseSchema>;
export type NeedsToLead = z.infer<typeof NeedsToLeadSchema>;
export type Attempt = z.infer<typeof AttemptSchema>;
