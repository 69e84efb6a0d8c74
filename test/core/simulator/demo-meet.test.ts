import { describe, expect, it } from 'vitest';
import { createDemoRecording } from '../../../electron/core/simulator/demo/meet';
import { CompetitionSchema, LatestAttemptSchema, ResultsArrivedSchema, UnitSchema } from '../../../electron/core/model/opentrack';
import { computeStandings } from '../../../electron/core/standings/standings';
import { REAL_COMPETITIONS, readSample, samplesPresent } from '../../helpers/samples';

const recording = createDemoRecording();
const unitSteps = recording.steps.filter((s) => s.kind === 'unit') as Extract<(typeof recording.steps)[number], { kind: 'unit' }>[];

describe('the built-in demo meet', () => {
  it('is an OpenTrack-shaped competition whose every step validates', () => {
    const competition = CompetitionSchema.parse(recording.competition);
    expect(competition.fullName).toBe('Trackside Demo Open');
    expect(new Set(competition.events.map((e) => e.eventCode))).toEqual(
      new Set(['100', '400', '1500', '110H', '4x100', 'LJ', 'TJ', 'SP', 'JT', 'HJ', 'PV']),
    );
    for (const s of unitSteps) UnitSchema.parse(s.unit);
    for (const s of recording.steps) {
      if (s.kind !== 'overview') continue;
      (s.event === 'results_arrived' ? ResultsArrivedSchema : LatestAttemptSchema).parse(s.data);
    }
  });

  it('is the same meet for the same seed, and another for another seed', () => {
    expect(JSON.stringify(createDemoRecording())).toBe(JSON.stringify(recording));
    expect(JSON.stringify(createDemoRecording({ seed: 99 }))).not.toBe(JSON.stringify(recording));
  });

  it('unfolds in time order over minutes, with something happening every few seconds', () => {
    const times = recording.steps.map((s) => s.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[times.length - 1]!).toBeGreaterThan(10 * 60_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length * 0.95)]!).toBeLessThanOrEqual(10_000);
    expect(gaps[gaps.length - 1]!).toBeLessThanOrEqual(60_000);
  });

  it('adds exactly one trial per field attempt, announced by latest_attempt', () => {
    const byUnit = new Map<string, number>();
    for (const s of unitSteps) {
      const key = `${s.unit.eventId}/${s.unit.round}/${s.unit.heat}`;
      const n = ((s.unit.trials as unknown[]) ?? []).length;
      const before = byUnit.get(key) ?? 0;
      expect(n === before || n === before + 1).toBe(true);
      byUnit.set(key, n);
    }
    const attempts = recording.steps.filter((s) => s.kind === 'overview' && s.event === 'latest_attempt').length;
    const trials = [...byUnit.values()].reduce((a, b) => a + b, 0);
    expect(attempts).toBe(trials);
  });

  it('goes from start lists to provisional and official results, with the 100m final drawn from the heats', () => {
    const first = (recording.competition.events as { units: { results: unknown[]; resultsStatus: string }[] }[]).flatMap((e) => e.units);
    expect(first.every((u) => u.resultsStatus === '')).toBe(true);
    const statuses = new Set(unitSteps.map((s) => s.unit.resultsStatus));
    expect(statuses).toEqual(new Set(['', 'provisional', 'official']));
    const final = unitSteps.filter((s) => s.unit.eventId === 'T01' && s.unit.round === 2).at(-1)!.unit;
    const heats = unitSteps.filter((s) => s.unit.eventId === 'T01' && s.unit.round === 1).map((s) => s.unit);
    const qualifiers = new Set(heats.flatMap((h) => (h.results as { bib: string; note?: string }[]).filter((r) => r.note === 'Q' || r.note === 'q').map((r) => r.bib)));
    expect(new Set((final.results as { bib: string }[]).map((r) => r.bib))).toEqual(qualifiers);
    expect(qualifiers.size).toBe(8);
  });

  it('has non-finishers, a count-back decided high jump and places that agree with the standings rules', () => {
    const finals = new Map(unitSteps.map((s) => [`${s.unit.eventId}/${s.unit.round}/${s.unit.heat}`, s.unit]));
    const performances = [...finals.values()].flatMap((u) => (u.results as { performance?: string }[]).map((r) => r.performance));
    expect(performances).toEqual(expect.arrayContaining(['DNS', 'DNF', 'DQ']));
    for (const unit of finals.values()) {
      const { standings } = computeStandings(UnitSchema.parse(unit));
      for (const r of unit.results as { bib: string; place?: number }[]) {
        if (typeof r.place === 'number') expect(standings.find((s) => s.bib === r.bib)?.place).toBe(r.place);
      }
    }
  });

  it('leaves one change visible only over HTTP, as when a Pusher message is lost', () => {
    expect(unitSteps.some((s) => !s.push)).toBe(true);
  });

  it.skipIf(!samplesPresent)('names no athlete from the real exports', () => {
    const real = REAL_COMPETITIONS.map(readSample).join('\n');
    const competitors = (recording.competition.competitors as { firstName: string; lastName: string }[]);
    for (const c of competitors) {
      expect(real.includes(`"${c.lastName}"`)).toBe(false);
      expect(real.includes(`"firstName": "${c.firstName}", "gender"`) && real.includes(`"lastName": "${c.lastName}"`)).toBe(false);
    }
  });
});
