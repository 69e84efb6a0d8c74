import type { Migration } from '../migrations';

/**
 * A unit's JSON may be left out of its row (NULL) when it is, byte for byte, the payload of the
 * journal row its `seq` names: a unit message. The journal keeps every payload for good, so the
 * text was stored twice; a 1 MB start list updated five times a second wrote 2 MB each time, and
 * half of each ingest's time on the event loop was the second copy. Units filled from a
 * competition JSON keep their own text (their journal row is the whole competition).
 */
export const UNITS_JSON_IN_JOURNAL: Migration = {
  version: 10,
  name: 'units: JSON may be the journal payload',
  sql: `
    CREATE TABLE units_v10 (
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
      json            TEXT,
      PRIMARY KEY (competition, event_id, round, heat),
      CHECK (json IS NOT NULL OR seq IS NOT NULL)
    );
    INSERT INTO units_v10 (competition, event_id, round, heat, hash, status, results_status, source, received_at, changed_at, seq, changed_offline, modified, json)
      SELECT competition, event_id, round, heat, hash, status, results_status, source, received_at, changed_at, seq, changed_offline, modified, json FROM units;
    DROP TABLE units;
    ALTER TABLE units_v10 RENAME TO units;
  `,
};
