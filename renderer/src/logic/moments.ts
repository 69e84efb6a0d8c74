/**
 * The moments an announcer calls out, read from feed items and competition snapshots: a result
 * arrived (winner and performance), a field event has a new leader, an attempt was just taken.
 * Pure functions, so the stores stay thin and the rules are tested without a browser.
 */
import type { CompetitionResponse, FeedItem, LeaderSummary } from '../../../electron/core/model/api';

export interface Alert {
  id: string;
  kind: 'result' | 'leader';
  at: string;
  /** "Men 100m — Final" */
  title: string;
  who: string;
  mark: string;
  unit?: { eventId: string; round: number; heat: number };
  /** It happened while the console was offline and came in with the catch-up. */
  late: boolean;
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
  return { seq: item.seq, at: item.receivedAt, event, who, what: good ? `${result}${wind}` : result, good };
}

function signed(v: unknown): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return text(v);
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
}

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

export function describeItem(item: FeedItem, names: EventNames): string {
  const hook = webhookLine(item);
  if (hook) return hook;
  if (!item.accepted) return `refused: ${item.reason ?? 'invalid'}`;
  const result = resultAlert(item, names);
  if (result) return `${result.title}: ${result.who} ${result.mark}`;
  const tick = attemptTick(item, names);
  if (tick) return `${tick.event}: ${tick.who} ${tick.what}`;
  if (item.event === 'unit' && item.unit) {
    const name = names(item.unit.eventId) ?? item.unit.eventId;
    return `${name} ${item.unit.round}/${item.unit.heat} ${item.changed ? 'updated' : 'unchanged'}`;
  }
  if (item.event === 'competition') return item.changed ? 'Meet details updated' : 'Meet details checked';
  return item.event;
}
