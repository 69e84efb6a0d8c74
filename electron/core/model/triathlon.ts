/**
 * World Triathlon payloads as the console reads them, and the live view it serves.
 *
 * Where the shapes come from: the Subscriptions API's envelope (`subscription`, `payload`) and its
 * method names are documented; the field names below follow the public World Triathlon API's
 * objects (`prog_id`, `event_id`, `prog_name`, `event_title`, `athlete_id`, `athlete_first`,
 * `athlete_last`, `athlete_noc`, `start_num`, `position`, `total_time`). The inner layout of a
 * `timing.store` snapshot (a list of splits, and per athlete their split times) is not published:
 * it is read defensively, accepting the likely spellings, and anything unknown is kept raw.
 * Providers send ids and counts as strings, booleans as "true" and dates with a space.
 *
 * From the Live Timing docs and the Live Timing Standard v1.1 example (verified): a snapshot carries
 * `date`, `start_time`, `event_id`, `event_name`, `prog_id`, `prog_name`, `wetsuit`, `sandbox`
 * (`"true"` or `false`), `num_athletes`, `status` (`prerace`, then `live`) and a `latest` object
 * (`segment_id`, `segment_name`). The standard calls the timing points "segments"; both spellings
 * (`splits`/`segments`, `split_id`/`segment_id`, `split_name`/`segment_name`) are read.
 */
import { z } from 'zod';

const Id = z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().min(1));
const Text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const Int = z.union([z.number(), z.string().regex(/^\s*-?\d+\s*$/)]).transform((v) => Number(v));
const soft = <T extends z.ZodType>(t: T) => t.nullish().catch(null);
/** `true`, `"true"`, `1`, `"1"` → true; anything else → false (a missing flag is not sandbox). */
const Flag = z.unknown().optional().transform((v) => v === true || v === 1 || (typeof v === 'string' && /^(true|1|yes)$/i.test(v.trim())));

/** The standard's "segment" spelling, read as the console's "split" one. */
function aliasSegments(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = { ...(v as Record<string, unknown>) };
  if (o.splits === undefined && Array.isArray(o.segments)) o.splits = o.segments;
  if (o.split_id === undefined && o.segment_id !== undefined) o.split_id = o.segment_id;
  if (o.split_name === undefined && o.segment_name !== undefined) o.split_name = o.segment_name;
  if (o.split_order === undefined && o.segment_order !== undefined) o.split_order = o.segment_order;
  if (o.time === undefined && o.split_time === undefined && o.segment_time !== undefined) o.time = o.segment_time;
  return o;
}
const segmented = <T extends z.ZodType>(t: T) => z.preprocess(aliasSegments, t);

/** "2026-06-01 10:21:33" (and ISO forms) → epoch ms; unreadable → null. */
export function readDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = Date.parse(text.trim().replace(' ', 'T'));
  return Number.isFinite(t) ? t : null;
}

export const SplitTimeSchema = segmented(z.looseObject({
  split_id: soft(Id),
  split_name: soft(Text),
  name: soft(Text),
  time: soft(Text),
  split_time: soft(Text),
  position: soft(Int),
}));

export const TimingAthleteSchema = segmented(z.looseObject({
  athlete_id: soft(Id),
  athlete_first: soft(Text),
  athlete_last: soft(Text),
  athlete_title: soft(Text),
  athlete_noc: soft(Text),
  start_num: soft(Text),
  position: soft(Text),
  status: soft(Text),
  total_time: soft(Text),
  splits: z.array(SplitTimeSchema).catch([]).default([]),
}));

export const SplitDefinitionSchema = segmented(z.looseObject({
  split_id: soft(Id),
  split_name: soft(Text),
  name: soft(Text),
  split_order: soft(Int),
}));

export const TimingStoreSchema = segmented(z.looseObject({
  prog_id: Id,
  event_id: soft(Id),
  event_name: soft(Text),
  prog_name: soft(Text),
  date: Text,
  start_time: soft(Text),
  status: soft(Text),
  sandbox: Flag,
  splits: z.array(SplitDefinitionSchema).catch([]).default([]),
  athletes: z.array(TimingAthleteSchema).optional(),
  results: z.array(TimingAthleteSchema).optional(),
}));

export const ResultsStoreSchema = z.looseObject({
  prog_id: Id,
  event_id: soft(Id),
  results: z.array(TimingAthleteSchema).catch([]).default([]),
});

