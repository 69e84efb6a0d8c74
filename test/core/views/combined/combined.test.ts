/**
 * Combined events from a heptathlon built with known answers (test/helpers/combined-meet.ts):
 * grouping under the parent, running standings, points behind, and what the 800 m must bring.
 */
import { describe, expect, it } from 'vitest';
import { CompetitionSchema, UnitSchema, unitKeyString, type UnitKey } from '../../../../electron/core/model/opentrack';
import { buildCombined } from '../../../../electron/core/views/combined/combined';
import { pointsFor } from '../../../../electron/core/views/combined/scoring';
import { computeStandings, peopleFrom } from '../../../../electron/core/views/standings/standings';
import { TOTALS_AFTER_SIX, heptathlonCompetition } from '../../../helpers/combined-meet';

function build(mutate: (c: ReturnType<typeof heptathlonCompetition>) => void = () => {}) {
  const raw = heptathlonCompetition();
  mutate(raw);
  const competition = CompetitionSchema.parse(raw);
  const units = new Map(competition.events.flatMap((e) => e.units).map((u) => [unitKeyString(u), u]));
  const people = peopleFrom(competition);
  return buildCombined({
    competition,
    people,
    standingsOf: (k: UnitKey) => {
      const u = units.get(unitKeyString(k));
      return u ? computeStandings(UnitSchema.parse(u), people) : undefined;
    },
    dataPointsOf: (k, bib) => {
      const r = units.get(unitKeyString(k))?.results?.find((x) => x.bib === bib);
      return r?.points ? Number(r.points) : null;
    },
  });
}

describe('combined events', () => {
  it('groups the seven disciplines under the heptathlon in schedule order', () => {
    const [hep, ...others] = build();
    expect(others).toHaveLength(0);
    expect(hep!.eventId).toBe('HEP');
    expect(hep!.gender).toBe('women');
    expect(hep!.disciplines.map((d) => d.code)).toEqual(['100H', 'HJ', 'SP', '200', 'LJ', 'JT', '800']);
    expect(hep!.disciplines.map((d) => d.state)).toEqual(['done', 'done', 'done', 'done', 'done', 'done', 'to come']);
    expect(hep!.next).toBe('H07');
    expect(hep!.nextIsLast).toBe(true);
  });

  it('scores every mark and totals them; a DNS puts the athlete out', () => {
    const hep = build()[0]!;
    const byBib = new Map(hep.standings.map((a) => [a.bib, a]));
    for (const [bib, total] of Object.entries(TOTALS_AFTER_SIX)) expect(byBib.get(bib)!.total, bib).toBe(total);
    expect(byBib.get('31')!.scores.slice(0, 6).map((s) => s.points)).toEqual([1172, 1054, 915, 1123, 1264, 776]);
    expect(hep.standings.map((a) => [a.bib, a.place, a.behind])).toEqual([
      ['31', 1, 0], ['32', 2, 210], ['33', 3, 842], ['34', null, 0],
    ]);
    expect(byBib.get('34')!.out).toBe(true);
    expect(byBib.get('34')!.scores[4]).toMatchObject({ mark: 'DNS', points: 0 });
  });

  it('keeps the standings after every discipline', () => {
    const hep = build()[0]!;
    const a32 = hep.standings.find((a) => a.bib === '32')!;
    // 100H: 32 scores 1140 to 31's 1172; the HJ levels nothing (1054 each); the 800 m has not started.
    expect(a32.after[0]).toEqual({ total: 1140, place: 2 });
    expect(a32.after[1]).toEqual({ total: 2194, place: 2 });
    expect(a32.after[6]).toBeNull();
    // 34 was fourth after the 100 m hurdles (1050), placed until the DNS in the long jump.
    const a34 = hep.standings.find((a) => a.bib === '34')!;
    expect(a34.after[0]).toEqual({ total: 1050, place: 4 });
    expect(a34.after[3]).toEqual({ total: 3453, place: 4 });
    expect(a34.after[4]).toEqual({ total: 3453, place: null });
  });

  it('says what the 800 m must bring, as a time, against the rival’s average', () => {
    const hep = build()[0]!;
    const a32 = hep.standings.find((a) => a.bib === '32')!;
    // 31 averages 6304 / 6 = 1051: 32 needs 6304 + 1051 − 6094 + 1 = 1262 points = 1:50.98.
    expect(a32.needs).toEqual([
      expect.objectContaining({ target: 'lead', rivalBib: '31', points: 1262, mark: '1:50.98', rivalBasis: 'average' }),
    ]);
    expect(pointsFor('women', '800', '1:50.98')!.points).toBe(1262);
    expect(pointsFor('women', '800', '1:50.99')!.points).toBe(1261);
    const a33 = hep.standings.find((a) => a.bib === '33')!;
    // 32 averages 1016: 33 needs 6094 + 1016 − 5462 + 1 = 1649 points to pass: no 800 m scores that.
    expect(a33.needs.find((n) => n.target === 'place')).toMatchObject({ rivalBib: '32', points: 1649, mark: null });
    expect(a33.needs.find((n) => n.target === 'place')!.text).toMatch(/out of reach/i);
    expect(hep.standings.find((a) => a.bib === '31')!.needs).toEqual([]);
  });

  it('uses the rival’s actual 800 m once the rival has run it', () => {
    const hep = build((c) => {
      const e = c.events.find((x) => x.eventId === 'H07')!;
      const unit = (e.units as Record<string, unknown>[])[0]!;
      unit.heat = 1;
      // 31 ran in an earlier heat: 2:08.51 = 987 points.
      (e.units as Record<string, unknown>[]).unshift({
        ...unit, heat: 2, heatName: 'Heat 2', status: 'finished', resultsStatus: 'official',
        results: [{ bib: '31', lane: 4, performance: '2:08.51' }],
      });
      unit.results = [{ bib: '32', lane: 3 }, { bib: '33', lane: 4 }];
    })[0]!;
    expect(hep.disciplines[6]!.state).toBe('live');
    const need = hep.standings.find((a) => a.bib === '32')!.needs[0]!;
    // 6304 + 987 − 6094 + 1 = 1198 points.
    expect(need).toMatchObject({ rivalBasis: 'actual', points: 1198 });
    expect(pointsFor('women', '800', need.mark)!.points).toBeGreaterThanOrEqual(1198);
  });

  it('reports points the data carries beside the computed ones', () => {
    const hep = build((c) => {
      const unit = (c.events.find((x) => x.eventId === 'H01')!.units as { results: Record<string, unknown>[] }[])[0]!;
      unit.results.find((r) => r.bib === '31')!.points = 1172;
      unit.results.find((r) => r.bib === '32')!.points = 999;
    })[0]!;
    const first = (bib: string) => hep.standings.find((a) => a.bib === bib)!.scores[0]!;
    expect(first('31')).toMatchObject({ points: 1172, dataPoints: 1172 });
    expect(first('32')).toMatchObject({ points: 1140, dataPoints: 999 });
  });

  it('has no combined events when no event has a parent', () => {
    const none = build((c) => c.events.forEach((e) => delete e.parent));
    expect(none).toEqual([]);
  });
});


