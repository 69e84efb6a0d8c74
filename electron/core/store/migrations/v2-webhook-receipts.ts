import type { Migration } from '../migrations';

// TODO(issue 4): tables for webhook receipts.
export const WEBHOOK_RECEIPTS: Migration = {
  version: 2,
  name: 'webhook receipts',
  sql: `SELECT 1;`,
};
