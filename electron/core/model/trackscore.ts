/**
 * TrackScore webhooks as the console reads them, and the leaderboards it serves.
 *
 * From TrackScore's webhook page (verified): every event is `{id, type, created, data, meta}` with
 * `created` an ISO time, `meta.delivery_attempt` counting retries, and twelve types:
 * score.updated, leaderboard.created, leaderboard.updated, ranking.changed, competition.started,
 * competition.ended, participant.added, participant.updated, team.created, team.member_added,
 * achievement.unlocked, milestone.reached. Only score.updated's `data` is published
 * (`leaderboard_id`, `participant_id`, `old_score`, `new_score`, `rank_change.{old_rank,new_rank}`);
 * the others are read defensively with the same naming (`*_id`, `name`), unknown fields ignored.
 */
import { z } from 'zod';

const Id = z.union([z.string(), z.number()]).transform((v) => String(v).trim()).pipe(z.string().min(1));
const Text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const Num = z.union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/)]).transform((v) => Number(v));
const soft = <T extends z.ZodType>(t: T) => t.nullish().catch(null);

export const TRACKSCORE_TYPES = [
  'score.updated',
  'leaderboard.created',
  'leaderboard.updated',
  'ranking.changed',
  'competition.started',
  'competition.ended',
  'participant.added',
  'participant.updated',
  'team.created',
  'team.member_added',
  'achievement.unlocked',
  'milestone.reached',
] as const;

const RankRowSchema = z.looseObject({ participant_id: soft(Id), rank: soft(Num), score: soft(Num) });

export const TrackScoreDataSchema = z.looseObject({
  leaderboard_id: soft(Id),
  competition_id: soft(Id),
  participant_id: soft(Id),
  team_id: soft(Id),
  name: soft(Text),
  display_name: soft(Text),
  title: soft(Text),
  team_name: soft(Text),
  old_score: soft(Num),
  new_score: soft(Num),
  score: soft(Num),
  old_rank: soft(Num),
  new_rank: soft(Num),
  rank: soft(Num),
  rank_change: z.looseObject({ old_rank: soft(Num), new_rank: soft(Num) }).nullish().catch(null),
  rankings: z.array(RankRowSchema).nullish().catch(null),
  achievement: soft(Text),
  milestone: soft(Text),
  description: soft(Text),
  version: soft(Num),
});

export const TrackScoreEventSchema = z.looseObject({
  id: soft(Id),
  type: soft(Text),
  event: soft(Text),
  created: soft(Text),
  version: soft(Num),
  data: TrackScoreDataSchema.catch({} as never).default({} as never),
});
export type TrackScoreEvent = z.infer<typeof TrackScoreEventSchema>;

// The view the console serves.

export const BoardRowSchema = z.object({
  rank: z.number().nullable(),
  participantId: z.string(),
  name: z.string(),
  team: z.string().nullable(),
  score: z.number().nullable(),
  /** Places gained (+) or lost (−) in the latest rank change reported for this participant. */
  change: z.number().nullable(),
});

export const AlertSchema = z.object({
  id: z.string(),
  type: z.string(),
  at: z.string().nullable(),
  leaderboardId: z.string().nullable(),
  participant: z.string().nullable(),
  text: z.string(),
});

export const BoardSchema = z.object({
  leaderboardId: z.string(),
  name: z.string(),
  state: z.enum(['not started', 'started', 'ended']),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  rows: z.array(BoardRowSchema),
  alerts: z.array(AlertSchema),
});

export const BoardListSchema = z.object({ leaderboards: z.array(BoardSchema), alerts: z.array(AlertSchema) });

export type Board = z.infer<typeof BoardSchema>;
export type BoardRow = z.infer<typeof BoardRowSchema>;
export type Alert = z.infer<typeof AlertSchema>;
