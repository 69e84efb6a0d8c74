/**
 * vMix-shaped data feeds (`/data/…`): which unit each feed shows, and its rows as flat objects of
 * text with vMix-style keys (`Name.Text`). Every feed has a fixed column list, so a title bound to
 * a column never loses it when the feed is empty or an athlete lacks a value. Pure functions from
 * parsed data to rows; the HTTP side is server/routes/data.ts and the writers are ./tabular.ts.
 */
import type { Standing, StandingsResponse } from '../../model/api';
import type { LatestAttempt } from '../../model/opentrack';
import { unitFinished } from '../standings/standings';
import { XML_NAME, normaliseRows, type FeedRow } from './tabular';

export type { FeedRow } from './tabular';

/** Results: place order, the mark or why there is none, and which unit it is. */
const RESULT_COLUMNS = [
  'Place.Text', 'Bib.Text', 'Name.Text', 'Team.Text', 'Mark.Text', 'Wind.Text', 'Qualified.Text', 'Note.Text',
  'Event.Text', 'Round.Text', 'Heat.Text', 'Results.Text',
] as const;

const FIELD_COLUMNS = [
  'Place.Text', 'Order.Text', 'Bib.Text', 'Name.Text', 'Team.Text', 'Best.Text', 'Wind.Text', 'Attempts.Text',
  'Height.Text', 'AtHeight.Text', 'Note.Text', 'Event.Text', 'Round.Text', 'Heat.Text',
] as const;

const START_LIST_COLUMNS = [
  'Lane.Text', 'Order.Text', 'Bib.Text', 'Name.Text', 'Team.Text', 'PB.Text', 'SB.Text',
  'Event.Text', 'Round.Text', 'Heat.Text', 'Time.Text',
] as const;

const ATTEMPT_COLUMNS = [
  'Name.Text', 'Bib.Text', 'Team.Text', 'Mark.Text', 'Result.Text', 'Attempt.Text', 'Height.Text', 'AtHeight.Text',
  'Wind.Text', 'Place.Text', 'Best.Text', 'Event.Text',
] as const;

/** One unit's standings: every column any kind of unit fills. */
const UNIT_COLUMNS = [
  'Place.Text', 'Lane.Text', 'Order.Text', 'Bib.Text', 'Name.Text', 'Team.Text', 'Mark.Text', 'Wind.Text',
  'Attempts.Text', 'Height.Text', 'AtHeight.Text', 'PB.Text', 'SB.Text', 'Qualified.Text', 'Note.Text', 'Status.Text',
  'Event.Text', 'Round.Text', 'Heat.Text', 'Results.Text',
] as const;

export type FeedName = 'latest-result' | 'top8' | 'field-standings' | 'start-list' | 'latest-attempt';

export interface FeedDefinition {
  name: FeedName;
  description: string;
  columns: readonly string[];
}

export const FEEDS: readonly FeedDefinition[] = [
  {
    name: 'latest-result',
    description: 'The most recently changed unit with placed results, every row in place order',
    columns: RESULT_COLUMNS,
  },
  { name: 'top8', description: 'The same unit as latest-result, its first 8 rows', columns: RESULT_COLUMNS },
  {
    name: 'field-standings',
    description: 'The most recently changed jump or throw: place, best, attempts; for HJ/PV the last height and its xxo',
    columns: FIELD_COLUMNS,
  },
  {
    name: 'start-list',
    description: 'The next unit by scheduled time that has a start list and no results yet',
    columns: START_LIST_COLUMNS,
  },
  { name: 'latest-attempt', description: 'The newest jump or throw announced on the overview channel', columns: ATTEMPT_COLUMNS },
];

export const UNIT_FEED: { columns: readonly string[]; description: string } = {
  columns: UNIT_COLUMNS,
  description: 'Standings of one unit',
};

