/**
 * The words on the top bar and the offline banner, and the marks chart's axis: what a stadium
 * person reads, from health answers shaped like the console's.
 */
import { describe, expect, it } from 'vitest';
import type { Health } from '../../electron/core/model/api';
import { offlineNotice, sourceChips } from '../../renderer/src/logic/connection';
import { markAxis } from '../../renderer/src/logic/chart-scale';

const fmt = { hm: (iso: string) => iso.slice(11, 16), hms: (iso: string) => iso.slice(11, 19) };
const health = (status: Health['status'], sources: Health['sources']): Health => ({
  status, mode: 'follow', startedAt: '2026-06-13T17:00:00Z', sources, cache: { units: 0, lastSeq: 0, schemaVersion: 5, file: 'x' },
});
const down = health('offline', {
  'opentrack-pusher': { state: 'unavailable', lastMessageAt: '2026-06-13T17:41:58Z', lastError: null },
  'opentrack-http': { state: 'offline', lastMessageAt: '2026-06-13T17:41:30Z', lastError: 'fetch failed: getaddrinfo ENOTFOUND data.opentrack.run', url: 'https://data.opentrack.run/x/2025/NOR/ser4/json/', offlineSince: '2026-06-13T17:42:05Z' },
});

describe('stadium words', () => {
  it('names the sources as people do, never by their internal ids', () => {
    expect(sourceChips(down).map((c) => `${c.label} ${c.state}`)).toEqual(['OpenTrack live no answer', 'Results server no answer']);
    expect(sourceChips(health('ok', { simulator: { state: 'playing', lastMessageAt: null } }))[0]).toMatchObject({ label: 'Demo meet', state: 'playing', tone: 'good' });
  });

  it('offline: since when, data as of when, which host and why', () => {
    expect(offlineNotice(down, true, '2026-06-13T17:41:58Z', fmt)).toEqual({
      headline: 'Offline since 17:42 — showing data as of 17:41:58',
      detail: 'data.opentrack.run does not answer (name not found: no internet?). Catching up automatically when it returns.',
    });
  });

  it('offline with nothing ever received says so, never "as of —"', () => {
    const notice = offlineNotice(down, true, null, fmt)!;
    expect(notice.headline).toBe('Offline since 17:42 — no data received yet');
    expect(notice.headline).not.toContain('—  ');
  });

  it('the console itself out of reach is a different message; a healthy meet has none', () => {
    expect(offlineNotice(down, false, null, fmt, '2026-06-13T17:50:00Z')!.headline).toBe('Console out of reach since 17:50 — showing the screen as it was');
    expect(offlineNotice(health('ok', {}), true, null, fmt)).toBeNull();
  });
});

describe('why a host does not answer', () => {
  const why = (lastError: string) => offlineNotice(health('offline', { 'opentrack-http': { state: 'offline', lastMessageAt: null, lastError, url: 'http://127.0.0.1:9/x/json/' } }), true, null, fmt)!.detail;
  it('reads the console\'s own messages, never mistaking an address for a status code', () => {
    expect(why('cannot reach 127.0.0.1:9: ECONNREFUSED')).toBe('127.0.0.1:9 does not answer (connection refused). Catching up automatically when it returns.');
    expect(why('HTTP 503 from http://127.0.0.1:9/x/json/')).toBe('127.0.0.1:9 answers HTTP 503. Catching up automatically when it returns.');
    expect(why('cannot reach 127.0.0.1:9: TimeoutError')).toContain('(no answer in time)');
    expect(why('cannot reach 127.0.0.1:9: TypeError')).toContain('(connection failed)');
  });
});

describe('marks chart axis', () => {
  it('heights of 1.89 and 1.90 get a readable span in round steps, not 1.88–1.90', () => {
    const axis = markAxis([1.89, 1.9, 1.89], 'vertical')!;
    expect(axis.max - axis.min).toBeGreaterThanOrEqual(0.2);
    expect(axis.min).toBeLessThanOrEqual(1.8);
    expect(axis.max).toBeGreaterThanOrEqual(1.95);
    expect([0.05, 0.1]).toContain(axis.step);
  });

  it('a javelin spread keeps its own span and round steps; nothing to draw gives no axis', () => {
    const axis = markAxis([48.2, 61.75, 55], 'horizontal')!;
    expect(axis.min).toBeLessThanOrEqual(48.2);
    expect(axis.max).toBeGreaterThanOrEqual(61.75);
    expect(Number.isInteger(axis.min / axis.step)).toBe(true);
    expect(markAxis([], 'vertical')).toBeNull();
  });
});
