/**
 * Lap splits of a distance race (800 m and up) and who led at each (`/api/units/…/splits`).
 */
import { z } from 'zod';

export const SplitCellSchema = z.object({
  /** As written: "1:02.31". */
  elapsed: z.string().nullable(),
  lap: z.string().nullable(),
  /** Position at this split among those with a time there; ties share. */
  position: z.number().nullable(),
  /** Seconds behind the leader at this split ("+1.24"); empty for the leader. */
  behind: z.string().nullable(),
});

export const SplitsResponseSchema = z.object({
  /** The race is long enough for splits to matter (800 m and up). */
  distanceRace: z.boolean(),
  /** Split distances in metres, ascending. */
  distances: z.array(z.number()),
  leaders: z.array(z.object({ distance: z.number(), bib: z.string(), name: z.string().nullable(), elapsed: z.string(), lap: z.string().nullable() })),
  athletes: z.array(z.object({ bib: z.string(), name: z.string().nullable(), place: z.number().nullable(), splits: z.array(SplitCellSchema) })),
});

export type SplitsResponse = z.infer<typeof SplitsResponseSchema>;
