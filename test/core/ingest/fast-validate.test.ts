/**
 * The hand-written checks ingest runs before zod must never accept what the schemas refuse, nor
 * read a value differently: a unit, a result message or an attempt means the same whichever check
 * answered. Real shapes (the demo meet) and thousands of odd variants of them.
 */
import { describe, expect, it } from 'vitest';
import { fastCompetition, fastLatestAttempt, fastResultsArrived, fastUnit, fastUnitEnvelope, unitBibs, canonicalLatestAttempt } from '../../../electron/core/ingest/fast-validate';
import { CompetitionSchema, LatestAttemptSchema, ResultsArrivedSchema, UnitEnvelopeSchema, UnitSchema } from '../../../electron/core/model/opentrack';
import { REAL_COMPETITIONS, readSampleJson, samplesPresent } from '../../helpers/samples';
import { createDemoRecording } from '../../../electron/core/simulator/demo/meet';
import { createRandom } from '../../../electron/core/simulator/demo/people';

const ODD = [undefined, null, '', '3', ' 3', 'x', 0, -0, 1, 1.5, -2, 2 ** 53, 1e21, true, [], [1], {}, { a: 1 }];

/** Each field of each sample replaced, in turn, by every odd value, plus the sample itself. */
function variants(samples: Record<string, unknown>[], fields: string[], rnd: ReturnType<typeof createRandom>): unknown[] {
  const out: unknown[] = [...samples, null, 'x', 1, [], [samples[0]]];
  for (const s of samples) {
    for (const f of fields) for (const v of ODD) out.push({ ...s, [f]: v });
    const copy: Record<string, unknown> = { ...s };
    delete copy[rnd.pick(fields)];
    out.push(copy);
  }
  return out;
}

const pick = (v: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, v[k] ?? null]));

