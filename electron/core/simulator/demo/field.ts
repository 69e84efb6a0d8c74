/**
 * Jumps and throws in the demo meet, attempt by attempt. Each attempt is announced twice, as
 * OpenTrack does: a `latest_attempt` message on the overview channel, and the whole unit (trial
 * appended, places updated) on the unit's channel.
 */
import { UnitSchema } from '../../model/opentrack';
import { parseDistance } from '../../views/standings/marks';
import { computeStandings } from '../../views/standings/standings';
import { recordNote, type MeetContext } from './context';
import { formatMark, windNumber } from './format';
import type { DemoUnit, ResultRow, TrialRow } from './units';

/** How long the officials take from the last attempt to provisional, and on to official results. */
const PROVISIONAL_AFTER_MS = 6_000;
const OFFICIAL_AFTER_MS = 45_000;

interface FieldTiming {
  startMs: number;
  /** Between two attempts in this event. */
  gapMs: number;
}

export interface HorizontalPlan extends FieldTiming {
  /** The mark each athlete reaches on a good attempt, in metres. */
  form: ReadonlyMap<string, number>;
  /** How far below their form an attempt may land. */
  spread: number;
  /** Long and triple jump: wind is measured for each valid jump. */
  windGauge: boolean;
  attempts: number;
  cutAfterRound: number;
  cutSurvivors: number;
  /** This athlete fouls every attempt: no mark (NM). */
  noMark?: string;
}

export interface VerticalPlan extends FieldTiming {
  /** The height each athlete clears more often than not, in metres. */
  form: ReadonlyMap<string, number>;
  /** The bar's progression, as listed in the unit's `heights`. */
  heights: readonly string[];
  /** Fails the opening height three times: no height (NM). */
  noHeight?: string;
  /** Retires (`r`) straight after their first failure. */
  retires?: string;
}

/** Runs a jump or throw to official results. Returns when its last step happens. */
export function runHorizontal(ctx: MeetContext, unit: DemoUnit, plan: HorizontalPlan): number {
  const { rnd } = ctx;
  const trials = unit.trials!;
  const out = new Set<string>();
  let order = unit.results.map((r) => r.bib);
  let at = plan.startMs;
  unit.status = 'in progress';
  for (let round = 1; round <= plan.attempts; round++) {
    if (round === plan.cutAfterRound + 1) {
      // WA: after three rounds the best eight go on, in reverse order of their standing.
      const ranked = standingsOf(unit).map((s) => s.bib);
      const survivors = ranked.slice(0, plan.cutSurvivors);
      for (const bib of ranked.slice(plan.cutSurvivors)) out.add(bib);
      order = survivors.reverse();
    }
    for (const bib of order) {
      at += plan.gapMs;
      const roll = rnd.next();
      let result: string;
      if (bib === plan.noMark || roll < 0.16) result = 'x';
      else if (round > 1 && roll < 0.19) result = '-';
      else result = formatMark(plan.form.get(bib)! - rnd.between(-0.25 * plan.spread, plan.spread));
      const trial: TrialRow = { bib, round, result };
      if (plan.windGauge && parseDistance(result) !== null) trial.wind = windNumber(rnd.between(-1.2, 2.6));
      trials.push(trial);
      if (round === plan.attempts && bib === order[order.length - 1]) order.forEach((b) => out.add(b));
      announceAttempt(ctx, unit, out, at, { bib, round, result, ...(trial.wind !== undefined ? { wind: trial.wind } : {}) });
    }
  }
  return finishField(ctx, unit, at);
}

