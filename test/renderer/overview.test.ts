import { describe, expect, it } from 'vitest';
import { type OverviewQuery, fold, latestResult, overviewGroups, searchAthletes, unitStatus } from '../../renderer/src/logic/overview';
import { competition, eventSummary, unitSummary } from './fixtures';

const meet = competition([
  eventSummary('F01', 'Women Long Jump', 'horizontal', [unitSummary('F01', { scheduledStartTime: '17:00', status: 'in progress' })]),
  eventSummary('T01', 'Men 100m', 'track', [
    unitSummary('T01', { heat: 1, scheduledStartTime: '11:05', resultsStatus: 'official', changedAt: '2026-11-22T11:10:00.000Z' }),
    unitSummary('T01', { heat: 2, scheduledStartTime: '11:12', resultsStatus: 'provisional', changedAt: '2026-11-22T11:20:00.000Z' }),
    unitSummary('T01', { round: 2, heat: 1, heatName: 'Final', scheduledStartTime: '18:20', entries: 8 }),
  ]),
  eventSummary('T09', 'Women 200m', 'track', [unitSummary('T09', { scheduledStartTime: '14:00' })], { day: 2 }),
]);
const athletes = [
  { bib: '102', name: 'Tamsin Hawthorne-Vey', team: 'Harbour AC', units: [{ eventId: 'T01', round: 1, heat: 1 }, { eventId: 'T01', round: 2, heat: 1 }] },
  { bib: '7', name: 'Bjørn Ærø', team: 'Vale Athletic', units: [{ eventId: 'F01', round: 1, heat: 1 }] },
];
const all: OverviewQuery = { kind: 'all', status: 'all', search: '' };

describe('meet overview', () => {
  it('groups by day and session in time order', () => {
    const groups = overviewGroups(meet, all, athletes);
    expect(groups.map((g) => [g.label, g.rows.map((r) => r.key)])).toEqual([
      ['Day 1 · Morning', ['T01/1/1', 'T01/1/2']],
      ['Day 1 · Evening', ['F01/1/1', 'T01/2/1']],
      ['Day 2 · Afternoon', ['T09/1/1']],
    ]);
  });

  it('filters by discipline and by status', () => {
    const keys = (q: Partial<OverviewQuery>) => overviewGroups(meet, { ...all, ...q }, athletes).flatMap((g) => g.rows.map((r) => r.key));
    expect(keys({ kind: 'field' })).toEqual(['F01/1/1']);
    expect(keys({ kind: 'track', status: 'results' })).toEqual(['T01/1/1', 'T01/1/2']);
    expect(keys({ status: 'live' })).toEqual(['F01/1/1']);
    expect(keys({ status: 'upcoming' })).toEqual(['T01/2/1', 'T09/1/1']);
  });

  it('finds an athlete by bib or by name without accents, and shows who matched', () => {
    const byBib = overviewGroups(meet, { ...all, search: '#102' }, athletes).flatMap((g) => g.rows);
    expect(byBib.map((r) => [r.key, r.matched.map((a) => a.bib)])).toEqual([['T01/1/1', ['102']], ['T01/2/1', ['102']]]);
    expect(searchAthletes(athletes, 'bjorn aero').map((a) => a.bib)).toEqual(['7']);
    expect(fold('Zoë')).toBe('zoe');
    // An event name matches too.
    expect(overviewGroups(meet, { ...all, search: 'long jump' }, athletes).flatMap((g) => g.rows.map((r) => r.key))).toEqual(['F01/1/1']);
  });

  it('status badges: start list, live, provisional, official; the latest result is the newest change', () => {
    expect(unitStatus({ status: null, resultsStatus: null, entries: 8 }).tone).toBe('seeded');
    expect(unitStatus({ status: 'unscheduled', resultsStatus: null, entries: 0 })).toEqual({ text: 'scheduled', tone: 'scheduled' });
    expect(unitStatus({ status: 'in progress', resultsStatus: null, entries: 8 }).tone).toBe('live');
    expect(unitStatus({ status: 'finished', resultsStatus: 'official', entries: 8 }).tone).toBe('official');
    expect(latestResult(meet)).toMatchObject({ eventId: 'T01', heat: 2 });
  });
});
