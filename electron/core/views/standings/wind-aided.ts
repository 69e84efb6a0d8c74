/**
 * Wind-aided marks (World Athletics rule 32.21 / TR 17.4): in the 100m, 200m, the sprint hurdles,
 * long jump and triple jump, a following wind above +2.0 m/s makes a mark ineligible for records
 * and is shown with a `w`. Other events' wind readings are information only.
 */
const WIND_EVENTS = new Set(['100', '200', '100H', '110H', 'LJ', 'TJ']);

/** `100`, `100m`, `100mH`, `110 H` all name the same race. */
export function countsWind(eventCode: string | null | undefined): boolean {
  if (!eventCode) return false;
  const code = eventCode.toUpperCase().replace(/\s+/g, '').replace(/^(\d+)M(H?)$/, '$1$2');
  return WIND_EVENTS.has(code);
}

/** The wind in m/s from how it is written ("+2.1", "2,1", 2.1), or null. */
export function windValue(wind: unknown): number | null {
  if (wind === null || wind === undefined || wind === '') return null;
  const n = typeof wind === 'number' ? wind : Number(String(wind).trim().replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

export const WIND_LIMIT = 2.0;

export function windAided(eventCode: string | null | undefined, wind: unknown): boolean {
  const v = windValue(wind);
  return v !== null && countsWind(eventCode) && v > WIND_LIMIT;
}
