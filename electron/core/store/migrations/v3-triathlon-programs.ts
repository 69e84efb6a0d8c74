import type { Migration } from '../migrations';

// TODO(issue 4): tables for triathlon programs.
export const TRIATHLON_PROGRAMS: Migration = {
  version: 3,
  name: 'triathlon programs',
  sql: `SELECT 1;`,
};
