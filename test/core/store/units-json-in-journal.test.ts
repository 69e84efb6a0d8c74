/**
 * Migration 10 lets a unit's row leave its JSON to the journal row it came in. A cache written by
 * the previous release, whose rows all hold their own text, opens with every unit intact.
 */
import { afterEach, expect, it } from 'vitest';
import { Store } from '../../../electron/core/store/store';
import { cacheAtVersion } from '../../helpers/old-cache';
import { tempDir } from '../../helpers/temp-dir';

let data: ReturnType<typeof tempDir>;
afterEach(() => data.remove());

it('a v9 cache opens as v10 with every unit and its own JSON unchanged', () => {
  data = tempDir();
  const old = cacheAtVersion(data.path, 9);
  const big = JSON.stringify({ eventId: 'T01', round: 1, heat: 1, results: Array.from({ length: 3000 }, (_, i) => ({ bib: String(i), performance: '10.00' })) });
  // Its journal row says something else: a v9 row's own text is what it reads, whatever seq names.
  old.prepare("INSERT INTO journal (seq, source, channel, event, payload, received_at, accepted) VALUES (7, 'opentrack-http', 'c', 'competition', '{}', 1000, 1)").run();
  old.prepare(
    `INSERT INTO units (competition, event_id, round, heat, json, hash, status, results_status, source, received_at, changed_at, seq, changed_offline, modified)
     VALUES ('x-test', 'T01', 1, 1, ?, 'h1', 'finished', 'official', 'opentrack-http', 1000, 900, 7, 1, '2026-06-01')`,
  ).run(big);
  old.close();

  const store = Store.open(data.path);
  try {
    expect(store.stats().schemaVersion).toBe(10);
    expect(store.units.get('x-test', { eventId: 'T01', round: 1, heat: 1 })).toMatchObject({ json: big, hash: 'h1', seq: 7, changedOffline: true });
    // A row with no text of its own must name the journal row that has it.
    expect(() =>
      store.db
        .prepare("INSERT INTO units (competition, event_id, round, heat, json, hash, source, received_at, changed_at, seq) VALUES ('x-test', 'T02', 1, 1, NULL, 'h', 's', 1, 1, NULL)")
        .run(),
    ).toThrow(/CHECK constraint/);
  } finally {
    store.close();
  }
});
