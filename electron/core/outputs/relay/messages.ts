/**
 * What the relay sends for a journal row: its type (what endpoint filters match), the line it
 * queues in (deliveries for one unit keep their order), its data, and one sentence for people.
 */
import { LatestAttemptSchema, ResultsArrivedSchema, UnitSchema, unitKeyString, type Result, type Unit } from '../../model/opentrack';
import type { EndpointFormat } from '../../model/relay';
import type { JournalRow } from '../../store/journal';

export interface Names {
  eventName: (eventId: string) => string | undefined;
  athleteName?: (bib: string) => string | undefined;
}

export interface RelayMessage {
  type: string;
  orderKey: string;
  data: unknown;
  /** One line for people (Slack, Discord). */
  text: string;
}

const WEBHOOK_SOURCES: ReadonlySet<string> = new Set(['triathlon', 'trackscore', 'standard']);
const WEBHOOK_LABEL: Record<string, string> = { triathlon: 'World Triathlon', trackscore: 'TrackScore', standard: 'Webhook' };

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The type a row is relayed as, or null when nobody outside needs it (refused rows, unchanged
 * copies). Read from the row's columns only: this runs for every message the console receives,
 * and the payload is parsed only when an endpoint wants the type.
 */
export function messageType(row: JournalRow): string | null {
  if (!row.accepted) return null;
  if (WEBHOOK_SOURCES.has(row.source)) return `webhook.${row.source}.${row.event}`;
  switch (row.event) {
    case 'results_arrived':
      return 'result.arrived';
    case 'latest_attempt':
      return 'attempt.recorded';
    case 'unit':
      return row.changed ? 'unit.updated' : null;
    case 'competition':
      return row.changed ? 'competition.updated' : null;
    default:
      return null;
  }
}

/** The message for an accepted journal row, or null for rows not relayed. */
export function messageFor(row: JournalRow, names: Names): RelayMessage | null {
  const type = messageType(row);
  if (type === null) return null;
  if (type.startsWith('webhook.')) {
    return { type, orderKey: row.channel, data: json(row.payload) ?? null, text: `${WEBHOOK_LABEL[row.source] ?? row.source}: ${row.event}` };
  }
  switch (type) {
    case 'result.arrived':
      return resultArrived(row, names);
    case 'attempt.recorded':
      return attemptRecorded(row, names);
    case 'unit.updated':
      return unitUpdated(row, names);
    case 'competition.updated':
      return competitionUpdated(row);
    default:
      return null;
  }
}

function resultArrived(row: JournalRow, names: Names): RelayMessage | null {
  const p = ResultsArrivedSchema.safeParse(json(row.payload));
  if (!p.success) return null;
  const r = p.data;
  const eventId = String(r.event_id);
  const eventName = names.eventName(eventId) ?? `Event ${eventId}`;
  const title = [eventName, r.heat_name].filter(Boolean).join(' ');
  const winner = r.winner_name ? `1. ${r.winner_name}${r.winner_performance ? ` ${r.winner_performance}` : ''}` : 'results in';
  return {
    type: 'result.arrived',
    orderKey: row.unitKey ?? unitKeyString({ eventId, round: r.round_no, heat: r.heat_no }),
    data: {
      eventId,
      round: r.round_no,
      heat: r.heat_no,
      heatName: r.heat_name ?? null,
      eventName,
      winner: { name: r.winner_name ?? null, performance: r.winner_performance ?? null },
    },
    text: `${title}: ${winner}`,
  };
}

function attemptRecorded(row: JournalRow, names: Names): RelayMessage | null {
  const payload = json(row.payload);
  const p = LatestAttemptSchema.safeParse(payload);
  if (!p.success) return null;
  const raw = payload as Record<string, unknown>;
  const a = p.data;
  const eventId = raw.event_id === undefined || raw.event_id === null ? undefined : String(raw.event_id);
  const eventName = (eventId && names.eventName(eventId)) || a.event_code;
  const who = a.athlete_name ?? names.athleteName?.(a.bib) ?? `#${a.bib}`;
  const detail = 'attempts_at_height' in a ? `${a.height} ${a.attempts_at_height}` : `attempt ${a.round}: ${a.result}`;
  return {
    type: 'attempt.recorded',
    // Without a unit in the payload, one line per event code still keeps a jumper's attempts in order.
    orderKey: row.unitKey ?? `attempts/${a.event_code}`,
    data: { ...raw, eventName },
    text: `${eventName}: ${who} ${detail}`,
  };
}

