/**
 * World Athletics wind rule (TR 32): in the sprints, the short hurdles and the horizontal jumps a
 * mark made with more than +2.0 m/s behind it stands in the competition (it places the athlete)
 * but is "wind-aided": it cannot be a personal or season's best, nor a record. Announcers say it,
 * so the dashboard marks it `w`.
 */
import { RECORD_FLAGS } from './notes';

/** Events whose marks are wind-measured, by OpenTrack event code. 60 m and indoor events are not. */
const WIND_MEASURED = new Set(['100', '200', '100H', '110H', 'LJ', 'TJ']);
const LIMIT_MS = 2.0;

export function windMeasured(eventCode: string | null | undefined): boolean {
  return WIND_MEASURED.has(String(eventCode ?? '').trim().toUpperCase());
}

/** A reading such as `"+2.4"`, `2.1` or `"−0.3"` as a number, or null when there is none. */
export function windReading(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim().replace('−', '-').replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

export function isWindAided(eventCode: string | null | undefined, wind: unknown): boolean {
  if (!windMeasured(eventCode)) return false;
  const n = windReading(wind);
  return n !== null && n > LIMIT_MS;
}

const BEST_OR_RECORD = new Set<string>(RECORD_FLAGS);

/** The note's flags without the ones a wind-aided mark cannot earn (`PB`, `=SB`, `NR`…). */
export function legalFlags(flags: string[], windAided: boolean): string[] {
  if (!windAided) return flags;
  return flags.filter((f) => !BEST_OR_RECORD.has(f.replace(/^=/, '')));
}
