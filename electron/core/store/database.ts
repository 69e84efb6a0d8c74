/**
 * Opens the data dir's SQLite file in WAL mode and brings its schema up to date.
 *
 * A damaged file (not SQLite, a bad header, truncated, or failing SQLite's quick check) is moved
 * aside whole, with its -wal and -shm, to `trackside.db.corrupt-<time>`, and the console starts on
 * an empty cache that the sources fill again; one line says where the old file went. A data dir
 * that cannot be written (read-only, no permission, disk full) is not damage: it stops with one
 * clear line and nothing is moved.
 */
import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

export const DATABASE_FILE = 'trackside.db';
export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Files up to this size get SQLite's full quick check at open (tests lower it). */
  quickCheckMaxBytes?: number;
}

/**
 * SQLite's quick check reads every page: about 30 ms for a 60 MB cache of 5,000 units when the
 * file is in the OS cache, but a second or more from a cold disk (the first start of the day).
 * Above this size only the cheap checks run at open (header, size, schema, and the first and last
 * row of every table), so a big meet still starts, and restarts after a crash, within a second.
 */
export const QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024;

/** What happened to a damaged database file, for the one line the user reads. */
export interface DatabaseRecovery {
  file: string;
  movedTo: string;
  reason: string;
}

/** The data dir cannot be used as it is (read-only, no permission, full, not a directory). */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

let nativeBinding: string | undefined;

/** Electron loads a better-sqlite3 built for its own ABI; Node uses the package's default build. */
export function setNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

/** Options for any other SQLite file this process opens (the data dir's lock): the same binary. */
export function sqliteOptions(): Database.Options {
  return nativeBinding ? { nativeBinding } : {};
}

const defaultNotice = (r: DatabaseRecovery): void => {
  process.stderr.write(
    `trackside: the cache ${r.file} was damaged (${r.reason}); moved it aside to ${r.movedTo} and started an empty cache, which the sources fill again\n`,
  );
};
let notice: (r: DatabaseRecovery) => void = defaultNotice;
let lastRecovery: DatabaseRecovery | undefined;

/** The last damaged file this process moved aside, if any (for a dialog or /api/health). */
export function lastDatabaseRecovery(): DatabaseRecovery | undefined {
  return lastRecovery;
}

/** Where the "moved aside" line goes (stderr by default); returns the previous one. */
export function setRecoveryNotice(fn: ((r: DatabaseRecovery) => void) | undefined): (r: DatabaseRecovery) => void {
  const previous = notice;
  notice = fn ?? defaultNotice;
  return previous;
}

export function openDatabase(dataDir: string, opts: OpenOptions = {}): Db {
  const file = join(dataDir, DATABASE_FILE);
  if (opts.readonly) {
    const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    return db;
  }
  makeDataDir(dataDir);
  const damage = inspectFile(file);
  if (damage) return openFresh(dataDir, file, damage);
  let db: Db | undefined;
  try {
    db = openAndPrepare(file);
    probeTables(db);
    if (statSync(file).size <= (opts.quickCheckMaxBytes ?? QUICK_CHECK_MAX_BYTES)) {
      const check = db.pragma('quick_check(1)', { simple: true });
      if (check !== 'ok') throw Object.assign(new Error(`quick check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    }
    migrate(db, MIGRATIONS);
    checkTables(db);
    return db;
  } catch (err) {
    db?.close();
    const e = err as NodeJS.ErrnoException;
    if (isDamage(e)) return openFresh(dataDir, file, e.message);
    throw asDataDirError(e, dataDir);
  }
}

/**
 * Creates the data dir one level at a time: Node's recursive mkdir spins forever under a
 * special file system such as /proc (ENOENT for a parent that exists), and a level-by-level
 * walk knows which directory refused.
 */
export function makeDataDir(dataDir: string): void {
  const missing: string[] = [];
  let dir = dataDir;
  while (!existsSync(dir) && dirname(dir) !== dir) {
    missing.unshift(dir);
    dir = dirname(dir);
  }
  if (!statSync(dir).isDirectory()) throw new DataDirError(`${dir} is not a directory`);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      let e = err as NodeJS.ErrnoException;
      if (e.code === 'EEXIST') {
        // Made meanwhile, or there all along but hidden from existsSync by a permission.
        try {
          if (statSync(d).isDirectory()) continue;
        } catch (statErr) {
          e = statErr as NodeJS.ErrnoException;
        }
      }
      if (e.code === 'ENOENT') throw new DataDirError(`cannot create ${d}: ${dirname(d)} does not take new folders (a special file system?); choose another --data-dir`);
      throw new DataDirError(describeIoError(e, dataDir));
    }
  }
}

let expectedTables: string[] | undefined;

/** A table the migrations made is gone (a hand-edited or half-copied file): damage, like a bad page. */
function checkTables(db: Db): void {
  if (!expectedTables) {
    const fresh = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
    try {
      migrate(fresh, MIGRATIONS);
      expectedTables = tableNames(fresh);
    } finally {
      fresh.close();
    }
  }
  const present = new Set(tableNames(db));
  const missing = expectedTables.filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw Object.assign(new Error(`its ${missing.join(', ')} table${missing.length > 1 ? 's are' : ' is'} missing`), { code: 'SQLITE_CORRUPT' });
  }
}

function tableNames(db: Db): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
}

function openAndPrepare(file: string): Db {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL keeps WAL commits durable against a process crash; only an OS crash can lose the last ones.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Reads the schema: a damaged first page or schema fails here rather than mid-meet.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The first and last row of every table: a few pages each (the b-tree's left and right edges), so
 * a damaged root or a file cut short fails here in microseconds, whatever the file's size.
 */
function probeTables(db: Db): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%WITHOUT ROWID%'").pluck().all() as string[];
  for (const t of tables) {
    const quoted = `"${t.replace(/"/g, '""')}"`;
    db.prepare(`SELECT rowid FROM ${quoted} ORDER BY rowid ASC LIMIT 1`).get();
    db.prepare(`SELECT * FROM ${quoted} ORDER BY rowid DESC LIMIT 1`).get();
  }
}

/** Moves the damaged file (and its -wal/-shm) aside and opens an empty cache in its place. */
function openFresh(dataDir: string, file: string, reason: string): Db {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target) && n < 1000; n++) target = `${file}.corrupt-${stamp}-${n}`;
  try {
    // The -wal first: were we stopped halfway, the main file must not meet a stranger's WAL.
    for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
    renameSync(file, target);
  } catch (err) {
    throw new DataDirError(`the cache ${file} is damaged (${reason}) and could not be moved aside: ${describeIoError(err as NodeJS.ErrnoException, dataDir)}`);
  }
  lastRecovery = { file, movedTo: target, reason };
  notice(lastRecovery);
  try {
    const db = openAndPrepare(file);
    migrate(db, MIGRATIONS);
    return db;
  } catch (err) {
    throw asDataDirError(err as NodeJS.ErrnoException, dataDir);
  }
}

