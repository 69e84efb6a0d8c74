/**
 * Combined events as the API shows them (`GET /api/combined`): each parent event with its
 * disciplines in order, the running standings after every discipline, points behind the leader,
 * and what an athlete needs in the next discipline to move up.
 */
import { z } from 'zod';

export const CombinedScoreSchema = z.object({
  eventId: z.string(),
  /** The mark as written, or the reason there is none ("DNF"); null before the athlete's turn. */
  mark: z.string().nullable(),
  points: z.number().nullable(),
  /** Points the data itself carries (OpenTrack `points`), when non-zero; shown if they differ. */
  dataPoints: z.number().nullable(),
  handTimed: z.boolean(),
});

export const CombinedNeedSchema = z.object({
  /** `lead`: to be first; `place`: to pass the athlete just ahead. */
  target: z.enum(['lead', 'place']),
  place: z.number(),
  rivalBib: z.string(),
  rivalName: z.string().nullable(),
  points: z.number(),
  /** The weakest time or mark that scores those points; null when out of reach. */
  mark: z.string().nullable(),
  /** How the rival's score in that discipline was taken: their actual mark, or their average so far. */
  rivalBasis: z.enum(['actual', 'average']),
  text: z.string(),
});

export const CombinedAthleteSchema = z.object({
  bib: z.string(),
  name: z.string().nullable(),
  team: z.string().nullable(),
  place: z.number().nullable(),
  total: z.number(),
  /** Points behind the leader (0 for the leader). */
  behind: z.number(),
  /** Did not start a discipline: out of the competition (WA rule 39.10), not placed. */
  out: z.boolean(),
  scores: z.array(CombinedScoreSchema),
  /** Total and place after each discipline, in order; null where not yet scored. */
  after: z.array(z.object({ total: z.number(), place: z.number().nullable() }).nullable()),
  needs: z.array(CombinedNeedSchema),
});

export const CombinedDisciplineSchema = z.object({
  eventId: z.string(),
  code: z.string(),
  name: z.string().nullable(),
  state: z.enum(['done', 'live', 'to come']),
  /** The formula knows this discipline for this gender. */
  scored: z.boolean(),
});

export const CombinedEventSchema = z.object({
  eventId: z.string(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  gender: z.enum(['men', 'women']).nullable(),
  disciplines: z.array(CombinedDisciplineSchema),
  /** The first discipline not done yet, which the `needs` answer for. */
  next: z.string().nullable(),
  /** After the last discipline: the needs are the final word. */
  nextIsLast: z.boolean(),
  standings: z.array(CombinedAthleteSchema),
});

export const CombinedListSchema = z.object({ events: z.array(CombinedEventSchema) });

export type CombinedScore = z.infer<typeof CombinedScoreSchema>;
export type CombinedNeed = z.infer<typeof CombinedNeedSchema>;
export type CombinedAthlete = z.infer<typeof CombinedAthleteSchema>;
export type CombinedDiscipline = z.infer<typeof CombinedDisciplineSchema>;
export type CombinedEvent = z.infer<typeof CombinedEventSchema>;
export type CombinedList = z.infer<typeof CombinedListSchema>;
