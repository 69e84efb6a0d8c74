/**
 * The announcer's options (the team points scheme, medals by team or nation): one JSON value per
 * key. The reader validates; a row it cannot read falls back to the default.
 */
import type { Db } from './database';

export class AnnouncerOptionsRepo {
  constructor(private readonly db: Db) {}

  get(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM announcer_options WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.value);
    } catch {
      return undefined;
    }
  }

  set(key: string, value: unknown, now = Date.now()): void {
    this.db
      .prepare('INSERT INTO announcer_options (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, JSON.stringify(value), now);
  }
}
