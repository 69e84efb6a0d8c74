import type { Migration } from '../migrations';

/**
 * The MQTT output's durable outbox: what waits for the broker's PUBACK, in the order it must go
 * out. Events are kept one row each until acknowledged; a retained state (a unit, its standings, a
 * program) keeps only its newest row per topic, since a subscriber needs only the latest. The
 * journal position read so far and each unit's last announced leader move in the same
 * transaction as the rows they produce, so a crash neither loses nor repeats an event.
 */
export const MQTT_OUTBOX: Migration = {
  version: 6,
  name: 'mqtt outbox',
  sql: `
    CREATE TABLE mqtt_outbox (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      topic       TEXT    NOT NULL,
      payload     TEXT    NOT NULL,
      retain      INTEGER NOT NULL CHECK (retain IN (0, 1)),
      journal_seq INTEGER,
      created_at  INTEGER NOT NULL
    );
    -- Coalescing: one waiting retained row per topic.
    CREATE UNIQUE INDEX mqtt_outbox_retained ON mqtt_outbox (topic) WHERE retain = 1;
    CREATE TABLE mqtt_cursor (
      id  INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL
    );
    CREATE TABLE mqtt_leaders (
      unit   TEXT PRIMARY KEY,
      leader TEXT NOT NULL
    );
  `,
};
