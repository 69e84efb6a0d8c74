/**
 * "Needs X for a PB, SB or record": hand-made cases with known answers, then the property on every
 * field snapshot of the demo meet, with a PB, an SB and a meeting record set around each athlete's
 * marks: doing what the answer says beats the target (with legal wind), and doing a centimetre
 * less, a lower height, or the same with illegal wind does not.
 */
import { describe, expect, it } from 'vitest';
import { CompetitionSchema, UnitSchema, type Unit } from '../../../../electron/core/model/opentrack';
import type { Standing, StandingsResponse } from '../../../../electron/core/model/api';
import type { Target } from '../../../../electron/core/model/records';
import { computeStandings, rulesFor, type FieldRules, type People } from '../../../../electron/core/views/standings/standings';
import { createDemoRecording } from '../../../../electron/core/simulator/demo/meet';

type TrialIn = { bib: string; round?: number; height?: string; result: string; wind?: number };

const field = (eventCode: string, bibs: string[], trials: TrialIn[], extra: Record<string, unknown> = {}): Unit =>
  UnitSchema.parse({ eventId: 'F', round: 1, heat: 1, eventCode, status: 'in progress', results: bibs.map((bib, i) => ({ bib, order: i + 1 })), trials, ...extra });

const people = (bests: Record<string, { pb?: string; sb?: string }>, eventId = 'F'): People =>
  new Map(Object.entries(bests).map(([bib, b]) => [bib, { name: null, team: null, bests: new Map([[eventId, { pb: b.pb ?? null, sb: b.sb ?? null }]]) }]));

const row = (s: StandingsResponse, bib: string) => s.standings.find((r) => r.bib === bib)!;

describe('targets on a field card', () => {
  it('a long jumper: a centimetre over the PB, SB and meeting record, with legal wind', () => {
    const unit = field('LJ', ['1'], [{ bib: '1', round: 1, result: '6.40', wind: 1.0 }, { bib: '1', round: 2, result: '6.80', wind: 2.6 }]);
    const s = computeStandings(unit, people({ '1': { pb: '6.55', sb: '6.38' } }), {}, { records: [{ kind: 'meeting', mark: '6.71' }] });
    // 6.40 beats the SB already; the wind-aided 6.80 beats nothing.
    expect(row(s, '1').targets).toEqual([
      { kind: 'PB', current: '6.55', needs: '6.56', text: '6.56 for PB (6.55), legal wind' },
      { kind: 'meeting', current: '6.71', needs: '6.72', text: '6.72 for meeting record (6.71), legal wind' },
    ]);
  });

  it('a high jumper: the next height on the progression above each target, or a record bar on request', () => {
    const heights = ['1.70', '1.75', '1.80', '1.84', '1.88'];
    const unit = field('HJ', ['1', '2'], [
      { bib: '1', height: '1.70', result: 'o' }, { bib: '1', height: '1.75', result: 'x' },
      { bib: '2', height: '1.75', result: 'o' },
    ], { heights });
    const s = computeStandings(unit, people({ '1': { pb: '1.78', sb: '1.72' } }), {}, { records: [{ kind: 'championship', mark: '1.91' }] });
    expect(row(s, '1').targets).toEqual([
      { kind: 'PB', current: '1.78', needs: '1.80', text: '1.80 for PB (1.78)' },
      { kind: 'SB', current: '1.72', needs: '1.75', text: '1.75 for SB (1.72)' },
      { kind: 'championship', current: '1.91', needs: '1.92', text: '1.92 for championship record (1.91), bar on request' },
    ]);
  });

  it('nobody out of the competition, no track event and no finished unit gets targets', () => {
    const out = computeStandings(field('HJ', ['1'], [{ bib: '1', height: '1.70', result: 'x' }, { bib: '1', height: '1.70', result: 'x' }, { bib: '1', height: '1.70', result: 'x' }]), people({ '1': { pb: '1.80' } }));
    expect(row(out, '1').targets).toBeUndefined();
    const done = computeStandings(field('SP', ['1'], [{ bib: '1', round: 1, result: '12.00' }], { resultsStatus: 'official' }), people({ '1': { pb: '13.00' } }));
    expect(row(done, '1').targets).toBeUndefined();
    const track = computeStandings(UnitSchema.parse({ eventId: 'F', round: 1, heat: 1, eventCode: '100', results: [{ bib: '1', lane: 1 }] }), people({ '1': { pb: '10.50' } }));
    expect(row(track, '1').targets).toBeUndefined();
  });
});

/** Every snapshot of every field unit the demo meet sends, in order. */
function demoFieldSnapshots(): { unit: Unit; rules: FieldRules }[] {
  const recording = createDemoRecording();
  const events = new Map(CompetitionSchema.parse(recording.competition).events.map((e) => [e.eventId, e]));
  return recording.steps.flatMap((s) => {
    if (s.kind !== 'unit') return [];
    const unit = UnitSchema.parse(s.unit);
    return unit.trials?.length ? [{ unit, rules: rulesFor(events.get(unit.eventId)) }] : [];
  });
}

