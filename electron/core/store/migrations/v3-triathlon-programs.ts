import type { Migration } from '../migrations';

/** Triathlon programs from incoming webhooks: the newest timing snapshot, results and names, raw. */
export const TRIATHLON_PROGRAMS: Migration = {
  version: 3,
  name: 'triathlon programs',
  sql: `
    CREATE TABLE triathlon_programs (
      prog_id        TEXT PRIMARY KEY,
      event_id       TEXT,
      name           TEXT,
      starts_at      TEXT,
      snapshot       TEXT,
      snapshot_date  TEXT,
      snapshot_seq   INTEGER,
      results        TEXT,
      results_seq    INTEGER,
      entries        TEXT,
      updated_at     INTEGER NOT NULL
    );
    CREATE TABLE triathlon_events (
      event_id   TEXT PRIMARY KEY,
      title      TEXT,
      updated_at INTEGER NOT NULL
    );
  `,
};