export const ProgramSchema = z.looseObject({
  prog_id: Id,
  event_id: soft(Id),
  prog_name: soft(Text),
  prog_date: soft(Text),
  prog_time: soft(Text),
});

export const EventSchema = z.looseObject({ event_id: Id, event_title: soft(Text) });

/** A program entry (start list line). Its key: `entry_id`, else `athlete_id`, else `start_num`. */
export const EntrySchema = z.looseObject({
  prog_id: Id,
  entry_id: soft(Id),
  athlete_id: soft(Id),
  start_num: soft(Text),
  athlete_first: soft(Text),
  athlete_last: soft(Text),
  athlete_title: soft(Text),
  athlete_noc: soft(Text),
});

/**
 * `ranking.publish` (the Subscriptions overview spells it `rankings.publish`; both are read). The
 * documented message names the ranking (`type`, `category`, `last_updated`); the full list is the
 * Rankings API's (`ranking_id`, `ranking_name`, `rankings[]` with `rank`, `athlete_*`, `total`).
 * Read defensively: the list key is `ranking_id`, else type and category.
 */
const RankedAthleteSchema = z.looseObject({
  rank: soft(Int),
  position: soft(Int),
  athlete_id: soft(Id),
  athlete_first: soft(Text),
  athlete_last: soft(Text),
  athlete_title: soft(Text),
  athlete_noc: soft(Text),
  total: soft(Text),
  points: soft(Text),
});
export const RankingPublishSchema = z.looseObject({
  ranking_id: soft(Id),
  ranking_name: soft(Text),
  type: soft(Text),
  category: soft(Text),
  ranking_cat_name: soft(Text),
  last_updated: soft(Text),
  published: soft(Text),
  date: soft(Text),
  rankings: z.array(RankedAthleteSchema).catch([]).default([]),
});
export type RankingPublish = z.infer<typeof RankingPublishSchema>;

/** Subscription methods the console understands (the test tool offers these). */
export const TRIATHLON_METHODS = [
  'timing.store',
  'results.store',
  'results.update',
  'results.destroy',
  'program.store',
  'program.update',
  'program.destroy',
  'event.store',
  'event.update',
  'event.destroy',
  'entry.store',
  'entry.update',
  'entry.destroy',
  'ranking.publish',
] as const;

// The live view the console serves.

export const ProgramSummarySchema = z.object({
  progId: z.string(),
  /** Sent as a sandbox (test) message: shown with a badge, never on air unless allowed. */
  sandbox: z.boolean(),
  /** The operator allowed this sandbox program on air. */
  sandboxOnAir: z.boolean(),
  /** The snapshot's own status: `prerace`, `live`, … */
  status: z.string().nullable(),
  eventName: z.string().nullable(),
  startTime: z.string().nullable(),
  eventId: z.string().nullable(),
  name: z.string().nullable(),
  eventTitle: z.string().nullable(),
  startsAt: z.string().nullable(),
  snapshotDate: z.string().nullable(),
  latestSegment: z.string().nullable(),
  athletes: z.number(),
  hasResults: z.boolean(),
  updatedAt: z.string(),
});

export const PositionSchema = z.object({
  position: z.number().nullable(),
  athleteId: z.string().nullable(),
  bib: z.string().nullable(),
  name: z.string(),
  country: z.string().nullable(),
  /** The furthest segment reached and the time there. */
  segment: z.string().nullable(),
  time: z.string().nullable(),
  behind: z.string().nullable(),
  status: z.string().nullable(),
  splits: z.array(z.object({ segment: z.string(), time: z.string().nullable() })),
  /** Places gained (+) or lost (−) since the split before the one reached; null when unknown. */
  moved: z.number().nullable(),
  /** In the group at the front: within GROUP_GAP_S of the athlete ahead, chained from the leader. */
  leadGroup: z.boolean(),
});

/** Everyone at one split, in order of their time there, with the gap to the first. */
export const SplitStandingSchema = z.object({
  segment: z.string(),
  rows: z.array(
    z.object({
      position: z.number(),
      athleteId: z.string().nullable(),
      bib: z.string().nullable(),
      name: z.string(),
      country: z.string().nullable(),
      time: z.string().nullable(),
      behind: z.string().nullable(),
      moved: z.number().nullable(),
    }),
  ),
});

export const EntryViewSchema = z.object({
  key: z.string(),
  bib: z.string().nullable(),
  name: z.string(),
  country: z.string().nullable(),
});

