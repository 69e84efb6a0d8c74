/**
 * The moments an announcer calls out, read from feed items and competition snapshots: a result
 * arrived (winner and performance), a field event has a new leader, an attempt was just taken.
 * Pure functions, so the stores stay thin and the rules are tested without a browser.
 */
import type { CompetitionResponse, FeedItem, LeaderSummary, StandingsResponse } from '../../../electron/core/model/api';
import { isWindAided } from '../../../electron/core/model/wind';

export interface Alert {
  id: string;
  kind: 'result' | 'leader' | 'record' | 'notice';
  at: string;
  /** "Men 100m — Final" */
  title: string;
  who: string;
  mark: string;
  unit?: { eventId: string; round: number; heat: number };
  /** It happened while the console was offline and came in with the catch-up. */
  late: boolean;
  /** Several athletes share first place: `who` names them all. */
  tie?: boolean;
  /** The announcer has called it out: off the queue, still in the list. */
  announced?: boolean;
  /** A newer leader of the same unit came in before this one was called out: off the queue. */
  superseded?: boolean;
}

export interface Tick {
  seq: number;
  at: string;
  event: string;
  who: string;
  /** "7.85 (+1.2)", "x", "2.04 xo" */
  what: string;
  /** A valid mark or clearance, as opposed to a foul, pass or failure. */
  good: boolean;
}

/** An event's name by its id, or by its code when only one event has that code. */
export type EventNames = (idOrCode: string) => string | null;

export function eventNamesOf(competition: CompetitionResponse | null): EventNames {
  const events = competition?.events ?? [];
  const byId = new Map(events.map((e) => [e.eventId, e.name ?? e.eventId]));
  const byCode = new Map<string, string | null>();
  for (const e of events) {
    if (!e.eventCode) continue;
    byCode.set(e.eventCode, byCode.has(e.eventCode) ? null : e.name ?? e.eventId);
  }
  return (key) => byId.get(key) ?? byCode.get(key) ?? null;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * OpenTrack's `results_arrived` names one winner even when two share first place (a high jump
 * decided by count-back can end level): the competition's own standings say who shares it.
 */
export function withSharedWinner(alert: Alert, competition: CompetitionResponse | null): Alert {
  if (alert.kind !== 'result' || !alert.unit || !competition) return alert;
  const { eventId, round, heat } = alert.unit;
  const unit = competition.events.find((e) => e.eventId === eventId)?.units.find((u) => u.round === round && u.heat === heat);
  const leader = unit?.leader;
  if (!leader?.shared || alert.tie) return alert;
  return { ...alert, who: `${leader.name ?? leader.bib} (tie)`, mark: leader.mark || alert.mark, tie: true };
}

/** Flags an announcer calls out on their own: records and world leads, not personal bests. */
const RECORDS = new Set(['WR', 'AR', 'NR', 'CR', 'MR', 'WL', 'NJR', 'NU20R', 'U20R', 'AJR', 'WJR']);

/** One alert per record in a unit's results (`=NR` for an equalled one), for the announcer's queue. */
export function recordAlerts(standings: StandingsResponse, about: { title: string; unit: { eventId: string; round: number; heat: number }; at: string; late: boolean }): Alert[] {
  const alerts: Alert[] = [];
  for (const r of standings.standings) {
    for (const flag of r.flags) {
      if (!RECORDS.has(flag.replace(/^=/, ''))) continue;
      alerts.push({
        id: `record-${unitId(about.unit)}-${r.bib}-${flag}`,
        kind: 'record',
        at: about.at,
        title: `${flag} · ${about.title}`,
        who: r.name ?? `#${r.bib}`,
        mark: r.best ?? '',
        unit: about.unit,
        late: about.late,
      });
    }
  }
  return alerts;
}

export function resultAlert(item: FeedItem, names: EventNames): Alert | null {
  if (item.event !== 'results_arrived' || !item.accepted) return null;
  const p = (item.payload ?? {}) as Record<string, unknown>;
  const eventId = text(p.event_id);
  const heat = text(p.heat_name);
  const title = [names(eventId) ?? eventId, heat].filter(Boolean).join(' — ');
  return {
    id: `result-${item.seq}`,
    kind: 'result',
    at: item.receivedAt,
    title,
    who: text(p.winner_name) || 'Winner',
    mark: text(p.winner_performance),
    unit: eventId ? { eventId, round: Number(p.round_no), heat: Number(p.heat_no) } : undefined,
    late: Boolean(item.catchUp),
  };
}

export function attemptTick(item: FeedItem, names: EventNames): Tick | null {
  if (item.event !== 'latest_attempt' || !item.accepted) return null;
  const p = (item.payload ?? {}) as Record<string, unknown>;
  const code = text(p.event_code);
  const event = names(text(p.event_id)) ?? names(code) ?? code;
  const who = text(p.athlete_name) || `#${text(p.bib)}`;
  if (p.height !== undefined) {
    const tries = text(p.attempts_at_height) || text(p.result);
    return { seq: item.seq, at: item.receivedAt, event, who, what: `${text(p.height)} ${tries}`, good: tries.endsWith('o') };
  }
  const result = text(p.result);
  const wind = p.wind === undefined || p.wind === null || p.wind === '' ? '' : ` (${signed(p.wind)})`;
  const good = /^\d/.test(result);
  const aided = good && isWindAided(code, p.wind) ? 'w' : '';
  return { seq: item.seq, at: item.receivedAt, event, who, what: good ? `${result}${aided}${wind}` : result, good };
}

