/**
 * The combined-events formula against official points: the per-event scores of three world
 * records as World Athletics published them (marks and points are public record; no names here).
 * The shared OADM heptathlon sample is checked too: its `scorePoints` are placeholders (11.21 in the
 * 100 m hurdles "scoring" 4587), so the test proves they are not WA points rather than matching them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR, readSampleJson } from '../../../helpers/samples';
import { disciplineCode, formatSeconds, markForPoints, pointsFor, type Gender } from '../../../../electron/core/views/combined/scoring';

type Row = [code: string, mark: string, points: number];

const DECATHLON_9126: Row[] = [
  ['100', '10.55', 963], ['LJ', '7.80', 1010], ['SP', '16.00', 851], ['HJ', '2.05', 850], ['400', '48.42', 889],
  ['110H', '13.75', 1007], ['DT', '50.54', 882], ['PV', '5.45', 1051], ['JT', '71.90', 918], ['1500', '4:36.11', 705],
];
const HEPTATHLON_7291: Row[] = [
  ['100H', '12.69', 1172], ['HJ', '1.86', 1054], ['SP', '15.80', 915], ['200', '22.56', 1123], ['LJ', '7.27', 1264],
  ['JT', '45.66', 776], ['800', '2:08.51', 987],
];
const INDOOR_HEPTATHLON_6645: Row[] = [
  ['60', '6.79', 958], ['LJ', '8.16', 1102], ['SP', '14.56', 763], ['HJ', '2.03', 831], ['60H', '7.68', 1064],
  ['PV', '5.20', 972], ['1000', '2:32.77', 955],
];

const cases: [string, Gender, Row[], number][] = [
  ['outdoor decathlon world record', 'men', DECATHLON_9126, 9126],
  ['heptathlon world record', 'women', HEPTATHLON_7291, 7291],
  ['indoor heptathlon world record', 'men', INDOOR_HEPTATHLON_6645, 6645],
];

describe('World Athletics combined-events points', () => {
  for (const [what, gender, rows, total] of cases) {
    it(`scores every discipline of the ${what} as published, ${total} in all`, () => {
      let sum = 0;
      for (const [code, mark, points] of rows) {
        const scored = pointsFor(gender, code, mark);
        expect(scored?.points, `${code} ${mark}`).toBe(points);
        sum += scored!.points;
      }
      expect(sum).toBe(total);
    });
  }

  it('reads OpenTrack spellings of hurdles and sprint codes', () => {
    expect(disciplineCode('110mH')).toBe('110H');
    expect(disciplineCode('60 H')).toBe('60H');
    expect(disciplineCode('100m')).toBe('100');
    expect(pointsFor('women', '100mH', '12.69')?.points).toBe(1172);
  });

  it('converts a hand time (one decimal) as the tables direct and says so', () => {
    // 10.8 hand = 11.04 electronic; 48.2 hand = 48.34; 4:36.1 over 1500 m is scored as written.
    expect(pointsFor('men', '100', '10.8')).toMatchObject({ handTimed: true, value: 11.04, points: pointsFor('men', '100', '11.04')!.points });
    expect(pointsFor('men', '400', '48.2')).toMatchObject({ handTimed: true, value: 48.34 });
    expect(pointsFor('men', '1500', '4:36.1')).toMatchObject({ handTimed: false, value: 276.1 });
  });

  it('rounds thousandths up to the next hundredth', () => {
    expect(pointsFor('men', '100', '10.551')?.value).toBe(10.56);
  });

  it('gives no points for no mark and zero beyond the table', () => {
    for (const m of ['DNF', 'x', '', 'NM']) expect(pointsFor('men', '100', m)).toBeNull();
    expect(pointsFor('men', '100', '19.00')?.points).toBe(0);
    expect(pointsFor('men', 'XYZ', '10.00')).toBeNull();
  });

  it('inverts the formula: the weakest mark that scores the points, exactly at the edge', () => {
    const codes: [Gender, string][] = [
      ['men', '100'], ['men', '1500'], ['men', 'LJ'], ['men', 'PV'], ['men', 'JT'], ['men', '110H'],
      ['women', '800'], ['women', 'HJ'], ['women', 'SP'], ['women', '60H'],
    ];
    for (const [gender, code] of codes) {
      for (let target = 300; target <= 1250; target += 37) {
        const need = markForPoints(gender, code, target)!;
        expect(need.points, `${gender} ${code} ${target}`).toBeGreaterThanOrEqual(target);
        // One step weaker (a hundredth slower, a centimetre shorter) no longer scores it.
        const time = /^\d/.test(code) && !/J|V|P|T$/.test(code);
        const weaker = time ? formatSeconds(need.value + 0.01) : ((Math.round(Number(need.text) * 100) - 1) / 100).toFixed(2);
        expect(pointsFor(gender, code, weaker)!.points, `${gender} ${code} ${target} weaker ${weaker}`).toBeLessThan(target);
      }
    }
    expect(markForPoints('women', '800', 987)?.text).toBe('2:08.51');
    expect(markForPoints('women', 'LJ', 1264)?.text).toBe('7.27');
  });

  const SAMPLE = '10_oadm_euro_champs_heptathlon_combined.json';
  it.skipIf(!existsSync(join(SAMPLES_DIR, SAMPLE)))('finds the OADM heptathlon sample carries placeholder points, not WA points', () => {
    const found: { discipline: string; mark: string; scorePoints: number }[] = [];
    const walk = (o: unknown, discipline: string) => {
      if (Array.isArray(o)) return o.forEach((x) => walk(x, discipline));
      if (!o || typeof o !== 'object') return;
      const rec = o as Record<string, unknown>;
      const d = typeof rec.discipline === 'string' ? rec.discipline.replace('discipline:', '') : discipline;
      const perf = (rec.performance as { value?: string } | undefined)?.value;
      if (typeof rec.scorePoints === 'number' && rec.scorePoints > 0 && perf) found.push({ discipline: d, mark: perf, scorePoints: rec.scorePoints });
      for (const v of Object.values(rec)) walk(v, d);
    };
    walk(readSampleJson(SAMPLE), '');
    const hurdles = found.filter((f) => f.discipline === '100mH' && /^\d+\.\d\d$/.test(f.mark));
    expect(hurdles.length).toBeGreaterThan(0);
    for (const f of hurdles) expect(pointsFor('women', '100H', f.mark)!.points).not.toBe(f.scorePoints);
  });
});
