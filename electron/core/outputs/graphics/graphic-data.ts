/**
 * What each graphic shows, built from the same rows as the `/data/` feeds so a vMix title and an
 * overlay never disagree about a place or a mark.
 */
import type { AttemptData, GraphicId, NextUpData, TableData, WinnerData } from '../../model/graphics';
import type { LatestAttempt, ResultsArrived } from '../../model/opentrack';
import { buildFeed, unitFeedRows, type FeedUnit, type PeopleLookup } from '../../views/feeds/data-feeds';
import type { FeedRow } from '../../views/feeds/tabular';

export const PAGE_SIZE = 8;

/** "Final · Final" says nothing twice: OpenTrack often names a single heat after its round. */
function joinDistinct(parts: (string | null | undefined)[]): string | null {
  const seen: string[] = [];
  for (const p of parts) if (p && !seen.some((s) => s.toLowerCase() === p.toLowerCase())) seen.push(p);
  return seen.length ? seen.join(' · ') : null;
}

const text = (row: FeedRow | undefined, key: string): string | null => {
  const v = row?.[key];
  return v === undefined || v === '' ? null : v;
};

export function winnerData(unit: FeedUnit | undefined, arrived?: ResultsArrived): WinnerData | null {
  const rows = unit ? unitFeedRows(unit) : [];
  const first = rows.find((r) => r['Place.Text'] === '1');
  const standing = unit?.standings.standings.find((s) => s.place === 1);
  if (!first && !arrived?.winner_name) return null;
  return {
    kind: 'winner',
    eventName: text(first, 'Event.Text') ?? unit?.eventName ?? String(arrived?.event_id ?? ''),
    roundName: text(first, 'Round.Text') ?? unit?.roundName ?? null,
    heatName: text(first, 'Heat.Text') ?? arrived?.heat_name ?? null,
    name: text(first, 'Name.Text') ?? arrived?.winner_name ?? '',
    team: text(first, 'Team.Text'),
    bib: text(first, 'Bib.Text') ?? '',
    performance: text(first, 'Mark.Text') ?? String(arrived?.winner_performance ?? ''),
    wind: text(first, 'Wind.Text'),
    flags: standing?.flags ?? [],
    resultsStatus: unit?.resultsStatus ?? null,
  };
}

export function attemptData(attempt: LatestAttempt, units: readonly FeedUnit[], people?: PeopleLookup): AttemptData {
  const row = buildFeed('latest-attempt', { units, latestAttempt: attempt, people })[0];
  const vertical = 'attempts_at_height' in attempt && typeof (attempt as { height?: unknown }).height === 'string';
  const place = text(row, 'Place.Text');
  return {
    kind: 'attempt',
    eventName: text(row, 'Event.Text') ?? attempt.event_code,
    vertical,
    name: text(row, 'Name.Text') ?? `#${attempt.bib}`,
    team: text(row, 'Team.Text'),
    bib: attempt.bib,
    attempt: vertical ? null : Number(text(row, 'Attempt.Text')) || null,
    result: text(row, 'Result.Text') ?? '',
    height: text(row, 'Height.Text'),
    attemptsAtHeight: text(row, 'AtHeight.Text'),
    place: place === null ? null : Number(place),
    best: text(row, 'Best.Text'),
    wind: text(row, 'Wind.Text'),
  };
}

type Board = Extract<GraphicId, 'field-standings' | 'race-results' | 'start-list'>;

