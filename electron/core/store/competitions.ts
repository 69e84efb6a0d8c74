/**
 * Competition metadata (the competition JSON without unit results), one row per competition followed.
 */
import type { Db } from './database';

export interface StoredCompetition {
  key: string;
  url: string;
  /** The competition JSON with units reduced to their headers (no results/trials). */
  meta: string;
  /** Hash of what the competition lists (events, units, names, schedule), not of unit statuses. */
  hash: string;
  receivedAt: number;
  seq?: number;
}

export class CompetitionRepo {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly refreshStmt;

  constructor(db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO competitions (key, url, meta, hash, received_at, seq) VALUES (@key, @url, @meta, @hash, @receivedAt, @seq)
       ON CONFLICT (key) DO UPDATE SET url = excluded.url, meta = excluded.meta, hash = excluded.hash,
         received_at = excluded.received_at, seq = excluded.seq`,
    );
    this.refreshStmt = db.prepare('UPDATE competitions SET meta = ?, received_at = ? WHERE key = ?');
    this.getStmt = db.prepare('SELECT key, url, meta, hash, received_at AS receivedAt, seq FROM competitions WHERE key = ?');
  }

  upsert(c: StoredCompetition): void {
    this.upsertStmt.run({ ...c, seq: c.seq ?? null });
  }

  /** Newer unit headers in an unchanged competition: kept, but not news for the journal. */
  refreshMeta(key: string, meta: string, receivedAt: number): void {
    this.refreshStmt.run(meta, receivedAt, key);
  }

  get(key: string): StoredCompetition | undefined {
    const r = this.getStmt.get(key) as (StoredCompetition & { seq: number | null }) | undefined;
    return r && { ...r, seq: r.seq ?? undefined };
  }
}
