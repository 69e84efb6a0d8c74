// @vitest-environment happy-dom
/**
 * Pinia stores with the keyboard's actions: the feed keeps each journal item once and raises
 * alerts; shortcuts move through the overview in the order it shows, and to the latest result.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useFeedStore } from '../../renderer/src/stores/feed';
import { useMeetStore } from '../../renderer/src/stores/meet';
import { useUiStore } from '../../renderer/src/stores/ui';
import { runShortcut } from '../../renderer/src/logic/navigate';
import { actionFor } from '../../renderer/src/logic/keyboard';
import type { FeedItem } from '../../electron/core/model/api';
import { competition, eventSummary, leader, unitSummary } from './fixtures';

const meetWith = (ljLeader: ReturnType<typeof leader>) =>
  competition([
    eventSummary('T01', 'Men 100m', 'track', [
      unitSummary('T01', { heat: 1, scheduledStartTime: '17:05', resultsStatus: 'official', changedAt: '2026-11-22T17:10:00.000Z' }),
      unitSummary('T01', { heat: 2, scheduledStartTime: '17:12', resultsStatus: 'official', changedAt: '2026-11-22T17:20:00.000Z' }),
    ]),
    eventSummary('F01', 'Women Long Jump', 'horizontal', [unitSummary('F01', { scheduledStartTime: '17:00', leader: ljLeader })]),
  ]);

const item = (seq: number, event: string, payload: unknown): FeedItem => ({
  seq, source: 's', channel: 'c', event, payload, receivedAt: '2026-11-22T17:05:00.000Z', accepted: true,
});

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('feed store', () => {
  it('keeps each item once, newest first, and turns results and attempts into alerts and ticks', () => {
    const feed = useFeedStore();
    const meet = meetWith(leader('1', 'A', '6.00'));
    feed.add(item(1, 'latest_attempt', { event_code: 'LJ', bib: '1', round: 1, result: '6.00' }), meet);
    feed.add(item(2, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 2, winner_name: 'W', winner_performance: '10.2' }), meet);
    feed.add(item(2, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 2, winner_name: 'W', winner_performance: '10.2' }), meet);
    expect(feed.items.map((i) => i.seq)).toEqual([2, 1]);
    expect(feed.ticks.map((t) => t.what)).toEqual(['6.00']);
    expect(feed.current).toMatchObject({ kind: 'result', who: 'W', mark: '10.2' });

    feed.competitionChanged(meet);
    feed.competitionChanged(meetWith(leader('2', 'B', '6.10')));
    feed.competitionChanged(meetWith(leader('2', 'B', '6.10')));
    expect(feed.alerts.map((a) => `${a.kind}:${a.who}`)).toEqual(['leader:B', 'result:W']);
  });
});

describe('demo restart', () => {
  it('drops the alerts and attempts of the previous run, keeps what came after the restart, and says so', () => {
    const feed = useFeedStore();
    const meet = meetWith(leader('1', 'A', '6.00'));
    const at = (seq: number, t: string, event: string, payload: unknown) => ({ ...item(seq, event, payload), receivedAt: t });
    feed.add(at(1, '2026-11-22T17:05:00.000Z', 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 1, winner_name: 'Old', winner_performance: '10.2' }), meet);
    feed.add(at(2, '2026-11-22T17:05:01.000Z', 'latest_attempt', { event_code: 'LJ', bib: '1', round: 1, result: '6.00' }), meet);
    feed.add(at(3, '2026-11-22T17:06:01.000Z', 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 2, winner_name: 'New', winner_performance: '10.3' }), meet);
    feed.demoRestarted('2026-11-22T17:06:00.000Z');
    expect(feed.alerts.map((a) => `${a.kind}:${a.who}`)).toEqual(['result:New', 'notice:The demo meet plays again from the start']);
    expect(feed.ticks).toEqual([]);
  });
});

describe('announcer queue', () => {
  it('a marks the oldest waiting result done; Done marks any one; notices are never queued', () => {
    const feed = useFeedStore();
    const ui = useUiStore();
    const meet = useMeetStore();
    const m = meetWith(leader('1', 'A', '6.00'));
    feed.add(item(1, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 1, winner_name: 'First', winner_performance: '10.2' }), m);
    feed.add(item(2, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 2, winner_name: 'Second', winner_performance: '10.3' }), m);
    feed.add(item(3, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 2, winner_name: 'Third', winner_performance: '10.4' }), m);
    const waiting = () => feed.alerts.filter((a) => !a.announced).map((a) => a.who);
    runShortcut(actionFor({ key: 'a', ctrlKey: false, metaKey: false, altKey: false }, false)!, { ui, meet, feed });
    expect(waiting()).toEqual(['Third', 'Second']);
    feed.markAnnounced(feed.alerts[0]!.id);
    expect(waiting()).toEqual(['Second']);
    feed.demoRestarted('2026-11-22T18:00:00.000Z');
    runShortcut('announced', { ui, meet, feed });
    expect(feed.alerts.map((a) => [a.kind, Boolean(a.announced)])).toEqual([['notice', false]]);
  });

  it('a leader overtaken before it was announced leaves the queue; the new one waits', () => {
    const feed = useFeedStore();
    feed.competitionChanged(meetWith(leader('1', 'A', '6.00')));
    feed.competitionChanged(meetWith(leader('2', 'B', '6.10')));
    feed.competitionChanged(meetWith(leader('3', 'C', '6.20')));
    expect(feed.alerts.map((a) => `${a.who}:${a.superseded ? 'overtaken' : 'waiting'}`)).toEqual(['C:waiting', 'B:overtaken']);
    feed.markAnnounced();
    expect(feed.alerts.every((a) => a.announced || a.superseded)).toBe(true);
  });

  it('n goes back to Now & next from any unit', () => {
    const ui = useUiStore();
    const meet = useMeetStore();
    meet.select({ eventId: 'T01', round: 1, heat: 1 });
    ui.showPane('feed');
    runShortcut(actionFor({ key: 'n', ctrlKey: false, metaKey: false, altKey: false }, false)!, { ui, meet });
    expect(meet.selected).toBeNull();
    expect(ui.pane).toBe('unit');
  });
});

describe('keyboard', () => {
  it('letters are shortcuts, except while typing in the search box', () => {
    const key = (k: string) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false });
    expect(actionFor(key('j'), false)).toBe('next');
    expect(actionFor(key('j'), true)).toBeNull();
    expect(actionFor(key('Escape'), true)).toBe('escape');
    expect(actionFor({ ...key('c'), ctrlKey: true }, false)).toBeNull();
  });

  it('next/previous follow the overview order and its filter; latest opens the newest result', () => {
    const meet = useMeetStore();
    const ui = useUiStore();
    meet.competition = meetWith(leader('1', 'A', '6.00'));
    const at = () => (meet.selected ? `${meet.selected.eventId}/${meet.selected.heat}` : null);
    runShortcut('next', { ui, meet });
    expect(at()).toBe('F01/1');
    runShortcut('next', { ui, meet });
    expect(at()).toBe('T01/1');
    runShortcut('previous', { ui, meet });
    expect(at()).toBe('F01/1');
    runShortcut('latest', { ui, meet });
    expect(at()).toBe('T01/2');
    runShortcut('kind', { ui, meet });
    expect(ui.kind).toBe('track');
    runShortcut('next', { ui, meet });
    expect(at()).toBe('T01/2');
    runShortcut('contrast', { ui, meet });
    // The choice survives a reload of the page.
    setActivePinia(createPinia());
    expect(useUiStore()).toMatchObject({ kind: 'track', contrast: true });
  });
});

describe('stream batching', () => {
  it('a burst of items is applied once, in order, on the next frame', async () => {
    const { frameBatcher } = await import('../../renderer/src/stores/bind');
    const applied: number[][] = [];
    const batch = frameBatcher<number>((items) => applied.push(items));
    [1, 2, 3].forEach(batch.push);
    expect(applied).toEqual([]);
    await new Promise((r) => setTimeout(r, 150));
    batch.push(4);
    await new Promise((r) => setTimeout(r, 150));
    expect(applied).toEqual([[1, 2, 3], [4]]);
    batch.cancel();
  });
});
