import type { Migration } from '../migrations';

/**
 * Triathlon understood, not only kept: what a timing snapshot says about itself (sandbox, status,
 * event name, start time), start lists entry by entry, rankings per list (the newest and the one
 * before, for movements), the operator's on-air consent for sandbox programs, the programs the
 * operator follows over the API (loaded again at every start), and a marker of
 * which build of these read models the tables hold, so a newer build rebuilds them from the journal.
 */
export const TRIATHLON_LIVE: Migration = {
  version: 8,
  name: 'triathlon live',
  sql: `
    ALTER TABLE triathlon_programs ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE triathlon_programs ADD COLUMN status TEXT;
    ALTER TABLE triathlon_programs ADD COLUMN event_name TEXT;
    ALTER TABLE triathlon_programs ADD COLUMN start_time TEXT;
    CREATE TABLE triathlon_entries (
      prog_id    TEXT NOT NULL,
      entry_key  TEXT NOT NULL,
      payload    TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (prog_id, entry_key)
    );
    CREATE TABLE triathlon_rankings (
      list_key        TEXT PRIMARY KEY,
      name            TEXT,
      latest          TEXT NOT NULL,
      latest_date     TEXT NOT NULL,
      previous        TEXT,
      previous_date   TEXT,
      updated_at      INTEGER NOT NULL
    );
    CREATE TABLE triathlon_on_air (
      prog_id       TEXT PRIMARY KEY,
      allow_sandbox INTEGER NOT NULL DEFAULT 0,
      updated_at    INTEGER NOT NULL
    );
    CREATE TABLE triathlon_follow (
      prog_id     TEXT PRIMARY KEY,
      since       INTEGER NOT NULL,
      loaded_at   INTEGER,
      load_error  TEXT
    );
    CREATE TABLE read_models (
      name    TEXT PRIMARY KEY,
      version INTEGER NOT NULL
    );
  `,
};
