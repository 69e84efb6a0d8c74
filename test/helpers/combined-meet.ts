/**
 * A fictional heptathlon in OpenTrack's shape with known answers: six disciplines done, the 800 m
 * to come. Athlete 31's marks are the heptathlon world-record series (published points: 1172,
 * 1054, 915, 1123, 1264, 776 = 6304 after six); the others' points follow from the WA tables.
 */
import type { UnitJson } from './fixtures';

export const HEPTATHLON_PATH = '/x/2026/TST/combined-test/';
export const LONG_NAME = 'Wilhelmina Alexandrova-Castellanos de la Fuente';

type Marks = Record<string, string | null>;
/** bib → marks by discipline; null = DNS. */
export const HEPTATHLON_MARKS: Record<string, Marks> = {
  '31': { '100H': '12.69', HJ: '1.86', SP: '15.80', '200': '22.56', LJ: '7.27', JT: '45.66' },
  '32': { '100H': '12.90', HJ: '1.86', SP: '15.00', '200': '23.00', LJ: '6.90', JT: '48.00' },
  '33': { '100H': '13.20', HJ: '1.83', SP: '13.50', '200': '24.00', LJ: '6.30', JT: '40.00' },
  '34': { '100H': '13.50', HJ: '1.70', SP: '12.00', '200': '25.00', LJ: null },
};
/** Totals after six disciplines, from the WA tables (31 is the published world-record series). */
export const TOTALS_AFTER_SIX: Record<string, number> = { '31': 6304, '32': 6094, '33': 5462, '34': 3453 };

const DISCIPLINES = [
  { eventId: 'H01', code: '100H', name: '100m Hurdles', time: '09:30' },
  { eventId: 'H02', code: 'HJ', name: 'High Jump', time: '10:30' },
  { eventId: 'H03', code: 'SP', name: 'Shot Put', time: '13:00' },
  { eventId: 'H04', code: '200', name: '200m', time: '15:00' },
  { eventId: 'H05', code: 'LJ', name: 'Long Jump', time: '10:00', day: 2 },
  { eventId: 'H06', code: 'JT', name: 'Javelin', time: '12:00', day: 2 },
  { eventId: 'H07', code: '800', name: '800m', time: '15:30', day: 2 },
];

const BIBS = Object.keys(HEPTATHLON_MARKS);

function unitFor(d: (typeof DISCIPLINES)[number]): UnitJson {
  const base = {
    eventId: d.eventId, eventCode: d.code, eventName: `Heptathlon ${d.name}`, round: 1, heat: 1, roundName: 'Final', heatName: 'Final',
    day: d.day ?? 1, scheduledStartTime: d.time,
  };
  const done = d.code !== '800';
  if (!done) return { ...base, status: 'scheduled', resultsStatus: '', results: BIBS.filter((b) => b !== '34').map((bib, i) => ({ bib, lane: i + 3 })) };
  const entered = BIBS.filter((b) => d.code in HEPTATHLON_MARKS[b]!);
  const finished = { status: 'finished', resultsStatus: 'official' };
  if (/^\d/.test(d.code)) {
    return {
      ...base, ...finished, windAssistance: '+0.8',
      results: entered.map((bib, i) => ({ bib, lane: i + 3, performance: HEPTATHLON_MARKS[bib]![d.code] ?? 'DNS' })),
    };
  }
  if (d.code === 'HJ') {
    const trials = entered.flatMap((bib) => {
      const cleared = HEPTATHLON_MARKS[bib]![d.code]!;
      const failed = (Number(cleared) + 0.03).toFixed(2);
      return [{ bib, height: cleared, result: 'o' }, ...['x', 'x', 'x'].map((result) => ({ bib, height: failed, result }))];
    });
    return { ...base, ...finished, results: entered.map((bib, i) => ({ bib, order: i + 1 })), trials };
  }
  const trials = entered.flatMap((bib) => {
    const mark = HEPTATHLON_MARKS[bib]![d.code];
    return mark === null ? [] : [{ bib, round: 1, result: 'x' }, { bib, round: 2, result: mark }, { bib, round: 3, result: '-' }];
  });
  return {
    ...base, ...finished,
    results: entered.map((bib, i) => ({ bib, order: i + 1, ...(HEPTATHLON_MARKS[bib]![d.code] === null ? { performance: 'DNS' } : {}) })),
    trials,
  };
}

export function heptathlonCompetition(): Record<string, unknown> & { events: Record<string, unknown>[] } {
  return {
    id: 'combined-0001', slug: 'combined-test', fullName: 'Combined Test Meet', date: '2026-06-01', finishDate: '2026-06-02',
    year: 2026, country: 'TST', type: 'TRACK',
    competitors: [
      { competitorId: '31', firstName: 'Wilhelmina', lastName: 'Alexandrova-Castellanos de la Fuente', gender: 'F', teamName: 'Harbour AC' },
      { competitorId: '32', firstName: 'Ida', lastName: 'Testwoman', gender: 'F', teamName: 'Ridge Harriers' },
      { competitorId: '33', firstName: 'Mo', lastName: 'Example', gender: 'F', teamName: 'Vale AC' },
      { competitorId: '34', firstName: 'Kit', lastName: 'Placeholder', gender: 'F', teamName: 'Vale AC' },
    ],
    events: [
      { eventId: 'HEP', eventCode: 'HEP', name: 'Women Heptathlon', genders: 'F', category: 'SEN', day: 1, rounds: '1', units: [] },
      ...DISCIPLINES.map((d) => ({
        eventId: d.eventId, eventCode: d.code, name: `Heptathlon ${d.name}`, genders: 'F', category: 'SEN', day: d.day ?? 1,
        rounds: '1', r1Time: d.time, parent: 'HEP', units: [unitFor(d)],
      })),
    ],
    relayTeams: [],
    teams: [],
  };
}
