/**
 * What each graphic shows, built from the same rows as the `/data/` feeds so a vMix title and an
 * overlay never disagree about a place or a mark. On top of the feed rows, what a TV graphic needs
 * and a data feed does not: shared places written "=1", times to the thousandth where they decide
 * a place, `w` on wind-aided marks, a relay team's runners, the country, and round and heat names
 * said once.
 */
import type { AttemptData, GraphicId, NextUpData, OnAirPerson, TableData, WinnerData } from '../../model/graphics';
import type { Standing } from '../../model/api';
import type { LatestAttempt, ResultsArrived } from '../../model/opentrack';
import { countryCode, flagCode } from '../../model/countries';
import { attemptUnit, buildFeed, unitFeedRows, type FeedUnit, type FeedUnitHeader, type PeopleLookup } from '../../views/feeds/data-feeds';
import type { FeedRow } from '../../views/feeds/tabular';
import { isWindAided, windMeasured } from '../../model/wind';
import { absoluteFlagUrl, flagKey } from './club-flags';

/** Where the console serves a club's flag (fetched once, then from the data dir). */
export function clubFlagPath(flagUrl: string | null | undefined): string | null {
  const url = absoluteFlagUrl(flagUrl);
  return url ? `/flags/club/${flagKey(url)}` : null;
}

export const PAGE_SIZE = 8;
/** A relay row carries its runners on a second line: fewer rows fit the same board. */
export const RELAY_PAGE_SIZE = 5;

const text = (row: FeedRow | undefined, key: string): string | null => {
  const v = row?.[key];
  return v === undefined || v === '' ? null : v;
};

/** Names that say nothing: OpenTrack writes "None" for a missing heat name in some exports. */
const EMPTY_NAMES = new Set(['none', 'null', 'undefined', '-', '']);

/**
 * Round and heat, each said once: "Final · Final" and "Final · None" become "Final". Generic
 * "Round 1" / "Heat 1" / "Pool 1" go when the event has only that one unit.
 */
export function unitLabel(unit: Pick<FeedUnit, 'eventId' | 'eventName' | 'roundName' | 'heatName'>, units: readonly Pick<FeedUnit, 'eventId'>[] = []): string | null {
  // Without the meet's units nobody knows whether it is the only one: keep the names.
  const only = units.length > 0 && units.filter((u) => u.eventId === unit.eventId).length <= 1;
  const seen: string[] = [];
  const event = (unit.eventName ?? '').toLowerCase();
  for (const raw of [unit.roundName, unit.heatName]) {
    const part = raw?.trim() ?? '';
    const lower = part.toLowerCase();
    if (EMPTY_NAMES.has(lower)) continue;
    if (seen.some((s) => s.toLowerCase() === lower)) continue;
    // "Men 400m Final" already says "Final".
    if (event.endsWith(` ${lower}`)) continue;
    if (only && /^(round|heat|pool|group|race)\s*1$/i.test(part)) continue;
    seen.push(part);
  }
  return seen.length ? seen.join(' · ') : null;
}

