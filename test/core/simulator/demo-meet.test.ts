import { describe, expect, it } from 'vitest';
import { createDemoRecording, DEMO_COMPETITION_PATH } from '../../../electron/core/simulator/demo/meet';
import { CompetitionSchema, LatestAttemptSchema, ResultsArrivedSchema, UnitSchema, unitKeyString } from '../../../electron/core/model/opentrack';
import type { RecordingStep } from '../../../electron/core/model/recording';
import { computeStandings } from '../../../electron/core/views/standings/standings';
import { REAL_COMPETITIONS, readSampleJson, samplesPresent } from '../../helpers/samples';

type UnitStep = Extract<RecordingStep, { kind: 'unit' }>;
type OverviewStep = Extract<RecordingStep, { kind: 'overview' }>;
interface Row { bib: string; lane?: number; order?: number; place?: number; performance?: string; note?: string; weight?: string; splits?: unknown[] }
interface TrialRow { bib: string; round?: number; height?: string; result: string; wind?: number }
interface UnitJson { eventId: string; round: number; heat: number; eventCode: string; status: string; resultsStatus: string; results: Row[]; trials?: TrialRow[]; [k: string]: unknown }
interface EventJson { eventId: string; eventCode: string; rounds: string; units: UnitJson[]; [k: string]: unknown }

const recording = createDemoRecording();
const competition = recording.competition as { events: EventJson[]; competitors: { competitorId: string; firstName: string; lastName: string; teamName: string; eventsEntered: unknown[] }[]; relayTeams: { bib: string; name: string; runnerNames: string[] }[] };
const unitSteps = recording.steps.filter((s): s is UnitStep => s.kind === 'unit');
const overviewSteps = recording.steps.filter((s): s is OverviewStep => s.kind === 'overview');
const unitOf = (s: UnitStep) => s.unit as unknown as UnitJson;
const keyOf = (u: { eventId: string; round: number; heat: number }) => unitKeyString(u);
/** Each unit as it stands when the meet is over. */
const finalUnits = new Map(unitSteps.map((s) => [keyOf(s.unit), unitOf(s)]));
const startUnits = competition.events.flatMap((e) => e.units);
const stepsOf = (eventId: string) => unitSteps.filter((s) => s.unit.eventId === eventId).map(unitOf);
const UNIT_KEYS = ['eventId', 'eventCode', 'eventName', 'round', 'heat', 'roundName', 'heatName', 'day', 'scheduledStartTime', 'status', 'resultsStatus', 'results', 'dateModified'];

