/**
 * Which marks equal or beat a record: lower times, longer marks, the wind rule at its edges.
 */
import { describe, expect, it } from 'vitest';
import type { RecordRow } from '../../../../electron/core/model/records';
import { recordsBroken, recordsFor, windAided } from '../../../../electron/core/views/records/records';

const rec = (event: string, mark: string, extra: Partial<RecordRow> = {}): RecordRow => ({
  id: 1, event, gender: 'M', category: 'SEN', kind: 'meeting', mark, holder: null, year: null, place: null, ...extra,
});

describe('records broken', () => {
  it('a time equals or beats when it is as fast or faster; a mark when it is as long or longer', () => {
    expect(recordsBroken([rec('100', '10.21')], '100', '10.21', '+1.0')).toEqual([{ record: rec('100', '10.21'), equals: true }]);
    expect(recordsBroken([rec('100', '10.21')], '100', '10.20', '+1.0')[0]!.equals).toBe(false);
    expect(recordsBroken([rec('100', '10.21')], '100', '10.22', '+1.0')).toEqual([]);
    expect(recordsBroken([rec('1500', '3:31.46')], '1500', '3:31.45', null)).toHaveLength(1);
    expect(recordsBroken([rec('SP', '20.00')], 'SP', '19.99', null)).toEqual([]);
    expect(recordsBroken([rec('SP', '20.00')], 'SP', '20.01', null)).toHaveLength(1);
  });

  it('wind: +2.0 is legal, +2.1 is aided in the 100 m, 200 m, hurdles, long and triple jump; other events ignore it', () => {
    expect(windAided('100', '+2.0')).toBe(false);
    expect(windAided('100', '+2.1')).toBe(true);
    expect(windAided('110mH', 2.4)).toBe(true);
    expect(windAided('TJ', '2,3')).toBe(true);
    expect(windAided('LJ', null)).toBe(false);
    expect(windAided('400', '+5.0')).toBe(false);
    expect(windAided('SP', 3)).toBe(false);
    expect(recordsBroken([rec('100', '10.21')], '100', '9.99', '+2.1')).toEqual([]);
    expect(recordsBroken([rec('400', '46.00')], '400', '45.99', '+3.0')).toHaveLength(1);
  });

  it('applies a record to its event and gender, and its category or any', () => {
    const all = [rec('LJ', '8.00'), rec('LJ', '7.50', { category: 'U18' }), rec('LJ', '7.80', { category: '' }), rec('LJ', '6.80', { gender: 'F' })];
    expect(recordsFor(all, { eventCode: 'LJ', gender: 'M', category: 'SEN' }).map((r) => r.mark)).toEqual(['8.00', '7.80']);
    expect(recordsFor(all, { eventCode: 'LJ', gender: 'W', category: 'SEN' }).map((r) => r.mark)).toEqual(['6.80']);
    expect(recordsFor(all, { eventCode: 'LJ', gender: 'F', category: '' }).map((r) => r.mark)).toEqual([]);
    expect(recordsFor([rec('LJ', '6.80', { gender: 'F', category: '' })], { eventCode: 'LJ', gender: 'W', category: 'U20' })).toHaveLength(1);
  });
});
