/** What the tray shows for the console's health: the level, a tooltip, and one line a source. */
import { describe, expect, it } from 'vitest';
import { trayStatus } from '../../electron/main/tray-status';
import type { Health } from '../../electron/core/model/api';

const health = (over: Partial<Health>): Health => ({
  status: 'ok',
  mode: 'live',
  startedAt: '2026-12-01T09:00:00.000Z',
  sources: { 'opentrack-pusher': { state: 'connected', lastMessageAt: '2026-12-01T09:01:00.000Z' } },
  cache: { units: 14, lastSeq: 300, schemaVersion: 5, file: '/data/trackside.db' },
  ...over,
});

describe('tray status', () => {
  it('says live with the cached unit count while sources flow', () => {
    const s = trayStatus(health({}));
    expect(s.level).toBe('ok');
    expect(s.tooltip).toBe('Trackside — live · 14 units cached');
    expect(s.lines).toEqual(['opentrack-pusher: connected']);
  });

  it('says offline with each source and its last error when the network is gone', () => {
    const s = trayStatus(
      health({
        status: 'offline',
        cache: { units: 1, lastSeq: 3, schemaVersion: 5, file: 'x' },
        sources: {
          'opentrack-pusher': { state: 'offline', lastMessageAt: null, lastError: 'getaddrinfo ENOTFOUND' },
          'opentrack-http': { state: 'offline', lastMessageAt: null },
        },
      }),
    );
    expect(s.level).toBe('offline');
    expect(s.tooltip).toBe('Trackside — offline — serving the cache · 1 unit cached');
    expect(s.lines).toEqual(['opentrack-pusher: offline (getaddrinfo ENOTFOUND)', 'opentrack-http: offline']);
  });

  it('warns about outbound deliveries that failed for good', () => {
    const s = trayStatus(health({ relay: { endpoints: 2, enabled: 2, backlog: 0, failed: 3 } }));
    expect(s.tooltip).toMatch(/3 deliveries failed$/);
    expect(s.lines).toContain('webhooks out: 3 failed for good');
  });
});