describe('the built-in demo meet', () => {
  it('is an OpenTrack-shaped competition whose every step validates', () => {
    const parsed = CompetitionSchema.parse(recording.competition);
    expect(parsed.fullName).toBe('Trackside Demo Open');
    expect(recording.competitionPath).toBe(DEMO_COMPETITION_PATH);
    expect(parsed.competitors.length).toBeGreaterThanOrEqual(60);
    expect(parsed.competitors.length).toBeLessThanOrEqual(90);
    expect(parsed.events.flatMap((e) => e.units)).toHaveLength(startUnits.length);
    expect(new Set(parsed.events.map((e) => e.eventCode))).toEqual(new Set(['100', '400', '1500', '110H', '4x100', 'LJ', 'TJ', 'SP', 'JT', 'HJ', 'PV']));
    for (const s of unitSteps) expect(UnitSchema.safeParse(s.unit).success).toBe(true);
    for (const s of overviewSteps) {
      const schema = s.event === 'results_arrived' ? ResultsArrivedSchema : LatestAttemptSchema;
      expect(['results_arrived', 'latest_attempt']).toContain(s.event);
      expect(schema.safeParse(s.data).success).toBe(true);
    }
  });

  it('keeps every unit whole, with the keys a real unit has, and a new dateModified on each change', () => {
    for (const unit of [...startUnits, ...unitSteps.map(unitOf)]) {
      for (const key of UNIT_KEYS) expect(unit, `${keyOf(unit)} ${key}`).toHaveProperty(key);
      const field = ['LJ', 'TJ', 'SP', 'JT', 'HJ', 'PV'].includes(unit.eventCode);
      expect(Array.isArray(unit.trials)).toBe(field);
      if (unit.eventCode === 'HJ' || unit.eventCode === 'PV') expect(unit).toHaveProperty('heights');
      if (unit.eventCode === 'HJ' || unit.eventCode === 'PV') expect(unit).toHaveProperty('initialHeight');
      if (unit.eventCode === '100' || unit.eventCode === '110H') expect(unit).toHaveProperty('windAssistance');
    }
    const modified = new Map<string, string>();
    for (const s of unitSteps) {
      const stamp = String(s.unit.dateModified);
      expect(stamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      expect(stamp >= (modified.get(keyOf(s.unit)) ?? '')).toBe(true);
      modified.set(keyOf(s.unit), stamp);
    }
  });

  it('is the same meet for the same seed, and another for another seed', () => {
    expect(JSON.stringify(createDemoRecording())).toBe(JSON.stringify(recording));
    expect(JSON.stringify(createDemoRecording({ seed: 7 }))).toBe(JSON.stringify(createDemoRecording({ seed: 7 })));
    expect(JSON.stringify(createDemoRecording({ seed: 99 }))).not.toBe(JSON.stringify(recording));
  });

  it('unfolds in time order over about fifteen minutes, never quiet for more than ten seconds', () => {
    const times = recording.steps.map((s) => s.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]!).toBeGreaterThan(0);
    expect(times[0]!).toBeLessThanOrEqual(10_000);
    expect(times.at(-1)!).toBeGreaterThan(12 * 60_000);
    expect(times.at(-1)!).toBeLessThan(18 * 60_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10_000);
    // Track and field interleave: the field events are under way while races are run.
    const kinds = unitSteps.slice(0, 120).map((s) => (s.unit.eventId.startsWith('T') ? 'track' : 'field'));
    expect(new Set(kinds)).toEqual(new Set(['track', 'field']));
  });

  it('starts from start lists: scheduled, no results status, no marks, no trials', () => {
    for (const unit of startUnits) {
      expect(unit.status).toBe('scheduled');
      expect(unit.resultsStatus).toBe('');
      for (const r of unit.results) {
        expect(r.performance).toBeUndefined();
        expect(r.place).toBeUndefined();
        expect(typeof r.order).toBe('number');
      }
      if (unit.trials) expect(unit.trials).toEqual([]);
    }
    for (const unit of startUnits.filter((u) => u.eventId.startsWith('T') && !(u.eventId === 'T01' && u.round === 2))) {
      expect(unit.results.length).toBeGreaterThan(0);
      for (const r of unit.results) expect(typeof r.lane).toBe('number');
    }
  });

  it('takes every race from in progress to provisional results (announced) to official', () => {
    for (const unit of startUnits.filter((u) => u.eventId.startsWith('T'))) {
      const history = unitSteps.filter((s) => keyOf(s.unit) === keyOf(unit)).map(unitOf);
      const statuses = history.map((u) => `${u.status}/${u.resultsStatus}`);
      expect(statuses[statuses.indexOf('in progress/') + 1]).toBe('finished/provisional');
      expect(statuses.at(-1)).toBe('finished/official');
      expect(overviewSteps.some((s) => s.event === 'results_arrived' && s.data.event_id === unit.eventId && s.data.round_no === unit.round && s.data.heat_no === unit.heat)).toBe(true);
    }
    for (const unit of finalUnits.values()) expect(`${unit.status}/${unit.resultsStatus}`).toBe('finished/official');
  });

  it('sends results_arrived with the unit that has the winner, right after it', () => {
    for (const [i, step] of recording.steps.entries()) {
      if (step.kind !== 'overview' || step.event !== 'results_arrived') continue;
      const unit = unitOf(recording.steps[i - 1] as UnitStep);
      expect(keyOf(unit)).toBe(keyOf({ eventId: String(step.data.event_id), round: Number(step.data.round_no), heat: Number(step.data.heat_no) }));
      expect(unit.resultsStatus).toBe('provisional');
      const winner = unit.results.find((r) => r.place === 1)!;
      expect(step.data.winner_performance).toBe(winner.performance);
    }
  });

  it('adds exactly one trial per field attempt, announced by a latest_attempt that matches it', () => {
    const trialsSoFar = new Map<string, number>();
    let attempts = 0;
    for (const [i, step] of recording.steps.entries()) {
      if (step.kind === 'unit') {
        const unit = unitOf(step);
        const before = trialsSoFar.get(keyOf(unit)) ?? 0;
        const now = unit.trials?.length ?? 0;
        expect([before, before + 1]).toContain(now);
        trialsSoFar.set(keyOf(unit), now);
        if (now === before + 1) {
          const next = recording.steps[i + 1] as OverviewStep;
          expect(next.kind === 'overview' && next.event === 'latest_attempt').toBe(true);
          const trial = unit.trials!.at(-1)!;
          expect(next.data.event_code).toBe(unit.eventCode);
          expect(next.data.bib).toBe(trial.bib);
          expect(next.data.result).toBe(trial.result);
          if (trial.height) {
            const atHeight = unit.trials!.filter((t) => t.bib === trial.bib && t.height === trial.height).map((t) => t.result).join('');
            expect(next.data).toMatchObject({ height: trial.height, attempts_at_height: atHeight });
          } else {
            expect(next.data.round).toBe(trial.round);
            expect(next.data.wind).toBe(trial.wind);
          }
        }
      } else if (step.event === 'latest_attempt') {
        attempts++;
      }
    }
    expect(attempts).toBe([...trialsSoFar.values()].reduce((a, b) => a + b, 0));
    expect(attempts).toBeGreaterThan(200);
  });

  it('runs jumps and throws over six rounds, cutting to eight after three, with wind for jumps and weight for throws', () => {
    const lj = finalUnits.get('F01/1/1')!;
    expect(lj.results.length).toBeGreaterThan(8);
    const later = new Set(lj.trials!.filter((t) => t.round! > 3).map((t) => t.bib));
    expect(later.size).toBe(8);
    const cut = lj.results.filter((r) => !later.has(r.bib));
    expect(cut.every((r) => r.place === undefined || r.place > 8)).toBe(true);
    for (const code of ['F01', 'F02', 'F03', 'F04']) {
      const unit = finalUnits.get(`${code}/1/1`)!;
      expect(Math.max(...unit.trials!.map((t) => t.round!))).toBe(6);
      const jumps = unit.eventCode === 'LJ' || unit.eventCode === 'TJ';
      for (const t of unit.trials!) expect(typeof t.wind === 'number').toBe(jumps && /^\d/.test(t.result));
      if (!jumps) expect(unit.results.every((r) => typeof r.weight === 'string')).toBe(true);
    }
  });

  it('runs HJ and PV height by height with o / xo / xxo / xxx / - / r', () => {
    const patterns = new Set<string>();
    for (const code of ['F05', 'F06']) {
      const unit = finalUnits.get(`${code}/1/1`)!;
      const heights = unit.heights as string[];
      expect(unit.initialHeight).toBe(heights[0]);
      const byAthleteHeight = new Map<string, string>();
      for (const t of unit.trials!) {
        expect(heights).toContain(t.height);
        byAthleteHeight.set(`${t.bib}@${t.height}`, (byAthleteHeight.get(`${t.bib}@${t.height}`) ?? '') + t.result);
      }
      for (const p of byAthleteHeight.values()) {
        expect(p).toMatch(/^(o|xo|xxo|x|xx|xxx|-|xr|r|x-|xx-)$/);
        patterns.add(p);
      }
    }
    for (const p of ['o', 'xo', 'xxo', 'xxx', '-', 'xr']) expect(patterns).toContain(p);
  });

  it('has non-finishers, qualifiers, record notes, a tie, and places that agree with the standings rules', () => {
    const rows = [...finalUnits.values()].flatMap((u) => u.results);
    const performances = rows.map((r) => r.performance);
    for (const word of ['DNS', 'DNF', 'DQ', 'NM']) expect(performances).toContain(word);
    const notes = rows.map((r) => r.note);
    for (const note of ['Q', 'q', 'PB', 'SB']) expect(notes).toContain(note);
    const tied = [...finalUnits.values()].filter((u) => {
      const places = u.results.map((r) => r.place).filter((p) => p !== undefined);
      return new Set(places).size < places.length;
    });
    expect(tied.length).toBeGreaterThan(0);
    for (const unit of finalUnits.values()) {
      const { standings } = computeStandings(UnitSchema.parse(unit));
      for (const r of unit.results) {
        if (typeof r.place === 'number') expect(standings.find((s) => s.bib === r.bib)?.place, `${keyOf(unit)} ${r.bib}`).toBe(r.place);
      }
    }
  });

  it('draws the 100m final from the heats: three Q per heat and the two fastest q', () => {
    const event = competition.events.find((e) => e.eventId === 'T01')!;
    expect(event.rounds).toBe('2,1');
    expect(event.units.map(keyOf)).toEqual(['T01/1/1', 'T01/1/2', 'T01/2/1']);
    const heats = [finalUnits.get('T01/1/1')!, finalUnits.get('T01/1/2')!];
    for (const heat of heats) expect(heat.results.filter((r) => r.note === 'Q').map((r) => r.place)).toEqual([1, 2, 3]);
    const qualifiers = heats.flatMap((h) => h.results.filter((r) => r.note === 'Q' || r.note === 'q').map((r) => r.bib));
    expect(qualifiers).toHaveLength(8);
    const lastHeatResults = Math.max(...unitSteps.filter((s) => s.unit.eventId === 'T01' && s.unit.round === 1).map((s) => s.atMs));
    const finalStartList = stepsOf('T01').find((u) => u.round === 2 && u.results.length > 0)!;
    expect(new Set(finalStartList.results.map((r) => r.bib))).toEqual(new Set(qualifiers));
    expect(finalStartList.results.map((r) => r.lane).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(unitSteps.find((s) => unitOf(s) === finalStartList)!.atMs).toBeGreaterThanOrEqual(lastHeatResults);
  });

  it('has a relay whose results carry the team bibs, and a 1500m with splits', () => {
    const bibs = new Set(competition.relayTeams.map((t) => t.bib));
    expect(bibs.size).toBeGreaterThanOrEqual(4);
    for (const t of competition.relayTeams) expect(t.runnerNames).toHaveLength(4);
    const relay = finalUnits.get('T06/1/1')!;
    expect(relay.results.every((r) => bibs.has(r.bib))).toBe(true);
    const winner = overviewSteps.find((s) => s.event === 'results_arrived' && s.data.event_id === 'T06')!;
    expect(competition.relayTeams.map((t) => t.name)).toContain(winner.data.winner_name);
    const miler = finalUnits.get('T04/1/1')!.results.find((r) => r.place === 1)!;
    expect(miler.splits).toEqual([
      expect.objectContaining({ distance: 300 }), expect.objectContaining({ distance: 700 }),
      expect.objectContaining({ distance: 1100 }), { distance: 1500, elapsedTime: miler.performance, lapTime: expect.any(String) },
    ]);
  });

  it('leaves one or two changes visible only over HTTP, as when a Pusher message is lost', () => {
    const lost = unitSteps.filter((s) => !s.push);
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(lost.length).toBeLessThanOrEqual(2);
  });

  it.skipIf(!samplesPresent)('names no athlete, club or team from the real exports', () => {
    const real = new Set<string>();
    for (const file of REAL_COMPETITIONS) {
      const sample = readSampleJson<{ competitors?: Record<string, unknown>[]; relayTeams?: Record<string, unknown>[] }>(file);
      for (const c of sample.competitors ?? []) {
        for (const k of ['firstName', 'lastName', 'teamName']) if (typeof c[k] === 'string' && c[k]) real.add((c[k] as string).trim().toLowerCase());
        real.add(`${String(c.firstName ?? '')} ${String(c.lastName ?? '')}`.trim().toLowerCase());
      }
      for (const t of sample.relayTeams ?? []) if (typeof t.name === 'string') real.add(t.name.toLowerCase());
    }
    expect(real.size).toBeGreaterThan(10);
    const ours = new Set<string>();
    for (const c of competition.competitors) [c.firstName, c.lastName, c.teamName, `${c.firstName} ${c.lastName}`].forEach((n) => ours.add(n.toLowerCase()));
    for (const t of competition.relayTeams) [t.name, ...t.runnerNames].forEach((n) => ours.add(n.toLowerCase()));
    for (const s of overviewSteps) for (const k of ['athlete_name', 'winner_name']) if (typeof s.data[k] === 'string') ours.add((s.data[k] as string).toLowerCase());
    expect([...ours].filter((n) => real.has(n))).toEqual([]);
  });
});
