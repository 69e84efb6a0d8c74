/**
 * Team scores and the medal table (`/api/teams`), with the announcer's points scheme.
 */
import { z } from 'zod';

export const TeamOptionsSchema = z.object({
  /** Points for 1st, 2nd, …: 8-7-6-5-4-3-2-1 unless the meet has its own table. */
  points: z.array(z.number().min(0).max(1000)).min(1).max(50).default([8, 7, 6, 5, 4, 3, 2, 1]),
  /** Medals by the athlete's team (club) or nation (`nationality`). */
  medalsBy: z.enum(['team', 'nation']).default('team'),
});

export const TeamScoreSchema = z.object({
  team: z.string(),
  place: z.number(),
  points: z.number(),
  /** Places that scored, e.g. 3 wins and a 4th. */
  scorers: z.number(),
});

export const MedalRowSchema = z.object({
  name: z.string(),
  place: z.number(),
  gold: z.number(),
  silver: z.number(),
  bronze: z.number(),
  total: z.number(),
});

export const TeamsResponseSchema = z.object({
  options: TeamOptionsSchema,
  /** Finals counted (finished, with places). */
  events: z.number(),
  teams: z.array(TeamScoreSchema),
  medals: z.array(MedalRowSchema),
});

export type TeamOptions = z.infer<typeof TeamOptionsSchema>;
export type TeamScore = z.infer<typeof TeamScoreSchema>;
export type MedalRow = z.infer<typeof MedalRowSchema>;
export type TeamsResponse = z.infer<typeof TeamsResponseSchema>;
