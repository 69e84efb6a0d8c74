/**
 * A damaged trackside.db at start: moved aside whole (with its -wal and -shm) under a name that says
 * when, one notice, and an empty cache in its place. A healthy file, including one left by a crash
 * with its WAL, an empty file, or one from a newer build, is never moved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataDirError, inspectFile, lastDatabaseRecovery, openDatabase, setRecoveryNotice, type DatabaseRecovery } from '../../../electron/core/store/database';
import { Store } from '../../../electron/core/store/store';
import { tempDir } from '../../helpers/temp-dir';

let dirs: { path: string; remove: () => void }[] = [];
let notices: DatabaseRecovery[] = [];
let previous: ReturnType<typeof setRecoveryNotice>;
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};
beforeEach(() => {
  notices = [];
  previous = setRecoveryNotice((r) => notices.push(r));
});
afterEach(() => {
  setRecoveryNotice(previous);
  dirs.splice(0).forEach((d) => d.remove());
});

/** A cache with some units and journal rows, closed cleanly (checkpointed, no WAL). */
function filledCache(dir: string, units = 200): void {
  const store = Store.open(dir);
  store.transaction(() => {
    for (let i = 0; i < units; i++) {
      const payload = JSON.stringify({ eventId: `T${i}`, round: 1, heat: 1, results: 'x'.repeat(500) });
      const seq = store.journal.append({ source: 's', channel: 'c', event: 'unit', payload, receivedAt: i, accepted: true });
      store.units.upsert({
        competition: 'x-1', eventId: `T${i}`, round: 1, heat: 1, json: payload, hash: `h${i}`, source: 's',
        receivedAt: i, changedAt: i, seq, changedOffline: false,
      });
    }
  });
  store.close();
}

function expectMovedAside(dir: string, original: Buffer, reason: RegExp): void {
  expect(notices).toHaveLength(1);
  const n = notices[0]!;
  expect(n.file).toBe(join(dir, 'trackside.db'));
  expect(n.movedTo).toMatch(/trackside\.db\.corrupt-\d{8}T\d{6}Z$/);
  expect(n.reason).toMatch(reason);
  // The damaged file is kept byte for byte for whoever wants to look at it.
  expect(readFileSync(n.movedTo).equals(original)).toBe(true);
}

function expectEmptyWorkingCache(dir: string): void {
  const store = Store.open(dir);
  expect(store.units.count()).toBe(0);
  expect(store.journal.lastSeq()).toBe(0);
  const seq = store.journal.append({ source: 's', channel: 'c', event: 'unit', payload: '{}', receivedAt: 1, accepted: true });
  expect(seq).toBe(1);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  store.close();
}


/** Page 2 onwards hold tables and indexes: scribble over a few b-tree pages' headers. */
function scribbleTablePages(file: string): void {
  const fd = openSync(file, 'r+');
  for (const page of [2, 3, 4, 5, 6]) writeSync(fd, Buffer.alloc(64, 0xab), 0, 64, (page - 1) * 4096);
  closeSync(fd);
}

