/**
 * The append-only journal: every message any source delivered, accepted or not, in arrival order.
 * `seq` is SQLite's AUTOINCREMENT rowid, so it never goes backwards, even after deletes.
 */
import type { Db } from './database';

export interface JournalEntry {
  source: string;
  channel: string;
  event: string;
  /** The payload as received (raw text; not re-serialised). */
  payload: string;
  receivedAt: number;
  accepted: boolean;
  reason?: string;
  competition?: string;
  unitKey?: string;
  /** The message changed the cache (a new or different unit). */
  changed?: boolean;
  /** It came from catch-up after the source was unreachable. */
  catchUp?: boolean;
}

export interface JournalRow extends JournalEntry {
  seq: number;
}

/** A row as readers that may leave a big payload unread get it (see `rowsWithin`). */
export interface SizedJournalRow extends Omit<JournalRow, 'payload'> {
  payload: string | null;
  payloadBytes: number;
}

interface RawRow {
  seq: number;
  source: string;
  channel: string;
  event: string;
  payload: string;
  received_at: number;
  accepted: number;
  reason: string | null;
  competition: string | null;
  unit_key: string | null;
  changed: number;
  catch_up: number;
}

/** SQLite's default page size, the least a commit adds to the WAL. */
const WAL_PAGE_BYTES = 4096;

const toRow = (r: RawRow): JournalRow => ({
  seq: r.seq,
  source: r.source,
  channel: r.channel,
  event: r.event,
  payload: r.payload,
  receivedAt: r.received_at,
  accepted: r.accepted === 1,
  reason: r.reason ?? undefined,
  competition: r.competition ?? undefined,
  unitKey: r.unit_key ?? undefined,
  changed: r.changed === 1,
  catchUp: r.catch_up === 1,
});

export class JournalRepo {
  private readonly insert;
  private readonly page;
  private readonly one;
  private readonly last;
  private readonly mark;
  private readonly pageOfSource;
  private readonly headsAfter;
  private readonly within;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO journal (source, channel, event, payload, received_at, accepted, reason, competition, unit_key, changed, catch_up)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.page = db.prepare('SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?');
    this.one = db.prepare('SELECT * FROM journal WHERE seq = ?');
    this.last = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM journal');
    this.mark = db.prepare('UPDATE journal SET changed = 1 WHERE seq = ?');
    // `source` comes before the payload in each row: the filter never reads a big payload it drops.
    this.pageOfSource = db.prepare('SELECT * FROM journal WHERE seq > ? AND source = ? ORDER BY seq LIMIT ?');
    this.headsAfter = db.prepare('SELECT seq, octet_length(payload) AS bytes FROM journal WHERE seq > ? ORDER BY seq LIMIT ?');
    this.within = db.prepare(
      `SELECT seq, source, channel, event, received_at, accepted, reason, competition, unit_key, changed, catch_up,
              octet_length(payload) AS bytes, CASE WHEN octet_length(payload) > ? THEN NULL ELSE payload END AS payload
       FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq`,
    );
  }

  /** For a consumer that learns only after appending (inside the same transaction) that the message changed something. */
  markChanged(seq: number): void {
    this.mark.run(seq);
  }

  /**
   * Roughly what appends since this repo was opened wrote to the WAL: how fast the console writes.
   * Each counts its payload's characters, and at least a page: a commit writes whole pages, so a
   * flood of small messages fills the WAL as surely as a few big ones.
   */
  appendedBytes = 0;

  append(e: JournalEntry): number {
    this.appendedBytes += Math.max(e.payload.length, WAL_PAGE_BYTES);
    // Positional parameters: binding an object by name costs a lookup per column on every message.
    const info = this.insert.run(
      e.source,
      e.channel,
      e.event,
      e.payload,
      e.receivedAt,
      e.accepted ? 1 : 0,
      e.reason ?? null,
      e.competition ?? null,
      e.unitKey ?? null,
      e.changed ? 1 : 0,
      e.catchUp ? 1 : 0,
    );
    return Number(info.lastInsertRowid);
  }

  after(seq: number, limit: number): JournalRow[] {
    return (this.page.all(seq, limit) as RawRow[]).map(toRow);
  }

  /** One source's rows after `seq` (rebuilding a read model of that source). */
  afterFromSource(seq: number, source: string, limit: number): JournalRow[] {
    return (this.pageOfSource.all(seq, source, limit) as RawRow[]).map(toRow);
  }

  /**
   * Seq and payload size (UTF-8 bytes, as stored) of the rows after `seq`. SQLite reads the size
   * from the row's header: no payload is read, however big.
   */
  heads(seq: number, limit: number): { seq: number; bytes: number }[] {
    return this.headsAfter.all(seq, limit) as { seq: number; bytes: number }[];
  }

  /**
   * The rows from `from` to `to` (inclusive), each payload larger than `payloadLimit` bytes left
   * out (null) and its size given instead: a reader that shows only the size never loads it.
   */
  rowsWithin(from: number, to: number, payloadLimit: number): SizedJournalRow[] {
    return (this.within.all(payloadLimit, from, to) as (Omit<RawRow, 'payload'> & { payload: string | null; bytes: number })[]).map((r) => ({
      ...toRow({ ...r, payload: '' }),
      payload: r.payload,
      payloadBytes: r.bytes,
    }));
  }

  get(seq: number): JournalRow | undefined {
    const r = this.one.get(seq) as RawRow | undefined;
    return r && toRow(r);
  }

  lastSeq(): number {
    return (this.last.get() as { seq: number }).seq;
  }
}
