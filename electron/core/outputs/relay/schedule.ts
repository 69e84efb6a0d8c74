/**
 * When to try a delivery again. Standard Webhooks' schedule by default; World Triathlon's own for
 * venue systems that expect to be treated the way it treats them. Its Create Subscription docs:
 * "10 retries with an initial delay of 60 seconds", exponential back-off, retry n after
 * 60 s + n⁴ s; a 3xx answer is not followed and not retried.
 */
export type ScheduleName = 'standard' | 'triathlon';

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;

/** Delay before each attempt, the first one included (0 = at once). */
export const SCHEDULES: Record<ScheduleName, readonly number[]> = {
  standard: [0, 5 * S, 5 * MIN, 30 * MIN, 2 * H, 5 * H, 10 * H, 10 * H],
  // The first attempt at once, then ten retries: 11 attempts in all.
  triathlon: [0, ...Array.from({ length: 10 }, (_, i) => (60 + (i + 1) ** 4) * S)],
};

/**
 * Whether an answer earns another attempt at all. Standard Webhooks treats every non-2xx as a
 * failure to retry; World Triathlon never retries a redirect (the receiver moved: asking again
 * will not help), so under its preset a 3xx ends the series at once.
 */
export function retriable(schedule: ScheduleName, statusCode: number | null): boolean {
  if (schedule === 'triathlon' && statusCode !== null && statusCode >= 300 && statusCode < 400) return false;
  return true;
}

/** Retry-After never pushes a retry further than this: a typo on the receiver must not park a result for a week. */
export const RETRY_AFTER_CAP_MS = 24 * H;

/**
 * The delay before attempt number `attempt` (1-based) of a series, or null when the series is
 * spent. A receiver's Retry-After can make it later, never earlier.
 */
export function delayBefore(schedule: ScheduleName, attempt: number, retryAfterMs?: number): number | null {
  const plan = SCHEDULES[schedule];
  if (attempt < 1 || attempt > plan.length) return null;
  const planned = plan[attempt - 1]!;
  return retryAfterMs === undefined ? planned : Math.max(planned, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS));
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * S;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
