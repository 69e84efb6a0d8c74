/**
 * World Athletics combined-events points: points = INT(A·(B−P)^C) for a time P in seconds,
 * INT(A·(P−B)^C) for a jump P in centimetres or a throw P in metres. INT drops the fraction.
 *
 * Coefficients: IAAF Scoring Tables for Combined Events (2001 edition, unchanged since; World
 * Athletics publishes them as "Scoring Tables for Combined Events"). The same tables serve the U20
 * and U18 variants: lighter implements and lower hurdles change the marks, not the formula.
 * Checked in test/core/views/combined/scoring.test.ts against official per-event points of the
 * outdoor decathlon (9126), heptathlon (7291) and indoor heptathlon (6645) world records.
 *
 * Assumptions (README "Combined events"):
 * - A sprint time written with one decimal (≤ 400 m, hurdles included: "10.8") is hand-timed and
 *   converted as the tables direct: +0.24 s up to 200 m and the hurdles, +0.14 s at 300/400 m.
 *   Longer races are scored as written.
 * - Electronic times beyond hundredths are rounded up to the next hundredth (WA rule 19).
 * - Wind does not change points: a wind-aided mark scores in full (it only bars a record).
 */
import { parseDistance, parseTime } from '../standings/marks';

export type Gender = 'men' | 'women';
export type Measure = 'time' | 'cm' | 'm';

export interface Coefficients {
  A: number;
  B: number;
  C: number;
  measure: Measure;
}

const time = (A: number, B: number, C: number): Coefficients => ({ A, B, C, measure: 'time' });
const jump = (A: number, B: number, C: number): Coefficients => ({ A, B, C, measure: 'cm' });
const throw_ = (A: number, B: number, C: number): Coefficients => ({ A, B, C, measure: 'm' });

/** One table: every discipline a WA combined event (or its youth/indoor variant) is made of. */
export const COEFFICIENTS: Record<Gender, Record<string, Coefficients>> = {
  men: {
    '60': time(58.015, 11.5, 1.81),
    '100': time(25.4347, 18, 1.81),
    '200': time(5.8425, 38, 1.81),
    '400': time(1.53775, 82, 1.81),
    '1000': time(0.08713, 305.5, 1.85),
    '1500': time(0.03768, 480, 1.85),
    '60H': time(20.5173, 15.5, 1.92),
    '110H': time(5.74352, 28.5, 1.92),
    HJ: jump(0.8465, 75, 1.42),
    PV: jump(0.2797, 100, 1.35),
    LJ: jump(0.14354, 220, 1.4),
    SP: throw_(51.39, 1.5, 1.05),
    DT: throw_(12.91, 4, 1.1),
    HT: throw_(13.0449, 7, 1.05),
    JT: throw_(10.14, 7, 1.08),
  },
  women: {
    '100': time(17.857, 21, 1.81),
    '200': time(4.99087, 42.5, 1.81),
    '400': time(1.34285, 91.7, 1.81),
    '800': time(0.11193, 254, 1.88),
    '1500': time(0.02883, 535, 1.88),
    '60H': time(20.0479, 17, 1.835),
    '100H': time(9.23076, 26.7, 1.835),
    HJ: jump(1.84523, 75, 1.348),
    PV: jump(0.44125, 100, 1.35),
    LJ: jump(0.188807, 210, 1.41),
    SP: throw_(56.0211, 1.5, 1.05),
    DT: throw_(12.3311, 3, 1.1),
    HT: throw_(17.5458, 6, 1.05),
    JT: throw_(15.9803, 3.8, 1.04),
  },
};

/** OpenTrack writes some codes its own way ("110mH", "100MH", "60mH", "60 H"). */
export function disciplineCode(eventCode: string | null | undefined): string {
  const c = (eventCode ?? '').toUpperCase().replace(/\s+/g, '').replace(/M?H$/, 'H').replace(/M$/, '');
  return c;
}

export function coefficientsFor(gender: Gender, eventCode: string | null | undefined): Coefficients | undefined {
  return COEFFICIENTS[gender][disciplineCode(eventCode)];
}

/** Hand-timing conversion for a sprint written with one decimal (see the header). */
function handTimingAddition(code: string): number | null {
  const metres = Number(/^\d+/.exec(code)?.[0] ?? NaN);
  if (!(metres <= 400)) return null;
  return metres >= 300 ? 0.14 : 0.24;
}

