import type { Migration } from '../migrations';

/**
 * The units table with its JSON as the last column. SQLite stores a row's columns in order and
 * spills a big value into a chain of overflow pages: with the JSON fifth, reading a unit's status,
 * hash or seq walked the whole chain of a 1 MB unit (about 250 pages) each time the overview, the
 * graphics or a catch-up listed the units. Last, the summary columns are read from the first page.
 */
export const UNITS_JSON_LAST: Migration = {
  version: 7,
  name: 'units: JSON last',
  sql: `
    CREATE TABLE units_v7 (
      competition     TEXT    NOT NULL,
      event_id        TEXT    NOT NULL,
      round           INTEGER NOT NULL,
      heat            INTEGER NOT NULL,
      hash            TEXT    NOT NULL,
      status          TEXT,
      results_status  TEXT,
      source          TEXT    NOT NULL,
      received_at     INTEGER NOT NULL,
      changed_at      INTEGER NOT NULL,
      seq             INTEGER,
      changed_offline INTEGER NOT NULL DEFAULT 0,
      modified        TEXT,
      json            TEXT    NOT NULL,
      PRIMARY KEY (competition, event_id, round, heat)
    );
    INSERT INTO units_v7 (competition, event_id, round, heat, hash, status, results_status, source, received_at, changed_at, seq, changed_offline, modified, json)
      SELECT competition, event_id, round, heat, hash, status, results_status, source, received_at, changed_at, seq, changed_offline, modified, json FROM units;
    DROP TABLE units;
    ALTER TABLE units_v7 RENAME TO units;
  `,
};