/**
 * Cheap checks of the file itself before SQLite opens it: the header's magic and page size, and,
 * when there is no WAL to add pages, a size that holds every page the header counts.
 */
export function inspectFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const size = statSync(file).size;
  if (size === 0) return undefined; // SQLite treats an empty file as a new database.
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read = 0;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100) return `only ${size} bytes, shorter than a SQLite header`;
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') return 'not a SQLite database: bad header';
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `bad page size ${raw} in the header`;
  const wal = `${file}-wal`;
  const walEmpty = !existsSync(wal) || statSync(wal).size === 0;
  if (!walEmpty) return undefined;
  if (size % pageSize !== 0) return `truncated: ${size} bytes is not a whole number of ${pageSize}-byte pages`;
  const pages = header.readUInt32BE(28);
  const countValid = pages > 0 && header.readUInt32BE(92) === header.readUInt32BE(24);
  if (countValid && size < pages * pageSize) return `truncated: ${size} bytes, the header counts ${pages * pageSize}`;
  return undefined;
}

function isDamage(err: NodeJS.ErrnoException): boolean {
  return typeof err.code === 'string' && (err.code === 'SQLITE_NOTADB' || err.code.startsWith('SQLITE_CORRUPT'));
}

export function asDataDirError(err: NodeJS.ErrnoException, dataDir: string): Error {
  if (err instanceof DataDirError) return err;
  const code = err.code ?? '';
  const sqliteIo = code.startsWith('SQLITE_READONLY') || code === 'SQLITE_FULL' || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR');
  if (!sqliteIo && !/^E[A-Z]+$/.test(code)) return err;
  return new DataDirError(diagnose(dataDir) ?? (code === 'SQLITE_FULL' ? full(dataDir) : `cannot write to ${dataDir} (${err.message})`));
}

function describeIoError(err: NodeJS.ErrnoException, dataDir: string): string {
  if (err.code === 'ENOTDIR' || err.code === 'EEXIST') return `${dataDir} is not a directory`;
  if (err.code === 'ENOSPC') return full(dataDir);
  const why = diagnose(dataDir);
  if (why) return why;
  // Root may "write" anywhere as far as access() says, yet /sys still refuses: say what was refused.
  if (err.code === 'EACCES' || err.code === 'EPERM') return `no permission to create or write ${dataDir}; choose a writable --data-dir`;
  return err.message;
}

const full = (dataDir: string) => `the disk holding ${dataDir} is full; free some space or choose another --data-dir`;

/**
 * Why the data dir cannot be written, asked of the file system itself (SQLite's own errors say
 * "unable to open" or "disk I/O error" for all of these): read-only, no permission, or full.
 */
function diagnose(dataDir: string): string | undefined {
  let dir = dataDir;
  for (let i = 0; i < 100 && !existsSync(dir) && dirname(dir) !== dir; i++) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return `${dataDir} is on a read-only file system; choose a writable --data-dir`;
    if (code === 'EACCES' || code === 'EPERM') return `no permission to write in ${dataDir}; choose a writable --data-dir`;
  }
  for (const name of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
    const file = join(dataDir, name);
    if (!existsSync(file)) continue;
    try {
      accessSync(file, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `${file} is read-only; make it writable or choose another --data-dir`;
    }
  }
  try {
    const fs = statfsSync(dir);
    // Special file systems (/sys, /proc) report no blocks at all: that is not a full disk.
    if (fs.blocks > 0 && fs.bavail * fs.bsize < 256 * 1024) return full(dataDir);
  } catch {
    // statfs is not everywhere: fall back to SQLite's own words
  }
  return undefined;
}

export function schemaVersion(db: Db): number {
  return (db.pragma('user_version', { simple: true }) as number) ?? 0;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new Error(
      `the data dir was written by a newer Trackside (schema ${current}, this build knows ${latest}); use a newer release or another --data-dir`,
    );
  }
  for (const m of migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
