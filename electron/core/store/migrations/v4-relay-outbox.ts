import type { Migration } from '../migrations';

/**
 * The outbound relay: endpoints, a durable outbox (one row per message per endpoint, its body
 * rendered once so every attempt and a resend send the same bytes), each attempt's log, and the
 * journal position the relay has read up to, so a crash between the journal and the outbox loses
 * nothing.
 */
export const RELAY_OUTBOX: Migration = {
  version: 4,
  name: 'relay endpoints, outbox, attempts',
  sql: `
    CREATE TABLE relay_endpoints (
      id              TEXT PRIMARY KEY,
      url             TEXT    NOT NULL,
      description     TEXT    NOT NULL DEFAULT '',
      filter          TEXT    NOT NULL,
      enabled         INTEGER NOT NULL,
      format          TEXT    NOT NULL CHECK (format IN ('standard', 'slack', 'discord')),
      schedule        TEXT    NOT NULL CHECK (schedule IN ('standard', 'triathlon')),
      secret          TEXT    NOT NULL,
      previous_secret TEXT,
      previous_until  INTEGER,
      created_at      INTEGER NOT NULL,
      disabled_reason TEXT
    );
    CREATE TABLE relay_messages (
      id              INTEGER PRIMARY KEY AUTOINCREMENT,
      endpoint_id     TEXT    NOT NULL REFERENCES relay_endpoints (id) ON DELETE CASCADE,
      webhook_id      TEXT    NOT NULL,
      type            TEXT    NOT NULL,
      order_key       TEXT    NOT NULL,
      body            TEXT    NOT NULL,
      journal_seq     INTEGER,
      created_at      INTEGER NOT NULL,
      status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      series_start    INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER,
      last_status     INTEGER,
      last_error      TEXT,
      delivered_at    INTEGER,
      failed_at       INTEGER
    );
    CREATE INDEX relay_messages_due ON relay_messages (status, next_attempt_at);
    -- Head of line: is an earlier message of this endpoint and unit still pending?
    CREATE INDEX relay_messages_line ON relay_messages (endpoint_id, order_key, id) WHERE status = 'pending';
    -- An endpoint's outbox, newest first, and its counts by status.
    CREATE INDEX relay_messages_endpoint ON relay_messages (endpoint_id, id);
    CREATE INDEX relay_messages_endpoint_status ON relay_messages (endpoint_id, status);
    CREATE INDEX relay_messages_failed ON relay_messages (failed_at) WHERE status = 'failed';
    CREATE TABLE relay_attempts (
      id              INTEGER PRIMARY KEY AUTOINCREMENT,
      message_id      INTEGER NOT NULL REFERENCES relay_messages (id) ON DELETE CASCADE,
      attempt         INTEGER NOT NULL,
      started_at      INTEGER NOT NULL,
      duration_ms     INTEGER NOT NULL,
      status_code     INTEGER,
      error           TEXT,
      next_attempt_at INTEGER
    );
    CREATE INDEX relay_attempts_message ON relay_attempts (message_id, id);
    CREATE TABLE relay_cursor (
      id  INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL
    );
  `,
};
