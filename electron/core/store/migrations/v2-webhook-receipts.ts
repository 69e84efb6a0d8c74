import type { Migration } from '../migrations';

/**
 * Every authenticated webhook request as it arrived (raw bytes, headers without secrets), written
 * in the same transaction as its journal row. The partial unique index makes a second accepted
 * copy of the same provider message impossible, whatever the code above it does.
 */
export const WEBHOOK_RECEIPTS: Migration = {
  version: 2,
  name: 'webhook receipts',
  sql: `
    CREATE TABLE webhook_receipts (
      id             INTEGER PRIMARY KEY AUTOINCREMENT,
      route          TEXT    NOT NULL,
      received_at    INTEGER NOT NULL,
      remote_address TEXT,
      headers        TEXT    NOT NULL,
      body           BLOB    NOT NULL,
      outcome        TEXT    NOT NULL,
      dedupe_key     TEXT,
      key_used       TEXT,
      journal_seq    INTEGER
    );
    CREATE UNIQUE INDEX webhook_receipts_once ON webhook_receipts (route, dedupe_key) WHERE outcome = 'accepted';
    CREATE INDEX webhook_receipts_outcome ON webhook_receipts (outcome, id);
  `,
};
