/**
 * `/data/` feeds for the other sports: the triathlon race and rankings, the TrackScore leaderboard.
 * Same rules as the athletics feeds (fixed columns, flat text). Sandbox triathlon data never reaches
 * a feed unless the operator allowed that program on air: a feed is on air the moment a title binds it.
 */
import type { TriathlonView } from '../triathlon/programs-view';
import type { TrackScoreBoards } from '../trackscore/leaderboards';
import { XML_NAME, normaliseRows, type FeedRow } from './tabular';

const sign = (n: number | null) => (n === null || n === 0 ? '' : n > 0 ? `+${n}` : String(n));

export const SPORTS_FEEDS = [
  {
    name: 'triathlon-race',
    description: 'The triathlon program updated last (live data, or sandbox allowed on air): positions at the furthest split, gaps, places moved, the group at the front',
    columns: ['Place.Text', 'Bib.Text', 'Name.Text', 'Country.Text', 'At.Text', 'Time.Text', 'Gap.Text', 'Moved.Text', 'Group.Text', 'Status.Text', 'Program.Text', 'Event.Text'],
  },
  {
    name: 'triathlon-rankings',
    description: 'The ranking list published last: rank, points and movement since the previous publication',
    columns: ['Rank.Text', 'Name.Text', 'Country.Text', 'Points.Text', 'Move.Text', 'List.Text', 'Published.Text'],
  },
  {
    name: 'trackscore-leaderboard',
    description: 'The TrackScore leaderboard updated last: rank, score, change, and the competition state',
    columns: ['Rank.Text', 'Name.Text', 'Team.Text', 'Score.Text', 'Change.Text', 'Board.Text', 'State.Text'],
  },
] as const;

export type SportsFeedName = (typeof SPORTS_FEEDS)[number]['name'];

for (const c of SPORTS_FEEDS.flatMap((f) => f.columns)) {
  if (!XML_NAME.test(c)) throw new Error(`feed column ${c} is not a valid XML element name`);
}

export function sportsFeed(name: string): (typeof SPORTS_FEEDS)[number] | undefined {
  return SPORTS_FEEDS.find((f) => f.name === name);
}

export function buildSportsFeed(name: SportsFeedName, triathlon: TriathlonView, trackscore: TrackScoreBoards): FeedRow[] {
  const def = sportsFeed(name)!;
  let rows: Partial<FeedRow>[] = [];
  if (name === 'triathlon-race') {
    const program = triathlon.list().find((p) => !p.sandbox || p.sandboxOnAir);
    const view = program && triathlon.view(program.progId);
    if (view) {
      const label = view.name ?? view.progId;
      rows = view.positions.map((p) => ({
        'Place.Text': p.position !== null ? String(p.position) : (p.status ?? ''),
        'Bib.Text': p.bib ?? '',
        'Name.Text': p.name,
        'Country.Text': p.country ?? '',
        'At.Text': p.segment ?? '',
        'Time.Text': p.time ?? '',
        'Gap.Text': p.behind ?? '',
        'Moved.Text': sign(p.moved),
        'Group.Text': p.leadGroup ? 'lead group' : '',
        'Status.Text': p.status ?? '',
        'Program.Text': label,
        'Event.Text': view.eventTitle ?? '',
      }));
    }
  } else if (name === 'triathlon-rankings') {
    const list = triathlon.rankings()[0];
    if (list) {
      rows = list.rows.map((r) => ({
        'Rank.Text': r.rank !== null ? String(r.rank) : '',
        'Name.Text': r.name,
        'Country.Text': r.country ?? '',
        'Points.Text': r.points ?? '',
        'Move.Text': r.isNew ? 'new' : sign(r.movement),
        'List.Text': list.name,
        'Published.Text': list.publishedAt,
      }));
    }
  } else {
    const board = trackscore.list()[0];
    if (board) {
      rows = board.rows.map((r) => ({
        'Rank.Text': r.rank !== null ? String(r.rank) : '',
        'Name.Text': r.name,
        'Team.Text': r.team ?? '',
        'Score.Text': r.score !== null ? String(r.score) : '',
        'Change.Text': sign(r.change),
        'Board.Text': board.name,
        'State.Text': board.state,
      }));
    }
  }
  return normaliseRows(def.columns, rows);
}