/** Runs a high jump or pole vault, height by height, until everyone is out. */
export function runVertical(ctx: MeetContext, unit: DemoUnit, plan: VerticalPlan): number {
  const { rnd } = ctx;
  const trials = unit.trials!;
  const bibs = unit.results.map((r) => r.bib);
  const out = new Set<string>();
  // Stronger athletes save their legs by passing the opening height or two.
  const opening = parseDistance(plan.heights[0])!;
  const passesFirst = (bib: string) => bib !== plan.noHeight && plan.form.get(bib)! - opening > 0.2 && rnd.chance(0.6);
  const entersAt = new Map(bibs.map((bib) => [bib, passesFirst(bib) ? rnd.int(1, 2) : 0]));
  let retired = false;
  let at = plan.startMs;
  unit.status = 'in progress';
  for (const [index, height] of plan.heights.entries()) {
    const bar = parseDistance(height)!;
    const atHeight = new Map(bibs.filter((b) => !out.has(b)).map((b) => [b, '']));
    if (atHeight.size === 0) break;
    for (let attempt = 1; attempt <= 3; attempt++) {
      for (const [bib, sofar] of atHeight) {
        if (/[o\-r]/.test(sofar) || sofar.length >= attempt) continue;
        let result: string;
        if (index < entersAt.get(bib)!) result = '-';
        else if (bib === plan.noHeight) result = 'x';
        else if (bib === plan.retires && !retired && sofar.includes('x')) result = 'r';
        else result = rnd.chance(clearanceChance(plan.form.get(bib)! - bar)) ? 'o' : 'x';
        if (result === 'r') retired = true;
        const codes = sofar + result;
        atHeight.set(bib, codes);
        if (result === 'r' || codes === 'xxx') out.add(bib);
        trials.push({ bib, height, result });
        at += plan.gapMs;
        announceAttempt(ctx, unit, out, at, { bib, height, attempts_at_height: codes, result });
      }
    }
  }
  bibs.forEach((b) => out.add(b));
  return finishField(ctx, unit, at);
}

/** After an attempt: results refreshed, the unit published, and the attempt on the overview channel. */
function announceAttempt(
  ctx: MeetContext,
  unit: DemoUnit,
  out: ReadonlySet<string>,
  at: number,
  attempt: { bib: string; result: string } & Record<string, unknown>,
): void {
  refreshFieldResults(ctx, unit, out);
  ctx.timeline.unit(at, unit);
  ctx.timeline.overview(at, 'latest_attempt', { event_code: unit.eventCode, ...attempt, athlete_name: ctx.nameOf(attempt.bib) });
}

function clearanceChance(margin: number): number {
  if (margin > 0.08) return 0.93;
  if (margin > 0.03) return 0.75;
  if (margin >= 0) return 0.5;
  if (margin > -0.03) return 0.2;
  return 0.04;
}

function standingsOf(unit: DemoUnit) {
  return computeStandings(UnitSchema.parse(unit)).standings;
}

/**
 * `results` as OpenTrack recomputes them after each attempt: place and best mark by the WA rules,
 * `NM` for an athlete out of the competition without a mark, `PB`/`SB` against their bests.
 */
function refreshFieldResults(ctx: MeetContext, unit: DemoUnit, out: ReadonlySet<string>): void {
  const byBib = new Map(standingsOf(unit).map((s) => [s.bib, s]));
  const tried = new Set(unit.trials!.map((t) => t.bib));
  unit.results = unit.results.map((previous) => {
    const standing = byBib.get(previous.bib);
    const row: ResultRow = { bib: previous.bib, order: previous.order };
    if (previous.weight) row.weight = previous.weight;
    if (standing?.place != null) row.place = standing.place;
    if (standing?.best) {
      row.performance = standing.best;
      const note = recordNote(parseDistance(standing.best)!, ctx.entries.bests(previous.bib, String(unit.eventId)), parseDistance, true);
      if (note) row.note = note;
    } else if (out.has(previous.bib) && tried.has(previous.bib)) {
      row.performance = 'NM';
    }
    return row;
  });
}

function finishField(ctx: MeetContext, unit: DemoUnit, lastAttemptMs: number): number {
  const provisionalAt = lastAttemptMs + PROVISIONAL_AFTER_MS;
  unit.status = 'finished';
  unit.resultsStatus = 'provisional';
  ctx.timeline.unit(provisionalAt, unit);
  const winner = unit.results.find((r) => r.place === 1);
  ctx.timeline.overview(provisionalAt, 'results_arrived', {
    event_id: unit.eventId,
    round_no: unit.round,
    heat_no: unit.heat,
    heat_name: unit.heatName,
    winner_performance: winner?.performance ?? '',
    winner_name: winner ? ctx.nameOf(winner.bib) : '',
  });
  unit.resultsStatus = 'official';
  ctx.timeline.unit(provisionalAt + OFFICIAL_AFTER_MS, unit);
  return provisionalAt + OFFICIAL_AFTER_MS;
}