describe('fast validation before zod', () => {
  const recording = createDemoRecording({ seed: 3 });
  const rnd = createRandom(99);
  /** The demo meet's own attempts (horizontal and vertical), and the fields each may carry. */
  const attemptSamples = recording.steps
    .filter((s) => s.kind === 'overview' && s.event === 'latest_attempt')
    .map((s) => (s as { data: Record<string, unknown> }).data)
    .slice(0, 40);
  const ATTEMPT_FIELDS = ['event_code', 'bib', 'round', 'result', 'athlete_name', 'wind', 'height', 'attempts_at_height'];

  it('reads every unit it accepts exactly as UnitEnvelopeSchema does', () => {
    const units = recording.steps.filter((s) => s.kind === 'unit').map((s) => (s as { unit: Record<string, unknown> }).unit).slice(0, 60);
    const fields = ['eventId', 'round', 'heat', 'status', 'resultsStatus', 'dateModified', 'results', 'trials'];
    let fast = 0;
    for (const v of variants(units, fields, rnd)) {
      const quick = fastUnitEnvelope(v);
      if (quick === undefined) continue;
      fast++;
      const zod = UnitEnvelopeSchema.safeParse(v);
      expect(zod.success, JSON.stringify(v).slice(0, 120)).toBe(true);
      const keys = ['eventId', 'round', 'heat', 'status', 'resultsStatus', 'dateModified'];
      expect(pick(quick as unknown as Record<string, unknown>, keys)).toEqual(pick(zod.data as Record<string, unknown>, keys));
    }
    // The demo meet's own units all take the fast path.
    expect(units.every((u) => fastUnitEnvelope(u) !== undefined)).toBe(true);
    expect(fast).toBeGreaterThan(units.length);
  });

  it('reads every results_arrived it accepts exactly as ResultsArrivedSchema does', () => {
    const samples = [
      { event_id: 'T01', round_no: 1, heat_no: 2, heat_name: 'Heat 2', winner_performance: '10.51', winner_name: 'A B' },
      { event_id: '14', round_no: 2, heat_no: 1, winner_performance: 10.51 },
    ];
    const fields = ['event_id', 'round_no', 'heat_no', 'heat_name', 'winner_performance', 'winner_name'];
    for (const v of variants(samples, fields, rnd)) {
      const quick = fastResultsArrived(v);
      if (quick === undefined) continue;
      const zod = ResultsArrivedSchema.safeParse(v);
      expect(zod.success, JSON.stringify(v)).toBe(true);
      expect(quick).toEqual(pick(zod.data as Record<string, unknown>, ['event_id', 'round_no', 'heat_no']));
    }
  });

  it('accepts only latest_attempt messages LatestAttemptSchema accepts, and the demo meet’s all', () => {
    const samples = attemptSamples;
    expect(samples.length).toBeGreaterThan(0);
    for (const v of variants(samples, ATTEMPT_FIELDS, rnd)) {
      if (fastLatestAttempt(v)) expect(LatestAttemptSchema.safeParse(v).success, JSON.stringify(v)).toBe(true);
    }
    expect(samples.every((s) => fastLatestAttempt(s))).toBe(true);
  });

  it('accepts only competitions CompetitionSchema accepts, and the demo meet’s', () => {
    const competition = recording.competition as Record<string, unknown>;
    const fields = ['events', 'competitors', 'relayTeams', 'teams', 'venue', 'fullName', 'year'];
    let fast = 0;
    for (const v of variants([competition], fields, rnd)) {
      if (!fastCompetition(v)) continue;
      fast++;
      expect(CompetitionSchema.safeParse(v).success, JSON.stringify(v).slice(0, 120)).toBe(true);
    }
    expect(fastCompetition(competition)).toBe(true);
    expect(fast).toBeGreaterThan(fields.length);
  });

  /** Whatever the fast reader takes must be exactly what the schema makes of it; true when it took it. */
  const sameAsZod =
    (fast: (v: unknown) => unknown, schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }) =>
    (v: unknown): boolean => {
      const quick = fast(v);
      if (quick === undefined) return false;
      const zod = schema.safeParse(v);
      expect(zod.success, JSON.stringify(v).slice(0, 160)).toBe(true);
      expect(quick, JSON.stringify(v).slice(0, 160)).toEqual(zod.data);
      return true;
    };
  /** A unit the fast reader takes must be exactly what UnitSchema makes of it. */
  const expectSameAsZod = sameAsZod(fastUnit, UnitSchema);

  it('reads every whole unit it accepts exactly as UnitSchema does: unit fields, result rows, splits and trials', () => {
    const units = recording.steps.filter((s) => s.kind === 'unit').map((s) => (s as { unit: Record<string, unknown> }).unit);
    const withResults = units.filter((u) => Array.isArray(u.results) && u.results.length > 0).slice(0, 25);
    const withTrials = units.filter((u) => Array.isArray(u.trials) && u.trials.length > 0).slice(0, 25);
    expect(withResults.length).toBeGreaterThan(0);
    expect(withTrials.length).toBeGreaterThan(0);
    const unitFields = ['eventId', 'round', 'heat', 'eventCode', 'eventName', 'day', 'status', 'windAssistance', 'heights', 'initialHeight', 'dateModified', 'results', 'trials'];
    let fast = 0;
    for (const v of variants([...withResults, ...withTrials], unitFields, rnd)) if (expectSameAsZod(v)) fast++;
    // Row by row: each field of the first result (and trial, and split) replaced by each odd value.
    const resultFields = ['bib', 'place', 'performance', 'lane', 'order', 'catpos', 'note', 'points', 'waPoints', 'weight', 'splits'];
    const trialFields = ['bib', 'round', 'height', 'result', 'wind'];
    const splitFields = ['distance', 'elapsedTime', 'lapTime'];
    for (const u of withResults.slice(0, 8)) {
      const [first, ...rest] = u.results as Record<string, unknown>[];
      for (const r of variants([first!], resultFields, rnd)) if (expectSameAsZod({ ...u, results: [r, ...rest] })) fast++;
      const split = { distance: 100, elapsedTime: '12.1', lapTime: '12.1' };
      for (const sp of variants([split], splitFields, rnd)) if (expectSameAsZod({ ...u, results: [{ ...first, splits: [sp] }, ...rest] })) fast++;
    }
    for (const u of withTrials.slice(0, 8)) {
      const [first, ...rest] = u.trials as Record<string, unknown>[];
      for (const t of variants([first!], trialFields, rnd)) if (expectSameAsZod({ ...u, trials: [t, ...rest] })) fast++;
    }
    // Place text: "DNF" stays text; "3" and " 3" are numbers to the schema, so zod reads them.
    const u = withResults[0]!;
    const [r0, ...others] = u.results as Record<string, unknown>[];
    expect(expectSameAsZod({ ...u, results: [{ ...r0, place: 'DNF' }, ...others] })).toBe(true);
    expect(fastUnit({ ...u, results: [{ ...r0, place: ' 3' }, ...others] })).toBeUndefined();
    expect(fastUnit({ ...u, results: [{ ...r0, performance: 10.5 }, ...others] })).toBeUndefined();
    // The demo meet's own units all take the fast path.
    expect(units.every((x) => fastUnit(x) !== undefined)).toBe(true);
    expect(fast).toBeGreaterThan(withResults.length + withTrials.length);
  });

  it.skipIf(!samplesPresent)('reads the real meets’ units exactly as UnitSchema does', () => {
    let units = 0;
    let fast = 0;
    for (const name of REAL_COMPETITIONS) {
      const competition = readSampleJson<{ events?: { units?: unknown[] }[] }>(name);
      for (const e of competition.events ?? []) {
        for (const unit of e.units ?? []) {
          units++;
          if (expectSameAsZod(unit)) fast++;
        }
      }
    }
    expect(units).toBeGreaterThan(10);
    // Real exports carry the odd number-as-text; most units are canonical all the same.
    expect(fast).toBeGreaterThan(0);
    console.log(`fast unit reader: ${fast} of ${units} real units`);
  });

  it('lists a unit’s bibs as UnitSchema reads them, from results and trials', () => {
    const unit = {
      eventId: 'F01',
      round: 1,
      heat: 1,
      results: [{ bib: '21' }, { bib: 22 }, { bib: '' }, { bib: null }, 'x', { bib: '21' }],
      trials: [{ bib: '23', round: 1, result: '6.10' }, { bib: 22.5, result: 'x' }],
    };
    expect(unitBibs(unit).sort()).toEqual(['21', '22', '22.5', '23']);
    const parsed = UnitSchema.parse(unit);
    const zodBibs = new Set([...(parsed.results ?? []).map((r) => r.bib), ...(parsed.trials ?? []).map((t) => t.bib)]);
    expect(new Set(unitBibs(unit))).toEqual(zodBibs);
    expect(unitBibs(null)).toEqual([]);
  });

  it('reads every latest_attempt it takes as canonical exactly as LatestAttemptSchema does, and the demo meet’s all', () => {
    const samples = attemptSamples;
    const vertical = samples.filter((s) => 'attempts_at_height' in s);
    expect(vertical.length).toBeGreaterThan(0);
    const sameAttempt = sameAsZod(canonicalLatestAttempt, LatestAttemptSchema);
    let fast = 0;
    for (const v of variants(samples, ATTEMPT_FIELDS, rnd)) if (sameAttempt(v)) fast++;
    expect(samples.every((s) => canonicalLatestAttempt(s) !== undefined)).toBe(true);
    expect(fast).toBeGreaterThan(samples.length);
  });
});
