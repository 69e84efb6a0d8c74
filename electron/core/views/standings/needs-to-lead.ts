/**
 * "What does X need to take the lead?" for every athlete still in a field event, against the
 * standings as they are now (the leader is not assumed to improve).
 *
 * Horizontal: the smallest mark on the next attempt that puts the athlete strictly first under WA
 * rules (best mark, then next best, …). Sometimes equalling the leader is enough because the
 * athlete's other marks win the count-back; the answer says so.
 *
 * Vertical: the lowest height, and the latest attempt at it, whose clearance puts the athlete
 * strictly first by count-back (height, then failures at that height, then failures in total),
 * honouring the three-consecutive-failures rule and attempts already used at the current height.
 */
import type { NeedsToLead } from '../../model/api';
import type { Target } from '../../model/records';

/** Marks are compared in whole centimetres, as they are measured. */
const CM = 100;

export interface HorizontalEntry {
  bib: string;
  /** Valid marks so far, in metres. */
  marks: number[];
  inCompetition: boolean;
}

export function horizontalNeeds(entries: HorizontalEntry[]): Map<string, NeedsToLead> {
  const needs = new Map<string, NeedsToLead>();
  const series = new Map(entries.map((e) => [e.bib, seriesOf(e.marks)]));
  for (const entry of entries) {
    if (!entry.inCompetition) continue;
    const own = series.get(entry.bib)!;
    const best = bestOtherSeries(entries, entry.bib, series);
    if (!best) {
      if (!own.length) needs.set(entry.bib, { text: 'any valid mark' });
      continue;
    }
    if (compareSeries(own, best) < 0) continue; // already leads outright
    const wins = (cm: number) => compareSeries(seriesOf([...entry.marks], cm), best) < 0;
    // More distance never hurts a series, so the smallest winning mark is found by bisection.
    let lo = 1;
    let hi = best[0]! + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (wins(mid)) hi = mid;
      else lo = mid + 1;
    }
    if (lo === 1) {
      // Any mark at all wins: the others have no further mark to compare with.
      needs.set(entry.bib, { text: 'any valid mark' });
      continue;
    }
    const mark = (lo / CM).toFixed(2);
    const onCountBack = lo <= best[0]!;
    needs.set(entry.bib, { mark, text: onCountBack ? `${mark} (wins on next best)` : mark });
  }
  return needs;
}

function seriesOf(marks: number[], extraCm?: number): number[] {
  const cms = marks.map((m) => Math.round(m * CM));
  if (extraCm !== undefined) cms.push(extraCm);
  return cms.sort((a, b) => b - a);
}

function bestOtherSeries(entries: HorizontalEntry[], bib: string, series: Map<string, number[]>): number[] | undefined {
  let best: number[] | undefined;
  for (const e of entries) {
    if (e.bib === bib) continue;
    const s = series.get(e.bib)!;
    if (!s.length) continue;
    if (!best || compareSeries(s, best) < 0) best = s;
  }
  return best;
}

