/**
 * The sport as it goes on air, from OpenTrack-shaped units through the core's own standings: shared
 * places, thousandths that decide a place, wind-aided marks, relay runners, round and heat names
 * said once, countries and flags.
 */
import { describe, expect, it } from 'vitest';
import { BROADCAST_COMPETITION, broadcastGraphics, broadcastUnits, find } from '../../../helpers/broadcast-meet';
import { attemptData, tableData, unitLabel, winnerData } from '../../../../electron/core/outputs/graphics/graphic-data';
import { isWindAided as windAided, windMeasured as countsWind } from '../../../../electron/core/model/wind';
import { flagCode } from '../../../../electron/core/model/countries';
import type { TableData, WinnerData } from '../../../../electron/core/model/graphics';
import type { LatestAttempt } from '../../../../electron/core/model/opentrack';
import { readSampleJson, REAL_COMPETITIONS, samplesPresent } from '../../../helpers/samples';

const { units, people } = broadcastUnits();
const byName = (t: TableData, name: string) => t.rows.find((r) => r['Name.Text']!.startsWith(name))!;

describe('ties and thousandths', () => {
  const board = tableData('race-results', find(units, 'T01'), 1, people, units);

  it('writes a shared place "=4" for both athletes, and the next place after them is 6', () => {
    expect(byName(board, 'Jean-Baptiste').Place).toBe('=4');
    expect(byName(board, 'Ingeborg').Place).toBe('=4');
    expect(byName(board, 'Kai').Place).toBe('6');
  });

  it('shows thousandths only where equal times got different places', () => {
    expect(byName(board, 'Marie-Louise').Mark).toBe('10.335');
    expect(byName(board, 'Åsmund').Mark).toBe('10.338');
    expect(byName(board, 'Zoë').Mark).toBe('10.40');
    // A dead heat the photo could not split stays at hundredths.
    expect(byName(board, 'Jean-Baptiste').Mark).toBe('10.52');
  });

  it('puts both winners of a dead heat in the winner lower third, as "=1"', () => {
    const w = winnerData(find(units, 'T02'), undefined, people, units)!;
    expect(w.place).toBe('=1');
    expect(w.winners!.map((p) => p.name)).toEqual([expect.stringMatching(/^Ingeborg /), 'Marie-Louise Vestergaard-Kristiansen']);
    // "Final" once, not "Final · Final".
    expect(w.subtitle).toBe('Final');
  });

  it('a single winner is "1" with one person; a wind-aided mark carries w and no PB', () => {
    const w = winnerData(find(units, 'T01'), undefined, people, units)!;
    // The note says PB, but a mark at more than +2.0 m/s cannot be one (model/wind.ts).
    expect(w).toMatchObject({ place: '1', performance: '10.335', aided: true, flags: [] });
    expect(w.winners).toHaveLength(1);
  });
});

describe('wind', () => {
  it('marks a sprint with +2.4 as wind-aided, a 200m with +1.1 not', () => {
    const sprint = tableData('race-results', find(units, 'T01'), 1, people, units);
    expect(sprint.rows.filter((r) => r.Place !== '').every((r) => r.Aided === 'w')).toBe(true);
    expect(sprint.status).toBe('Official · Wind +2.4');
    const heat = tableData('race-results', find(units, 'T02'), 1, people, units);
    expect(heat.rows.some((r) => r.Aided === 'w')).toBe(false);
  });

  it('in the long jump, only athletes whose best came with more than +2.0', () => {
    const lj = tableData('field-standings', find(units, 'F01'), 1, people, units);
    // Everyone's best is their sixth jump here, jumped at +2.6.
    expect(lj.rows.map((r) => [r.Mark, r['Wind.Text'], r.Aided])[0]).toEqual([expect.stringMatching(/^\d\.\d\d$/), '+2.6', 'w']);
    expect(lj.columns.map((c) => c.label)).toEqual(['', '', 'Athlete', 'Team', 'Best', 'Wind', 'Attempts']);
  });

  it('counts wind only where the rules do', () => {
    expect(['100', '200', '100H', '110H', '100mH', 'LJ', 'TJ'].every(countsWind)).toBe(true);
    expect(['60', '400', '110 H', 'HJ', 'SP'].map(countsWind)).toEqual([false, false, true, false, false]);
    expect(windAided('LJ', '+2.0')).toBe(false);
    expect(windAided('LJ', '2,1')).toBe(true);
    expect(windAided('400', 3)).toBe(false);
  });

  it('the attempt popup says a wind-aided jump and the shared place', () => {
    const a = attemptData({ event_code: 'LJ', bib: '101', round: 6, result: '6.26', wind: 2.6 } as LatestAttempt, units, people);
    expect(a).toMatchObject({ aided: true, nat: 'NOR', flag: 'no' });
  });
});