function signed(v: unknown): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return text(v);
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
}

/** Waiting to be called out: results, records and leaders not yet announced nor overtaken. */
export const waitingToAnnounce = (a: Alert): boolean => a.kind !== 'notice' && !a.announced && !a.superseded;

export type Leaders = Map<string, string>;

const unitId = (u: { eventId: string; round: number; heat: number }) => `${u.eventId}/${u.round}/${u.heat}`;

/**
 * New leaders in field events since the previous snapshot: someone is now first on their own who
 * was not before. A unit seen for the first time only records its leader (an alert needs a leader
 * to have been overtaken), and a shared first place is not called out: at the opening heights of
 * a high jump half the field shares it.
 */
export function leaderChanges(previous: Leaders, competition: CompetitionResponse, at: string): { alerts: Alert[]; leaders: Leaders } {
  const leaders: Leaders = new Map(previous);
  const alerts: Alert[] = [];
  for (const event of competition.events) {
    if (event.kind === 'track') continue;
    for (const unit of event.units) {
      const key = unitId(unit);
      const leader: LeaderSummary | null = unit.leader;
      if (!leader) continue;
      const before = leaders.get(key);
      leaders.set(key, leader.bib);
      if (before === undefined || before === leader.bib || leader.shared) continue;
      alerts.push({
        id: `leader-${key}-${leader.bib}-${leader.mark}`,
        kind: 'leader',
        at,
        title: [event.name ?? event.eventId, unit.heatName].filter(Boolean).join(' — '),
        who: leader.name ?? `#${leader.bib}`,
        mark: leader.mark,
        unit: { eventId: unit.eventId, round: unit.round, heat: unit.heat },
        late: unit.changedWhileOffline,
      });
    }
  }
  return { alerts, leaders };
}

/** One line for the live feed. */
const WEBHOOK_LABELS: Record<string, string> = { triathlon: 'Triathlon', trackscore: 'TrackScore', standard: 'Webhook' };

/** A message from an incoming webhook: who sent it, the method or type, and what it is about. */
function webhookLine(item: FeedItem): string | null {
  const label = WEBHOOK_LABELS[item.source];
  if (!label) return null;
  if (!item.accepted) return `${label}: ${item.reason === 'duplicate' ? `${item.event} (redelivery, ignored)` : `kept aside: ${item.reason ?? 'invalid'}`}`;
  const body = (item.payload ?? {}) as { payload?: Record<string, unknown>; data?: Record<string, unknown> };
  const inner = body.payload ?? body.data ?? {};
  const about = [inner.prog_name, inner.event_title, inner.prog_id !== undefined ? `program ${inner.prog_id}` : undefined].find(
    (v) => typeof v === 'string' || typeof v === 'number',
  );
  // Sandbox (test) timing says so wherever it shows.
  const sandbox = inner.sandbox === true || (typeof inner.sandbox === 'string' && /^(true|1)$/i.test(inner.sandbox)) ? ' [sandbox]' : '';
  return `${label}: ${item.event}${about !== undefined ? ` · ${about}` : ''}${sandbox}`;
}

/** A unit's heat or round name ("Heat 2", "Final"), for feed lines. */
export type HeatNames = (unit: { eventId: string; round: number; heat: number }) => string | null;

export function heatNamesOf(competition: CompetitionResponse | null): HeatNames {
  const byKey = new Map<string, string>();
  for (const e of competition?.events ?? []) for (const u of e.units) byKey.set(unitId(u), u.heatName ?? u.roundName ?? '');
  return (u) => byKey.get(unitId(u)) || null;
}

/** Field events: their attempts are in the feed as attempts; the unit update that follows each is not news. */
export function fieldEventIds(competition: CompetitionResponse | null): Set<string> {
  return new Set((competition?.events ?? []).filter((e) => e.kind !== 'track').map((e) => e.eventId));
}

export function describeItem(item: FeedItem, names: EventNames, heatNames?: HeatNames): string {
  const hook = webhookLine(item);
  if (hook) return hook;
  if (!item.accepted) return `refused: ${item.reason ?? 'invalid'}`;
  const result = resultAlert(item, names);
  if (result) return `${result.title}: ${result.who} ${result.mark}`;
  const tick = attemptTick(item, names);
  if (tick) return `${tick.event}: ${tick.who} ${tick.what}`;
  if (item.event === 'unit' && item.unit) {
    const name = names(item.unit.eventId) ?? item.unit.eventId;
    const heat = heatNames?.(item.unit) ?? (item.unit.round > 1 || item.unit.heat > 1 ? `round ${item.unit.round}, heat ${item.unit.heat}` : '');
    return `${[name, heat].filter(Boolean).join(' — ')}: ${item.changed ? 'new data' : 'no change'}`;
  }
  if (item.event === 'competition') return item.changed ? 'Meet details updated' : 'Meet details checked';
  return item.event;
}
