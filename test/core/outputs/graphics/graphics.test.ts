/**
 * The on-air state machine on real parts (SQLite, ingest, the competition view) with a clock that
 * moves when told: what an operator and a browser source see in auto and manual modes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bus } from '../../../../electron/core/ingest/bus';
import { Graphics, GraphicsError, type GraphicsEvent } from '../../../../electron/core/outputs/graphics/graphics';
import { Ingest } from '../../../../electron/core/ingest/ingest';
import { CompetitionView } from '../../../../electron/core/views/competition-view';
import { collectUnits } from '../../../../electron/core/views/feeds/feed-units';
import { attemptData } from '../../../../electron/core/outputs/graphics/graphic-data';
import { Store } from '../../../../electron/core/store/store';
import { FakeClock } from '../../../helpers/relay-receiver';
import { fixtureCompetition, longJumpUnit, sprintResults, sprintUnit } from '../../../helpers/fixtures';
import { tempDir } from '../../../helpers/temp-dir';

const COMPETITION = 'test-competition';
let dir: ReturnType<typeof tempDir>;
let store: Store;
let bus: Bus;
let ingest: Ingest;
let clock: FakeClock;
let graphics: Graphics;
let events: GraphicsEvent[];

const receive = (event: string, payload: unknown) =>
  ingest.receive({ source: 'opentrack-pusher', channel: 'c', event, raw: JSON.stringify(payload), competition: COMPETITION });
const arrived = (heat = 1, name = 'Bo Placeholder', perf = '10.41') =>
  receive('results_arrived', { event_id: 'T01', round_no: 1, heat_no: heat, heat_name: 'Final', winner_name: name, winner_performance: perf });
const attempt = (bib: string, round: number, result: string) =>
  receive('latest_attempt', { event_code: 'LJ', bib, round, result, athlete_name: bib === '21' ? 'Dee Example' : 'Eve Mockly' });

beforeEach(() => {
  dir = tempDir();
  store = Store.open(dir.path);
  bus = new Bus();
  ingest = new Ingest(store, bus, undefined, () => {});
  clock = new FakeClock();
  const view = new CompetitionView(store, COMPETITION, 'http://127.0.0.1/x/');
  graphics = new Graphics({ store, bus, view: () => view, log: () => {}, clock });
  graphics.start();
  events = [];
  graphics.subscribe((e) => events.push(e));
  receive('competition', fixtureCompetition([sprintResults(), longJumpUnit([{ bib: '21', round: 1, result: '6.10', wind: 0.4 }])]));
});
afterEach(() => {
  graphics.stop();
  store.close();
  dir.remove();
});

describe('auto mode', () => {
  it('puts the winner on air as the result arrives, for its time, then the next waiting one', () => {
    arrived(1);
    const on = graphics.get('winner');
    expect(on).toMatchObject({ onAir: true, unit: { eventId: 'T01', round: 1, heat: 1 }, data: { kind: 'winner', name: 'Bo Placeholder', performance: '10.41', team: 'Ridge Harriers' } });
    arrived(2, 'Second Winner', '10.80');
    expect(graphics.get('winner')).toMatchObject({ queued: 1, data: { name: 'Bo Placeholder' } });
    clock.advance(7_999);
    expect(graphics.get('winner').data).toMatchObject({ name: 'Bo Placeholder' });
    clock.advance(1);
    expect(graphics.get('winner')).toMatchObject({ onAir: true, queued: 0, data: { name: 'Second Winner', performance: '10.80' } });
    clock.advance(8_000);
    expect(graphics.get('winner').onAir).toBe(false);
  });

  it('keeps only the newest attempts waiting: older ones are stale news', () => {
    attempt('21', 1, '6.10');
    for (let r = 2; r <= 6; r++) attempt('22', r, `6.${r}0`);
    expect(graphics.get('attempt')).toMatchObject({ onAir: true, queued: 3, data: { name: 'Dee Example', result: '6.10', place: 1, best: '6.10' } });
    clock.advance(6_000);
    expect(graphics.get('attempt').data).toMatchObject({ name: 'Eve Mockly', attempt: 4 });
  });

  it('does nothing by itself in manual mode, and the operator takes and clears', () => {
    graphics.setMode({ mode: 'manual' });
    arrived(1);
    expect(graphics.get('winner').onAir).toBe(false);
    expect(graphics.show('winner').data).toMatchObject({ name: 'Bo Placeholder' });
    clock.advance(60_000);
    expect(graphics.get('winner').onAir).toBe(true);
    expect(graphics.hide('winner').onAir).toBe(false);
  });
});

describe('the attempt popup under a flood of other units', () => {
  /** A Graphics whose view tallies whose standings it computes. */
  function countingStandings(): Map<string, number> {
    const view = new CompetitionView(store, COMPETITION, 'http://127.0.0.1/x/');
    const standingsOf = new Map<string, number>();
    const counted = Object.assign(Object.create(view), {
      standings: (key: { eventId: string; round: number; heat: number }, hash?: string) => {
        const k = `${key.eventId}/${key.round}/${key.heat}`;
        standingsOf.set(k, (standingsOf.get(k) ?? 0) + 1);
        return view.standings(key, hash);
      },
    }) as CompetitionView;
    graphics.stop();
    graphics = new Graphics({ store, bus, view: () => counted, log: () => {}, clock });
    graphics.start();
    return standingsOf;
  }
  // Another flight of the same event, without athletes 21 and 22.
  const otherFlight = (i: number) => ({ ...longJumpUnit([{ bib: '31', round: 1, result: (6 + i / 100).toFixed(2) }]), heat: 2, results: [{ bib: '31', order: 1 }] });

  it('computes nothing for copies that do not list the athlete, and follows the ones that do', () => {
    const standingsOf = countingStandings();
    attempt('21', 1, '6.10');
    expect(graphics.get('attempt')).toMatchObject({ onAir: true, data: { name: 'Dee Example', place: 1 } });
    standingsOf.clear();
    // Ten copies in two seconds (the popup stays on air for six).
    for (let i = 0; i < 10; i++) {
      receive('unit', otherFlight(i));
      clock.advance(200);
    }
    expect(standingsOf.get('F01/1/2') ?? 0).toBe(0);
    // Her own flight: the popup follows it (a better mark from a jumper ahead of her moves her place).
    receive('unit', longJumpUnit([{ bib: '21', round: 1, result: '6.10' }, { bib: '22', round: 1, result: '6.35' }]));
    clock.advance(1_000);
    expect(graphics.get('attempt').data).toMatchObject({ name: 'Dee Example', place: 2 });
  });

  it('puts the next attempts on air without the standings of flights that do not list the athlete, and shows them as before', () => {
    const standingsOf = countingStandings();
    attempt('21', 1, '6.10');
    receive('unit', longJumpUnit([{ bib: '21', round: 1, result: '6.10' }, { bib: '22', round: 2, result: '6.35' }]));
    for (let i = 0; i < 5; i++) receive('unit', otherFlight(i));
    // Waiting: one from her own flight, one from an athlete no flight lists.
    attempt('22', 2, '6.35');
    receive('latest_attempt', { event_code: 'LJ', bib: '77', round: 1, result: '5.90', athlete_name: 'Nobody Listed' });
    // What the popup would show had it computed every flight of the event.
    const view = new CompetitionView(store, COMPETITION, 'http://127.0.0.1/x/');
    const everyFlight = collectUnits(store, view, { eventCode: 'LJ' });
    const shown = (bib: string, round: number, result: string, name: string) =>
      attemptData({ event_code: 'LJ', bib, round, result, athlete_name: name }, everyFlight, view.meta().people);
    standingsOf.clear();
    clock.advance(6_000);
    expect(graphics.get('attempt').data).toEqual(shown('22', 2, '6.35', 'Eve Mockly'));
    expect(graphics.get('attempt').data).toMatchObject({ name: 'Eve Mockly', place: 1, best: '6.35' });
    clock.advance(6_000);
    expect(graphics.get('attempt').data).toEqual(shown('77', 1, '5.90', 'Nobody Listed'));
    expect(graphics.get('attempt').data).toMatchObject({ name: 'Nobody Listed', place: null });
    expect(standingsOf.get('F01/1/2') ?? 0).toBe(0);
  });
});

