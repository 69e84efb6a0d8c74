/**
 * Versioned schema. Append a migration; never edit one that has shipped, because a venue laptop
 * may open a data dir written by any earlier release. One file per migration.
 */
import { JOURNAL_UNITS_COMPETITIONS } from './migrations/v1-journal-units-competitions';
import { WEBHOOK_RECEIPTS } from './migrations/v2-webhook-receipts';
import { TRIATHLON_PROGRAMS } from './migrations/v3-triathlon-programs';
import { RELAY_OUTBOX } from './migrations/v4-relay-outbox';
import { SETTINGS } from './migrations/v5-settings';
import { MQTT_OUTBOX } from './migrations/v6-mqtt-outbox';
import { UNITS_JSON_LAST } from './migrations/v7-units-json-last';
import { TRIATHLON_LIVE } from './migrations/v8-triathlon-live';
import { RECORDS_NOTES } from './migrations/v9-records-notes';
import { UNITS_JSON_IN_JOURNAL } from './migrations/v10-units-json-in-journal';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  JOURNAL_UNITS_COMPETITIONS,
  WEBHOOK_RECEIPTS,
  TRIATHLON_PROGRAMS,
  RELAY_OUTBOX,
  SETTINGS,
  MQTT_OUTBOX,
  UNITS_JSON_LAST,
  TRIATHLON_LIVE,
  RECORDS_NOTES,
  UNITS_JSON_IN_JOURNAL,
];
