import type { Migration } from '../migrations';

export const JOURNAL_UNITS_COMPETITIONS: Migration = {
    version: 1,
    name: 'journal, units, competitions',
    sql: `
      CREATE TABLE journal (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        source       TEXT    NOT NULL,
        channel      TEXT    NOT NULL,
        event        TEXT    NOT NULL,
        payload      TEXT    NOT NULL,
        received_at  INTEGER NOT NULL,
        accepted     INTEGER NOT NULL,
        reason       TEXT,
        competition  TEXT,
        unit_key     TEXT,
        changed      INTEGER NOT NULL DEFAULT 0,
        catch_up     INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE competitions (
        key          TEXT PRIMARY KEY,
        url          TEXT NOT NULL,
        meta         TEXT NOT NULL,
        hash         TEXT NOT NULL,
        received_at  INTEGER NOT NULL,
        seq          INTEGER
      );

      CREATE TABLE units (
        competition     TEXT    NOT NULL,
        event_id        TEXT    NOT NULL,
        round           INTEGER NOT NULL,
        heat            INTEGER NOT NULL,
        json            TEXT    NOT NULL,
        hash            TEXT    NOT NULL,
        status          TEXT,
        results_status  TEXT,
        source          TEXT    NOT NULL,
        received_at     INTEGER NOT NULL,
        changed_at      INTEGER NOT NULL,
        seq             INTEGER,
        changed_offline INTEGER NOT NULL DEFAULT 0,
        modified        TEXT,
        PRIMARY KEY (competition, event_id, round, heat)
      );
    `,
  };
