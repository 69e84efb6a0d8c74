/**
 * The latest copy of every unit, as received, with what the console needs to judge its freshness.
 */
import type { UnitKey } from '../model/opentrack';
import type { Db } from './database';

export interface StoredUnit extends UnitKey {
  competition: string;
  /** The unit JSON exactly as received. */
  json: string;
  hash: string;
  status?: string;
  resultsStatus?: string;
  source: string;
  receivedAt: number;
  changedAt: number;
  seq?: number;
  changedOffline: boolean;
  /** OpenTrack's own `dateModified`, when the unit has one. */
  modified?: string;
}

export type StoredUnitSummary = Omit<StoredUnit, 'json'>;

/**
 * A copy to store. `inJournal`: `json` is exactly the payload of journal row `seq` (a unit
 * message), so the row leaves it out and reads it back from there; the journal never deletes.
 */
export type UnitWrite = StoredUnit & { inJournal?: boolean };

/** What decides whether a copy is news. */
export interface UnitHead {
  hash: string;
  modified?: string;
  changedAt: number;
}

interface RawRow {
  competition: string;
  event_id: string;
  round: number;
  heat: number;
  json?: string | null;
  hash: string;
  status: string | null;
  results_status: string | null;
  source: string;
  received_at: number;
  changed_at: number;
  seq: number | null;
  changed_offline: number;
  modified: string | null;
}

function toSummary(r: RawRow): StoredUnitSummary {
  return {
    competition: r.competition,
    eventId: r.event_id,
    round: r.round,
    heat: r.heat,
    hash: r.hash,
    status: r.status ?? undefined,
    resultsStatus: r.results_status ?? undefined,
    source: r.source,
    receivedAt: r.received_at,
    changedAt: r.changed_at,
    seq: r.seq ?? undefined,
    changedOffline: r.changed_offline === 1,
    modified: r.modified ?? undefined,
  };
}

const SUMMARY_COLUMNS =
  'competition, event_id, round, heat, hash, status, results_status, source, received_at, changed_at, seq, changed_offline, modified';

const headKey = (competition: string, k: UnitKey) => `${competition}\u0000${k.eventId}\u0000${k.round}\u0000${k.heat}`;

export class UnitRepo {
  private readonly upsertStmt;
  private readonly getStmt;
  private readonly summaryStmt;
  private readonly headStmt;
  private readonly listStmt;
  private readonly keysStmt;
  private readonly touchStmt;
  private readonly countStmt;
  /**
   * Each unit's head as last written or read, so a message about a unit already seen needs no
   * query (null: known not to be cached). Filled as units are touched, never all at once; only
   * ingest writes units, through this repo, and Store drops it whenever a transaction fails, so
   * it never holds a row that was rolled back.
   */
  private readonly heads = new Map<string, UnitHead | null>();

  constructor(db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO units (competition, event_id, round, heat, json, hash, status, results_status, source, received_at, changed_at, seq, changed_offline, modified)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (competition, event_id, round, heat) DO UPDATE SET
         json = excluded.json, hash = excluded.hash, status = excluded.status, results_status = excluded.results_status,
         source = excluded.source, received_at = excluded.received_at, changed_at = excluded.changed_at,
         seq = excluded.seq, changed_offline = excluded.changed_offline, modified = excluded.modified`,
    );
    // COALESCE runs its subquery only for a row whose JSON is left to the journal.
    this.getStmt = db.prepare(
      `SELECT ${SUMMARY_COLUMNS}, COALESCE(json, (SELECT payload FROM journal WHERE journal.seq = units.seq)) AS json
       FROM units WHERE competition = ? AND event_id = ? AND round = ? AND heat = ?`,
    );
    this.summaryStmt = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM units WHERE competition = ? AND event_id = ? AND round = ? AND heat = ?`,
    );
    this.headStmt = db.prepare(
      'SELECT hash, modified, changed_at FROM units WHERE competition = ? AND event_id = ? AND round = ? AND heat = ?',
    );
    this.listStmt = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM units WHERE competition = ? ORDER BY event_id, round, heat`);
    // Answered from the primary key's index alone: the rows (and their JSON) are never read.
    this.keysStmt = db.prepare('SELECT event_id, round, heat FROM units WHERE competition = ? ORDER BY event_id, round, heat');
    this.touchStmt = db.prepare(
      'UPDATE units SET received_at = ? WHERE competition = ? AND event_id = ? AND round = ? AND heat = ?',
    );
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM units');
  }

  upsert(u: UnitWrite): void {
    // Positional: binding by name costs a lookup per column, on every message of a busy final.
    this.upsertStmt.run(
      u.competition,
      u.eventId,
      u.round,
      u.heat,
      u.inJournal && u.seq !== undefined ? null : u.json,
      u.hash,
      u.status ?? null,
      u.resultsStatus ?? null,
      u.source,
      u.receivedAt,
      u.changedAt,
      u.seq ?? null,
      u.changedOffline ? 1 : 0,
      u.modified ?? null,
    );
    this.heads.set(headKey(u.competition, u), { hash: u.hash, modified: u.modified ?? undefined, changedAt: u.changedAt });
  }

  /** After a rollback: what was remembered may not be what is stored. */
  forgetHeads(): void {
    this.heads.clear();
  }

  /** Just what ingest needs to decide whether a copy is news, read on every unit message. */
  head(competition: string, key: UnitKey): UnitHead | undefined {
    const k = headKey(competition, key);
    const known = this.heads.get(k);
    if (known !== undefined) return known ?? undefined;
    const r = this.headStmt.get(competition, key.eventId, key.round, key.heat) as
      | { hash: string; modified: string | null; changed_at: number }
      | undefined;
    const head = r ? { hash: r.hash, modified: r.modified ?? undefined, changedAt: r.changed_at } : undefined;
    this.heads.set(k, head ?? null);
    return head;
  }

  /** Everything but the JSON: enough to decide whether a copy is news. */
  summary(competition: string, key: UnitKey): StoredUnitSummary | undefined {
    const r = this.summaryStmt.get(competition, key.eventId, key.round, key.heat) as RawRow | undefined;
    return r && toSummary(r);
  }

  get(competition: string, key: UnitKey): StoredUnit | undefined {
    const r = this.getStmt.get(competition, key.eventId, key.round, key.heat) as RawRow | undefined;
    // No text only if its journal row is gone, which only a hand-edited file can do: not cached.
    return r && r.json != null ? { ...toSummary(r), json: r.json } : undefined;
  }

  /** A fetch confirmed the cached copy is current: it is fresh again, though unchanged. */
  touch(competition: string, key: UnitKey, receivedAt: number): void {
    this.touchStmt.run(receivedAt, competition, key.eventId, key.round, key.heat);
  }

  list(competition: string): StoredUnitSummary[] {
    return (this.listStmt.all(competition) as RawRow[]).map(toSummary);
  }

  /**
   * The cached units' keys only. Listing summaries reads every row of the table, the JSON pages
   * with it (a 5,000-unit meet is ~45 MB): too slow for the start path and a probe every 2 s.
   */
  keys(competition: string): UnitKey[] {
    return (this.keysStmt.all(competition) as { event_id: string; round: number; heat: number }[]).map((r) => ({
      eventId: r.event_id,
      round: r.round,
      heat: r.heat,
    }));
  }

  count(): number {
    return (this.countStmt.get() as { n: number }).n;
  }
}
