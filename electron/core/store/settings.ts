/**
 * The settings table: one JSON value per field. Reads validate field by field, so one bad row
 * (hand-edited, or from a newer release) costs that field, not the whole page.
 */
import type { Db } from './database';
import { SETTING_FIELD_SCHEMAS, SETTING_FIELDS, type SavedSettings, type SettingField, type SettingsPatch } from '../model/settings';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, openDatabase } from './database';

export class SettingsRepo {
  constructor(
    private readonly db: Db,
    private readonly warn: (line: string) => void = () => undefined,
  ) {}

  read(): SavedSettings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const saved: Record<string, unknown> = {};
    for (const row of rows) {
      if (!(SETTING_FIELDS as string[]).includes(row.key)) continue;
      let value: unknown;
      try {
        value = JSON.parse(row.value);
      } catch {
        value = undefined;
      }
      const parsed = SETTING_FIELD_SCHEMAS[row.key as SettingField].safeParse(value);
      if (parsed.success) saved[row.key] = parsed.data;
      else this.warn(`warning: ignoring the saved setting ${row.key}: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
    }
    return saved as SavedSettings;
  }

  /** All of the patch or none of it. */
  write(patch: SettingsPatch, now = Date.now()): void {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    const remove = this.db.prepare('DELETE FROM settings WHERE key = ?');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        if (value === null) remove.run(key);
        else upsert.run(key, JSON.stringify(value), now);
      }
    })();
  }
}

/**
 * The saved settings of a data dir, read before a console exists (they decide its Config). A
 * read-only look first: no migrations, no integrity check twice at every start. Only when that
 * cannot answer (an old schema, a damaged file) does the full open run, which migrates or moves
 * a damaged file aside and may throw DataDirError.
 */
export function readSavedSettings(dataDir: string, warn?: (line: string) => void): SavedSettings {
  if (!existsSync(join(dataDir, DATABASE_FILE))) return {};
  let quick: SavedSettings | undefined;
  try {
    const db = openDatabase(dataDir, { readonly: true });
    try {
      quick = new SettingsRepo(db, warn).read();
    } finally {
      db.close();
    }
  } catch {
    quick = undefined;
  }
  if (quick) return quick;
  const db = openDatabase(dataDir);
  try {
    return new SettingsRepo(db, warn).read();
  } finally {
    db.close();
  }
}
