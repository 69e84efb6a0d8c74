/**
 * Lap splits: a built 1500 m with known leaders and gaps, the real 3000 m export (when the shared
 * samples are present), and races too short for splits.
 */
import { describe, expect, it } from 'vitest';
import { CompetitionSchema, UnitSchema } from '../../../../electron/core/model/opentrack';
import { computeSplits, raceMetres } from '../../../../electron/core/views/splits/splits';
import { peopleFrom } from '../../../../electron/core/views/standings/standings';
import { parseTime } from '../../../../electron/core/views/standings/marks';
import { readSampleJson, samplesPresent } from '../../../helpers/samples';

const split = (distance: number, elapsedTime: string, lapTime: string) => ({ distance, elapsedTime, lapTime });

const race = UnitSchema.parse({
  eventId: 'T9', round: 1, heat: 1, eventCode: '1500', status: 'finished', resultsStatus: 'official',
  results: [
    { bib: '1', place: 2, performance: '3:40.10', splits: [split(400, '58.90', '58.90'), split(800, '1:58.00', '59.10'), split(1200, '2:57.50', '59.50')] },
    { bib: '2', place: 1, performance: '3:40.00', splits: [split(400, '59.20', '59.20'), split(800, '1:58.00', '58.80'), split(1200, '2:57.00', '59.00')] },
    { bib: '3', place: 3, performance: '3:45.00', splits: [split(400, '59.00', '59.00'), split(800, '1:59.50', '1:00.50')] },
    { bib: '4', performance: 'DNF' },
  ],
});

describe('lap splits', () => {
  it('gives the leader at each split, each athlete’s position there and the gap', () => {
    const s = computeSplits(race, new Map([['2', { name: 'Bo Placeholder', team: null, bests: new Map() }]]));
    expect(s.distanceRace).toBe(true);
    expect(s.distances).toEqual([400, 800, 1200]);
    expect(s.leaders.map((l) => [l.distance, l.bib, l.elapsed, l.lap])).toEqual([
      [400, '1', '58.90', '58.90'], [800, '1', '1:58.00', '59.10'], [1200, '2', '2:57.00', '59.00'],
    ]);
    expect(s.leaders[2]!.name).toBe('Bo Placeholder');
    expect(s.athletes.map((a) => a.bib)).toEqual(['2', '1', '3']);
    const third = s.athletes.find((a) => a.bib === '3')!;
    expect(third.splits).toEqual([
      { elapsed: '59.00', lap: '59.00', position: 2, behind: '+0.10' },
      { elapsed: '1:59.50', lap: '1:00.50', position: 3, behind: '+1.50' },
      { elapsed: null, lap: null, position: null, behind: null },
    ]);
    // Level at 800 m: both 1st, no gap.
    expect(s.athletes.find((a) => a.bib === '2')!.splits[1]).toEqual({ elapsed: '1:58.00', lap: '58.80', position: 1, behind: null });
  });

  it('knows which races are 800 m and up', () => {
    expect(['800', '1500', '3000SC', '5K', '10000m', 'MILE'].map(raceMetres)).toEqual([800, 1500, 3000, 5000, 10000, 1609]);
    expect(computeSplits({ ...race, eventCode: '400' }).distanceRace).toBe(false);
    expect(computeSplits({ ...race, eventCode: 'LJ' }).distanceRace).toBe(false);
  });

  it.skipIf(!samplesPresent)('reads the real 3000 m export: the leader at each split has the fastest time there', () => {
    const competition = CompetitionSchema.parse(readSampleJson('01_opentrack_competition_NOR_ser4-25.json'));
    const units = competition.events.flatMap((e) => e.units).filter((u) => u.results?.some((r) => r.splits?.length));
    expect(units.length).toBeGreaterThan(0);
    const people = peopleFrom(competition);
    for (const unit of units) {
      const s = computeSplits(unit, people);
      expect(s.distanceRace).toBe(true);
      expect(s.leaders).toHaveLength(s.distances.length);
      s.distances.forEach((d, i) => {
        const times = s.athletes.map((a) => parseTime(a.splits[i]!.elapsed)).filter((t): t is number => t !== null);
        expect(parseTime(s.leaders[i]!.elapsed)).toBe(Math.min(...times));
        expect(s.athletes.filter((a) => a.splits[i]!.position === 1).map((a) => a.bib)).toContain(s.leaders[i]!.bib);
      });
    }
  });
});