describe('relays', () => {
  it('shows the team once, with its runners under it', () => {
    const board = tableData('race-results', find(units, 'T06'), 1, people, units);
    const first = board.rows[0]!;
    expect(first['Name.Text']).toBe('Sportsklubben Vidar Friidrettsgruppe');
    // No team column at all: the team is the name.
    expect(board.columns.map((c) => c.role)).toEqual(['place', 'name', 'mark', 'tags']);
    expect(first.Runners!.split('\n')).toEqual(BROADCAST_COMPETITION.relayTeams[0]!.runnerNames);
    expect(board.pageSize).toBe(5);
    const w = winnerData(find(units, 'T06'), undefined, people, units) as WinnerData;
    expect(w.winners![0]!.runners).toHaveLength(4);
  });
});

describe('names of rounds and heats', () => {
  it('never says "None" and never says a name twice', () => {
    expect(unitLabel({ eventId: 'A', eventName: 'Men 400m', roundName: 'Final', heatName: 'None' })).toBe('Final');
    expect(unitLabel({ eventId: 'A', eventName: 'Men 400m', roundName: 'Final', heatName: 'final' })).toBe('Final');
    expect(unitLabel({ eventId: 'A', eventName: 'Men 400m Final', roundName: 'Final', heatName: null })).toBeNull();
    expect(unitLabel({ eventId: 'A', eventName: 'Men 400m', roundName: 'Round 1', heatName: 'Heat 2' })).toBe('Round 1 · Heat 2');
    // A single-unit event gains nothing from "Round 1 · Pool 1".
    expect(unitLabel({ eventId: 'A', eventName: 'J14 Stav', roundName: 'Round 1', heatName: 'Pool 1' }, [{ eventId: 'A' }])).toBeNull();
    const lj = tableData('field-standings', find(units, 'F01'), 1, people, units);
    // The only pool of a one-pool final: "Final" says it.
    expect(lj.subtitle).toBe('Final');
    expect(lj.status).toBe('Round 6 of 6');
  });

  it('has no results status "None": a status OpenTrack writes as "none" is not shown', () => {
    const u = { ...find(units, 'F01'), resultsStatus: 'none' };
    expect(tableData('field-standings', u, 1, people, units).status).toBe('Round 6 of 6');
  });
});

describe('countries', () => {
  it('maps IOC codes to flag files, including those unlike ISO', () => {
    expect(['NOR', 'GER', 'SUI', 'NED', 'DEN', 'RSA', 'DEU', 'no'].map(flagCode)).toEqual(['no', 'de', 'ch', 'nl', 'dk', 'za', 'de', 'no']);
    expect(flagCode('XYZ')).toBeNull();
    expect(flagCode('\n')).toBeNull();
  });

  it('every graphic carries the country code, the flag where one is known', () => {
    const g = broadcastGraphics();
    const board = g['race-results'] as TableData;
    expect(board.columns[1]!.role).toBe('nat');
    expect(byName(board, 'Zoë')).toMatchObject({ Nat: 'ESP', Flag: 'es' });
    expect(byName(g['start-list'] as TableData, 'Tessa')).toMatchObject({ Nat: 'XYZ', Flag: '' });
  });

  it('leaves the country column out when every athlete has the same one (a national meet)', () => {
    const national = { ...BROADCAST_COMPETITION, competitors: BROADCAST_COMPETITION.competitors.map((c) => ({ ...c, nationality: 'NOR' })) };
    const { units: u, people: p } = broadcastUnits(national);
    expect(tableData('race-results', find(u, 'T01'), 1, p, u).columns.map((c) => c.role)).not.toContain('nat');
    // The lower third still says who it is.
    expect(winnerData(find(u, 'T01'), undefined, p, u)!.winners![0]).toMatchObject({ nat: 'NOR', flag: 'no' });
  });
});

describe.skipIf(!samplesPresent)('real meets', () => {
  it.each(REAL_COMPETITIONS)('%s: every unit makes every board without "None", with shared places written "="', (file) => {
    const { units: real, people: realPeople } = broadcastUnits(readSampleJson(file));
    let boards = 0;
    for (const u of real) {
      for (const board of ['race-results', 'field-standings', 'start-list'] as const) {
        const t = tableData(board, u, 1, realPeople, real);
        boards++;
        expect(`${t.subtitle} ${t.status}`).not.toMatch(/\bNone\b/);
        const places = u.standings.standings.map((s) => s.place).filter((p) => p !== null);
        for (const r of t.rows) {
          if (!r.Place) continue;
          const shared = places.filter((p) => String(p) === r.Place!.replace('=', '')).length > 1;
          expect(r.Place.startsWith('='), `${u.eventName} ${r['Name.Text']}`).toBe(shared);
        }
      }
    }
    expect(boards).toBeGreaterThan(30);
  });
});
