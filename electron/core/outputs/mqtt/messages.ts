/**
 * What the MQTT output publishes for a journal row: retained states (a unit as `/api/units/…`
 * shows it, its standings, a triathlon program, the competition's schedule) and events (a result
 * arrived, an attempt, a new leader, a status change, a webhook message). Every event carries the
 * journal seq it came from, so a subscriber can order and dedupe (QoS 1 is at least once).
 */
import type { StandingsResponse } from '../../model/api';
import type { UnitKey } from '../../model/opentrack';
import { messageFor, type Names } from '../relay/messages';
import type { CompetitionView } from '../../views/competition-view';
import type { JournalRow } from '../../store/journal';
import type { Store } from '../../store/store';
import type { TriathlonView } from '../../views/triathlon/programs-view';
import type { OutboxEntry } from './outbox';
import type { Topics } from './topics';

export interface MessageDeps {
  store: Store;
  view: CompetitionView;
  triathlon: TriathlonView;
  topics: Topics;
  /** The leader announced last for a unit (kept durable by the caller), and its update. */
  leader: (unit: string) => string | undefined;
  setLeader: (unit: string, leader: string) => void;
}

export type EventType = 'result.arrived' | 'attempt.recorded' | 'unit.updated' | 'leader.changed' | 'competition.updated' | `webhook.${string}`;

const WEBHOOK_SOURCES: ReadonlySet<string> = new Set(['triathlon', 'trackscore', 'standard']);

const unitRef = (k: UnitKey) => ({ eventId: k.eventId, round: k.round, heat: k.heat });

