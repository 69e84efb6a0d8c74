/**
 * Field flow and now/next, from real core standings: the round in progress, who is up and on
 * deck (start order before the cut, reverse standings after it), the bar and who is still in for
 * a vertical event, and the countdown from the schedule.
 */
import { describe, expect, it } from 'vitest';
import { UnitSchema } from '../../electron/core/model/opentrack';
import { computeStandings } from '../../electron/core/views/standings/standings';
import { fieldFlow } from '../../renderer/src/logic/field-flow';
import { countdown } from '../../renderer/src/logic/now-next';

const people = new Map(['1', '2', '3', '4'].map((b) => [b, { name: `Athlete ${b}`, team: null, bests: new Map() }]));
const jump = (trials: { bib: string; round: number; result: string }[], extra: Record<string, unknown> = {}) =>
  computeStandings(
    UnitSchema.parse({ eventId: 'F1', round: 1, heat: 1, eventCode: 'LJ', status: 'in progress', results: ['1', '2', '3', '4'].map((bib, i) => ({ bib, order: i + 1 })), trials, ...extra }),
    people,
    { maxAttempts: 6, cutAfterRound: 3, cutSurvivors: 3 },
  );

describe('field flow', () => {
  it('round 2 half way: the next in start order without a second attempt is up, the one after on deck', () => {
    const flow = fieldFlow(jump([
      ...['1', '2', '3', '4'].map((bib, i) => ({ bib, round: 1, result: (7 + i / 10).toFixed(2) })),
      { bib: '1', round: 2, result: 'x' },
    ]))!;
    expect(flow.round).toBe(2);
    expect([flow.up?.bib, flow.onDeck?.bib]).toEqual(['2', '3']);
    expect(flow.up?.place).toBe(3);
    expect(flow.up?.needsToLead?.mark).toBe('7.30');
  });

  it('after the cut the best jumps last: reverse order of the standings, the cut-out athlete gone', () => {
    const trials = [1, 2, 3].flatMap((round) => ['1', '2', '3', '4'].map((bib, i) => ({ bib, round, result: round === 1 ? (7 + i / 10).toFixed(2) : 'x' })));
    const flow = fieldFlow(jump(trials))!;
    expect(flow.round).toBe(4);
    expect(flow.stillIn.map((r) => r.bib)).toEqual(['2', '3', '4']);
    expect([flow.up?.bib, flow.onDeck?.bib]).toEqual(['2', '3']);
  });

  it('a finished event, or a track race, has no flow', () => {
    expect(fieldFlow(jump([{ bib: '1', round: 1, result: '7.00' }], { resultsStatus: 'official' }))).toBeNull();
  });

  it('vertical: the bar where someone still in is busy; fewest attempts at it go first; who is still in', () => {
    const s = computeStandings(
      UnitSchema.parse({
        eventId: 'F2', round: 1, heat: 1, eventCode: 'HJ', status: 'in progress', heights: ['1.80', '1.85', '1.90'],
        results: ['1', '2', '3', '4'].map((bib, i) => ({ bib, order: i + 1 })),
        trials: [
          ...['1', '2', '3', '4'].map((bib) => ({ bib, height: '1.80', result: 'o' })),
          { bib: '1', height: '1.85', result: 'x' }, { bib: '2', height: '1.85', result: 'o' },
          { bib: '3', height: '1.85', result: 'x' }, { bib: '4', height: '1.85', result: 'x' },
          { bib: '1', height: '1.85', result: 'x' }, { bib: '1', height: '1.85', result: 'x' },
          { bib: '3', height: '1.85', result: 'x' },
        ],
      }),
      people,
    );
    const flow = fieldFlow(s)!;
    expect(flow.bar).toBe('1.85');
    expect(flow.stillIn.map((r) => r.bib)).toEqual(['2', '3', '4']);
    expect([flow.up?.bib, flow.onDeck?.bib]).toEqual(['4', '3']);
  });
});

describe('countdown from the schedule', () => {
  const at = (h: number, m: number) => new Date(2026, 5, 13, h, m, 20);
  it('minutes to go, due now, late; another day\'s schedule gets none', () => {
    expect(countdown('17:10', at(16, 58))).toBe('in 12 min');
    expect(countdown('17:10', at(17, 10))).toBe('due now');
    expect(countdown('17:10', at(17, 18))).toBe('8 min late');
    expect(countdown('19:40', at(17, 0))).toBe('in 2 h 40 min');
    expect(countdown('17:10', at(5, 30))).toBeNull();
    expect(countdown(null, at(17, 0))).toBeNull();
  });
});
