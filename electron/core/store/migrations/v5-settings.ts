import type { Migration } from '../migrations';

/**
 * Settings saved from the dashboard, so a venue operator never needs the command line. One row
 * per field with its JSON value: a field added by a later release is just another row, and a row
 * this build does not know is left alone.
 */
export const SETTINGS: Migration = {
  version: 5,
  name: 'settings',
  sql: `
    CREATE TABLE settings (
      key        TEXT PRIMARY KEY,
      value      TEXT    NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `,
};