function unitUpdated(row: JournalRow, names: Names): RelayMessage | null {
  const unitJson = json(row.payload);
  const p = UnitSchema.safeParse(unitJson);
  if (!p.success) return null;
  const u = p.data;
  const eventName = names.eventName(u.eventId) ?? u.eventName ?? `Event ${u.eventId}`;
  return {
    type: 'unit.updated',
    orderKey: unitKeyString(u),
    data: {
      eventId: u.eventId,
      round: u.round,
      heat: u.heat,
      status: u.status ?? null,
      resultsStatus: u.resultsStatus ?? null,
      eventName,
      unit: unitJson,
    },
    text: unitText(u, eventName, names),
  };
}

/** "Men's 800m Final (official): 1. Ari Fictus 1:52.60, 2. …" once results are out; else one line. */
export function unitText(u: Unit, eventName: string, names: Names): string {
  // "Final Final" says nothing twice: the heat's name only when it adds something.
  const stage = u.heatName && u.heatName !== u.roundName ? [u.roundName, u.heatName] : [u.roundName];
  const title = [eventName, ...stage].filter(Boolean).join(' ');
  const placed = (u.results ?? [])
    .filter((r) => r.place !== null && r.place !== undefined && /^\d+$/.test(String(r.place)))
    .sort((a, b) => Number(a.place) - Number(b.place))
    .slice(0, 3);
  const out = u.resultsStatus === 'provisional' || u.resultsStatus === 'official';
  if (!out || placed.length === 0) return `${title}: ${u.status ? `now ${u.status}` : 'updated'}`;
  const lines = placed.map((r) => `${r.place}. ${personName(r, names)}${r.performance ? ` ${r.performance}` : ''}`);
  return `${title} (${u.resultsStatus}): ${lines.join(', ')}`;
}

/** The name the unit itself carries (some exports have one), else the competition's, else the bib. */
function personName(r: Result, names: Names): string {
  const own = r as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const fromUnit = text(own.name) || [text(own.firstName), text(own.lastName)].filter(Boolean).join(' ');
  return fromUnit || names.athleteName?.(r.bib) || `#${r.bib}`;
}

/**
 * The schedule as the competition lists it: its header, and its events with their units'
 * headers. Not the whole JSON: a competition can weigh tens of megabytes, mostly entries and
 * results that receivers get unit by unit anyway.
 */
function competitionUpdated(row: JournalRow): RelayMessage | null {
  const c = json(row.payload);
  if (!c || typeof c !== 'object' || Array.isArray(c)) return null;
  const comp = c as Record<string, unknown>;
  const pick = (o: Record<string, unknown>, keys: readonly string[]) =>
    Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  const objects = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);
  const events = objects(comp.events);
  const data = {
    ...pick(comp, ['id', 'slug', 'fullName', 'date', 'finishDate', 'year', 'country', 'type', 'venue']),
    events: events.map((e) => ({
      ...pick(e, ['eventId', 'eventCode', 'name', 'category', 'genders', 'day', 'rounds', 'r1Time', 'status']),
      units: objects(e.units).map((unit) =>
        pick(unit, ['eventId', 'round', 'heat', 'roundName', 'heatName', 'day', 'scheduledStartTime', 'status', 'resultsStatus']),
      ),
    })),
  };
  const name = typeof comp.fullName === 'string' && comp.fullName ? comp.fullName : 'Competition';
  return { type: 'competition.updated', orderKey: 'competition', data, text: `${name}: schedule updated (${events.length} events)` };
}

export interface Envelope {
  id: string;
  type: string;
  created: string;
  data: unknown;
}

/** Discord refuses (400) a message longer than this. */
export const DISCORD_LIMIT = 2000;

/** The body as sent: the Standard Webhooks envelope, or a chat message. */
export function renderBody(format: EndpointFormat, envelope: Envelope, text: string): string {
  switch (format) {
    case 'slack':
      return JSON.stringify({ text });
    case 'discord': {
      const chars = [...text];
      return JSON.stringify({ content: chars.length > DISCORD_LIMIT ? `${chars.slice(0, DISCORD_LIMIT - 1).join('')}…` : text });
    }
    case 'standard':
      return JSON.stringify(envelope);
  }
}

const compiled = new Map<string, RegExp>();

/** `*` any run of characters; everything else literal. */
export function matchesFilter(type: string, filter: readonly string[]): boolean {
  return filter.some((glob) => {
    let re = compiled.get(glob);
    if (!re) {
      re = new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      // Globs come from a handful of endpoints; the bound only guards against a runaway.
      if (compiled.size < 1000) compiled.set(glob, re);
    }
    return re.test(type);
  });
}
