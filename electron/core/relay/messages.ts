/**
 * What the relay sends for a journal row: its type (what endpoint filters match), the unit it
 * belongs to (deliveries for one unit keep their order), and the body in the endpoint's format.
 */
import { LatestAttemptSchema, ResultsArrivedSchema, UnitSchema } from '../model/opentrack';
import type { EndpointFormat } from '../model/relay';
import type { JournalRow } from '../store/journal';

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

const WEBHOOK_SOURCES = new Set(['triathlon', 'trackscore', 'standard']);

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The message for an accepted journal row, or null for rows nobody outside needs (unchanged copies). */
export function messageFor(row: JournalRow, names: Names): RelayMessage | null {
  if (!row.accepted) return null;
  if (WEBHOOK_SOURCES.has(row.source)) {
    const data = json(row.payload);
    return { type: `webhook.${row.source}.${row.event}`, orderKey: row.channel, data, text: `${row.source}: ${row.event}` };
  }
  switch (row.event) {
    case 'results_arrived': {
      const p = ResultsArrivedSchema.safeParse(json(row.payload));
      if (!p.success) return null;
      const r = p.data;
      const eventName = names.eventName(String(r.event_id)) ?? `Event ${r.event_id}`;
      const title = [eventName, r.heat_name].filter(Boolean).join(' ');
      const winner = r.winner_name ? `1. ${r.winner_name}${r.winner_performance ? ` ${r.winner_performance}` : ''}` : 'results in';
      return {
        type: 'result.arrived',
        orderKey: `${r.event_id}/${r.round_no}/${r.heat_no}`,
        data: {
          eventId: String(r.event_id),
          round: Number(r.round_no),
          heat: Number(r.heat_no),
          heatName: r.heat_name ?? null,
          eventName,
          winner: { name: r.winner_name ?? null, performance: r.winner_performance ?? null },
        },
        text: `${title}: ${winner}`,
      };
    }
    case 'latest_attempt': {
      const payload = json(row.payload);
      const p = LatestAttemptSchema.safeParse(payload);
      if (!p.success) return null;
      const a = p.data as Record<string, unknown>;
      const eventName = names.eventName(String(a.event_id ?? '')) ?? String(a.event_code);
      const who = String(a.athlete_name ?? a.bib);
      const detail = 'height' in a && a.height !== undefined ? `${a.height} ${a.attempts_at_height ?? a.result}` : `attempt ${a.round}: ${a.result}`;
      return {
        type: 'attempt.recorded',
        orderKey: row.unitKey ?? `attempts/${a.event_code}`,
        data: { ...(payload as object), eventName },
        text: `${eventName}: ${who} ${detail}`,
      };
    }
    case 'unit': {
      if (!row.changed) return null;
      const p = UnitSchema.safeParse(json(row.payload));
      if (!p.success) return null;
      const u = p.data;
      const eventName = names.eventName(u.eventId) ?? u.eventName ?? `Event ${u.eventId}`;
      return {
        type: 'unit.updated',
        orderKey: `${u.eventId}/${u.round}/${u.heat}`,
        data: {
          eventId: u.eventId,
          round: u.round,
          heat: u.heat,
          status: u.status ?? null,
          resultsStatus: u.resultsStatus ?? null,
          eventName,
          unit: json(row.payload),
        },
        text: unitText(u, eventName, names),
      };
    }
    case 'competition':
      return row.changed ? { type: 'competition.updated', orderKey: 'competition', data: json(row.payload), text: 'Competition schedule updated' } : null;
    default:
      return null;
  }
}

type ParsedUnit = ReturnType<typeof UnitSchema.parse>;

function unitText(u: ParsedUnit, eventName: string, names: Names): string {
  const title = [eventName, u.roundName, u.heatName].filter(Boolean).join(' ');
  const status = u.resultsStatus ? ` (${u.resultsStatus})` : '';
  const placed = (u.results ?? [])
    .filter((r) => r.place !== null && r.place !== undefined && /^\d+$/.test(String(r.place)))
    .sort((a, b) => Number(a.place) - Number(b.place))
    .slice(0, 3);
  if (!u.resultsStatus || placed.length === 0) return `${title}: updated`;
  const lines = placed.map((r) => `${r.place}. ${names.athleteName?.(String(r.bib)) ?? `#${r.bib}`}${r.performance ? ` ${r.performance}` : ''}`);
  return `${title}${status}: ${lines.join(', ')}`;
}

export interface Envelope {
  id: string;
  type: string;
  created: string;
  data: unknown;
}

const DISCORD_LIMIT = 2000;

/** The body as sent: the Standard Webhooks envelope, or a chat message. */
export function renderBody(format: EndpointFormat, envelope: Envelope, text: string): string {
  switch (format) {
    case 'slack':
      return JSON.stringify({ text });
    case 'discord':
      return JSON.stringify({ content: text.length > DISCORD_LIMIT ? `${text.slice(0, DISCORD_LIMIT - 1)}…` : text });
    case 'standard':
      return JSON.stringify(envelope);
  }
}

/** `*` any run of characters; everything else literal. */
export function matchesFilter(type: string, filter: readonly string[]): boolean {
  return filter.some((glob) => {
    const pattern = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${pattern}$`).test(type);
  });
}