for (const c of [...FEEDS.flatMap((f) => f.columns), ...UNIT_COLUMNS]) {
  if (!XML_NAME.test(c)) throw new Error(`feed column ${c} is not a valid XML element name`);
}

export function feedDefinition(name: string): FeedDefinition | undefined {
  return FEEDS.find((f) => f.name === name);
}

/** A cached unit as the feeds see it: its place in the meet, its freshness and its standings. */
export interface FeedUnit {
  eventId: string;
  round: number;
  heat: number;
  eventCode: string | null;
  eventName: string | null;
  roundName: string | null;
  heatName: string | null;
  day: number | null;
  /** As OpenTrack writes it: "17:05", or an ISO date-time. */
  scheduledStartTime: string | null;
  status: string | null;
  resultsStatus: string | null;
  /** When the cached copy last changed (ms), and the journal seq of that change. */
  changedAt: number;
  seq: number;
  standings: StandingsResponse;
}

/** A unit's naming and freshness without its standings. */
export type FeedUnitHeader = Omit<FeedUnit, 'standings'>;

/** Who a bib is, from the competition's entries (a People map fits). */
export interface PeopleLookup {
  get(bib: string): { name: string | null; team: string | null; nationality?: string | null; runners?: string[]; flagUrl?: string | null } | undefined;
}

export interface FeedInput {
  units: readonly FeedUnit[];
  /** The newest accepted `latest_attempt` payload, parsed. */
  latestAttempt?: LatestAttempt | null;
  people?: PeopleLookup;
  /**
   * Every unit of the attempt's event code, standings or not, when `units` leaves out some that
   * cannot list the athlete: they still name the event when no unit lists them.
   */
  eventUnits?: readonly FeedUnitHeader[];
}

export function buildFeed(name: FeedName, input: FeedInput): FeedRow[] {
  const def = feedDefinition(name)!;
  let rows: Partial<FeedRow>[];
  switch (name) {
    case 'latest-result': {
      const unit = latestResultUnit(input.units);
      rows = unit ? unit.standings.standings.map((s) => standingRow(unit, s)) : [];
      break;
    }
    case 'top8': {
      const unit = latestResultUnit(input.units);
      rows = unit ? unit.standings.standings.slice(0, 8).map((s) => standingRow(unit, s)) : [];
      break;
    }
    case 'field-standings': {
      const unit = fieldStandingsUnit(input.units);
      rows = unit ? unit.standings.standings.map((s) => standingRow(unit, s)) : [];
      break;
    }
    case 'start-list': {
      const unit = nextStartListUnit(input.units);
      rows = unit ? unit.standings.standings.map((s) => standingRow(unit, s)) : [];
      break;
    }
    case 'latest-attempt':
      rows = input.latestAttempt ? [attemptRow(input.latestAttempt, input.units, input.people, input.eventUnits)] : [];
      break;
  }
  return normaliseRows(def.columns, rows);
}

export function unitFeedRows(unit: FeedUnit): FeedRow[] {
  return normaliseRows(UNIT_COLUMNS, unit.standings.standings.map((s) => standingRow(unit, s)));
}

// --- Which unit a feed shows -------------------------------------------------------------------

/** The most recently changed unit in which somebody has a place. */
export function latestResultUnit(units: readonly FeedUnit[]): FeedUnit | undefined {
  // A result is what the officials have finished with: places in a jump still going are standings.
  return mostRecent(units.filter((u) => u.standings.finished && u.standings.standings.some((s) => s.place !== null)));
}

/** The most recently changed jump or throw. */
export function fieldStandingsUnit(units: readonly FeedUnit[]): FeedUnit | undefined {
  return mostRecent(units.filter((u) => u.standings.kind !== 'track'));
}

/** The earliest scheduled unit that has a start list, no result, no attempt, and is not over. */
export function nextStartListUnit(units: readonly FeedUnit[]): FeedUnit | undefined {
  const waiting = units
    .map((u, index) => ({ u, index, at: scheduleKey(u) }))
    .filter(({ u }) => hasStartListOnly(u));
  waiting.sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity) || a.index - b.index);
  return waiting[0]?.u;
}

