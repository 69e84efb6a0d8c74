/**
 * The wind rule as OpenTrack writes wind: signed strings on races ("+2.4"), numbers on jumps,
 * the odd comma or typographic minus. Exactly +2.0 is legal; only wind-measured events count.
 */
import { describe, expect, it } from 'vitest';
import { UnitSchema } from '../../../../electron/core/model/opentrack';
import { computeStandings } from '../../../../electron/core/views/standings/standings';
import { isWindAided, windMeasured } from '../../../../electron/core/model/wind';
import { legalFlags } from '../../../../electron/core/views/standings/wind';

describe('wind-aided', () => {
  it('over +2.0 in a wind-measured event, whatever the notation', () => {
    expect(['+2.1', 2.1, '2,1', ' +2.3 '].map((w) => isWindAided('100', w))).toEqual([true, true, true, true]);
    expect(['+2.0', 2, '−2.5', '-3.0', '', null, 'n/a'].map((w) => isWindAided('LJ', w))).toEqual([false, false, false, false, false, false, false]);
    expect(['100', '200', '100H', '110H', 'LJ', 'TJ', 'lj'].every(windMeasured)).toBe(true);
    expect(['60', '400', '60H', 'HJ', 'SP', '4x100', null].some(windMeasured)).toBe(false);
  });

  it('drops bests and records, keeps qualification and the rest', () => {
    expect(legalFlags(['PB', '=SB', 'NR', 'WL', 'CR'], true)).toEqual([]);
    expect(legalFlags(['PB', 'NR'], false)).toEqual(['PB', 'NR']);
  });

  it('a 200 m at +2.4 keeps its places; DNS and DQ rows are not marked', () => {
    const { standings } = computeStandings(
      UnitSchema.parse({
        eventId: 'T2', round: 1, heat: 1, eventCode: '200', windAssistance: '+2.4',
        results: [
          { bib: '1', lane: 3, place: 1, performance: '20.31', note: 'SB' },
          { bib: '2', lane: 4, place: 2, performance: '20.40' },
          { bib: '3', lane: 5, performance: 'DNS' },
        ],
      }),
    );
    expect(standings.map((r) => [r.bib, r.place, r.windAided ?? false, r.flags])).toEqual([
      ['1', 1, true, []],
      ['2', 2, true, []],
      ['3', null, false, []],
    ]);
  });
});
