import type { Migration } from '../migrations';

/**
 * What the announcer prepared: records (imported from a spreadsheet, one row per event, gender,
 * category and kind), the record alerts already raised (so a restart does not raise them again),
 * athlete notes and pronunciation keyed by bib and name (so they survive a new competition JSON),
 * and the announcer's options (the team points scheme). `IF NOT EXISTS`: a data dir taken back to
 * an older schema version by hand keeps these tables, and migrating it again must not fail.
 */
export const RECORDS_NOTES: Migration = {
  version: 9,
  name: 'records-notes',
  sql: `
    CREATE TABLE IF NOT EXISTS records (
      id         INTEGER PRIMARY KEY,
      event      TEXT    NOT NULL,
      gender     TEXT    NOT NULL,
      category   TEXT    NOT NULL,
      kind       TEXT    NOT NULL,
      mark       TEXT    NOT NULL,
      holder     TEXT,
      year       INTEGER,
      place      TEXT,
      updated_at INTEGER NOT NULL,
      UNIQUE (event, gender, category, kind)
    );
    CREATE TABLE IF NOT EXISTS record_alerts (
      id          INTEGER PRIMARY KEY,
      competition TEXT    NOT NULL,
      event_id    TEXT    NOT NULL,
      round       INTEGER NOT NULL,
      heat        INTEGER NOT NULL,
      bib         TEXT    NOT NULL,
      record_id   INTEGER NOT NULL,
      mark        TEXT    NOT NULL,
      json        TEXT    NOT NULL,
      raised_at   INTEGER NOT NULL,
      UNIQUE (competition, event_id, round, heat, bib, record_id, mark)
    );
    CREATE TABLE IF NOT EXISTS athlete_notes (
      bib           TEXT    NOT NULL,
      name_key      TEXT    NOT NULL,
      name          TEXT    NOT NULL,
      notes         TEXT    NOT NULL DEFAULT '',
      pronunciation TEXT    NOT NULL DEFAULT '',
      updated_at    INTEGER NOT NULL,
      PRIMARY KEY (bib, name_key)
    );
    CREATE TABLE IF NOT EXISTS announcer_options (
      key        TEXT PRIMARY KEY,
      value      TEXT    NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `,
};
