/**
 * Team scores and the medal table from finished finals. Pure: the caller hands in each unit's
 * standings and the combined events' final standings.
 *
 * Rules (README "Teams and medals"):
 * - An event counts once its last round is over; a final run in several heats (a timed final) is
 *   ranked across its heats by mark.
 * - A combined event counts as one event, by its final points, once every discipline is done;
 *   its disciplines do not count on their own.
 * - Tied athletes share the points of the places they cover (two 2nds with 8-7-6: 6.5 each) and
 *   each gets the medal (two golds, then no silver).
 * - Athletes with no team (or no nationality, for a medal table by nation) score for nobody.
 */
import type { StandingsResponse } from '../../model/api';
import type { CombinedEvent } from '../../model/combined';
import type { Competition, UnitKey } from '../../model/opentrack';
import type { MedalRow, TeamOptions, TeamScore } from '../../model/teams';
import { parseDistance, parseTime } from '../standings/marks';

export interface TeamsInput {
  competition: Competition | undefined;
  standingsOf(key: UnitKey): StandingsResponse | null | undefined;
  combined: readonly CombinedEvent[];
  options: TeamOptions;
}

/** Who placed where in one finished event. */
export interface EventPlaces {
  eventId: string;
  places: { bib: string; place: number }[];
}

export function finishedEvents(input: Pick<TeamsInput, 'competition' | 'standingsOf' | 'combined'>): EventPlaces[] {
  const out: EventPlaces[] = [];
  const combinedIds = new Set(input.combined.map((c) => c.eventId));
  for (const e of input.competition?.events ?? []) {
    if (e.parent || combinedIds.has(e.eventId) || !e.units.length) continue;
    const lastRound = Math.max(...e.units.map((u) => u.round));
    const heats = e.units.filter((u) => u.round === lastRound).map((u) => input.standingsOf({ eventId: e.eventId, round: u.round, heat: u.heat }));
    if (!heats.length || heats.some((s) => !s || !s.finished)) continue;
    const places = heats.length === 1 ? heats[0]!.standings.filter((s) => s.place !== null).map((s) => ({ bib: s.bib, place: s.place! })) : acrossHeats(heats as StandingsResponse[]);
    if (places.length) out.push({ eventId: e.eventId, places });
  }
  for (const c of input.combined) {
    if (!c.disciplines.length || c.disciplines.some((d) => d.state !== 'done')) continue;
    out.push({ eventId: c.eventId, places: c.standings.filter((a) => a.place !== null).map((a) => ({ bib: a.bib, place: a.place! })) });
  }
  return out;
}

/** A timed final: every heat's valid marks ranked together, equal marks sharing the place. */
function acrossHeats(heats: StandingsResponse[]): { bib: string; place: number }[] {
  const kind = heats[0]!.kind;
  const marks = heats.flatMap((h) =>
    h.standings.flatMap((s) => {
      if (s.place === null || !s.best) return [];
      const v = kind === 'track' ? parseTime(s.best) : parseDistance(s.best);
      return v === null ? [] : [{ bib: s.bib, v: kind === 'track' ? v : -v }];
    }),
  );
  marks.sort((a, b) => a.v - b.v);
  return marks.map((m) => ({ bib: m.bib, place: 1 + marks.filter((o) => o.v < m.v).length }));
}

export function teamScores(events: readonly EventPlaces[], teamOf: (bib: string) => string | null, points: readonly number[]): TeamScore[] {
  const totals = new Map<string, { points: number; scorers: number }>();
  for (const e of events) {
    for (const p of e.places) {
      const team = teamOf(p.bib);
      if (!team) continue;
      const tied = e.places.filter((o) => o.place === p.place).length;
      // Tied athletes share the points of the places they cover.
      let sum = 0;
      for (let i = 0; i < tied; i++) sum += points[p.place - 1 + i] ?? 0;
      const share = sum / tied;
      if (share <= 0) continue;
      const t = totals.get(team) ?? { points: 0, scorers: 0 };
      t.points += share;
      t.scorers++;
      totals.set(team, t);
    }
  }
  const rows = [...totals.entries()].map(([team, t]) => ({ team, points: Math.round(t.points * 100) / 100, scorers: t.scorers }));
  rows.sort((a, b) => b.points - a.points || a.team.localeCompare(b.team));
  return rows.map((r) => ({ ...r, place: 1 + rows.filter((o) => o.points > r.points).length }));
}

export function medalTable(events: readonly EventPlaces[], groupOf: (bib: string) => string | null): MedalRow[] {
  const table = new Map<string, { gold: number; silver: number; bronze: number }>();
  for (const e of events) {
    for (const p of e.places) {
      if (p.place > 3) continue;
      const group = groupOf(p.bib);
      if (!group) continue;
      const row = table.get(group) ?? { gold: 0, silver: 0, bronze: 0 };
      row[p.place === 1 ? 'gold' : p.place === 2 ? 'silver' : 'bronze']++;
      table.set(group, row);
    }
  }
  const rows = [...table.entries()].map(([name, m]) => ({ name, ...m, total: m.gold + m.silver + m.bronze }));
  const key = (r: (typeof rows)[number]) => [r.gold, r.silver, r.bronze];
  const better = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
    return 0;
  };
  rows.sort((a, b) => better(a, b) || a.name.localeCompare(b.name));
  return rows.map((r) => ({ ...r, place: 1 + rows.filter((o) => better(o, r) < 0).length }));
}

/** Team (club) and nation per bib, from the competitors and relay teams. */
export function affiliations(competition: Competition | undefined): { team: Map<string, string>; nation: Map<string, string> } {
  const team = new Map<string, string>();
  const nation = new Map<string, string>();
  for (const c of competition?.competitors ?? []) {
    const bib = c.bib ?? c.competitorId;
    if (!bib) continue;
    const t = c.teamName ?? c.teamId;
    if (t) team.set(String(bib), t);
    if (c.nationality) nation.set(String(bib), c.nationality);
  }
  for (const r of competition?.relayTeams ?? []) {
    if (!r.bib) continue;
    const raw = r as Record<string, unknown>;
    const t = (typeof raw.teamName === 'string' && raw.teamName) || (typeof raw.teamId === 'string' && raw.teamId) || r.name;
    if (t) team.set(String(r.bib), t);
    if (typeof raw.nationality === 'string' && raw.nationality) nation.set(String(r.bib), raw.nationality);
  }
  return { team, nation };
}