describe('boards', () => {
  it('follow their unit while on air, and announce each change with a higher revision', () => {
    graphics.show('field-standings', { unit: { eventId: 'F01', round: 1, heat: 1 } });
    const before = graphics.get('field-standings');
    expect(before.data).toMatchObject({ kind: 'table', rows: [{ 'Name.Text': 'Dee Example', 'Mark.Text': '6.10' }, { 'Name.Text': 'Eve Mockly' }] });
    receive('unit', longJumpUnit([{ bib: '21', round: 1, result: '6.10' }, { bib: '22', round: 1, result: '6.35' }]));
    const after = graphics.get('field-standings');
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after.data).toMatchObject({ rows: [{ 'Name.Text': 'Eve Mockly', 'Mark.Text': '6.35' }, { 'Name.Text': 'Dee Example' }] });
    expect(events.filter((e) => e.type === 'graphic' && e.graphic.id === 'field-standings').length).toBeGreaterThanOrEqual(2);
  });

  it('show a unit rewritten many times a second at once, then its latest state, not every copy', () => {
    graphics.show('field-standings', { unit: { eventId: 'F01', round: 1, heat: 1 } });
    const start = graphics.get('field-standings').revision;
    receive('unit', longJumpUnit([{ bib: '21', round: 1, result: '6.10' }, { bib: '22', round: 1, result: '6.20' }]));
    // The first change is on air at once.
    expect(graphics.get('field-standings').revision).toBe(start + 1);
    for (let i = 1; i <= 20; i++) {
      receive('unit', longJumpUnit([{ bib: '21', round: 1, result: '6.10' }, { bib: '22', round: 1, result: (6.2 + i / 100).toFixed(2) }]));
    }
    // The flood within the next second waits, and then shows as one change: the last copy.
    expect(graphics.get('field-standings').revision).toBe(start + 1);
    clock.advance(999);
    expect(graphics.get('field-standings').revision).toBe(start + 1);
    clock.advance(1);
    const after = graphics.get('field-standings');
    expect(after.revision).toBe(start + 2);
    expect((after.data as { rows: Record<string, string>[] }).rows[0]).toMatchObject({ 'Name.Text': 'Eve Mockly', 'Mark.Text': '6.40' });
  });

  it('page through a long list and come back to the first page', () => {
    const many = Array.from({ length: 19 }, (_, i) => ({ bib: String(100 + i), lane: 1 + (i % 8), place: i + 1, performance: `${(11 + i / 10).toFixed(2)}` }));
    receive('unit', sprintUnit({ status: 'finished', resultsStatus: 'official', results: many, dateModified: '2026-06-01 18:00:00' }));
    const first = graphics.show('race-results', { unit: { eventId: 'T01', round: 1, heat: 1 } });
    expect(first).toMatchObject({ page: 1, pages: 3 });
    expect(first.data).toMatchObject({ rows: expect.any(Array) });
    expect((first.data as { rows: unknown[] }).rows).toHaveLength(8);
    expect(graphics.next('race-results')).toMatchObject({ page: 2 });
    const third = graphics.next('race-results');
    expect((third.data as { rows: Record<string, string>[] }).rows.map((r) => r['Place.Text'])).toEqual(['17', '18', '19']);
    expect(graphics.next('race-results').page).toBe(1);
  });

  it('previews without taking air, and says when there is nothing to show', () => {
    const preview = graphics.preview('start-list', { eventId: 'F01', round: 1, heat: 1 });
    expect(preview.data).toMatchObject({ kind: 'table', title: 'Women Long Jump — Start list' });
    expect(graphics.get('start-list').onAir).toBe(false);
    expect(() => graphics.show('attempt')).toThrow(GraphicsError);
  });

  it('lets CasparCG-style updates set the data by hand', () => {
    graphics.show('winner', { unit: { eventId: 'T01', round: 1, heat: 1 } });
    const data = { ...(graphics.get('winner').data as object), name: 'Typed By Hand' } as never;
    expect(graphics.update('winner', { data }).data).toMatchObject({ name: 'Typed By Hand' });
  });
});
