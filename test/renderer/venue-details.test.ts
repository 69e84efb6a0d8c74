// @vitest-environment happy-dom
/**
 * The sport details an announcer reads out, mounted with standings from the real core: wind-aided
 * marks carry `w` and lose their PB/SB, a relay lists its runners under the team, equal
 * hundredths show the thousandths that split them, a 1500 m has no lane column, and a tie for
 * first is shared in the result alert.
 */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { CompetitionSchema, UnitSchema } from '../../electron/core/model/opentrack';
import { computeStandings, peopleFrom } from '../../electron/core/views/standings/standings';
import type { CompetitionResponse, FeedItem } from '../../electron/core/model/api';
import TrackTable from '../../renderer/src/components/TrackTable.vue';
import HorizontalCard from '../../renderer/src/components/HorizontalCard.vue';
import { resultAlert, eventNamesOf, withSharedWinner, describeItem, heatNamesOf, recordAlerts } from '../../renderer/src/logic/moments';

const people = peopleFrom(
  CompetitionSchema.parse({
    competitors: [
      { competitorId: '1', firstName: 'Ada', lastName: 'Vale', teamName: 'North AC', eventsEntered: [{ eventId: 'T1', pb: '10.31', sb: '10.40' }] },
      { competitorId: '2', firstName: 'Bo', lastName: 'Reed', teamName: 'South AC' },
      { competitorId: '3', firstName: 'Cy', lastName: 'Moss', teamName: 'East AC' },
    ],
    events: [],
    relayTeams: [{ bib: '901', name: 'Harbour AC', runnerNames: ['Una Fern', 'Vi Oak', 'Wyn Ash', 'Xia Elm'] }],
  }),
);
const race = (u: Record<string, unknown>) => computeStandings(UnitSchema.parse({ eventId: 'T1', round: 1, heat: 1, eventCode: '100', ...u }), people);
const rowOf = (wrapper: ReturnType<typeof mount>, bib: string) => wrapper.get(`tr[data-bib="${bib}"]`);

describe('wind-aided marks', () => {
  it('a 100 m at +2.2 shows w on every time and drops the PB/SB the note claimed; at +2.0 it stands', () => {
    const results = [
      { bib: '1', lane: 4, place: 1, performance: '10.28', note: 'PB' },
      { bib: '2', lane: 5, place: 2, performance: '10.40', note: '=SB Q' },
    ];
    const aided = mount(TrackTable, { props: { standings: race({ windAssistance: '+2.2', results }) } });
    expect(rowOf(aided, '1').get('[data-testid="mark"]').text()).toBe('10.28w');
    expect(rowOf(aided, '1').findAll('.flag.record')).toHaveLength(0);
    expect(rowOf(aided, '2').findAll('.flag').map((f) => f.text())).toEqual(['Q']);
    const legal = mount(TrackTable, { props: { standings: race({ windAssistance: '+2.0', results }) } });
    expect(rowOf(legal, '1').get('[data-testid="mark"]').text()).toBe('10.28');
    expect(rowOf(legal, '1').findAll('.flag.record').map((f) => f.text())).toEqual(['PB']);
  });

  it('a 400 m is not wind-measured: +3.0 changes nothing', () => {
    const s = race({ eventCode: '400', windAssistance: '+3.0', results: [{ bib: '1', lane: 4, place: 1, performance: '46.10', note: 'PB' }] });
    expect(s.standings[0]!.windAided).toBeUndefined();
    expect(s.standings[0]!.flags).toEqual(['PB']);
  });

  it('a triple jump best at +2.3 is the best with w, not a PB; a legal attempt of the same series has no w', () => {
    const unit = UnitSchema.parse({
      eventId: 'F1', round: 1, heat: 1, eventCode: 'TJ', status: 'in progress',
      results: [{ bib: '1', order: 1, note: 'PB' }, { bib: '2', order: 2 }],
      trials: [
        { bib: '1', round: 1, result: '15.40', wind: 1.1 },
        { bib: '2', round: 1, result: '15.10', wind: 0.2 },
        { bib: '1', round: 2, result: '15.70', wind: 2.3 },
      ],
    });
    const standings = computeStandings(unit, people, { maxAttempts: 6 });
    const wrapper = mount(HorizontalCard, { props: { standings, windGauge: true } });
    const leader = rowOf(wrapper, '1');
    expect(leader.get('[data-testid="mark"] .nw').text()).toBe('15.70');
    expect(leader.get('[data-testid="mark"] .wind-aided').text()).toBe('w');
    expect(leader.findAll('.flag.record')).toHaveLength(0);
    const attempts = leader.findAll('[data-testid="attempt"]');
    expect(attempts[0]!.find('.wind-aided').exists()).toBe(false);
    expect(attempts[1]!.get('.wind-aided').text()).toBe('w');
    expect(attempts[1]!.classes()).toContain('best');
  });
});

