import { describe, expect, it } from 'vitest';
import {
  CompetitionSchema,
  LatestAttemptSchema,
  ResultsArrivedSchema,
  UnitSchema,
  VerticalAttemptSchema,
} from '../../../electron/core/model/opentrack';
import { REAL_COMPETITIONS, readSampleJson, samplesPresent } from '../../helpers/samples';

describe.skipIf(!samplesPresent)('OpenTrack schemas on the real exports in ../shared/samples', () => {
  it.each(REAL_COMPETITIONS)('%s parses as a competition, and every unit as a unit', (file) => {
    const json = readSampleJson(file);
    const competition = CompetitionSchema.parse(json);
    const units = competition.events.flatMap((e) => e.units);
    expect(competition.events.length).toBeGreaterThan(20);
    expect(units.length).toBe(competition.events.length);
    for (const raw of (json.events as { units: unknown[] }[]).flatMap((e) => e.units)) {
      const unit = UnitSchema.parse(raw);
      expect(typeof unit.eventId).toBe('string');
      expect(Number.isInteger(unit.round) && Number.isInteger(unit.heat)).toBe(true);
    }
    // Loose objects: nothing OpenTrack sends is dropped by validation.
    const firstUnit = (json.events as { units: Record<string, unknown>[] }[])[0]!.units[0]!;
    expect(Object.keys(UnitSchema.parse(firstUnit))).toEqual(expect.arrayContaining(Object.keys(firstUnit)));
  });

  it('reads horizontal trials with wind and vertical trials with heights', () => {
    const competition = CompetitionSchema.parse(readSampleJson(REAL_COMPETITIONS[1]!));
    const lj = competition.events.find((e) => e.eventCode === 'LJ')!.units[0]!;
    expect(lj.trials!.some((t) => typeof t.wind === 'number' && t.round === 1)).toBe(true);
    const hj = CompetitionSchema.parse(readSampleJson(REAL_COMPETITIONS[0]!)).events.find((e) => e.eventCode === 'HJ')!.units[0]!;
    expect(hj.trials!.every((t) => typeof t.height === 'string' && ['o', 'x', '-', 'r'].includes(t.result))).toBe(true);
  });
});

describe('OpenTrack overview events', () => {
  it('accepts results_arrived with ids as strings or numbers', () => {
    const parsed = ResultsArrivedSchema.parse({
      event_id: 14,
      round_no: '1',
      heat_no: 2,
      heat_name: 'Heat 2',
      winner_performance: '10.51',
      winner_name: 'Ada Example',
    });
    expect(parsed).toMatchObject({ event_id: '14', round_no: 1, heat_no: 2 });
  });

  it('tells vertical from horizontal attempts, keeping round (attempt) apart from round_no (stage)', () => {
    const vertical = LatestAttemptSchema.parse({ event_code: 'HJ', bib: '12', height: '1.85', attempts_at_height: 'xo', result: 'o' });
    expect(VerticalAttemptSchema.safeParse(vertical).success).toBe(true);
    const horizontal = LatestAttemptSchema.parse({ event_code: 'LJ', bib: 7, round: 3, result: '7.41', athlete_name: 'B. Sample' });
    expect(horizontal).toMatchObject({ bib: '7', round: 3, result: '7.41' });
  });

  it('rejects payloads missing what identifies them', () => {
    expect(ResultsArrivedSchema.safeParse({ round_no: 1, heat_no: 1 }).success).toBe(false);
    expect(LatestAttemptSchema.safeParse({ event_code: 'LJ', bib: '1' }).success).toBe(false);
    expect(UnitSchema.safeParse({ eventId: 'T01', round: 'one', heat: 1 }).success).toBe(false);
    expect(UnitSchema.safeParse({ eventId: 'T01', round: 1, heat: 1, results: 'none' }).success).toBe(false);
  });
});

describe('tolerance for odd real-world values', () => {
  it('one broken athlete row or display field does not cost the unit', () => {
    const unit = UnitSchema.parse({
      eventId: 'T01', round: 1, heat: 1, day: 'Saturday', windAssistance: { bad: true },
      results: [{ bib: '1', lane: '', performance: '10.50' }, { lane: 3 }, { bib: '2', place: { x: 1 } }],
      trials: [{ bib: '1', round: 1, result: null }],
    });
    expect(unit.day).toBeNull();
    expect(unit.results!.map((r) => [r.bib, r.lane, r.place])).toEqual([['1', null, undefined], ['2', undefined, null]]);
    expect(unit.trials).toEqual([]);
  });

  it('a competition with one malformed unit still lists the others', () => {
    const competition = CompetitionSchema.parse({
      events: [{ eventId: 'T01', units: [{ eventId: 'T01', round: 1, heat: 1 }, { eventId: 'T01', heat: 2 }] }, { name: 'no id' }],
      competitors: [{ competitorId: '1', teamId: 42 }, 'nonsense'],
    });
    expect(competition.events).toHaveLength(1);
    expect(competition.events[0]!.units).toHaveLength(1);
    expect(competition.competitors).toHaveLength(1);
  });
});