describe('which tables: men or women', () => {
  const meet = (parent: Record<string, unknown>, children: { eventId: string; eventCode: string; results?: object[]; category?: string }[]) =>
    CompetitionSchema.parse({
      competitors: [{ competitorId: '1', firstName: 'Ari', lastName: 'Fictus' }],
      events: [
        { eventId: 'P', units: [], ...parent },
        ...children.map((c) => ({
          eventId: c.eventId, eventCode: c.eventCode, category: c.category, parent: 'P',
          units: [{ eventId: c.eventId, eventCode: c.eventCode, round: 1, heat: 1, status: 'finished', resultsStatus: 'official', results: c.results ?? [] }],
        })),
      ],
    });
  const run = (competition: ReturnType<typeof meet>) => {
    const people = peopleFrom(competition);
    const units = new Map(competition.events.flatMap((e) => e.units).map((u) => [unitKeyString(u), u]));
    return buildCombined({ competition, people, standingsOf: (k) => computeStandings(UnitSchema.parse(units.get(unitKeyString(k))), people) })[0]!;
  };

  it('an indoor pentathlon with no gender written: the 60 m hurdles and 800 m are women’s', () => {
    const e = run(meet({ eventCode: 'PEN' }, [
      { eventId: 'A', eventCode: '60H', results: [{ bib: '1', performance: '8.50' }] },
      { eventId: 'B', eventCode: 'HJ' }, { eventId: 'C', eventCode: 'SP' }, { eventId: 'D', eventCode: 'LJ' }, { eventId: 'E', eventCode: '800' },
    ]));
    expect(e.gender).toBe('women');
    expect(e.standings[0]!.scores[0]!.points).toBe(pointsFor('women', '60H', '8.50')!.points);
  });

  it('a youth decathlon by its category (Norwegian G17 = boys), a hand time converted and marked', () => {
    const e = run(meet({ eventCode: 'DEC', category: 'G17' }, [{ eventId: 'A', eventCode: '100', results: [{ bib: '1', performance: '11.2' }] }]));
    expect(e.gender).toBe('men');
    expect(e.standings[0]!.scores[0]).toMatchObject({ mark: '11.2', handTimed: true, points: pointsFor('men', '100', '11.44')!.points });
  });

  it('no gender anywhere and nothing to tell by: no points rather than the wrong table', () => {
    const e = run(meet({ eventCode: 'TRI' }, [{ eventId: 'A', eventCode: 'LJ', results: [{ bib: '1' }] }]));
    expect(e.gender).toBeNull();
    expect(e.disciplines[0]!.scored).toBe(false);
    expect(e.standings[0]!.scores[0]!.points).toBeNull();
  });
});
