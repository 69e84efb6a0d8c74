/**
 * World Athletics wind rule (TR 32 / rule 32.21): in the 100 m, 200 m, the sprint hurdles, the long
 * jump and the triple jump, a mark made with more than +2.0 m/s behind it stands in the competition
 * (it places the athlete) but is "wind-aided": shown with a `w`, never a personal or season's best,
 * nor a record. Other events' readings are information only. One rule for the dashboard, the
 * standings and the graphics.
 */
const WIND_MEASURED = new Set(['100', '200', '100H', '110H', 'LJ', 'TJ']);
export const WIND_LIMIT = 2.0;

/** `100`, `100m`, `100mH`, `110 H` all name the same race; 60 m and indoor events are not measured. */
export function windMeasured(eventCode: string | null | undefined): boolean {
  if (!eventCode) return false;
  const code = String(eventCode).toUpperCase().replace(/\s+/g, '').replace(/^(\d+)M(H?)$/, '$1$2');
  return WIND_MEASURED.has(code);
}

/** A reading such as `"+2.4"`, `2.1`, `"2,1"` or `"−0.3"` as a number, or null when there is none. */
export function windReading(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim().replace('−', '-').replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

export function isWindAided(eventCode: string | null | undefined, wind: unknown): boolean {
  if (!windMeasured(eventCode)) return false;
  const n = windReading(wind);
  return n !== null && n > WIND_LIMIT;
}
