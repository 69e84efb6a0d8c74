import type { Migration } from '../migrations';

// TODO(issue 4): tables for relay endpoints, outbox, attempts.
export const RELAY_OUTBOX: Migration = {
  version: 4,
  name: 'relay endpoints, outbox, attempts',
  sql: `SELECT 1;`,
};
