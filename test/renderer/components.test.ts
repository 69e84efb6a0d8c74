// @vitest-environment happy-dom
/**
 * The unit view's tables, mounted with standings from the real core functions: a start list that
 * turns into results without a remount, a horizontal card with its cut, a height grid.
 */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { UnitSchema } from '../../electron/core/model/opentrack';
import { computeStandings } from '../../electron/core/views/standings/standings';
import TrackTable from '../../renderer/src/components/TrackTable.vue';
import HorizontalCard from '../../renderer/src/components/HorizontalCard.vue';
import HeightGrid from '../../renderer/src/components/HeightGrid.vue';

const people = new Map([
  ['1', { name: 'Ada Vale', team: 'North AC', bests: new Map([['T1', { pb: '10.31', sb: '10.40' }]]) }],
  ['2', { name: 'Bo Reed', team: 'South AC', bests: new Map([['T1', { pb: '10.50', sb: '10.62' }]]) }],
]);
const sprint = (results: Record<string, unknown>[]) => computeStandings(UnitSchema.parse({ eventId: 'T1', round: 1, heat: 1, eventCode: '100', results }), people);
const cells = (row: { findAll: (s: string) => { text: () => string }[] }) => row.findAll('td').map((c) => c.text());

describe('track table', () => {
  it('shows the start list in lanes with PB/SB, then the results with places and Q, in the same component', async () => {
    const wrapper = mount(TrackTable, { props: { standings: sprint([{ bib: '2', lane: 5 }, { bib: '1', lane: 4 }]) } });
    expect(wrapper.get('table').attributes('data-mode')).toBe('start-list');
    expect(wrapper.findAll('tbody tr').map(cells)).toEqual([
      ['4', '1', 'Ada ValeNorth AC', '10.31', '10.40'],
      ['5', '2', 'Bo ReedSouth AC', '10.50', '10.62'],
    ]);
    await wrapper.setProps({ standings: sprint([{ bib: '2', lane: 5, place: 1, performance: '10.28', note: 'Q PB' }, { bib: '1', lane: 4, performance: 'DNF' }]) });
    expect(wrapper.get('table').attributes('data-mode')).toBe('results');
    const rows = wrapper.findAll('tbody tr');
    expect(cells(rows[0]!).slice(0, 5)).toEqual(['1', '5', '2', 'Bo ReedSouth AC', '10.28']);
    expect(rows[0]!.get('.athlete .who').text()).toBe('Bo Reed');
    expect(rows[0]!.get('.athlete .team').text()).toBe('South AC');
    expect(rows[0]!.findAll('.flag').map((f) => f.text())).toEqual(['Q', 'PB']);
    expect(cells(rows[1]!).slice(0, 5)).toEqual(['DNF', '4', '1', 'Ada ValeNorth AC', 'DNF']);
  });
});

describe('field cards', () => {
  it('horizontal: marks by round with wind, fouls as x, the cut line after the eighth, what each needs', () => {
    const bibs = Array.from({ length: 9 }, (_, i) => String(i + 1));
    const trials = bibs.flatMap((bib, i) => [
      { bib, round: 1, result: (7 - i / 10).toFixed(2), wind: 0.4 },
      { bib, round: 2, result: 'x' },
      { bib, round: 3, result: '-' },
    ]);
    const unit = UnitSchema.parse({ eventId: 'F1', round: 1, heat: 1, eventCode: 'LJ', status: 'in progress', results: bibs.map((bib, i) => ({ bib, order: i + 1 })), trials });
    const standings = computeStandings(unit, new Map(), { maxAttempts: 6, cutAfterRound: 3, cutSurvivors: 8 });
    const wrapper = mount(HorizontalCard, { props: { standings, windGauge: true } });
    const rows = wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(9);
    expect(rows[0]!.classes()).toContain('leader');
    expect(rows[7]!.classes()).toContain('cut-line');
    expect(rows[8]!.classes()).toContain('out');
    const attempts = rows[1]!.findAll('[data-testid="attempt"]').map((c) => c.text());
    expect(attempts.slice(0, 3)).toEqual(['6.90+0.4', 'x', '-']);
    expect(rows[1]!.get('[data-testid="needs"] .nw').text()).toBe('7.00');
    expect(rows[1]!.get('[data-testid="needs"] .why').text()).toBe('(wins on next best)');
    expect(rows[8]!.get('[data-testid="needs"]').text()).toBe('');
  });

  it('vertical: a height grid of o/xo/xxo/xxx/-/r up to the next bar, with count-back places', () => {
    const trial = (bib: string, height: string, codes: string) => [...codes].map((result) => ({ bib, height, result }));
    const unit = UnitSchema.parse({
      eventId: 'F5', round: 1, heat: 1, eventCode: 'HJ', status: 'in progress', heights: ['2.00', '2.04', '2.08', '2.11', '2.14'],
      results: [{ bib: '1' }, { bib: '2' }, { bib: '3' }, { bib: '4' }].map((r, i) => ({ ...r, order: i + 1 })),
      trials: [...trial('1', '2.00', 'o'), ...trial('1', '2.04', 'xo'), ...trial('2', '2.00', '-'), ...trial('2', '2.04', 'o'),
        ...trial('3', '2.00', 'xxx'), ...trial('4', '2.00', 'xr')],
    });
    const wrapper = mount(HeightGrid, { props: { standings: computeStandings(unit) } });
    expect(wrapper.findAll('thead th').map((h) => h.text())).toEqual(['Pl', 'Name', '2.00', '2.04', '2.08', 'Best', 'To lead']);
    const grid = wrapper.findAll('tbody tr').map((r) => [r.attributes('data-bib'), ...r.findAll('[data-testid="height-cell"]').map((c) => c.text())]);
    expect(grid).toEqual([['2', '-', 'o', ''], ['1', 'o', 'xo', ''], ['3', 'xxx', '', ''], ['4', 'xr', '', '']]);
    expect(wrapper.findAll('tbody tr')[1]!.get('[data-testid="needs"]').text()).toBe('2.08');
  });
});
