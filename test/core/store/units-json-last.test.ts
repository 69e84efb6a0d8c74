/**
 * Migration 7 moves each unit's JSON to the last column (so summaries do not walk a big unit's
 * overflow pages). A cache written by the previous release opens with every unit intact.
 */
import { afterEach, expect, it } from 'vitest';
import { Store } from '../../../electron/core/store/store';
import { cacheAtVersion } from '../../helpers/old-cache';
import { tempDir } from '../../helpers/temp-dir';

let data: ReturnType<typeof tempDir>;
afterEach(() => data.remove());

it('a v6 cache opens as v7 with every unit, its JSON and its summary unchanged, JSON last', () => {
  data = tempDir();
  const old = cacheAtVersion(data.path, 6);
  const big = JSON.stringify({ eventId: 'T01', round: 1, heat: 1, results: Array.from({ length: 3000 }, (_, i) => ({ bib: String(i), performance: '10.00' })) });
  const insert = old.prepare(
    `INSERT INTO units (competition, event_id, round, heat, json, hash, status, results_status, source, received_at, changed_at, seq, changed_offline, modified)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  insert.run('x-test', 'T01', 1, 1, big, 'h1', 'finished', 'official', 'opentrack-http', 1000, 900, 7, 1, '2026-06-01');
  insert.run('x-test', 'F01', 1, 1, '{"eventId":"F01","round":1,"heat":1}', 'h2', null, null, 'opentrack-pusher', 2000, 2000, 8, 0, null);
  old.close();

  const store = Store.open(data.path);
  try {
    expect(store.stats().schemaVersion).toBeGreaterThanOrEqual(7);
    const columns = (store.db.prepare('PRAGMA table_info(units)').all() as { name: string }[]).map((c) => c.name);
    expect(columns[columns.length - 1]).toBe('json');
    expect(store.units.get('x-test', { eventId: 'T01', round: 1, heat: 1 })?.json).toBe(big);
    expect(store.units.list('x-test').map((u) => [u.eventId, u.hash, u.status, u.resultsStatus, u.seq, u.changedOffline])).toEqual([
      ['F01', 'h2', undefined, undefined, 8, false],
      ['T01', 'h1', 'finished', 'official', 7, true],
    ]);
  } finally {
    store.close();
  }
});
