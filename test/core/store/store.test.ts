import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Store } from '../../../electron/core/store/store';
import { migrate, schemaVersion } from '../../../electron/core/store/database';
import { MIGRATIONS } from '../../../electron/core/store/migrations';
import { tempDir } from '../../helpers/temp-dir';

const dirs: { remove: () => void }[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('SQLite store', () => {
  it('creates trackside.db in WAL mode at the latest schema version', () => {
    const dir = fresh();
    const store = Store.open(dir);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(store.db)).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(store.file).toBe(join(dir, 'trackside.db'));
    store.close();
  });

  it('keeps units and the journal across a restart, with seq still increasing', () => {
    const dir = fresh();
    const store = Store.open(dir);
    const seq = store.journal.append({ source: 's', channel: 'c', event: 'unit', payload: '{"a":1}', receivedAt: 1, accepted: true });
    store.units.upsert({
      competition: 'x-1', eventId: 'T01', round: 1, heat: 1, json: '{"eventId":"T01"}', hash: 'h', source: 's',
      receivedAt: 1, changedAt: 1, seq, changedOffline: false,
    });
    store.close();

    const reopened = Store.open(dir);
    expect(reopened.units.get('x-1', { eventId: 'T01', round: 1, heat: 1 })?.json).toBe('{"eventId":"T01"}');
    expect(reopened.journal.after(0, 10).map((r) => r.payload)).toEqual(['{"a":1}']);
    const next = reopened.journal.append({ source: 's', channel: 'c', event: 'x', payload: '1', receivedAt: 2, accepted: false, reason: 'r' });
    expect(next).toBeGreaterThan(seq);
    reopened.close();
  });

  it('applies only the migrations a data dir has not seen, and refuses a newer schema', () => {
    const dir = fresh();
    Store.open(dir).close();
    const db = new Database(join(dir, 'trackside.db'));
    const extra = [...MIGRATIONS, { version: 99, name: 'future', sql: 'CREATE TABLE future (x INTEGER);' }];
    migrate(db, extra);
    expect(schemaVersion(db)).toBe(99);
    db.close();
    expect(() => Store.open(dir)).toThrow(/newer Trackside/);
  });
});
