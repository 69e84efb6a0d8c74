/**
 * Marks, times, winds and timestamps written the way OpenTrack writes them in its JSON, so the
 * demo exercises the same parsing as a real meet: "10.84", "8:32.69", "+0.5", "6.41",
 * "2026-06-13 17:05:12.000000".
 */

/** Whole thousandths, so float noise never moves a time across a hundredth. */
const thousandths = (seconds: number) => Math.round(seconds * 1000);

/** Fully automatic timing rounds a raw time up to the next hundredth (10.831 → 10.84). */
export function officialSeconds(rawSeconds: number): number {
  return Math.ceil(thousandths(rawSeconds) / 10) / 100;
}

function clock(seconds: number, decimals: number): string {
  const fixed = seconds.toFixed(decimals);
  const whole = Number(fixed);
  if (whole < 60) return fixed;
  const minutes = Math.floor(whole / 60);
  const rest = (whole - minutes * 60).toFixed(decimals).padStart(decimals + 3, '0');
  return `${minutes}:${rest}`;
}

/** A displayed time from a raw one: "10.84", "47.83", "4:08.55". */
export const formatTime = (rawSeconds: number): string => clock(officialSeconds(rawSeconds), 2);

/** The timing system's own reading, kept beside the displayed time ("10.831"). */
export const formatRawTime = (rawSeconds: number): string => clock(thousandths(rawSeconds) / 1000, 3);

/** A split or lap time, already in hundredths. */
export const formatSplit = (seconds: number): string => clock(Math.round(seconds * 100) / 100, 2);

/** Signed, one decimal, as in `windAssistance`: "+0.5", "-1.2", "+0.0". */
export function formatWind(metresPerSecond: number): string {
  const tenths = Math.round(metresPerSecond * 10);
  return `${tenths >= 0 ? '+' : '-'}${(Math.abs(tenths) / 10).toFixed(1)}`;
}

/** Wind per jump is a JSON number in `trials` (1.2, -0.4), unlike the unit's signed string. */
export const windNumber = (metresPerSecond: number): number => Math.round(metresPerSecond * 10) / 10 || 0;

/** Field marks are measured down to the centimetre below (6.418 m → "6.41"). */
export const formatMark = (metres: number): string => (Math.floor(Math.round(metres * 10_000) / 100) / 100).toFixed(2);

/** `dateModified` as OpenTrack writes it: UTC, space-separated, microseconds. */
export function formatDateModified(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '000');
}
