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
 */
import { z } from 'zod';

const Id = z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().min(1));
const Text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const Int = z.union([z.number(), z.string().regex(/^\s*-?\d+\s*$/)]).transform((v) => Number(v));
const soft = <T extends z.ZodType>(t: T) => t.nullish().catch(null);

/** "2026-06-01 10:21:33" (and ISO forms) → epoch ms; unreadable → null. */
export function readDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = Date.parse(text.trim().replace(' ', 'T'));
  return Number.isFinite(t) ? t : null;
}

export const SplitTimeSchema = z.looseObject({
  split_id: soft(Id),
  split_name: soft(Text),
  name: soft(Text),
  time: soft(Text),
  split_time: soft(Text),
  position: soft(Int),
});

export const TimingAthleteSchema = z.looseObject({
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
});

export const SplitDefinitionSchema = z.looseObject({
  split_id: soft(Id),
  split_name: soft(Text),
  name: soft(Text),
  split_order: soft(Int),
});

export const TimingStoreSchema = z.looseObject({
  prog_id: Id,
  event_id: soft(Id),
  prog_name: soft(Text),
  date: Text,
  splits: z.array(SplitDefinitionSchema).catch([]).default([]),
  athletes: z.array(TimingAthleteSchema).optional(),
  results: z.array(TimingAthleteSchema).optional(),
});

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

export const EntrySchema = z.looseObject({ prog_id: Id });

// The live view the console serves.

export const ProgramSummarySchema = z.object({
  progId: z.string(),
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
});

export const ProgramViewSchema = ProgramSummarySchema.extend({
  segments: z.array(z.string()),
  positions: z.array(PositionSchema),
  final: z.boolean(),
});

export const ProgramListSchema = z.object({ programs: z.array(ProgramSummarySchema) });

export type TimingStore = z.infer<typeof TimingStoreSchema>;
export type TimingAthlete = z.infer<typeof TimingAthleteSchema>;
export type ProgramSummary = z.infer<typeof ProgramSummarySchema>;
export type ProgramView = z.infer<typeof ProgramViewSchema>;
export type Position = z.infer<typeof PositionSchema>;