describe('records for the announcer', () => {
  const about = { title: 'Men 100m — Final', unit: { eventId: 'T1', round: 1, heat: 1 }, at: '2026-06-13T18:40:00Z', late: false };
  const results = [
    { bib: '1', lane: 4, place: 1, performance: '9.98', note: 'NR PB' },
    { bib: '2', lane: 5, place: 2, performance: '10.01', note: '=CR SB' },
  ];
  it('a national record and an equalled championship record are queued; PBs are not', () => {
    const alerts = recordAlerts(race({ windAssistance: '+1.1', results }), about);
    expect(alerts.map((a) => `${a.title}: ${a.who} ${a.mark}`)).toEqual(['NR · Men 100m — Final: Ada Vale 9.98', '=CR · Men 100m — Final: Bo Reed 10.01']);
  });
  it('with +2.1 behind them there is no record to announce', () => {
    expect(recordAlerts(race({ windAssistance: '+2.1', results }), about)).toEqual([]);
  });
});

describe('relays, lanes and thousandths', () => {
  it('a relay shows the team once, with its runners under it', () => {
    const wrapper = mount(TrackTable, { props: { standings: race({ eventCode: '4x100', results: [{ bib: '901', lane: 3, place: 1, performance: '43.50' }, { bib: '1', lane: 4, place: 2, performance: '44.00' }] }) } });
    const team = rowOf(wrapper, '901');
    expect(team.get('.athlete .who').text()).toBe('Harbour AC');
    expect(team.find('.athlete .team').exists()).toBe(false);
    expect(team.get('[data-testid="runners"]').text()).toBe('Una Fern · Vi Oak · Wyn Ash · Xia Elm');
  });

  it('a race without lanes (a 1500 m with everyone in "lane 1") has no lane column; one in lanes has', () => {
    const noLanes = mount(TrackTable, { props: { standings: race({ eventCode: '1500', results: [{ bib: '1', lane: 1, order: 1 }, { bib: '2', lane: 1, order: 2 }, { bib: '3', lane: 1, order: 3 }] }) } });
    expect(noLanes.findAll('thead th').map((t) => t.text())).toEqual(['#', 'Bib', 'Name', 'PB', 'SB']);
    expect(noLanes.findAll('[data-testid="place"]').map((c) => c.text())).toEqual(['1', '2', '3']);
    const lanes = mount(TrackTable, { props: { standings: race({ results: [{ bib: '1', lane: 4 }, { bib: '2', lane: 5 }] }) } });
    expect(lanes.findAll('thead th').map((t) => t.text())[0]).toBe('Lane');
  });

  it('equal hundredths split by the raw time show the thousandths; a dead heat shares the place and shows none', () => {
    const s = race({
      eventCode: '400',
      results: [
        { bib: '1', lane: 4, performance: '46.74', rawTime: '46.738' },
        { bib: '2', lane: 5, performance: '46.74', rawTime: '46.741' },
        { bib: '3', lane: 6, performance: '47.02', rawTime: '47.015' },
      ],
    });
    const wrapper = mount(TrackTable, { props: { standings: s } });
    expect(rowOf(wrapper, '1').get('[data-testid="place"]').text()).toBe('1');
    expect(rowOf(wrapper, '1').get('.deciding').text()).toBe('46.738');
    expect(rowOf(wrapper, '2').get('[data-testid="place"]').text()).toBe('2');
    expect(rowOf(wrapper, '2').get('.deciding').text()).toBe('46.741');
    expect(rowOf(wrapper, '3').find('.deciding').exists()).toBe(false);
    const deadHeat = race({ eventCode: '400', results: [{ bib: '1', lane: 4, performance: '46.74', rawTime: '46.740' }, { bib: '2', lane: 5, performance: '46.74', rawTime: '46.740' }] });
    expect(deadHeat.standings.map((r) => [r.place, r.decidingTime ?? null])).toEqual([[1, null], [1, null]]);
  });
});