function hasStartListOnly(u: FeedUnit): boolean {
  const rows = u.standings.standings;
  if (!rows.length || unitFinished(u) || /cancel/i.test(u.status ?? '')) return false;
  return rows.every((s) => s.place === null && !s.best && s.attempts.length === 0);
}

/**
 * Latest change first. Copies that changed at the same moment (a competition fetch fills many
 * units at once) go by journal seq, then by the later scheduled start, then by the later listing.
 */
function mostRecent(units: readonly FeedUnit[]): FeedUnit | undefined {
  let best: { u: FeedUnit; at: number } | undefined;
  for (const u of units) {
    const at = scheduleKey(u) ?? -Infinity;
    if (
      !best ||
      u.changedAt > best.u.changedAt ||
      (u.changedAt === best.u.changedAt && (u.seq > best.u.seq || (u.seq === best.u.seq && at >= best.at)))
    ) {
      best = { u, at };
    }
  }
  return best?.u;
}

/** Seconds from the start of day 1 for "HH:MM[:SS]"; epoch seconds for a full date-time. */
export function scheduleKey(u: Pick<FeedUnit, 'scheduledStartTime' | 'day'>): number | null {
  const t = u.scheduledStartTime?.trim();
  if (!t) return null;
  const hm = /^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$/.exec(t);
  if (hm) {
    const day = u.day && u.day > 0 ? u.day : 1;
    return (day - 1) * 86_400 + Number(hm[1]) * 3_600 + Number(hm[2]) * 60 + Number(hm[3] ?? 0);
  }
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : ms / 1_000;
}

// --- Rows --------------------------------------------------------------------------------------

const STATUS_LABELS: Record<string, string> = { dns: 'DNS', dnf: 'DNF', dq: 'DQ', 'no-mark': 'NM', retired: 'RET' };

/** Every column a standing can fill; each feed keeps its own. */
function standingRow(u: FeedUnit, s: Standing): FeedRow {
  const kind = u.standings.kind;
  const status = STATUS_LABELS[s.status] ?? '';
  const mark = s.best ?? status;
  const lastHeight = kind === 'vertical' ? s.attempts[s.attempts.length - 1] : undefined;
  return {
    'Place.Text': s.place === null ? '' : String(s.place),
    'Lane.Text': optional(s, 'lane'),
    'Order.Text': optional(s, 'order'),
    'Bib.Text': s.bib,
    'Name.Text': s.name ?? '',
    'Team.Text': s.team ?? '',
    'Mark.Text': mark,
    'Best.Text': mark,
    // Track: the race's reading; horizontal: the wind of the athlete's best mark.
    'Wind.Text': formatWind(kind === 'track' ? optionalValue(u.standings, 'wind') : kind === 'horizontal' ? optionalValue(s, 'bestWind') : null),
    'Attempts.Text': attemptsText(kind, s.attempts),
    'Height.Text': lastHeight?.height ?? '',
    'AtHeight.Text': lastHeight ? lastHeight.result : '',
    'PB.Text': optional(s, 'pb'),
    'SB.Text': optional(s, 'sb'),
    'Qualified.Text': optional(s, 'qualified'),
    'Note.Text': s.note ?? '',
    'Status.Text': status,
    ...unitColumns(u),
  };
}

function unitColumns(u: FeedUnit): FeedRow {
  return {
    'Event.Text': u.eventName ?? u.eventCode ?? u.eventId,
    'Round.Text': u.roundName ?? '',
    'Heat.Text': u.heatName ?? '',
    'Time.Text': u.scheduledStartTime ?? '',
    'Results.Text': u.resultsStatus ?? '',
  };
}

