/**
 * Team scores and medals from a meet built with known answers: a tie for 2nd, a timed final over
 * two heats, a long jump with a no-mark, a relay, a final not yet run, and a finished heptathlon.
 */
import { describe, expect, it } from 'vitest';
import { CompetitionSchema, UnitSchema, unitKeyString, type UnitKey } from '../../../../electron/core/model/opentrack';
import { buildCombined } from '../../../../electron/core/views/combined/combined';
import { computeStandings, peopleFrom } from '../../../../electron/core/views/standings/standings';
import { affiliations, finishedEvents, medalTable, teamScores } from '../../../../electron/core/views/teams/teams';
import { heptathlonCompetition } from '../../../helpers/combined-meet';
import { FINISHED, teamMeet } from '../../../helpers/team-meet';

function places(raw: Record<string, unknown>) {
  const competition = CompetitionSchema.parse(raw);
  const units = new Map(competition.events.flatMap((e) => e.units).map((u) => [unitKeyString(u), u]));
  const people = peopleFrom(competition);
  const standingsOf = (k: UnitKey) => {
    const u = units.get(unitKeyString(k));
    return u ? computeStandings(UnitSchema.parse(u), people) : undefined;
  };
  const combined = buildCombined({ competition, people, standingsOf });
  return { events: finishedEvents({ competition, standingsOf, combined }), ...affiliations(competition) };
}

describe('team scores', () => {
  it('scores 8-7-…-1 with shared points for a tie, a timed final ranked across heats, relays for their club', () => {
    const { events, team } = places(teamMeet());
    expect(events.map((e) => e.eventId)).toEqual(['T1', 'T2', 'F1', 'R1']);
    expect(events.find((e) => e.eventId === 'T2')!.places).toEqual([
      { bib: '4', place: 1 }, { bib: '1', place: 2 }, { bib: '2', place: 3 }, { bib: '3', place: 4 },
    ]);
    // Harbour: 8 + 6.5 (tie) + 7 + 5 + 8 (relay) = 34.5; Ridge: 6.5 + 6 + 8 + 7 = 27.5; Vale: 5 + 8 + 7 = 20.
    expect(teamScores(events, (b) => team.get(b) ?? null, [8, 7, 6, 5, 4, 3, 2, 1])).toEqual([
      { team: 'Harbour AC', points: 34.5, scorers: 5, place: 1 },
      { team: 'Ridge Harriers', points: 27.5, scorers: 4, place: 2 },
      { team: 'Vale AC', points: 20, scorers: 3, place: 3 },
    ]);
  });

  it('uses the meet’s own table: 5-3-1 only', () => {
    const { events, team } = places(teamMeet());
    // T1: Harbour 5, Ridge & Harbour share (3+1)/2 = 2; T2: Vale 5, Harbour 3, Ridge 1; LJ: Ridge 5, Vale 3; relay: Harbour 5, Ridge 3.
    expect(teamScores(events, (b) => team.get(b) ?? null, [5, 3, 1]).map((t) => [t.team, t.points])).toEqual([
      ['Harbour AC', 15], ['Ridge Harriers', 11], ['Vale AC', 8],
    ]);
  });
});

describe('medal table', () => {
  it('by team: a tie for 2nd gives two silvers and no bronze; golds first, then silvers, then bronzes', () => {
    const { events, team } = places(teamMeet());
    expect(medalTable(events, (b) => team.get(b) ?? null)).toEqual([
      { name: 'Harbour AC', gold: 2, silver: 2, bronze: 0, total: 4, place: 1 },
      { name: 'Ridge Harriers', gold: 1, silver: 2, bronze: 1, total: 4, place: 2 },
      { name: 'Vale AC', gold: 1, silver: 1, bronze: 0, total: 2, place: 3 },
    ]);
  });

  it('by nation: athletes without one and relays without one count for nobody', () => {
    const { events, nation } = places(teamMeet());
    expect(medalTable(events, (b) => nation.get(b) ?? null)).toEqual([
      { name: 'NOR', gold: 1, silver: 2, bronze: 0, total: 3, place: 1 },
      { name: 'SWE', gold: 1, silver: 1, bronze: 1, total: 3, place: 2 },
      { name: 'DEN', gold: 1, silver: 1, bronze: 0, total: 2, place: 3 },
    ]);
  });

  it('a combined event counts once, by its final points, when every discipline is done', () => {
    const running = places(heptathlonCompetition());
    expect(running.events).toEqual([]);
    const hep = heptathlonCompetition();
    const unit = (hep.events.find((e) => e.eventId === 'H07')!.units as Record<string, unknown>[])[0]!;
    Object.assign(unit, FINISHED, { results: [{ bib: '31', performance: '2:10.00' }, { bib: '32', performance: '2:20.00' }, { bib: '33', performance: '2:05.00' }] });
    const finished = places(hep);
    expect(finished.events.map((e) => e.eventId)).toEqual(['HEP']);
    expect(medalTable(finished.events, (b) => finished.team.get(b) ?? null).map((m) => [m.name, m.gold, m.silver, m.bronze])).toEqual([
      ['Harbour AC', 1, 0, 0], ['Ridge Harriers', 0, 1, 0], ['Vale AC', 0, 0, 1],
    ]);
  });
});