function columnsFor(board: Board, unit: FeedUnit): TableData['columns'] {
  const kind = unit.standings.kind;
  switch (board) {
    case 'race-results':
      return [
        { key: 'Place.Text', label: '', align: 'right' },
        { key: 'Name.Text', label: 'Athlete', align: 'left' },
        { key: 'Team.Text', label: 'Team', align: 'left' },
        { key: 'Mark.Text', label: kind === 'track' ? 'Time' : 'Mark', align: 'right' },
        { key: 'Note', label: '', align: 'left' },
      ];
    case 'field-standings':
      return kind === 'vertical'
        ? [
            { key: 'Place.Text', label: '', align: 'right' },
            { key: 'Name.Text', label: 'Athlete', align: 'left' },
            { key: 'Team.Text', label: 'Team', align: 'left' },
            { key: 'Mark.Text', label: 'Best', align: 'right' },
            { key: 'Height.Text', label: 'Bar', align: 'right' },
            { key: 'AtHeight.Text', label: '', align: 'left' },
          ]
        : [
            { key: 'Place.Text', label: '', align: 'right' },
            { key: 'Name.Text', label: 'Athlete', align: 'left' },
            { key: 'Team.Text', label: 'Team', align: 'left' },
            { key: 'Mark.Text', label: 'Best', align: 'right' },
            ...(unit.eventCode && /^(LJ|TJ)$/i.test(unit.eventCode) ? [{ key: 'Wind.Text', label: 'Wind', align: 'right' as const }] : []),
            { key: 'Attempts.Text', label: 'Attempts', align: 'left' },
          ];
    case 'start-list': {
      // A distance race lists everyone in "lane 1": lanes only when they tell runners apart.
      const lanes = new Set(unit.standings.standings.map((s) => s.lane).filter((l) => l !== null));
      const byLane = kind === 'track' && lanes.size > 1;
      return [
        { key: byLane ? 'Lane.Text' : 'Order.Text', label: byLane ? 'Lane' : '', align: 'right' },
        { key: 'Name.Text', label: 'Athlete', align: 'left' },
        { key: 'Team.Text', label: 'Team', align: 'left' },
        { key: 'PB.Text', label: 'PB', align: 'right' },
        { key: 'SB.Text', label: 'SB', align: 'right' },
      ];
    }
  }
}

const TITLES: Record<Board, string> = { 'race-results': 'Results', 'field-standings': 'Standings', 'start-list': 'Start list' };

export function tableData(board: Board, unit: FeedUnit, page: number): TableData {
  const all: FeedRow[] = unitFeedRows(unit).map((r) => ({ ...r, Note: [r['Qualified.Text'], r['Note.Text']].filter(Boolean).join(' ') }));
  // Boards show who is in the result; start lists in lane or order.
  const rows = board === 'start-list' ? all : all.filter((r) => r['Place.Text'] !== '' || r['Status.Text'] !== '' || board === 'field-standings');
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const columns = columnsFor(board, unit);
  const event = unit.eventName ?? unit.eventCode ?? unit.eventId;
  const attemptsTaken = Math.max(0, ...unit.standings.standings.map((s) => s.attempts.length));
  const status =
    board === 'start-list'
      ? (unit.scheduledStartTime ?? null)
      : unit.resultsStatus
        ? unit.resultsStatus[0]!.toUpperCase() + unit.resultsStatus.slice(1)
        : unit.standings.kind === 'horizontal' && unit.standings.maxAttempts
          ? `Round ${Math.min(attemptsTaken, unit.standings.maxAttempts)} of ${unit.standings.maxAttempts}`
          : 'Live';
  return {
    kind: 'table',
    title: `${event} — ${TITLES[board]}`,
    subtitle: joinDistinct([unit.roundName, unit.heatName]),
    status,
    columns,
    rows: rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((r) => Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? '']))),
    page: current,
    pages,
    pageSize: PAGE_SIZE,
  };
}

export function nextUpData(unit: FeedUnit): NextUpData {
  const rows = unitFeedRows(unit).slice(0, 8);
  // A distance race lists everyone in "lane 1": a lane is news only when the lanes differ.
  const lanes = new Set(rows.map((r) => r['Lane.Text']).filter(Boolean));
  const showLanes = lanes.size > 1;
  return {
    kind: 'next-up',
    eventName: unit.eventName ?? unit.eventCode ?? unit.eventId,
    roundName: unit.roundName,
    heatName: unit.heatName && unit.heatName.toLowerCase() !== unit.roundName?.toLowerCase() ? unit.heatName : null,
    scheduledStartTime: unit.scheduledStartTime,
    entries: rows.map((r) => ({ lane: showLanes ? text(r, 'Lane.Text') : null, order: showLanes ? null : text(r, 'Order.Text'), name: text(r, 'Name.Text') ?? `#${r['Bib.Text']}`, team: text(r, 'Team.Text') })),
  };
}
