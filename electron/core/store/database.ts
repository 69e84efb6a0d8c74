/**
 * Opens the data dir's SQLite file in WAL mode and brings its schema up to date.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

export const DATABASE_FILE = 'trackside.db';
export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
}

let nativeBinding: string | undefined;

/** Electron loads a better-sqlite3 built for its own ABI; Node uses the package's default build. */
export function setNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

export function openDatabase(dataDir: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE), {
    readonly: Boolean(opts.readonly),
    fileMustExist: Boolean(opts.readonly),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  if (opts.readonly) return db;
  db.pragma('journal_mode = WAL');
  // NORMAL keeps WAL commits durable against a process crash; only an OS crash can lose the last ones.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS);
  return db;
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