/** `T01/1/2` → key; the event id may itself hold `/`, so round and heat are the last two parts. */
export function parseUnitKey(text: string | undefined): UnitKey | undefined {
  if (!text) return undefined;
  const parts = text.split('/');
  if (parts.length < 3) return undefined;
  const heat = Number(parts.pop());
  const round = Number(parts.pop());
  if (!Number.isInteger(round) || !Number.isInteger(heat)) return undefined;
  return { eventId: parts.join('/'), round, heat };
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class MqttMessages {
  private readonly names: Names;

  constructor(private readonly deps: MessageDeps) {
    const view = deps.view;
    this.names = {
      eventName: (eventId) => view.meta().competition?.events.find((e) => e.eventId === eventId)?.name ?? undefined,
      athleteName: (bib) => view.meta().people.get(bib)?.name ?? undefined,
    };
  }

  /** Everything a journal row publishes, in the order it should go out. */
  forRow(row: JournalRow): OutboxEntry[] {
    if (!row.accepted) return [];
    if (WEBHOOK_SOURCES.has(row.source)) return this.webhook(row);
    if (row.competition !== undefined && row.competition !== this.deps.view.competitionKey) return [];
    switch (row.event) {
      case 'results_arrived':
      case 'latest_attempt':
        return this.overview(row);
      case 'unit':
        return row.changed ? this.unitChanged(row) : this.unitSeenAgain(row);
      case 'competition':
        return row.changed ? this.competitionChanged(row) : [];
      default:
        return [];
    }
  }

  /**
   * Every retained state as it is now: published after each (re)connect, so a broker that lost
   * its store (restarted without persistence, a new node of a cluster) is whole again.
   */
  retainedNow(): OutboxEntry[] {
    const { store, view, triathlon } = this.deps;
    const out: OutboxEntry[] = [];
    const competition = this.competitionState();
    if (competition) out.push(competition);
    for (const u of store.units.list(view.competitionKey)) out.push(...this.unitStates(u, null));
    for (const p of triathlon.list()) {
      const state = this.programState(p.progId, null);
      if (state) out.push(state);
    }
    return out;
  }

  // Rows

  private overview(row: JournalRow): OutboxEntry[] {
    const message = messageFor(row, this.names);
    if (!message) return [];
    const data = message.data as Record<string, unknown>;
    const unit =
      parseUnitKey(row.unitKey) ??
      (typeof data.eventId === 'string' && typeof data.round === 'number' && typeof data.heat === 'number'
        ? { eventId: data.eventId, round: data.round, heat: data.heat }
        : undefined);
    const topic = unit ? this.deps.topics.unitEvents(unit) : this.deps.topics.events;
    return [this.event(topic, row, message.type as EventType, unit, message.data)];
  }

  private unitChanged(row: JournalRow): OutboxEntry[] {
    const key = parseUnitKey(row.unitKey);
    if (!key) return [];
    const stored = this.deps.store.units.get(this.deps.view.competitionKey, key);
    if (!stored) return [];
    const out: OutboxEntry[] = [];
    const header = json(stored.json) as { status?: unknown; resultsStatus?: unknown; eventName?: unknown } | undefined;
    out.push(
      this.event(this.deps.topics.unitEvents(key), row, 'unit.updated', key, {
        status: header?.status ?? null,
        resultsStatus: header?.resultsStatus ?? null,
        eventName: this.names.eventName(key.eventId) ?? header?.eventName ?? null,
      }),
    );
    const standings = this.deps.view.standings(key, stored.hash);
    const leader = leaderOf(standings);
    const unitName = `${this.deps.view.competitionKey}\u0000${row.unitKey}`;
    const before = this.deps.leader(unitName);
    const now = leader ? `${leader.bib}\u0000${leader.mark}` : '';
    if (leader && now !== (before ?? '')) {
      const previous = before ? { bib: before.split('\u0000')[0], mark: before.split('\u0000')[1] } : null;
      out.push(this.event(this.deps.topics.unitEvents(key), row, 'leader.changed', key, { leader, previous, finished: standings?.finished ?? false }));
    }
    if (now !== (before ?? '')) this.deps.setLeader(unitName, now);
    out.push(...this.unitStates(key, row.seq));
    return out;
  }

  /** The same copy again: only its receivedAt moved, which the retained state shows as the API does. */
  private unitSeenAgain(row: JournalRow): OutboxEntry[] {
    const key = parseUnitKey(row.unitKey);
    const state = key && this.unitStates(key, row.seq)[0];
    return state ? [state] : [];
  }

  private competitionChanged(row: JournalRow): OutboxEntry[] {
    const message = messageFor(row, this.names);
    const out: OutboxEntry[] = [];
    if (message) {
      const data = message.data as { fullName?: unknown; events?: unknown[] };
      out.push(this.event(this.deps.topics.events, row, 'competition.updated', undefined, { fullName: data.fullName ?? null, events: data.events?.length ?? 0 }));
      out.push({ topic: this.deps.topics.competition, payload: JSON.stringify({ seq: row.seq, competition: this.deps.view.competitionKey, ...data }), retain: true, journalSeq: row.seq });
    }
    // Names and field rules live in the competition: every unit's standings may read differently now.
    for (const u of this.deps.store.units.list(this.deps.view.competitionKey)) {
      const s = this.standingsState(u, row.seq);
      if (s) out.push(s);
    }
    return out;
  }

  private webhook(row: JournalRow): OutboxEntry[] {
    const out: OutboxEntry[] = [this.event(this.deps.topics.webhooks(row.source), row, `webhook.${row.source}.${row.event}`, undefined, json(row.payload) ?? null)];
    if (row.source === 'triathlon' && row.changed) {
      const body = json(row.payload) as { payload?: { prog_id?: unknown } } | undefined;
      const id = body?.payload?.prog_id;
      const state = id === undefined || id === null ? undefined : this.programState(String(id), row.seq);
      if (state) out.push(state);
    }
    return out;
  }

  // States and envelopes

  private event(topic: string, row: JournalRow, type: EventType, unit: UnitKey | undefined, data: unknown): OutboxEntry {
    const payload = {
      id: `${row.seq}:${type}`,
      seq: row.seq,
      type,
      receivedAt: new Date(row.receivedAt).toISOString(),
      competition: this.deps.view.competitionKey,
      unit: unit ? unitRef(unit) : null,
      catchUp: row.catchUp ?? false,
      data,
    };
    return { topic, payload: JSON.stringify(payload), retain: false, journalSeq: row.seq };
  }

  /** The unit as `GET /api/units/…` answers (its JSON spliced in as received), and its standings. */
  private unitStates(key: UnitKey, seq: number | null): OutboxEntry[] {
    const stored = this.deps.store.units.get(this.deps.view.competitionKey, key);
    if (!stored) return [];
    const meta = JSON.stringify({
      receivedAt: new Date(stored.receivedAt).toISOString(),
      changedAt: new Date(stored.changedAt).toISOString(),
      source: stored.source,
      changedWhileOffline: stored.changedOffline,
      seq: stored.seq ?? null,
    });
    const out: OutboxEntry[] = [{ topic: this.deps.topics.unit(key), payload: `{"unit":${stored.json},${meta.slice(1)}`, retain: true, journalSeq: seq }];
    const standings = this.standingsState(key, seq, stored.hash);
    if (standings) out.push(standings);
    return out;
  }

  private standingsState(key: UnitKey, seq: number | null, hash?: string): OutboxEntry | undefined {
    const standings = this.deps.view.standings(key, hash);
    if (!standings) return undefined;
    return { topic: this.deps.topics.standings(key), payload: JSON.stringify(standings), retain: true, journalSeq: seq };
  }

  private competitionState(): OutboxEntry | undefined {
    const stored = this.deps.store.competitions.get(this.deps.view.competitionKey);
    if (!stored) return undefined;
    const message = messageFor(
      { seq: 0, source: 'opentrack', channel: '', event: 'competition', payload: stored.meta, receivedAt: stored.receivedAt, accepted: true, changed: true },
      this.names,
    );
    if (!message) return undefined;
    return {
      topic: this.deps.topics.competition,
      payload: JSON.stringify({ seq: null, competition: this.deps.view.competitionKey, ...(message.data as object) }),
      retain: true,
      journalSeq: null,
    };
  }

  private programState(id: string, seq: number | null): OutboxEntry | undefined {
    const view = this.deps.triathlon.view(id);
    if (!view) return undefined;
    return { topic: this.deps.topics.program(id), payload: JSON.stringify(view), retain: true, journalSeq: seq };
  }
}

/** First place now (the winner once the unit is over): the same rule as the dashboard's leader. */
function leaderOf(standings: StandingsResponse | null | undefined): { bib: string; name: string | null; mark: string; shared: boolean } | null {
  const first = standings?.standings.filter((r) => r.place === 1) ?? [];
  if (!first.length || !first[0]!.best) return null;
  return { bib: first.map((r) => r.bib).join(' '), name: first.map((r) => r.name ?? r.bib).join(' & '), mark: first[0]!.best, shared: first.length > 1 };
}
