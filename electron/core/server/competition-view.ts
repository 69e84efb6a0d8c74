/**
 * The competition as the API shows it: the latest metadata merged with every cached unit, so the
 * overview works from cache alone and always shows how old each unit's copy is.
 */
import type { CompetitionResponse, EventSummary, UnitSummary } from '../model/api';
import { CompetitionSchema, unitKeyString, type Competition } from '../model/opentrack';
import type { Store } from '../store/store';
import type { StoredUnitSummary } from '../store/units';
import { peopleFrom, type People } from '../standings/standings';

interface ParsedMeta {
  hash: string;
  competition?: Competition;
  people: People;
}

export class CompetitionView {
  private parsed?: ParsedMeta;

  constructor(
    private readonly store: Store,
    readonly competitionKey: string,
    readonly competitionUrl: string,
  ) {}

  /** Parsed metadata, re-parsed only when the stored copy changed. */
  meta(): ParsedMeta {
    const stored = this.store.competitions.get(this.competitionKey);
    if (!stored) return { hash: '', people: new Map() };
    const version = `${stored.hash}@${stored.receivedAt}`;
    if (this.parsed?.hash !== version) {
      const result = CompetitionSchema.safeParse(JSON.parse(stored.meta));
      const competition = result.success ? result.data : undefined;
      this.parsed = { hash: version, competition, people: peopleFrom(competition) };
    }
    return this.parsed;
  }

  build(now = Date.now()): CompetitionResponse {
    const stored = this.store.competitions.get(this.competitionKey);
    const { competition } = this.meta();
    const cached = new Map(this.store.units.list(this.competitionKey).map((u) => [unitKeyString(u), u]));
    const events: EventSummary[] = [];
    const seen = new Set<string>();
    for (const e of competition?.events ?? []) {
      const units = e.units.map((u) => {
        const key = unitKeyString(u);
        seen.add(key);
        return summarise(u, cached.get(key), now);
      });
      events.push({
        eventId: e.eventId,
        eventCode: e.eventCode ?? null,
        name: e.name ?? null,
        category: e.category ?? null,
        day: e.day ?? null,
        parent: e.parent ?? null,
        units,
      });
    }
    // Units cached but not (or no longer) listed, e.g. when the metadata never arrived.
    for (const u of cached.values()) {
      if (seen.has(unitKeyString(u))) continue;
      let event = events.find((e) => e.eventId === u.eventId);
      if (!event) {
        const header = this.unitHeader(u);
        event = { eventId: u.eventId, eventCode: header.eventCode ?? null, name: header.eventName ?? null, category: null, day: null, parent: null, units: [] };
        events.push(event);
      }
      event.units.push(summarise(this.unitHeader(u), u, now));
    }
    const { events: _e, competitors: _c, ...rest } = (competition ?? {}) as Record<string, unknown>;
    return {
      competition: {
        ...rest,
        key: this.competitionKey,
        url: this.competitionUrl,
        fullName: competition?.fullName ?? null,
        receivedAt: stored ? new Date(stored.receivedAt).toISOString() : null,
      },
      events,
    };
  }

  private unitHeader(u: StoredUnitSummary): UnitHeader {
    const full = this.store.units.get(this.competitionKey, u);
    try {
      return { ...(JSON.parse(full?.json ?? '{}') as UnitHeader), eventId: u.eventId, round: u.round, heat: u.heat };
    } catch {
      return { eventId: u.eventId, round: u.round, heat: u.heat };
    }
  }
}

interface UnitHeader {
  eventId: string;
  round: number;
  heat: number;
  eventCode?: string | null;
  eventName?: string | null;
  heatName?: string | null;
  roundName?: string | null;
  scheduledStartTime?: string | null;
  status?: string | null;
  resultsStatus?: string | null;
}

function summarise(header: UnitHeader, cached: StoredUnitSummary | undefined, now: number): UnitSummary {
  return {
    eventId: header.eventId,
    round: header.round,
    heat: header.heat,
    heatName: header.heatName ?? null,
    roundName: header.roundName ?? null,
    scheduledStartTime: header.scheduledStartTime ?? null,
    // The unit's own copy is newer than the competition's list.
    status: cached?.status ?? header.status ?? null,
    resultsStatus: cached?.resultsStatus ?? header.resultsStatus ?? null,
    receivedAt: cached ? new Date(cached.receivedAt).toISOString() : null,
    cacheAgeMs: cached ? Math.max(0, now - cached.receivedAt) : null,
    changedAt: cached ? new Date(cached.changedAt).toISOString() : null,
    changedWhileOffline: cached?.changedOffline ?? false,
  };
}
