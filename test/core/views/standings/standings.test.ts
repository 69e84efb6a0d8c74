import { describe, expect, it } from 'vitest';
import { CompetitionSchema, UnitSchema, type Unit } from '../../../../electron/core/model/opentrack';
import { computeStandings, peopleFrom } from '../../../../electron/core/views/standings/standings';
import { parseTime } from '../../../../electron/core/views/standings/marks';
import { REAL_COMPETITIONS, readSampleJson, samplesPresent } from '../../../helpers/samples';

const unit = (u: Record<string, unknown>): Unit => UnitSchema.parse({ eventId: 'E1', round: 1, heat: 1, ...u });

describe.skipIf(!samplesPresent)('standings on the real exports', () => {
  it.each(REAL_COMPETITIONS)('%s: computed places equal the official places of every unit', (file) => {
    const competition = CompetitionSchema.parse(readSampleJson(file));
    let compared = 0;
    for (const u of competition.events.flatMap((e) => e.units)) {
      const { standings } = computeStandings(u, peopleFrom(competition));
      for (const r of u.results ?? []) {
        if (typeof r.place !== 'number') continue;
        const mine = standings.find((s) => s.bib === r.bib);
        expect({ unit: `${u.eventId}/${u.round}/${u.heat}`, bib: r.bib, place: mine?.place }).toEqual({
          unit: `${u.eventId}/${u.round}/${u.heat}`,
          bib: r.bib,
          place: r.place,
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(50);
  });

  it('names athletes from the competitors list', () => {
    const competition = CompetitionSchema.parse(readSampleJson(REAL_COMPETITIONS[0]!));
    const u = competition.events.find((e) => e.eventCode === 'HJ')!.units[0]!;
    const { standings } = computeStandings(u, peopleFrom(competition));
    expect(standings.every((s) => typeof s.name === 'string' && s.name.length > 0)).toBe(true);
  });
});

describe('standings rules', () => {
  it('track: by time, ties shared, DNS/DNF/DQ unplaced', () => {
    const { kind, standings } = computeStandings(
      unit({
        eventCode: '100',
        results: [
          { bib: '1', performance: '10.52' },
          { bib: '2', performance: '10.48' },
          { bib: '3', performance: '10.52' },
          { bib: '4', performance: 'DNF' },
          { bib: '5', performance: '' },
          { bib: '6', performance: '10.60', place: 'DQ' },
        ],
      }),
    );
    expect(kind).toBe('track');
    expect(standings.map((s) => [s.bib, s.place, s.status])).toEqual([
      ['2', 1, 'valid'],
      ['1', 2, 'valid'],
      ['3', 2, 'valid'],
      ['4', null, 'dnf'],
      ['5', null, 'pending'],
      ['6', null, 'dq'],
    ]);
  });

  it('horizontal: best mark, then next best; fouls and passes are not marks', () => {
    const { kind, standings } = computeStandings(
      unit({
        eventCode: 'LJ',
        trials: [
          { bib: 'A', round: 1, result: '7.10' }, { bib: 'B', round: 1, result: '7.10' }, { bib: 'C', round: 1, result: 'x' },
          { bib: 'A', round: 2, result: '6.90' }, { bib: 'B', round: 2, result: '7.00' }, { bib: 'C', round: 2, result: '-' },
        ],
      }),
    );
    expect(kind).toBe('horizontal');
    expect(standings.map((s) => [s.bib, s.place, s.best])).toEqual([
      ['B', 1, '7.10'],
      ['A', 2, '7.10'],
      ['C', null, null],
    ]);
    expect(standings[2]!.attempts.map((a) => a.result)).toEqual(['x', '-']);
  });

  it('vertical: count-back on failures at the last height cleared, then in total', () => {
    const attempts = (bib: string, seq: Record<string, string>) =>
      Object.entries(seq).flatMap(([height, codes]) => [...codes].map((result) => ({ bib, height, result })));
    const { kind, standings } = computeStandings(
      unit({
        eventCode: 'HJ',
        trials: [
          ...attempts('A', { '1.80': 'o', '1.85': 'xo', '1.90': 'xxx' }),
          ...attempts('B', { '1.80': 'xo', '1.85': 'o', '1.90': 'xxx' }),
          ...attempts('C', { '1.80': 'o', '1.85': 'o', '1.90': 'xxx' }),
          ...attempts('D', { '1.80': 'xo', '1.85': 'xo', '1.90': 'xx-' }),
          ...attempts('E', { '1.80': 'xxx' }),
        ],
      }),
    );
    expect(kind).toBe('vertical');
    expect(standings.map((s) => [s.bib, s.place, s.best])).toEqual([
      ['C', 1, '1.85'],
      ['B', 2, '1.85'],
      ['A', 3, '1.85'],
      ['D', 4, '1.85'],
      ['E', null, null],
    ]);
    expect(standings.find((s) => s.bib === 'A')!.attempts).toEqual([
      { height: '1.80', result: 'o' },
      { height: '1.85', result: 'xo' },
      { height: '1.90', result: 'xxx' },
    ]);
  });

  it('an empty start list gives an empty table, a start list without marks gives pending rows', () => {
    expect(computeStandings(unit({ eventCode: '100' })).standings).toEqual([]);
    const { standings } = computeStandings(unit({ eventCode: 'SP', results: [{ bib: '9', order: 1 }] }));
    expect(standings).toMatchObject([{ bib: '9', place: null, status: 'pending' }]);
  });

  it('reads times with minutes and hours', () => {
    expect(parseTime('8:32.69')).toBeCloseTo(512.69);
    expect(parseTime('1:02:03.4')).toBeCloseTo(3723.4);
    expect(parseTime('DNS')).toBeNull();
  });
});

describe('what a start list and a result row say', () => {
  it('reads Q/q, record flags and other notes, and takes PB/SB from the entries', () => {
    const competition = CompetitionSchema.parse({
      competitors: [
        { competitorId: '7', firstName: 'Ada', lastName: 'Vale', teamName: 'North AC', eventsEntered: [{ eventId: 'E1', pb: '10.31', sb: '10.40' }] },
      ],
      events: [],
    });
    const { standings, wind } = computeStandings(
      unit({
        eventCode: '100',
        windAssistance: '+1.2',
        results: [
          { bib: '7', lane: 4, place: 1, performance: '10.29', note: 'Q PB' },
          { bib: '8', lane: 5, place: 2, performance: '10.45', note: 'q,=SB' },
          { bib: '9', lane: 6, performance: 'DQ', note: 'TR16.8' },
        ],
      }),
      peopleFrom(competition),
    );
    expect(wind).toBe('+1.2');
    expect(standings.map((s) => [s.bib, s.place, s.qualified, s.flags, s.status])).toEqual([
      ['7', 1, 'Q', ['PB'], 'valid'],
      ['8', 2, 'q', ['=SB'], 'valid'],
      ['9', null, null, [], 'dq'],
    ]);
    expect(standings[0]).toMatchObject({ name: 'Ada Vale', team: 'North AC', lane: 4, pb: '10.31', sb: '10.40' });
  });

  it('a start list comes in lane order before any time arrives', () => {
    const { standings } = computeStandings(unit({ eventCode: '200', results: [{ bib: '3', lane: 7 }, { bib: '1', lane: 2 }, { bib: '2', lane: 5 }] }));
    expect(standings.map((s) => [s.bib, s.lane, s.status])).toEqual([['1', 2, 'pending'], ['2', 5, 'pending'], ['3', 7, 'pending']]);
  });
});