const windEvent = (u: Unit) => ['LJ', 'TJ'].includes((u.eventCode ?? '').toUpperCase());
const cm = (m: number) => Math.round(m * 100);
const metres = (c: number) => (c / 100).toFixed(2);

/** The athlete's best that counts for a target: legal wind for LJ/TJ. */
function countingBest(s: StandingsResponse, r: Standing, wind: boolean): number {
  if (s.kind === 'vertical') return r.best ? cm(Number(r.best)) : -1;
  return Math.max(-1, ...r.attempts.filter((a) => !(wind && (a.wind ?? 0) > 2.0)).map((a) => Number(a.result)).filter(Number.isFinite).map(cm));
}

/** Targets around the athlete's own marks: a PB above the best, an SB equal to it, a record above the field. */
function targetsFor(s: StandingsResponse, unit: Unit): { people: People; record: string } {
  const wind = windEvent(unit);
  const bests: Record<string, { pb: string; sb: string }> = {};
  let top = 0;
  for (const r of s.standings) {
    const best = Math.max(countingBest(s, r, wind), 100);
    top = Math.max(top, best);
    bests[r.bib] = { pb: metres(best + 7), sb: metres(best) };
  }
  return { people: people(bests, unit.eventId), record: metres(top + 13) };
}

function check(unit: Unit, rules: FieldRules, s: StandingsResponse, r: Standing, t: Target, p: People, record: string): number {
  const extras = { records: [{ kind: 'meeting' as const, mark: record }] };
  const wind = windEvent(unit);
  const target = cm(Number(t.current));
  const after = (extra: TrialIn[]) => {
    const next = computeStandings({ ...unit, trials: [...(unit.trials ?? []), ...extra] } as Unit, p, rules, extras);
    return countingBest(next, row(next, r.bib), wind);
  };
  if (s.kind === 'horizontal') {
    const round = (r.attempts.at(-1)?.round ?? r.attempts.length) + 1;
    expect(after([{ bib: r.bib, round, result: t.needs, wind: 0.5 }]), `${r.bib} ${t.text}`).toBeGreaterThan(target);
    expect(after([{ bib: r.bib, round, result: metres(cm(Number(t.needs)) - 1), wind: 0.5 }])).toBeLessThanOrEqual(target);
    if (wind) expect(after([{ bib: r.bib, round, result: t.needs, wind: 2.1 }]), 'wind-aided').toBeLessThanOrEqual(target);
    return wind ? 3 : 2;
  }
  const last = r.attempts.at(-1);
  const leave: TrialIn[] = last && last.height !== t.needs && !/[o\-r]/.test(last.result) ? [{ bib: r.bib, height: last.height, result: '-' }] : [];
  expect(after([...leave, { bib: r.bib, height: t.needs, result: 'o' }]), `${r.bib} clears ${t.text}`).toBeGreaterThan(target);
  // Any lower height on the progression the athlete may still try does not beat it.
  const floor = Math.max(...s.standings.flatMap((x) => x.attempts.map((a) => cm(Number(a.height)))), ...r.attempts.map((a) => cm(Number(a.height)) + 1));
  const lower = s.heights.map((h) => cm(Number(h))).filter((h) => h >= floor && h < cm(Number(t.needs)));
  for (const h of lower) expect(after([...leave, { bib: r.bib, height: metres(h), result: 'o' }]), `${r.bib} clears ${metres(h)}`).toBeLessThanOrEqual(target);
  return 1 + lower.length;
}

describe('targets hold when they happen', () => {
  // Every third snapshot: the meet's attempts overlap, and each answer is recomputed up to five times.
  it('every third field snapshot of the demo meet', () => {
    let answers = 0;
    let checked = 0;
    const kinds = new Set<string>();
    for (const { unit, rules } of demoFieldSnapshots().filter((_, i) => i % 3 === 0)) {
      const plain = computeStandings(unit, new Map(), rules);
      const { people: p, record } = targetsFor(plain, unit);
      const s = computeStandings(unit, p, rules, { records: [{ kind: 'meeting', mark: record }] });
      for (const r of s.standings) {
        if (!r.inCompetition) expect(r.targets).toBeUndefined();
        for (const t of r.targets ?? []) {
          answers++;
          kinds.add(`${s.kind}:${t.kind}`);
          checked += check(unit, rules, s, r, t, p, record);
        }
      }
    }
    expect([...kinds].sort()).toEqual(['horizontal:PB', 'horizontal:SB', 'horizontal:meeting', 'vertical:PB', 'vertical:SB', 'vertical:meeting']);
    expect(answers).toBeGreaterThan(150);
    expect(checked).toBeGreaterThan(answers);
  });
});