/** Negative when `a` ranks ahead of `b`: the first differing mark decides; having a mark beats none. */
function compareSeries(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? -1) - (a[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export interface VerticalEntry {
  bib: string;
  /** Attempts per height in metres, e.g. `[[2.00, 'o'], [2.04, 'xx']]`, ascending. */
  heights: [number, string][];
  inCompetition: boolean;
}

/** Count-back key: lower ranks ahead. */
type Key = [negHeight: number, failuresAtTop: number, totalFailures: number];

export function verticalNeeds(entries: VerticalEntry[], progression: number[]): Map<string, NeedsToLead> {
  const needs = new Map<string, NeedsToLead>();
  const keys = new Map(entries.map((e) => [e.bib, keyOf(e.heights)]));
  const bar = Math.max(-Infinity, ...entries.flatMap((e) => e.heights.map(([h]) => h)));
  const planned = [...new Set(progression.map(cm))].sort((a, b) => a - b);
  for (const entry of entries) {
    if (!entry.inCompetition) continue;
    const own = keys.get(entry.bib) ?? null;
    const best = bestOtherKey(entries, entry.bib, keys);
    if (own && (!best || compareKeys(own, best) < 0)) continue; // already leads outright
    const state = jumpingState(entry.heights);
    if (state.consecutiveFailures >= 3) continue;
    const left = 3 - state.consecutiveFailures;
    const candidates = candidateHeights(state, planned, bar === -Infinity ? null : cm(bar));
    let found = false;
    for (const h of candidates) {
      const failuresHere = h === state.unfinished ? state.failuresAtUnfinished : 0;
      let latest = 0;
      for (let j = 1; j <= left; j++) {
        const key: Key = [-h, failuresHere + j - 1, state.totalFailures + j - 1];
        if (!best || compareKeys(key, best) < 0) latest = j;
      }
      if (!latest) continue;
      const height = (h / CM).toFixed(2);
      const attempt = failuresHere + latest;
      const anyAttempt = latest === left;
      needs.set(entry.bib, {
        height,
        attempt,
        anyAttempt,
        text: anyAttempt ? height : `${height} by ${ordinal(attempt)} attempt`,
      });
      found = true;
      break;
    }
    if (!found) {
      const top = Math.max(planned[planned.length - 1] ?? 0, best ? -best[0] : 0);
      needs.set(entry.bib, { text: `a height above ${(top / CM).toFixed(2)}` });
    }
  }
  return needs;
}

const cm = (metres: number) => Math.round(metres * CM);

function keyOf(heights: [number, string][]): Key | null {
  const cleared = heights.filter(([, r]) => r.includes('o'));
  const top = cleared[cleared.length - 1];
  if (!top) return null;
  const fails = (r: string) => [...r].filter((c) => c === 'x').length;
  const total = heights.filter(([h]) => h <= top[0]).reduce((sum, [, r]) => sum + fails(r), 0);
  return [-cm(top[0]), fails(top[1]), total];
}

function bestOtherKey(entries: VerticalEntry[], bib: string, keys: Map<string, Key | null>): Key | undefined {
  let best: Key | undefined;
  for (const e of entries) {
    const k = keys.get(e.bib);
    if (e.bib === bib || !k) continue;
    if (!best || compareKeys(k, best) < 0) best = k;
  }
  return best;
}

function compareKeys(a: Key, b: Key): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

interface JumpingState {
  consecutiveFailures: number;
  totalFailures: number;
  /** The height (cm) the athlete has failed at and may still attempt, if any. */
  unfinished: number | null;
  failuresAtUnfinished: number;
  /** The highest height (cm) the athlete has attempted, passed or cleared. */
  last: number | null;
}

function jumpingState(heights: [number, string][]): JumpingState {
  let consecutive = 0;
  let total = 0;
  for (const [, results] of heights) {
    for (const c of results) {
      if (c === 'x') {
        consecutive++;
        total++;
      } else if (c === 'o') consecutive = 0;
    }
  }
  const lastEntry = heights[heights.length - 1];
  const last = lastEntry ? cm(lastEntry[0]) : null;
  const open = lastEntry && !/[o\-r]/.test(lastEntry[1]);
  return {
    consecutiveFailures: consecutive,
    totalFailures: total,
    unfinished: open ? last : null,
    failuresAtUnfinished: open ? lastEntry![1].length : 0,
    last,
  };
}

/** Heights the athlete may still clear: an unfinished one, then every planned height above. */
function candidateHeights(state: JumpingState, planned: number[], bar: number | null): number[] {
  const out: number[] = [];
  if (state.unfinished !== null) out.push(state.unfinished);
  // The bar never comes down: nothing below the current bar, nor at or below the athlete's last.
  const floor = Math.max(bar ?? -Infinity, state.last === null ? -Infinity : state.last + 1);
  for (const h of planned) if (h >= floor && h !== state.unfinished) out.push(h);
  return out;
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : '3rd';
}

/** A best or a record an athlete could beat on the next attempt. */
export interface TargetMark {
  kind: Target['kind'];
  /** As held: "7.45", "1.88". */
  mark: string;
}

export interface TargetEntry {
  /** Horizontal: valid marks (metres) with their wind; vertical: attempts per height, ascending. */
  marks?: { metres: number; wind: number | null }[];
  heights?: [number, string][];
  inCompetition: boolean;
}

const TARGET_LABEL: Record<Target['kind'], string> = {
  PB: 'PB', SB: 'SB', meeting: 'meeting record', championship: 'championship record', national: 'national record',
  area: 'area record', world: 'world record',
};

/**
 * What the next attempt needs to beat each target the athlete has not beaten yet today. Horizontal:
 * one centimetre over the target (equalling a best is "=PB", not a new one), with legal wind where
 * wind counts: a wind-aided mark never beats a best or a record. Vertical: the lowest height the
 * athlete may still attempt that is above the target; when the planned heights stop below it, the
 * bar can be set at the target plus a centimetre on request, as WA allows for a record.
 */
export function targetNeeds(
  kind: 'horizontal' | 'vertical',
  entry: TargetEntry,
  targets: readonly TargetMark[],
  opts: { windEvent?: boolean; progression?: number[]; bar?: number | null } = {},
): Target[] {
  if (!entry.inCompetition) return [];
  const out: Target[] = [];
  const state = kind === 'vertical' ? jumpingState(entry.heights ?? []) : null;
  if (state && state.consecutiveFailures >= 3) return [];
  const best =
    kind === 'horizontal'
      ? Math.max(-1, ...(entry.marks ?? []).filter((m) => !(opts.windEvent && m.wind !== null && m.wind > 2.0)).map((m) => cm(m.metres)))
      : Math.max(-1, ...(entry.heights ?? []).filter(([, r]) => r.includes('o')).map(([h]) => cm(h)));
  const planned = [...new Set((opts.progression ?? []).map(cm))].sort((a, b) => a - b);
  for (const t of targets) {
    const value = Number(String(t.mark).trim().replace(',', '.').replace(/^=/, ''));
    if (!Number.isFinite(value) || value <= 0) continue;
    const target = cm(value);
    if (best > target) continue;
    const label = TARGET_LABEL[t.kind];
    if (kind === 'horizontal') {
      const needs = ((target + 1) / CM).toFixed(2);
      out.push({ kind: t.kind, current: t.mark, needs, text: `${needs} for ${label} (${t.mark})${opts.windEvent ? ', legal wind' : ''}` });
      continue;
    }
    const candidates = candidateHeights(state!, planned, opts.bar == null ? null : cm(opts.bar));
    const h = candidates.filter((c) => c > target).sort((a, b) => a - b)[0];
    const needs = ((h ?? target + 1) / CM).toFixed(2);
    out.push({ kind: t.kind, current: t.mark, needs, text: `${needs} for ${label} (${t.mark})${h === undefined ? ', bar on request' : ''}` });
  }
  return out;
}
