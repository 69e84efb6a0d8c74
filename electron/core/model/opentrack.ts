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

export const SplitSchema = z.looseObject({
  distance: z.union([z.number(), z.string()]).nullish(),
  elapsedTime: z.string().nullish(),
  lapTime: z.string().nullish(),
});

export const ResultSchema = z.looseObject({
  bib: IdLike,
  place: z.union([IntLike, z.string(), z.null()]).optional(),
  performance: MarkLike.nullish(),
  lane: IntLike.nullish(),
  order: IntLike.nullish(),
  catpos: IntLike.nullish(),
  note: z.string().nullish(),
  points: z.union([z.number(), z.string()]).nullish(),
  waPoints: z.union([z.number(), z.string()]).nullish(),
  weight: z.union([z.string(), z.number()]).nullish(),
  splits: z.array(SplitSchema).nullish(),
});

/**
 * One attempt. Horizontal events carry `round` (the attempt number, not the stage) and may carry
 * `wind`; vertical events carry `height`, one entry per attempt.
 */
export const TrialSchema = z.looseObject({
  bib: IdLike,
  round: IntLike.nullish(),
  height: z.union([z.string(), z.number()]).transform(String).nullish(),
  result: MarkLike,
  wind: z.union([z.number(), z.string()]).nullish(),
});

export const UnitSchema = z.looseObject({
  eventId: IdLike,
  round: IntLike,
  heat: IntLike,
  eventCode: z.string().nullish(),
  eventName: z.string().nullish(),
  roundName: z.string().nullish(),
  heatName: z.string().nullish(),
  day: IntLike.nullish(),
  scheduledStartTime: z.string().nullish(),
  status: z.string().nullish(),
  resultsStatus: z.string().nullish(),
  windAssistance: z.union([z.string(), z.number()]).nullish(),
  heights: z.array(z.union([z.string(), z.number()]).transform(String)).nullish(),
  initialHeight: z.union([z.string(), z.number()]).nullish(),
  dateModified: z.string().nullish(),
  results: z.array(ResultSchema).nullish(),
  trials: z.array(TrialSchema).nullish(),
});

export const EventSchema = z.looseObject({
  eventId: IdLike,
  eventCode: z.string().nullish(),
  name: z.string().nullish(),
  category: z.string().nullish(),
  genders: z.string().nullish(),
  day: IntLike.nullish(),
  rounds: z.union([z.string(), z.number()]).nullish(),
  r1Time: z.string().nullish(),
  status: z.string().nullish(),
  maxFieldAttempts: IntLike.nullish(),
  cutAfterRound: IntLike.nullish(),
  cutSurvivors: IntLike.nullish(),
  parent: z.string().nullish(),
  units: z.array(UnitSchema).default([]),
});

export const EventEnteredSchema = z.looseObject({
  eventId: IdLike,
  eventCode: z.string().nullish(),
  pb: z.union([z.string(), z.number()]).nullish(),
  sb: z.union([z.string(), z.number()]).nullish(),
});

export const CompetitorSchema = z.looseObject({
  competitorId: IdLike.nullish(),
  bib: IdLike.nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  gender: z.string().nullish(),
  category: z.string().nullish(),
  nationality: z.string().nullish(),
  teamId: z.string().nullish(),
  teamName: z.string().nullish(),
  eventsEntered: z.array(EventEnteredSchema).nullish(),
});

export const RelayTeamSchema = z.looseObject({
  bib: IdLike.nullish(),
  name: z.string().nullish(),
  runnerNames: z.array(z.string()).nullish(),
});

export const CompetitionSchema = z.looseObject({
  id: z.string().nullish(),
  slug: z.string().nullish(),
  fullName: z.string().nullish(),
  date: z.string().nullish(),
  finishDate: z.string().nullish(),
  year: z.union([z.number(), z.string()]).nullish(),
  country: z.string().nullish(),
  type: z.string().nullish(),
  venue: z.union([z.looseObject({}), z.string()]).nullish(),
  competitors: z.array(CompetitorSchema).default([]),
  events: z.array(EventSchema),
  relayTeams: z.array(RelayTeamSchema).nullish(),
  teams: z.array(z.looseObject({})).nullish(),
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