/** Horizontal: "7.12 x 7.30"; vertical: "1.80:o 1.85:xo 1.90:xxx"; track: "". */
export function attemptsText(kind: StandingsResponse['kind'], attempts: Standing['attempts']): string {
  if (kind === 'horizontal') {
    return attempts
      .slice()
      .sort((a, b) => (a.round ?? 0) - (b.round ?? 0))
      .map((a) => a.result)
      .join(' ');
  }
  if (kind === 'vertical') return attempts.map((a) => `${a.height ?? ''}:${a.result}`).join(' ');
  return '';
}

/** `+1.2`, `-0.4`, `0.0`; the text as written when it is not a number. */
export function formatWind(wind: unknown): string {
  if (wind === null || wind === undefined || wind === '') return '';
  const n = typeof wind === 'number' ? wind : Number(String(wind).replace(',', '.'));
  if (!Number.isFinite(n)) return String(wind);
  return `${n > 0 ? '+' : ''}${(Math.abs(n) < 0.05 ? 0 : n).toFixed(1)}`;
}

/** The newest attempt, who took it, and where they stand now in the unit it belongs to. */
function attemptRow(attempt: LatestAttempt, units: readonly FeedUnit[], people?: PeopleLookup, eventUnits: readonly FeedUnitHeader[] = units): FeedRow {
  const bib = attempt.bib;
  const unit = attemptUnit(attempt, units);
  const standing = unit?.standings.standings.find((s) => s.bib === bib);
  const person = people?.get(bib);
  const vertical = isVertical(attempt);
  const sameCode = eventUnits.filter((u) => sameEventCode(u.eventCode, attempt.event_code));
  const names = new Set(sameCode.map((u) => u.eventName ?? u.eventCode));
  const event = unit ? (unit.eventName ?? unit.eventCode ?? unit.eventId) : names.size === 1 ? [...names][0]! : attempt.event_code;
  return {
    'Name.Text': attempt.athlete_name || person?.name || standing?.name || '',
    'Bib.Text': bib,
    'Team.Text': person?.team ?? standing?.team ?? '',
    'Mark.Text': vertical ? `${attempt.height} ${attempt.attempts_at_height}` : attempt.result,
    'Result.Text': attempt.result,
    'Attempt.Text': vertical ? String(attempt.attempts_at_height.length) : String(attempt.round),
    'Height.Text': vertical ? attempt.height : '',
    'AtHeight.Text': vertical ? attempt.attempts_at_height : '',
    'Wind.Text': vertical ? '' : formatWind(attempt.wind),
    'Place.Text': standing?.place == null ? '' : String(standing.place),
    'Best.Text': standing?.best ?? '',
    'Event.Text': event,
  };
}

function isVertical(a: LatestAttempt): a is Extract<LatestAttempt, { attempts_at_height: string }> {
  return 'attempts_at_height' in a && typeof a.attempts_at_height === 'string' && typeof (a as { height?: unknown }).height === 'string';
}

/**
 * The overview message names only the event code and the bib: the unit is the most recently
 * changed one of that code with that athlete in it.
 */
export function attemptUnit(attempt: Pick<LatestAttempt, 'event_code' | 'bib'>, units: readonly FeedUnit[]): FeedUnit | undefined {
  return mostRecent(
    units.filter((u) => sameEventCode(u.eventCode, attempt.event_code) && u.standings.standings.some((s) => s.bib === attempt.bib)),
  );
}

export function sameEventCode(a: string | null, b: string): boolean {
  return !!a && a.trim().toUpperCase() === b.trim().toUpperCase();
}

/**
 * A field the standings may carry (lane, order, pb, sb, qualified, bestWind, wind), read without
 * depending on it: absent or null reads as "".
 */
function optional(source: object, key: string): string {
  const v = optionalValue(source, key);
  return v === null || v === undefined ? '' : String(v);
}

function optionalValue(source: object, key: string): unknown {
  return (source as Record<string, unknown>)[key];
}
