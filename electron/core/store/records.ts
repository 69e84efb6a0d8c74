/**
 * The records table and the record alerts already raised. Rows arrive validated
 * (views/records/import.ts); this file only keeps them.
 */
import type { Db } from './database';
import type { RecordKind, RecordRow } from '../model/records';

export type NewRecord = Omit<RecordRow, 'id'>;

interface Raw {
  id: number;
  event: string;
  gender: 'M' | 'F';
  category: string;
  kind: RecordKind;
  mark: string;
  holder: string | null;
  year: number | null;
  place: string | null;
}

export interface StoredAlert {
  id: number;
  json: string;
  raisedAt: number;
}

export class RecordRepo {
  /** Bumped on every change, so views that cache by it recompute. */
  version = 0;

  constructor(private readonly db: Db) {}

  list(): RecordRow[] {
    return this.db.prepare('SELECT id, event, gender, category, kind, mark, holder, year, place FROM records ORDER BY event, gender, category, kind').all() as Raw[];
  }

  find(event: string, gender: string, category: string, kind: string): RecordRow | undefined {
    return this.db
      .prepare('SELECT id, event, gender, category, kind, mark, holder, year, place FROM records WHERE event = ? AND gender = ? AND category = ? AND kind = ?')
      .get(event, gender, category, kind) as Raw | undefined;
  }

  /** Inserts or replaces by (event, gender, category, kind), all in one transaction. */
  upsertAll(rows: NewRecord[], now = Date.now()): void {
    if (!rows.length) return;
    const upsert = this.db.prepare(
      `INSERT INTO records (event, gender, category, kind, mark, holder, year, place, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (event, gender, category, kind) DO UPDATE SET mark = excluded.mark, holder = excluded.holder, year = excluded.year,
       place = excluded.place, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const r of rows) upsert.run(r.event, r.gender, r.category, r.kind, r.mark, r.holder, r.year, r.place, now);
    })();
    this.version++;
  }

  remove(id: number): boolean {
    const changed = this.db.prepare('DELETE FROM records WHERE id = ?').run(id).changes > 0;
    if (changed) this.version++;
    return changed;
  }

  /** Remembers an alert; false when the same mark already raised it for this record. */
  addAlert(a: { competition: string; eventId: string; round: number; heat: number; bib: string; recordId: number; mark: string; json: string }, now = Date.now()): number | null {
    const r = this.db
      .prepare(
        `INSERT INTO record_alerts (competition, event_id, round, heat, bib, record_id, mark, json, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(a.competition, a.eventId, a.round, a.heat, a.bib, a.recordId, a.mark, a.json, now);
    return r.changes > 0 ? Number(r.lastInsertRowid) : null;
  }

  alerts(competition: string, after = 0, limit = 100): StoredAlert[] {
    return (
      this.db
        .prepare('SELECT id, json, raised_at AS raisedAt FROM record_alerts WHERE competition = ? AND id > ? ORDER BY id DESC LIMIT ?')
        .all(competition, after, limit) as StoredAlert[]
    ).reverse();
  }
}
