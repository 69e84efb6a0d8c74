import { describe, expect, it } from 'vitest';
import { attemptTick, describeItem, eventNamesOf, leaderChanges, resultAlert } from '../../renderer/src/logic/moments';
import type { FeedItem } from '../../electron/core/model/api';
import { competition, eventSummary, leader, unitSummary } from './fixtures';
import { pageFromHash } from '../../renderer/src/logic/pages';

const item = (seq: number, event: string, payload: unknown, extra: Partial<FeedItem> = {}): FeedItem => ({
  seq, source: 'opentrack-pusher', channel: 'overview', event, payload, receivedAt: '2026-11-22T17:05:00.000Z', accepted: true, ...extra,
});

const meet = competition([
  eventSummary('T01', 'Men 100m', 'track', [unitSummary('T01')], { eventCode: '100' }),
  eventSummary('F01', 'Women Long Jump', 'horizontal', [unitSummary('F01')], { eventCode: 'LJ' }),
  eventSummary('F05', 'Men High Jump', 'vertical', [unitSummary('F05')], { eventCode: 'HJ' }),
]);
const names = eventNamesOf(meet);

describe('moments an announcer calls out', () => {
  it('a result flashes the winner and the performance under the event name', () => {
    const alert = resultAlert(item(1, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 1, heat_name: 'Heat 1', winner_name: 'Ada Vale', winner_performance: '10.21' }), names);
    expect(alert).toMatchObject({ kind: 'result', title: 'Men 100m — Heat 1', who: 'Ada Vale', mark: '10.21', unit: { eventId: 'T01', round: 1, heat: 1 }, late: false });
    expect(resultAlert(item(2, 'results_arrived', {}, { accepted: false, reason: 'bad' }), names)).toBeNull();
    expect(resultAlert(item(3, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 1, winner_name: 'B', winner_performance: '10.3' }, { catchUp: true }), names)?.late).toBe(true);
  });

  it('the ticker names the event by its code and shows wind, fouls and heights', () => {
    expect(attemptTick(item(1, 'latest_attempt', { event_code: 'LJ', bib: '7', round: 2, result: '6.54', wind: 0.3, athlete_name: 'Wren' }), names))
      .toMatchObject({ event: 'Women Long Jump', who: 'Wren', what: '6.54 (+0.3)', good: true });
    expect(attemptTick(item(2, 'latest_attempt', { event_code: 'LJ', bib: '7', round: 3, result: 'x' }), names)).toMatchObject({ who: '#7', what: 'x', good: false });
    expect(attemptTick(item(5, 'latest_attempt', { event_code: 'LJ', bib: '7', round: 4, result: '6.61', wind: 2.3 }), names)).toMatchObject({ what: '6.61w (+2.3)' });
    expect(attemptTick(item(6, 'latest_attempt', { event_code: 'LJ', bib: '7', round: 5, result: '6.62', wind: 2.0 }), names)).toMatchObject({ what: '6.62 (+2.0)' });
    expect(attemptTick(item(3, 'latest_attempt', { event_code: 'HJ', bib: '9', height: '2.04', attempts_at_height: 'xo', result: 'o' }), names))
      .toMatchObject({ event: 'Men High Jump', what: '2.04 xo', good: true });
    expect(describeItem(item(4, 'latest_attempt', { event_code: 'SP', bib: '1', round: 1, result: '19.29' }), names)).toBe('SP: #1 19.29');
  });

  it('a new leader is called out only when someone else is first on their own', () => {
    const at = '2026-11-22T17:10:00.000Z';
    const snapshot = (lj: ReturnType<typeof leader> | null, hj: ReturnType<typeof leader> | null) =>
      competition([
        eventSummary('T01', 'Men 100m', 'track', [unitSummary('T01', { leader: leader('1', 'Sprinter', '10.2') })]),
        eventSummary('F01', 'Women Long Jump', 'horizontal', [unitSummary('F01', { leader: lj, heatName: 'Pool 1' })]),
        eventSummary('F05', 'Men High Jump', 'vertical', [unitSummary('F05', { leader: hj })]),
      ]);
    const first = leaderChanges(new Map(), snapshot(leader('7', 'Wren', '6.40'), leader('3 4', 'A & B', '2.00', true)), at);
    expect(first.alerts).toEqual([]);

    const second = leaderChanges(first.leaders, snapshot(leader('8', 'Juniper', '6.45'), leader('3 4 5', 'A & B & C', '2.00', true)), at);
    expect(second.alerts.map((a) => [a.title, a.who, a.mark])).toEqual([['Women Long Jump — Pool 1', 'Juniper', '6.45']]);

    const third = leaderChanges(second.leaders, snapshot(leader('8', 'Juniper', '6.51'), leader('4', 'B', '2.04')), at);
    expect(third.alerts.map((a) => [a.title, a.who, a.mark])).toEqual([['Men High Jump — Heat 1', 'B', '2.04']]);
  });
});

describe('webhook lines in the feed', () => {
  const hook = (over: Partial<FeedItem>): FeedItem => ({
    seq: 1, source: 'triathlon', channel: '/hooks/triathlon', event: 'timing.store', payload: null, receivedAt: '2026-11-22T10:00:00.000Z', accepted: true, ...over,
  });
  it('names the provider, the method and what it is about', () => {
    expect(describeItem(hook({ payload: { subscription: 'timing.store', payload: { prog_id: '4242', prog_name: 'Elite Women' } } }), () => null)).toBe(
      'Triathlon: timing.store · Elite Women',
    );
    expect(describeItem(hook({ source: 'trackscore', event: 'result.published', payload: { id: 'e1', data: {} } }), () => null)).toBe('TrackScore: result.published');
    expect(describeItem(hook({ payload: { subscription: 'timing.store', payload: { prog_id: '4242', prog_name: 'Elite Women', sandbox: 'true' } } }), () => null)).toBe(
      'Triathlon: timing.store · Elite Women [sandbox]',
    );
  });
  it('says a redelivery was ignored and a malformed one kept aside', () => {
    expect(describeItem(hook({ accepted: false, reason: 'duplicate' }), () => null)).toBe('Triathlon: timing.store (redelivery, ignored)');
    expect(describeItem(hook({ accepted: false, event: 'malformed', reason: 'malformed JSON: Unexpected end' }), () => null)).toBe(
      'Triathlon: kept aside: malformed JSON: Unexpected end',
    );
  });
});

describe('pages', () => {
  it('reads the page from the hash, the meet by default', () => {
    expect(pageFromHash('#/relay')).toBe('relay');
    expect(pageFromHash('#/triathlon?x=1')).toBe('triathlon');
    expect(pageFromHash('')).toBe('meet');
    expect(pageFromHash('#/nonsense')).toBe('meet');
  });
});