/** "=2" for a place shared with someone else, "2" otherwise. */
export function placeLabels(standings: readonly Pick<Standing, 'bib' | 'place'>[]): Map<string, string> {
  const count = new Map<number, number>();
  for (const s of standings) if (s.place !== null) count.set(s.place, (count.get(s.place) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const s of standings) if (s.place !== null) out.set(s.bib, `${count.get(s.place)! > 1 ? '=' : ''}${s.place}`);
  return out;
}

/**
 * Times as shown, to the thousandth for athletes whose shown times are equal but whose places are
 * not (the photo finish split them): a viewer sees why 10.34 is second to 10.34.
 */
export function raceMarks(unit: Pick<FeedUnit, 'standings'>): Map<string, string> {
  const out = new Map<string, string>();
  if (unit.standings.kind !== 'track') return out;
  const byMark = new Map<string, Standing[]>();
  for (const s of unit.standings.standings) {
    if (s.place === null || !s.best) continue;
    byMark.set(s.best, [...(byMark.get(s.best) ?? []), s]);
  }
  for (const group of byMark.values()) {
    if (group.length < 2 || new Set(group.map((s) => s.place)).size < 2) continue;
    for (const s of group) if (s.rawTime) out.set(s.bib, thousandths(s.rawTime));
  }
  return out;
}

/** "10.3350" and "10.335" alike to three decimals; anything else as written. */
function thousandths(raw: string): string {
  const m = /^(.*\.\d{3})\d*$/.exec(raw.trim());
  return m ? m[1]! : raw.trim();
}

/** The mark was wind-aided: the race's wind on the track, the best mark's wind in LJ/TJ. */
function aided(unit: FeedUnit, s: Standing | undefined): boolean {
  // Only a mark: a DNF has no wind to speak of.
  if (!s || !s.best || s.status !== 'valid' || !windMeasured(unit.eventCode)) return false;
  return unit.standings.kind === 'track' ? isWindAided(unit.eventCode, unit.standings.wind) : isWindAided(unit.eventCode, s.bestWind);
}

function person(bib: string, row: FeedRow | undefined, people?: PeopleLookup): OnAirPerson {
  const p = people?.get(bib);
  const runners = p?.runners ?? [];
  const name = text(row, 'Name.Text') ?? p?.name ?? `#${bib}`;
  let team = text(row, 'Team.Text') ?? p?.team ?? null;
  // A relay team's "team" is its own name: saying it twice leaves no room for the runners.
  if (team !== null && team.toLowerCase() === name.toLowerCase()) team = null;
  const nationality = p?.nationality ?? null;
  return { name, team, nat: countryCode(nationality), flag: flagCode(nationality), runners, clubFlag: clubFlagPath(p?.flagUrl) };
}

export function winnerData(unit: FeedUnit | undefined, arrived?: ResultsArrived, people?: PeopleLookup, units: readonly FeedUnit[] = []): WinnerData | null {
  const rows = unit ? unitFeedRows(unit) : [];
  const firsts = rows.filter((r) => r['Place.Text'] === '1');
  const first = firsts[0];
  const standing = unit?.standings.standings.find((s) => s.place === 1);
  if (!first && !arrived?.winner_name) return null;
  const winners = firsts.map((r) => person(r['Bib.Text']!, r, people));
  const marks = unit ? raceMarks(unit) : new Map<string, string>();
  return {
    kind: 'winner',
    eventName: text(first, 'Event.Text') ?? unit?.eventName ?? String(arrived?.event_id ?? ''),
    roundName: text(first, 'Round.Text') ?? unit?.roundName ?? null,
    heatName: text(first, 'Heat.Text') ?? arrived?.heat_name ?? null,
    subtitle: unit ? unitLabel(unit, units) : unitLabel({ eventId: '', eventName: null, roundName: null, heatName: arrived?.heat_name ?? null }),
    name: text(first, 'Name.Text') ?? arrived?.winner_name ?? '',
    team: winners[0]?.team ?? null,
    bib: text(first, 'Bib.Text') ?? '',
    performance: (first && marks.get(first['Bib.Text']!)) ?? text(first, 'Mark.Text') ?? String(arrived?.winner_performance ?? ''),
    wind: text(first, 'Wind.Text'),
    flags: standing?.flags ?? [],
    resultsStatus: unit?.resultsStatus ?? null,
    place: winners.length > 1 ? '=1' : '1',
    winners,
    aided: unit ? aided(unit, standing) : false,
  };
}

/** `eventUnits`: every unit of the attempt's event, when `units` leaves out those that cannot list the athlete. */
export function attemptData(attempt: LatestAttempt, units: readonly FeedUnit[], people?: PeopleLookup, eventUnits?: readonly FeedUnitHeader[]): AttemptData {
  const row = buildFeed('latest-attempt', { units, latestAttempt: attempt, people, eventUnits })[0];
  const vertical = 'attempts_at_height' in attempt && typeof (attempt as { height?: unknown }).height === 'string';
  const place = text(row, 'Place.Text');
  const unit = attemptUnit(attempt, units);
  const who = person(attempt.bib, row, people);
  return {
    kind: 'attempt',
    eventName: text(row, 'Event.Text') ?? attempt.event_code,
    vertical,
    name: text(row, 'Name.Text') ?? `#${attempt.bib}`,
    team: who.team,
    bib: attempt.bib,
    attempt: vertical ? null : Number(text(row, 'Attempt.Text')) || null,
    result: text(row, 'Result.Text') ?? '',
    height: text(row, 'Height.Text'),
    attemptsAtHeight: text(row, 'AtHeight.Text'),
    place: place === null ? null : Number(place),
    best: text(row, 'Best.Text'),
    wind: text(row, 'Wind.Text'),
    placeLabel: unit ? (placeLabels(unit.standings.standings).get(attempt.bib) ?? place) : place,
    nat: who.nat,
    flag: who.flag,
    aided: !vertical && isWindAided(attempt.event_code, (attempt as { wind?: unknown }).wind),
  };
}

type Board = Extract<GraphicId, 'field-standings' | 'race-results' | 'start-list'>;
type Column = TableData['columns'][number];

const col = (key: string, label: string, role: NonNullable<Column['role']>, align: Column['align'] = 'left'): Column => ({ key, label, align, role });

function columnsFor(board: Board, unit: FeedUnit, withNat: boolean, withTeam: boolean): Column[] {
  const kind = unit.standings.kind;
  const who = [
    ...(withNat ? [col('Nat', '', 'nat')] : []),
    col('Name.Text', 'Athlete', 'name'),
    // Relay teams are their own team: an empty column would only take the runners' room.
    ...(withTeam ? [col('Team.Text', 'Team', 'team')] : []),
  ];
  switch (board) {
    case 'race-results':
      return [col('Place', '', 'place', 'right'), ...who, col('Mark', kind === 'track' ? 'Time' : 'Mark', 'mark', 'right'), col('Tags', '', 'tags')];
    case 'field-standings':
      return kind === 'vertical'
        ? [col('Place', '', 'place', 'right'), ...who, col('Mark', 'Best', 'mark', 'right'), col('Height.Text', 'Bar', 'mark', 'right'), col('AtHeight.Text', '', 'series')]
        : [
            col('Place', '', 'place', 'right'),
            ...who,
            col('Mark', 'Best', 'mark', 'right'),
            ...(windMeasured(unit.eventCode) ? [col('Wind.Text', 'Wind', 'wind', 'right')] : []),
            col('Attempts.Text', 'Attempts', 'series'),
          ];
    case 'start-list': {
      // A distance race lists everyone in "lane 1": lanes only when they tell runners apart.
      const lanes = new Set(unit.standings.standings.map((s) => s.lane).filter((l) => l !== null));
      const byLane = kind === 'track' && lanes.size > 1;
      const hasOrder = unit.standings.standings.some((s) => s.order !== null);
      return [
        ...(byLane || hasOrder ? [col(byLane ? 'Lane.Text' : 'Order.Text', byLane ? 'Lane' : '', 'lane', 'right')] : []),
        ...who,
        col('PB.Text', 'PB', 'mark', 'right'),
        col('SB.Text', 'SB', 'mark', 'right'),
      ];
    }
  }
}

const TITLES: Record<Board, 'Results' | 'Standings' | 'Start list'> = { 'race-results': 'Results', 'field-standings': 'Standings', 'start-list': 'Start list' };

/** A board's status line: results status only when it means something, else where the event is. */
function boardStatus(board: Board, unit: FeedUnit): string | null {
  if (board === 'start-list') return unit.scheduledStartTime ?? null;
  const rs = (unit.resultsStatus ?? '').toLowerCase();
  if (rs === 'official' || rs === 'provisional') return rs === 'official' ? 'Official' : 'Provisional';
  if (unit.standings.finished) return 'Final';
  const { kind, maxAttempts, standings } = unit.standings;
  if (kind === 'horizontal' && maxAttempts) {
    const taken = Math.max(0, ...standings.map((s) => s.attempts.length));
    if (taken > 0) return `Round ${Math.min(taken, maxAttempts)} of ${maxAttempts}`;
  }
  return 'Live';
}

export function tableData(board: Board, unit: FeedUnit, page: number, people?: PeopleLookup, units: readonly FeedUnit[] = []): TableData {
  const places = placeLabels(unit.standings.standings);
  const marks = raceMarks(unit);
  const byBib = new Map(unit.standings.standings.map((s) => [s.bib, s]));
  const all: FeedRow[] = unitFeedRows(unit).map((r) => {
    const bib = r['Bib.Text']!;
    const s = byBib.get(bib);
    const who = person(bib, r, people);
    return {
      ...r,
      'Team.Text': who.team ?? '',
      Place: places.get(bib) ?? '',
      Mark: marks.get(bib) ?? r['Mark.Text'] ?? '',
      Aided: aided(unit, s) ? 'w' : '',
      Tags: [r['Qualified.Text'], ...(s?.flags ?? [])].filter(Boolean).join(' '),
      Nat: who.nat ?? '',
      Flag: who.flag ?? '',
      ClubFlag: who.clubFlag ?? '',
      Runners: who.runners.join('\n'),
    };
  });
  // Boards show who is in the result; start lists in lane or order.
  const rows = board === 'start-list' ? all : all.filter((r) => r['Place.Text'] !== '' || r['Status.Text'] !== '' || board === 'field-standings');
  const size = rows.some((r) => r.Runners) ? RELAY_PAGE_SIZE : PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, page), pages);
  // A column saying NOR on every row of a national meet is noise: countries only when they differ.
  const withNat = new Set(rows.map((r) => r.Nat)).size > 1;
  const columns = columnsFor(board, unit, withNat, rows.some((r) => r['Team.Text'] !== ''));
  // The feed's own place and mark stay too, for templates bound to the `/data/` column names.
  const extra = ['Nat', 'Flag', 'ClubFlag', 'Runners', 'Aided', 'Bib.Text', 'Place.Text', 'Mark.Text'];
  const event = unit.eventName ?? unit.eventCode ?? unit.eventId;
  const wind = unit.standings.kind === 'track' && board === 'race-results' ? text(unitFeedRows(unit)[0], 'Wind.Text') : null;
  const status = boardStatus(board, unit);
  return {
    kind: 'table',
    title: `${event} — ${TITLES[board]}`,
    event,
    heading: TITLES[board],
    subtitle: unitLabel(unit, units),
    status: wind ? `${status ?? ''}${status ? ' · ' : ''}Wind ${wind}` : status,
    columns,
    rows: rows
      .slice((current - 1) * size, current * size)
      .map((r) => Object.fromEntries([...columns.map((c) => c.key), ...extra].map((k) => [k, r[k] ?? '']))),
    page: current,
    pages,
    pageSize: size,
  };
}

export function nextUpData(unit: FeedUnit, people?: PeopleLookup, units: readonly FeedUnit[] = []): NextUpData {
  const rows = unitFeedRows(unit).slice(0, 8);
  // A distance race lists everyone in "lane 1": a lane is news only when the lanes differ.
  const lanes = new Set(rows.map((r) => r['Lane.Text']).filter(Boolean));
  const showLanes = lanes.size > 1;
  const label = unitLabel(unit, units);
  return {
    kind: 'next-up',
    eventName: unit.eventName ?? unit.eventCode ?? unit.eventId,
    roundName: label,
    heatName: null,
    scheduledStartTime: unit.scheduledStartTime,
    entries: rows.map((r) => {
      const who = person(r['Bib.Text']!, r, people);
      return {
        lane: showLanes ? text(r, 'Lane.Text') : null,
        order: showLanes ? null : text(r, 'Order.Text'),
        name: who.name,
        team: who.team,
        nat: who.nat,
        flag: who.flag,
        runners: who.runners,
        clubFlag: who.clubFlag,
      };
    }),
  };
}
