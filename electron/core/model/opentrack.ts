/**
 * OpenTrack payloads as they arrive over HTTP (`…/json/`) and Pusher.
 *
 * Every object is a loose object: OpenTrack adds fields without notice and the cache must keep the
 * unit "exactly as received", so schemas only pin down the fields the console reads. Numbers that
 * real exports sometimes send as strings (round, heat, place) are accepted in both forms.
 */
import { z } from 'zod';

/** An integer that may arrive as `3` or `"3"`. */
export const IntLike = z.union([
  z.number().int(),
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(Number),
]);

/** Ids (bib, eventId) are free strings, sometimes sent as numbers. */
export const IdLike = z.union([z.string().min(1), z.number()]).transform(String);

/** A mark, time or attempt code: "8.89", "8:32.69", "x", "-", "r", "DNS". */
const MarkLike = z.union([z.string(), z.number()]).transform(String);

/**
 * A field the console only displays: an odd value there (a lane of "", a day of "Sat") must not
 * cost the whole unit, so it reads as null instead of failing validation.
 */
const soft = <T extends z.ZodType>(schema: T) => schema.nullish().catch(null);

/**
 * A list whose entries are checked one by one: an entry that does not validate is left out of the
 * parsed view (the raw JSON keeps it), so one broken athlete row never hides a whole unit.
 */
export const lenientArray = <T extends z.ZodType>(item: T) =>
  z.array(z.unknown()).transform((list) =>
    list.flatMap((entry) => {
      const parsed = item.safeParse(entry);
      return parsed.success ? [parsed.data as z.infer<T>] : [];
    }),
  );

export const SplitSchema = z.looseObject({
  distance: soft(z.union([z.number(), z.string()])),
  elapsedTime: soft(z.string()),
  lapTime: soft(z.string()),
});

export const ResultSchema = z.looseObject({
  bib: IdLike,
  place: soft(z.union([IntLike, z.string()])),
  performance: soft(MarkLike),
  lane: soft(IntLike),
  order: soft(IntLike),
  catpos: soft(IntLike),
  note: soft(z.string()),
  points: soft(z.union([z.number(), z.string()])),
  waPoints: soft(z.union([z.number(), z.string()])),
  weight: soft(z.union([z.string(), z.number()])),
  splits: soft(lenientArray(SplitSchema)),
});

/**
 * One attempt. Horizontal events carry `round` (the attempt number, not the stage) and may carry
 * `wind`; vertical events carry `height`, one entry per attempt.
 */
export const TrialSchema = z.looseObject({
  bib: IdLike,
  round: soft(IntLike),
  height: soft(z.union([z.string(), z.number()]).transform(String)),
  result: MarkLike,
  wind: soft(z.union([z.number(), z.string()])),
});

export const UnitSchema = z.looseObject({
  eventId: IdLike,
  round: IntLike,
  heat: IntLike,
  eventCode: soft(z.string()),
  eventName: soft(z.string()),
  roundName: soft(z.string()),
  heatName: soft(z.string()),
  day: soft(IntLike),
  scheduledStartTime: soft(z.string()),
  status: soft(z.string()),
  resultsStatus: soft(z.string()),
  windAssistance: soft(z.union([z.string(), z.number()])),
  heights: soft(lenientArray(z.union([z.string(), z.number()]).transform(String))),
  initialHeight: soft(z.union([z.string(), z.number()])),
  dateModified: soft(z.string()),
  results: lenientArray(ResultSchema).nullish(),
  trials: lenientArray(TrialSchema).nullish(),
});

/**
 * What ingest needs to accept a unit: who it is, its status, and lists where lists belong. The
 * per-row reading (UnitSchema) is left to the views that need it, off the ingest hot path.
 */
export const UnitEnvelopeSchema = UnitSchema.pick({
  eventId: true,
  round: true,
  heat: true,
  status: true,
  resultsStatus: true,
  dateModified: true,
}).extend({
  results: z.array(z.unknown()).nullish(),
  trials: z.array(z.unknown()).nullish(),
});

export const EventSchema = z.looseObject({
  eventId: IdLike,
  eventCode: soft(z.string()),
  name: soft(z.string()),
  category: soft(z.string()),
  genders: soft(z.string()),
  day: soft(IntLike),
  rounds: soft(z.union([z.string(), z.number()])),
  r1Time: soft(z.string()),
  status: soft(z.string()),
  maxFieldAttempts: soft(IntLike),
  cutAfterRound: soft(IntLike),
  cutSurvivors: soft(IntLike),
  parent: soft(z.string()),
  units: lenientArray(UnitSchema).default([]),
});

