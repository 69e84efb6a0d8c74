/**
 * Signed samples for the incoming test tool: what World Triathlon or TrackScore would send for one
 * event type, signed with this console's own token or secret, so an operator can check a set-up
 * end to end (allowlist, token, signature, parsing) without waiting for a real race. Samples are
 * sandbox data (`sandbox: true` for timing) so they never go on air unless allowed.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookConfig } from '../../config/config';
import { TRACKSCORE_TYPES } from '../../model/trackscore';
import { TRIATHLON_METHODS } from '../../model/triathlon';


const SAMPLE_PROG = 'test-0001';
const at = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);

function triathlonPayload(method: string, now: Date): unknown {
  const athlete = (id: string, first: string, last: string, noc: string, bib: string) => ({ athlete_id: id, athlete_first: first, athlete_last: last, athlete_noc: noc, start_num: bib });
  switch (method.split('.')[0]) {
    case 'timing':
      return {
        prog_id: SAMPLE_PROG,
        event_id: 'test-event',
        event_name: 'Console test event',
        prog_name: 'Test program',
        date: at(now),
        start_time: at(new Date(now.getTime() - 20 * 60_000)),
        sandbox: 'true',
        status: 'live',
        splits: [
          { split_id: '1', split_name: 'Swim', split_order: '1' },
          { split_id: '2', split_name: 'T1', split_order: '2' },
        ],
        athletes: [
          { ...athlete('t1', 'Test', 'Athlete One', 'TST', '1'), splits: [{ split_id: '1', time: '18:00' }, { split_id: '2', time: '18:40' }] },
          { ...athlete('t2', 'Test', 'Athlete Two', 'TST', '2'), splits: [{ split_id: '1', time: '18:03' }] },
        ],
      };
    case 'results':
      return { prog_id: SAMPLE_PROG, event_id: 'test-event', results: [{ ...athlete('t1', 'Test', 'Athlete One', 'TST', '1'), position: '1', total_time: '1:50:00' }] };
    case 'program':
      return { prog_id: SAMPLE_PROG, event_id: 'test-event', prog_name: 'Test program', prog_date: now.toISOString().slice(0, 10), prog_time: '10:00:00' };
    case 'event':
      return { event_id: 'test-event', event_title: 'Console test event' };
    case 'entry':
      return { prog_id: SAMPLE_PROG, ...athlete('t3', 'Test', 'Entry', 'TST', '3') };
    case 'ranking':
    case 'rankings':
      return {
        ranking_id: 'test-ranking',
        ranking_name: 'Console test ranking',
        last_updated: at(now),
        rankings: [{ rank: 1, ...athlete('t1', 'Test', 'Athlete One', 'TST', '1'), total: '1000' }],
      };
    default:
      return { prog_id: SAMPLE_PROG };
  }
}

function trackscoreData(type: string): Record<string, unknown> {
  const base = { leaderboard_id: 'test-board', participant_id: 'test-participant' };
  switch (type) {
    case 'score.updated':
      return { ...base, old_score: 850, new_score: 950, rank_change: { old_rank: 5, new_rank: 3 } };
    case 'leaderboard.created':
    case 'leaderboard.updated':
      return { leaderboard_id: 'test-board', name: 'Console test leaderboard' };
    case 'ranking.changed':
      return { ...base, old_rank: 5, new_rank: 3 };
    case 'participant.added':
    case 'participant.updated':
      return { ...base, name: 'Test Participant' };
    case 'team.created':
      return { team_id: 'test-team', name: 'Test Team' };
    case 'team.member_added':
      return { team_id: 'test-team', participant_id: 'test-participant' };
    case 'achievement.unlocked':
      return { ...base, achievement: 'Test achievement' };
    case 'milestone.reached':
      return { ...base, milestone: 'Test milestone' };
    default:
      return { leaderboard_id: 'test-board' };
  }
}

export interface SignedSample {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A sample of `type` for `route`, signed with the console's current token or secret; undefined when none is configured. */
export function signedSample(route: 'triathlon' | 'trackscore', type: string, config: WebhookConfig, now = new Date()): SignedSample | undefined {
  if (route === 'triathlon') {
    if (!config.token) return undefined;
    const body = JSON.stringify({ subscription: type, payload: triathlonPayload(type, now) });
    return { path: '/hooks/triathlon', headers: { 'content-type': 'application/json', 'triathlon-token': config.token }, body };
  }
  if (!config.secret) return undefined;
  const body = JSON.stringify({
    id: `wh_test_${randomUUID().replace(/-/g, '')}`,
    type,
    created: now.toISOString(),
    data: trackscoreData(type),
    meta: { delivery_attempt: 1, api_version: '1.0', test: true },
  });
  const signature = createHmac('sha256', Buffer.from(config.secret, 'utf8')).update(body).digest('hex');
  return { path: '/hooks/trackscore', headers: { 'content-type': 'application/json', 'x-trackscore-signature': `sha256=${signature}` }, body };
}

export const SAMPLE_TYPES = { triathlon: TRIATHLON_METHODS, trackscore: TRACKSCORE_TYPES } as const;
