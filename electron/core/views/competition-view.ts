/**
 * The competition as the API shows it: the latest metadata merged with every cached unit, so the
 * overview works from cache alone and always shows how old each unit's copy is.
 */
import type { Athlete, CompetitionResponse, EventSummary, LeaderSummary, StandingsResponse, UnitSummary } from '../model/api';
import {
  CompetitionSchema,
  FIELD_EVENT_CODES,
  UnitSchema,
  VERTICAL_EVENT_CODES,
  unitKeyString,
  type Competition,
  type Unit,
  type UnitKey,
} from '../model/opentrack';
import type { Store } from '../store/store';
import { fastUnit } from '../ingest/fast-validate';
import type { StoredUnitSummary } from '../store/units';
import { computeStandings, peopleFrom, rulesFor, type People } from './standings/standings';
import { recordsFor } from './records/records';
import { noteFor } from '../store/athlete-notes';

interface ParsedMeta {
  hash: string;
  competition?: Competition;
  people: People;
}

export class CompetitionView {
  private parsed?: ParsedMeta;
  /** Standings per unit, recomputed only when the unit or the competition's metadata changed. */
  private readonly standingsCache = new Map<string, { version: string; standings: StandingsResponse | null }>();

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

  /**
   * The unit's standings under its event's rules, or undefined for an unknown unit, or null when
   * the cached copy no longer validates.
   */
  standings(key: UnitKey, hash?: string): StandingsResponse | null | undefined {
    const meta = this.meta();
    const cacheKey = unitKeyString(key);
    const cached = this.standingsCache.get(cacheKey);
    const records = this.store.records.version;
    if (hash && cached?.version === `${hash}|${meta.hash}|${records}`) return cached.standings;
    const stored = this.store.units.get(this.competitionKey, key);
    if (!stored) return undefined;
    const version = `${stored.hash}|${meta.hash}|${records}`;
    if (cached?.version === version) return cached.standings;
    const json: unknown = JSON.parse(stored.json);
    const quick = fastUnit(json) as Unit | undefined;
    const parsed = quick ? { success: true as const, data: quick } : UnitSchema.safeParse(json);
    const event = meta.competition?.events.find((e) => e.eventId === key.eventId);
    const applying = parsed.success
      ? recordsFor(this.store.records.list(), { eventCode: event?.eventCode ?? parsed.data.eventCode, gender: event?.genders, category: event?.category })
      : [];
    const standings = parsed.success ? computeStandings(parsed.data, meta.people, rulesFor(event), { records: applying }) : null;
    this.standingsCache.set(cacheKey, { version, standings });
    return standings;
  }

  /** Everyone in a start list or result, with the units they are in, for search by bib or name. */
  athletes(): Athlete[] {
    const { people } = this.meta();
    const notes = this.store.notes.list();
    const byBib = new Map<string, Athlete>();
    for (const u of this.store.units.list(this.competitionKey)) {
      for (const row of this.standings(u, u.hash)?.standings ?? []) {
        let athlete = byBib.get(row.bib);
        if (!athlete) {
          const person = people.get(row.bib);
          const note = noteFor(notes, row.bib, person?.name ?? null);
          athlete = {
            bib: row.bib,
            name: person?.name ?? null,
            team: person?.team ?? null,
            units: [],
            ...(note ? { notes: note.notes, pronunciation: note.pronunciation } : {}),
          };
          byBib.set(row.bib, athlete);
        }
        athlete.units.push({ eventId: u.eventId, round: u.round, heat: u.heat });
      }
    }
    return [...byBib.values()];
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
        const stored = cached.get(key);
        return summarise(u, stored, now, stored && this.standings(stored, stored.hash));
      });
      events.push({
        eventId: e.eventId,
        eventCode: e.eventCode ?? null,
        kind: eventKind(e.eventCode),
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
        event = {
          eventId: u.eventId,
          eventCode: header.eventCode ?? null,
          kind: eventKind(header.eventCode),
          name: header.eventName ?? null,
          category: null,
          day: null,
          parent: null,
          units: [],
        };
        events.push(event);
      }
      event.units.push(summarise(this.unitHeader(u), u, now, this.standings(u, u.hash)));
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

function eventKind(code: string | null | undefined): EventSummary['kind'] {
  const c = (code ?? '').toUpperCase();
  return VERTICAL_EVENT_CODES.has(c) ? 'vertical' : FIELD_EVENT_CODES.has(c) ? 'horizontal' : 'track';
}

/** Who is first in the unit now (the winner once it is over). */
function leaderOf(standings: StandingsResponse | null | undefined): LeaderSummary | null {
  const first = standings?.standings.filter((r) => r.place === 1) ?? [];
  if (!first.length || !first[0]!.best) return null;
  return { bib: first.map((r) => r.bib).join(' '), name: first.map((r) => r.name ?? r.bib).join(' & '), mark: first[0]!.best, shared: first.length > 1 };
}

function summarise(header: UnitHeader, cached: StoredUnitSummary | undefined, now: number, standings?: StandingsResponse | null): UnitSummary {
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
    leader: leaderOf(standings),
    entries: standings?.standings.length ?? 0,
  };
}