describe('a tie for first in the result alert', () => {
  const vault = UnitSchema.parse({
    eventId: 'F2', round: 1, heat: 1, eventCode: 'PV', resultsStatus: 'official',
    results: [{ bib: '1', order: 1 }, { bib: '2', order: 2 }, { bib: '3', order: 3 }],
    trials: [
      ...['1', '2', '3'].flatMap((bib) => [{ bib, height: '4.40', result: 'o' }]),
      { bib: '1', height: '4.50', result: 'x' }, { bib: '1', height: '4.50', result: 'o' },
      { bib: '2', height: '4.50', result: 'x' }, { bib: '2', height: '4.50', result: 'o' },
      ...['1', '2', '3', '3', '3'].map((bib, i) => ({ bib, height: bib === '3' && i > 2 ? '4.50' : '4.60', result: 'x' })),
      ...['1', '1', '2', '2'].map((bib) => ({ bib, height: '4.60', result: 'x' })),
    ],
  });
  const standings = computeStandings(vault, people);
  const first = standings.standings.filter((r) => r.place === 1);
  const competition: CompetitionResponse = {
    competition: { key: 'k', url: 'u', fullName: 'Meet', receivedAt: null },
    events: [{
      eventId: 'F2', eventCode: 'PV', kind: 'vertical', name: 'Women Pole Vault', category: null, day: 1, parent: null,
      units: [{
        eventId: 'F2', round: 1, heat: 1, heatName: 'Final', roundName: 'Final', scheduledStartTime: '18:00', status: 'finished', resultsStatus: 'official',
        receivedAt: null, cacheAgeMs: 0, changedAt: null, changedWhileOffline: false, entries: 3,
        leader: { bib: first.map((r) => r.bib).join(' '), name: first.map((r) => r.name).join(' & '), mark: first[0]!.best!, shared: first.length > 1 },
      }],
    }],
  };
  const item: FeedItem = {
    seq: 7, source: 'opentrack-pusher', channel: 'c', event: 'results_arrived', receivedAt: '2026-06-13T18:30:00Z', accepted: true,
    payload: { event_id: 'F2', round_no: 1, heat_no: 1, heat_name: 'Final', winner_name: 'Ada Vale', winner_performance: '4.50' },
  };

  it('count-back leaves two level at 4.50: both are first in the standings and both are named in the alert', () => {
    expect(first.map((r) => r.name)).toEqual(['Ada Vale', 'Bo Reed']);
    const alert = withSharedWinner(resultAlert(item, eventNamesOf(competition))!, competition);
    expect(alert.who).toBe('Ada Vale & Bo Reed (tie)');
    expect(alert.mark).toBe('4.50');
    expect(alert.tie).toBe(true);
  });

  it('a unit update in the feed uses the heat name, not "1/1"', () => {
    const line = describeItem({ ...item, event: 'unit', unit: { eventId: 'F2', round: 1, heat: 1 }, changed: true, payload: {} }, eventNamesOf(competition), heatNamesOf(competition));
    expect(line).toBe('Women Pole Vault — Final: new data');
  });
});