export const EventEnteredSchema = z.looseObject({
  eventId: IdLike,
  eventCode: soft(z.string()),
  pb: soft(z.union([z.string(), z.number()])),
  sb: soft(z.union([z.string(), z.number()])),
});

export const CompetitorSchema = z.looseObject({
  competitorId: soft(IdLike),
  bib: soft(IdLike),
  firstName: soft(z.string()),
  lastName: soft(z.string()),
  gender: soft(z.string()),
  category: soft(z.string()),
  nationality: soft(z.string()),
  teamId: soft(z.string()),
  teamName: soft(z.string()),
  eventsEntered: soft(lenientArray(EventEnteredSchema)),
});

export const RelayTeamSchema = z.looseObject({
  bib: soft(IdLike),
  name: soft(z.string()),
  runnerNames: soft(z.array(z.string())),
});

export const CompetitionSchema = z.looseObject({
  id: soft(z.string()),
  slug: soft(z.string()),
  fullName: soft(z.string()),
  date: soft(z.string()),
  finishDate: soft(z.string()),
  year: soft(z.union([z.number(), z.string()])),
  country: soft(z.string()),
  type: soft(z.string()),
  venue: soft(z.union([z.looseObject({}), z.string()])),
  competitors: lenientArray(CompetitorSchema).default([]),
  events: lenientArray(EventSchema),
  relayTeams: soft(lenientArray(RelayTeamSchema)),
  teams: soft(z.array(z.looseObject({}))),
});

/** Overview channel: a unit's results became provisional or official. */
export const ResultsArrivedSchema = z.looseObject({
  event_id: IdLike,
  round_no: IntLike,
  heat_no: IntLike,
  heat_name: z.string().nullish(),
  winner_performance: MarkLike.nullish(),
  winner_name: z.string().nullish(),
});

/** Overview channel: one attempt in a jump or throw. `round` is the attempt number. */
export const HorizontalAttemptSchema = z.looseObject({
  event_code: z.string().min(1),
  bib: IdLike,
  round: IntLike,
  result: MarkLike,
  athlete_name: z.string().nullish(),
  wind: z.union([z.number(), z.string()]).nullish(),
});

/** Overview channel: one attempt in HJ/PV, with the attempts so far at that height (`xo`). */
export const VerticalAttemptSchema = z.looseObject({
  event_code: z.string().min(1),
  bib: IdLike,
  height: z.union([z.string(), z.number()]).transform(String),
  attempts_at_height: z.string(),
  result: MarkLike,
  athlete_name: z.string().nullish(),
});

export const LatestAttemptSchema = z.union([VerticalAttemptSchema, HorizontalAttemptSchema]);

export type Split = z.infer<typeof SplitSchema>;
export type Result = z.infer<typeof ResultSchema>;
export type Trial = z.infer<typeof TrialSchema>;
export type Unit = z.infer<typeof UnitSchema>;
export type CompetitionEvent = z.infer<typeof EventSchema>;
export type Competitor = z.infer<typeof CompetitorSchema>;
export type Competition = z.infer<typeof CompetitionSchema>;
export type ResultsArrived = z.infer<typeof ResultsArrivedSchema>;
export type HorizontalAttempt = z.infer<typeof HorizontalAttemptSchema>;
export type VerticalAttempt = z.infer<typeof VerticalAttemptSchema>;
export type LatestAttempt = z.infer<typeof LatestAttemptSchema>;

/** The three coordinates that name a unit everywhere: URLs, channels, cache keys. */
export interface UnitKey {
  eventId: string;
  round: number;
  heat: number;
}

export const unitKeyString = (k: UnitKey): string => `${k.eventId}/${k.round}/${k.heat}`;

export const VERTICAL_EVENT_CODES: ReadonlySet<string> = new Set(['HJ', 'PV']);
export const FIELD_EVENT_CODES: ReadonlySet<string> = new Set([
  'HJ', 'PV', 'LJ', 'TJ', 'SP', 'DT', 'HT', 'JT', 'BT', 'WT', 'SLJ', 'SHJ', 'OT', 'CT', 'VT',
]);
