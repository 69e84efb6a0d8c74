/**
 * Retry timing a venue operator can rely on: the documented schedules, Retry-After, and filters.
 */
import { describe, expect, it } from 'vitest';
import { RETRY_AFTER_CAP_MS, SCHEDULES, delayBefore, parseRetryAfter, retriable } from '../../../../electron/core/outputs/relay/schedule';
import { matchesFilter } from '../../../../electron/core/outputs/relay/messages';

describe('schedules', () => {
  it('standard: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then spent', () => {
    const plan = Array.from({ length: 9 }, (_, i) => delayBefore('standard', i + 1));
    expect(plan).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000, null]);
  });

  it('triathlon: the documented table, 10 retries, retry n after 60 s + n⁴ s', () => {
    // World Triathlon, Create Subscription: "10 retries with an initial delay of 60 seconds",
    // exponential back-off 60 s + n⁴ s. Written out, not computed, so a wrong formula fails here.
    const documented = [61, 76, 141, 316, 685, 1356, 2461, 4156, 6621, 10060];
    const plan = Array.from({ length: 12 }, (_, i) => delayBefore('triathlon', i + 1));
    expect(plan).toEqual([0, ...documented.map((s) => s * 1000), null]);
    expect(SCHEDULES.triathlon).toHaveLength(1 + 10);
  });

  it('triathlon never retries a redirect; standard retries every failure', () => {
    for (const code of [301, 302, 307, 308]) expect(retriable('triathlon', code)).toBe(false);
    for (const code of [400, 404, 429, 500, 503, null]) expect(retriable('triathlon', code)).toBe(true);
    for (const code of [302, 500, null]) expect(retriable('standard', code)).toBe(true);
  });

  it('Retry-After makes a retry later, never sooner, and is capped', () => {
    expect(delayBefore('standard', 3, 60_000)).toBe(300_000);
    expect(delayBefore('standard', 3, 900_000)).toBe(900_000);
    expect(delayBefore('standard', 2, 10 * 24 * 3600_000)).toBe(RETRY_AFTER_CAP_MS);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 10, 22, 12, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('filters', () => {
  it('match types by glob', () => {
    expect(matchesFilter('result.arrived', ['*'])).toBe(true);
    expect(matchesFilter('result.arrived', ['result.*'])).toBe(true);
    expect(matchesFilter('attempt.recorded', ['result.*'])).toBe(false);
    expect(matchesFilter('webhook.triathlon.timing.store', ['webhook.triathlon.*'])).toBe(true);
    expect(matchesFilter('unit.updated', ['unit.updated', 'result.*'])).toBe(true);
    expect(matchesFilter('unitXupdated', ['unit.updated'])).toBe(false);
  });
});
