/**
 * Boards drawn from a `/data/` feed: team scores, the medal table, a combined event's standings,
 * the triathlon race and rankings, a TrackScore leaderboard. The feed already holds what the
 * announcer reads (and keeps sandbox triathlon data out until the operator allows it); this turns
 * its rows into the same table data every board uses, so they fit, page and theme by the same rules.
 */
import type { FeedBoardId, TableData } from '../../model/graphics';
import { flagCode } from '../../model/countries';
import type { FeedRow } from '../../views/feeds/tabular';
import { PAGE_SIZE } from './graphic-data';

type Column = TableData['columns'][number];

interface FeedBoard {
  /** The `/data/` feed the rows come from. */
  feed: string;
  heading: NonNullable<TableData['heading']>;
  /** The board's event name (before " — heading"), from its rows. */
  event: (first: Partial<FeedRow>) => string;
  subtitle?: (first: Partial<FeedRow>) => string | null;
  columns: Column[];
  /** A column holding a country code: drawn with its flag. */
  country?: string;
}

const col = (key: string, label: string, role: Column['role'], align: Column['align'] = 'left'): Column => ({ key, label, role, align });

export const FEED_BOARDS: Record<FeedBoardId, FeedBoard> = {
  'team-scores': {
    feed: 'team-scores',
    heading: 'Team scores',
    event: () => 'Teams',
    subtitle: (r) => (r['Events.Text'] ? `${r['Events.Text']} finals scored` : null),
    columns: [col('Place.Text', '', 'place', 'right'), col('Team.Text', 'Team', 'name'), col('Points.Text', 'Points', 'mark', 'right')],
  },
  medals: {
    feed: 'medals',
    heading: 'Medal table',
    event: () => 'Medals',
    columns: [
      col('Place.Text', '', 'place', 'right'),
      col('Name.Text', 'Team', 'name'),
      col('Gold.Text', 'Gold', 'mark', 'right'),
      col('Silver.Text', 'Silver', 'mark', 'right'),
      col('Bronze.Text', 'Bronze', 'mark', 'right'),
      col('Total.Text', 'Total', 'mark', 'right'),
    ],
  },
  'combined-standings': {
    feed: 'combined',
    heading: 'Standings',
    event: (r) => r['Event.Text'] || 'Combined events',
    subtitle: (r) => r['After.Text'] || null,
    columns: [
      col('Place.Text', '', 'place', 'right'),
      col('Name.Text', 'Athlete', 'name'),
      col('Team.Text', 'Team', 'team'),
      col('Points.Text', 'Points', 'mark', 'right'),
      col('Behind.Text', '', 'mark', 'right'),
    ],
  },
  'triathlon-race': {
    feed: 'triathlon-race',
    heading: 'Race',
    event: (r) => r['Program.Text'] || r['Event.Text'] || 'Triathlon',
    subtitle: (r) => (r['At.Text'] ? `At ${r['At.Text']}` : null),
    country: 'Country.Text',
    columns: [
      col('Place.Text', '', 'place', 'right'),
      col('Country.Text', '', 'nat'),
      col('Name.Text', 'Athlete', 'name'),
      col('Time.Text', 'Time', 'mark', 'right'),
      col('Gap.Text', '', 'mark', 'right'),
    ],
  },
  'triathlon-rankings': {
    feed: 'triathlon-rankings',
    heading: 'Rankings',
    event: (r) => r['List.Text'] || 'Rankings',
    country: 'Country.Text',
    columns: [
      col('Rank.Text', '', 'place', 'right'),
      col('Country.Text', '', 'nat'),
      col('Name.Text', 'Athlete', 'name'),
      col('Points.Text', 'Points', 'mark', 'right'),
      col('Move.Text', '', 'mark', 'right'),
    ],
  },
  'trackscore-leaderboard': {
    feed: 'trackscore-leaderboard',
    heading: 'Leaderboard',
    event: (r) => r['Board.Text'] || 'Leaderboard',
    subtitle: (r) => r['State.Text'] || null,
    columns: [
      col('Rank.Text', '', 'place', 'right'),
      col('Name.Text', 'Athlete', 'name'),
      col('Team.Text', 'Team', 'team'),
      col('Score.Text', 'Score', 'mark', 'right'),
      col('Change.Text', '', 'mark', 'right'),
    ],
  },
};

/** A page of the board, or null while its feed has nothing to show. */
export function feedBoardData(id: FeedBoardId, rows: readonly Partial<FeedRow>[], page: number): TableData | null {
  const board = FEED_BOARDS[id];
  if (rows.length === 0) return null;
  const first = rows[0]!;
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  // A column of the same country on every row is noise, as on the other boards.
  const countries = board.country ? new Set(rows.map((r) => r[board.country!] ?? '')) : new Set<string>();
  // Nor a team column no row fills (a leaderboard without teams).
  const columns = board.columns.filter((c) =>
    c.role === 'nat' ? countries.size > 1 : c.role !== 'team' || rows.some((r) => (r[c.key] ?? '') !== ''),
  );
  const event = board.event(first);
  return {
    kind: 'table',
    title: `${event} — ${board.heading}`,
    event,
    heading: board.heading,
    subtitle: board.subtitle?.(first) ?? null,
    status: null,
    columns,
    rows: rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((r) => {
      const out: Record<string, string> = Object.fromEntries(columns.map((c) => [c.key, String(r[c.key] ?? '')]));
      if (board.country) {
        const nat = String(r[board.country] ?? '');
        out.Nat = nat;
        out.Flag = flagCode(nat) ?? '';
      }
      return out;
    }),
    page: current,
    pages,
    pageSize: PAGE_SIZE,
  };
}