describe('a damaged database file at start', () => {
  it('garbage bytes: moved aside with one notice, an empty cache in its place', () => {
    const dir = fresh();
    const garbage = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 256));
    writeFileSync(join(dir, 'trackside.db'), garbage);
    const db = openDatabase(dir);
    db.close();
    expectMovedAside(dir, garbage, /not a SQLite database/);
    expect(lastDatabaseRecovery()).toEqual(notices[0]);
    expectEmptyWorkingCache(dir);
  });

  it('a bad header on a real cache: moved aside', () => {
    const dir = fresh();
    filledCache(dir);
    const file = join(dir, 'trackside.db');
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('NOT SQLITE AT AL'), 0, 16, 0);
    closeSync(fd);
    const damaged = readFileSync(file);
    openDatabase(dir).close();
    expectMovedAside(dir, damaged, /bad header/);
    expectEmptyWorkingCache(dir);
  });

  it.each([
    ['mid-page', (size: number) => Math.floor(size / 2) + 123, /not a whole number of 4096-byte pages/],
    ['on a page boundary', (size: number) => Math.floor(size / 2 / 4096) * 4096, /truncated: \d+ bytes, the header counts/],
  ])('a truncated cache (%s): moved aside', (_name, cut, reason) => {
    const dir = fresh();
    filledCache(dir);
    const file = join(dir, 'trackside.db');
    truncateSync(file, cut(statSync(file).size));
    const damaged = readFileSync(file);
    openDatabase(dir).close();
    expectMovedAside(dir, damaged, reason);
    expectEmptyWorkingCache(dir);
  });

  it('a damaged page inside an otherwise sound file: caught by the quick check and moved aside', () => {
    const dir = fresh();
    filledCache(dir);
    const file = join(dir, 'trackside.db');
    scribbleTablePages(file);
    expect(inspectFile(file)).toBeUndefined(); // the cheap checks cannot see it …
    const damaged = readFileSync(file);
    openDatabase(dir).close();
    expectMovedAside(dir, damaged, /./); // … SQLite can
    expectEmptyWorkingCache(dir);
  });

  it('a file too big for the quick check at open: a damaged table root is still caught by the edge probe', () => {
    const dir = fresh();
    filledCache(dir);
    const file = join(dir, 'trackside.db');
    scribbleTablePages(file);
    const damaged = readFileSync(file);
    openDatabase(dir, { quickCheckMaxBytes: 0 }).close();
    expectMovedAside(dir, damaged, /malformed|corrupt/i);
    expectEmptyWorkingCache(dir);
  });

  it('moves the -wal and -shm along, under the same new name', () => {
    const dir = fresh();
    const file = join(dir, 'trackside.db');
    writeFileSync(file, Buffer.alloc(8192, 0x41));
    writeFileSync(`${file}-wal`, 'wal bytes');
    writeFileSync(`${file}-shm`, 'shm bytes');
    openDatabase(dir).close();
    const moved = notices[0]!.movedTo;
    expect(readFileSync(`${moved}-wal`, 'utf8')).toBe('wal bytes');
    expect(readFileSync(`${moved}-shm`, 'utf8')).toBe('shm bytes');
    expectEmptyWorkingCache(dir);
  });

  it('a second damaged file the same second gets a name of its own', () => {
    const dir = fresh();
    const file = join(dir, 'trackside.db');
    writeFileSync(file, 'first garbage '.repeat(20));
    openDatabase(dir).close();
    // Open the fresh cache, then damage it too.
    writeFileSync(file, 'second garbage '.repeat(20));
    for (const s of ['-wal', '-shm']) if (existsSync(file + s)) writeFileSync(file + s, '');
    openDatabase(dir).close();
    expect(notices).toHaveLength(2);
    expect(notices[0]!.movedTo).not.toBe(notices[1]!.movedTo);
    expect(readFileSync(notices[0]!.movedTo, 'utf8')).toContain('first garbage');
    expect(readFileSync(notices[1]!.movedTo, 'utf8')).toContain('second garbage');
  });
});

describe('a sound database file is never moved', () => {
  it('a cache left by a crash, its commits still in the WAL, opens with everything in it', () => {
    const dir = fresh();
    const crashed = fresh();
    const store = Store.open(dir);
    for (let i = 0; i < 50; i++) store.journal.append({ source: 's', channel: 'c', event: 'x', payload: `${i}`, receivedAt: i, accepted: true });
    // Copy the files while the writer still has them open: what a kill -9 leaves behind.
    for (const name of readdirSync(dir)) copyFileSync(join(dir, name), join(crashed, name));
    store.close();
    expect(statSync(join(crashed, 'trackside.db-wal')).size).toBeGreaterThan(0);
    const reopened = Store.open(crashed);
    expect(reopened.journal.lastSeq()).toBe(50);
    reopened.close();
    expect(notices).toEqual([]);
    expect(readdirSync(crashed).filter((n) => n.includes('corrupt'))).toEqual([]);
  });

  it('an empty file is taken as a new cache', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'trackside.db'), '');
    expectEmptyWorkingCache(dir);
    expect(notices).toEqual([]);
  });

  it('a cache from a newer build is refused, not moved', () => {
    const dir = fresh();
    filledCache(dir, 3);
    const raw = new Database(join(dir, 'trackside.db'));
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase(dir)).toThrow(/newer Trackside/);
    expect(notices).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.includes('corrupt'))).toEqual([]);
  });

  it('a data dir that is a file stops with a clear error and touches nothing', () => {
    const dir = fresh();
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, 'keep me');
    expect(() => openDatabase(notADir)).toThrow(DataDirError);
    expect(() => openDatabase(notADir)).toThrow(/is not a directory/);
    expect(readFileSync(notADir, 'utf8')).toBe('keep me');
  });
});
