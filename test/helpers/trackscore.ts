/**
 * A TrackScore-style sender for tests: events in TrackScore's documented envelope
 * (`{id, type, created, data, meta.delivery_attempt}`), signed `x-trackscore-signature: sha256=<hex>`
 * over the exact body. A retry is the same event with `delivery_attempt` raised (so another body,
 * the same id and `created`). Fictional participants.
 */
import { createHmac } from 'node:crypto';

export const TRACKSCORE_SECRET = 'whsec_trackscore-test-secret';

export interface TsEvent {
  id: string;
  type: string;
  created: string;
  data: Record<string, unknown>;
}

export const body = (e: TsEvent, attempt = 1) => JSON.stringify({ ...e, meta: { webhook_url: 'http://127.0.0.1/hooks/trackscore', delivery_attempt: attempt, api_version: '1.0' } });

export async function sendTs(baseUrl: string, e: TsEvent, attempt = 1, secret = TRACKSCORE_SECRET): Promise<{ status: number; json: { ok: boolean; duplicate?: boolean; error?: string } }> {
  const raw = body(e, attempt);
  const res = await fetch(new URL('/hooks/trackscore', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trackscore-signature': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` },
    body: raw,
  });
  return { status: res.status, json: await res.json() };
}

/** A whole small competition on two boards, in the order things happened, starting at `t0`. */
export function competition(t0 = Date.parse('2026-06-01T10:00:00Z')): TsEvent[] {
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  let n = 0;
  const ev = (s: number, type: string, data: Record<string, unknown>): TsEvent => ({ id: `wh_${String(++n).padStart(4, '0')}`, type, created: at(s), data });
  return [
    ev(0, 'leaderboard.created', { leaderboard_id: 'lb_main', name: 'Harbour Sprint Series — Overall Standings After Round Three' }),
    ev(1, 'leaderboard.created', { leaderboard_id: 'lb_u20', name: 'Under 20' }),
    ev(2, 'team.created', { team_id: 'tm_n', name: 'North Harbour Athletic' }),
    ev(3, 'participant.added', { participant_id: 'p1', leaderboard_id: 'lb_main', name: 'Alexandrina Montgomery-Featherstonehaugh' }),
    ev(4, 'participant.added', { participant_id: 'p2', leaderboard_id: 'lb_main', name: 'Bo Lind' }),
    ev(5, 'participant.added', { participant_id: 'p3', leaderboard_id: 'lb_main', name: 'Cy Okafor' }),
    ev(6, 'participant.added', { participant_id: 'p4', leaderboard_id: 'lb_u20', name: 'Dee Young' }),
    ev(7, 'team.member_added', { team_id: 'tm_n', participant_id: 'p2' }),
    ev(8, 'competition.started', { leaderboard_id: 'lb_main' }),
    ev(10, 'score.updated', { leaderboard_id: 'lb_main', participant_id: 'p1', old_score: 0, new_score: 800, rank_change: { old_rank: 3, new_rank: 1 } }),
    ev(11, 'score.updated', { leaderboard_id: 'lb_main', participant_id: 'p2', old_score: 0, new_score: 700, rank_change: { old_rank: 3, new_rank: 2 } }),
    ev(12, 'score.updated', { leaderboard_id: 'lb_main', participant_id: 'p3', old_score: 0, new_score: 650, rank_change: { old_rank: 3, new_rank: 3 } }),
    ev(13, 'participant.updated', { participant_id: 'p2', name: 'Bo Lindqvist' }),
    ev(20, 'score.updated', { leaderboard_id: 'lb_main', participant_id: 'p3', old_score: 650, new_score: 900, rank_change: { old_rank: 3, new_rank: 1 } }),
    ev(21, 'ranking.changed', { leaderboard_id: 'lb_main', participant_id: 'p1', old_rank: 1, new_rank: 2 }),
    ev(22, 'achievement.unlocked', { leaderboard_id: 'lb_main', participant_id: 'p3', achievement: 'Personal best' }),
    ev(30, 'score.updated', { leaderboard_id: 'lb_main', participant_id: 'p2', old_score: 700, new_score: 800, rank_change: { old_rank: 3, new_rank: 2 } }),
    ev(31, 'milestone.reached', { leaderboard_id: 'lb_main', participant_id: 'p3', milestone: '900 points' }),
    ev(32, 'score.updated', { leaderboard_id: 'lb_u20', participant_id: 'p4', old_score: 0, new_score: 300 }),
    ev(40, 'competition.ended', { leaderboard_id: 'lb_main' }),
    ev(41, 'leaderboard.updated', { leaderboard_id: 'lb_u20', name: 'Under 20 — provisional' }),
  ];
}
