/**
 * A cache file as an earlier release left it: the data dir's database migrated only up to
 * `version`, open for a test to write rows in that schema before a Store opens it.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { MIGRATIONS } from '../../electron/core/store/migrations';
import { DATABASE_FILE } from '../../electron/core/store/database';

export function cacheAtVersion(dataDir: string, version: number): Database.Database {
  const db = new Database(join(dataDir, DATABASE_FILE));
  for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
  return db;
}