export const ProgramViewSchema = ProgramSummarySchema.extend({
  segments: z.array(z.string()),
  positions: z.array(PositionSchema),
  final: z.boolean(),
  bySplit: z.array(SplitStandingSchema),
  /** The start list, entry by entry. */
  entries: z.array(EntryViewSchema),
});

export const RankingRowSchema = z.object({
  rank: z.number().nullable(),
  athleteId: z.string().nullable(),
  name: z.string(),
  country: z.string().nullable(),
  points: z.string().nullable(),
  previousRank: z.number().nullable(),
  /** Places gained (+) or lost (−) since the previous publication; null when new. */
  movement: z.number().nullable(),
  isNew: z.boolean(),
});
export const RankingListSchema = z.object({
  key: z.string(),
  name: z.string(),
  publishedAt: z.string(),
  previousPublishedAt: z.string().nullable(),
  rows: z.array(RankingRowSchema),
});
export const RankingListsSchema = z.object({ rankings: z.array(RankingListSchema) });
export const SandboxOnAirSchema = z.object({ allow: z.boolean() });

export const ProgramListSchema = z.object({ programs: z.array(ProgramSummarySchema) });

export type TimingStore = z.infer<typeof TimingStoreSchema>;
export type TimingAthlete = z.infer<typeof TimingAthleteSchema>;
export type ProgramSummary = z.infer<typeof ProgramSummarySchema>;
export type ProgramView = z.infer<typeof ProgramViewSchema>;
export type Position = z.infer<typeof PositionSchema>;
export type SplitStanding = z.infer<typeof SplitStandingSchema>;
export type EntryView = z.infer<typeof EntryViewSchema>;
export type RankingList = z.infer<typeof RankingListSchema>;
export type RankingRow = z.infer<typeof RankingRowSchema>;

// Set-up over World Triathlon's API.

/** What the Triathlon API says a subscription is (Create Subscription's parameters, read defensively). */
export const ApiSubscriptionSchema = z.looseObject({
  id: Id,
  url: soft(Text),
  subscription: soft(Text),
  notifications: z.unknown().optional(),
  retries: soft(Int),
  retries_delay: soft(Int),
});
export type ApiSubscription = z.infer<typeof ApiSubscriptionSchema>;

/** The two subscriptions this console needs: live timing (with what keeps programs and start lists), and rankings. */
export const SUBSCRIPTION_KINDS = {
  timing: ['timing.store', 'results.store', 'results.update', 'results.destroy', 'program.store', 'program.update', 'program.destroy', 'entry.store', 'entry.update', 'entry.destroy'],
  rankings: ['ranking.publish'],
} as const;
export type SubscriptionKind = keyof typeof SUBSCRIPTION_KINDS;

export const SubscriptionViewSchema = z.object({
  id: z.string(),
  url: z.string().nullable(),
  methods: z.array(z.string()),
  /** Points at this console's /hooks/triathlon. */
  ours: z.boolean(),
  retries: z.number().nullable(),
  retriesDelay: z.number().nullable(),
});
export const FollowedSchema = z.object({ progId: z.string(), since: z.string(), loadedAt: z.string().nullable(), loadError: z.string().nullable() });
export const TriathlonSetupSchema = z.object({
  /** An API key is set (Settings → World Triathlon API key). */
  configured: z.boolean(),
  apiBase: z.string(),
  /** A webhook token is set: subscriptions can authenticate to /hooks/triathlon. */
  tokenSet: z.boolean(),
  subscriptions: z.array(SubscriptionViewSchema),
  followed: z.array(FollowedSchema),
  /** Why the subscriptions could not be listed (the API unreachable, the key refused). */
  error: z.string().nullable(),
});
export const SubscribeRequestSchema = z.object({
  kind: z.enum(['timing', 'rankings']),
  /** Where World Triathlon reaches this console: the public (tunnel) URL of its /hooks/triathlon. */
  hookUrl: z.string().trim().regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL').max(2000),
});
export const FollowRequestSchema = z.object({ progId: z.string().trim().min(1).max(100) });
export const FollowResultSchema = z.object({ progId: z.string(), loaded: z.boolean(), changed: z.boolean(), error: z.string().nullable() });
export type SubscriptionView = z.infer<typeof SubscriptionViewSchema>;
export type TriathlonSetupView = z.infer<typeof TriathlonSetupSchema>;
export type FollowResult = z.infer<typeof FollowResultSchema>;