export interface Scored {
  points: number;
  /** The value the formula used: seconds (hand times converted), centimetres or metres. */
  value: number;
  handTimed: boolean;
}

/** Integer hundredths of a second, rounded up (a time is never made faster than measured). */
const hundredths = (seconds: number) => Math.ceil(Math.round(seconds * 1e6) / 1e4);

/** Points for a performance as written ("12.69", "2:08.51", "7.27", "1.86"), or null for no mark. */
export function pointsFor(gender: Gender, eventCode: string | null | undefined, performance: string | null | undefined): Scored | null {
  const k = coefficientsFor(gender, eventCode);
  if (!k || performance == null) return null;
  if (k.measure === 'time') {
    const seconds = parseTime(performance);
    if (seconds === null || seconds <= 0) return null;
    const decimals = /\.(\d+)$/.exec(performance.trim())?.[1]?.length ?? 0;
    const add = decimals === 1 ? handTimingAddition(disciplineCode(eventCode)) : null;
    const value = (hundredths(seconds) + (add === null ? 0 : Math.round(add * 100))) / 100;
    return { points: timePoints(k, value), value, handTimed: add !== null };
  }
  const metres = parseDistance(performance);
  if (metres === null || metres <= 0) return null;
  const value = k.measure === 'cm' ? Math.round(metres * 100) : Math.round(metres * 100) / 100;
  return { points: fieldPoints(k, value), value, handTimed: false };
}

function timePoints(k: Coefficients, seconds: number): number {
  return seconds >= k.B ? 0 : Math.floor(k.A * Math.pow(k.B - seconds, k.C));
}

function fieldPoints(k: Coefficients, value: number): number {
  return value <= k.B ? 0 : Math.floor(k.A * Math.pow(value - k.B, k.C));
}

/** Points for a value in the table's own measure (seconds, cm, m). */
export function pointsForValue(k: Coefficients, value: number): number {
  return k.measure === 'time' ? timePoints(k, value) : fieldPoints(k, value);
}

export interface Needed {
  /** Seconds (slowest time), centimetres or metres (smallest mark), in the table's measure. */
  value: number;
  /** As an announcer says it: "2:08.51", "6.52", "1.83". */
  text: string;
  /** Points that mark scores (at least the points asked for). */
  points: number;
}

/**
 * The weakest mark that scores at least `points`: the slowest electronic time to the hundredth, or
 * the shortest mark to the centimetre. Inverts the formula, then steps to the exact edge, so the
 * answer is right under INT() as well. Null when no mark can (a time at or below zero).
 */
export function markForPoints(gender: Gender, eventCode: string | null | undefined, points: number): Needed | null {
  const k = coefficientsFor(gender, eventCode);
  if (!k) return null;
  const target = Math.max(1, Math.ceil(points));
  const root = Math.pow(target / k.A, 1 / k.C);
  if (k.measure === 'time') {
    // Work in whole hundredths so stepping never drifts.
    let h = Math.floor((k.B - root) * 100);
    if (h <= 0) return null;
    while (timePoints(k, (h + 1) / 100) >= target) h++;
    while (h > 0 && timePoints(k, h / 100) < target) h--;
    if (h <= 0) return null;
    return { value: h / 100, text: formatSeconds(h / 100), points: timePoints(k, h / 100) };
  }
  // Field: whole centimetres for jumps (cm) and throws (m to the cm).
  const scale = k.measure === 'cm' ? 1 : 100;
  let c = Math.ceil((k.B + root) * scale);
  const at = (cm: number) => fieldPoints(k, k.measure === 'cm' ? cm : cm / 100);
  while (c > 0 && at(c - 1) >= target) c--;
  while (at(c) < target) c++;
  const value = k.measure === 'cm' ? c : c / 100;
  return { value, text: (k.measure === 'cm' ? c / 100 : value).toFixed(2), points: at(c) };
}

/** 12.69 → "12.69"; 128.51 → "2:08.51". */
export function formatSeconds(seconds: number): string {
  const h = Math.round(seconds * 100);
  const min = Math.floor(h / 6000);
  const rest = ((h % 6000) / 100).toFixed(2);
  return min > 0 ? `${min}:${rest.padStart(5, '0')}` : rest;
}
