/**
 * The MQTT outbox in SQLite (migration v6). Rows leave only when the broker acknowledged them
 * (QoS 1 PUBACK), so an outage or a kill -9 leaves them here for the next connection.
 */
import type { Db } from '../../store/database';

export interface OutboxRow {
  id: number;
  topic: string;
  payload: string;
  retain: boolean;
  journalSeq: number | null;
}

export interface OutboxEntry {
  topic: string;
  payload: string;
  retain: boolean;
  journalSeq: number | null;
}

interface RawRow {
  id: number;
  topic: string;
  payload: string;
  retain: number;
  journal_seq: number | null;
}

export class MqttOutbox {
  private readonly insertStmt;
  private readonly dropRetainedStmt;
  private readonly pageStmt;
  private readonly deleteStmt;
  private readonly countStmt;
  private readonly retainedTopicsStmt;
  private readonly cursorStmt;
  private readonly setCursorStmt;
  private readonly leaderStmt;
  private readonly setLeaderStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare('INSERT INTO mqtt_outbox (topic, payload, retain, journal_seq, created_at) VALUES (?, ?, ?, ?, ?)');
    this.dropRetainedStmt = db.prepare('DELETE FROM mqtt_outbox WHERE topic = ? AND retain = 1');
    this.pageStmt = db.prepare('SELECT id, topic, payload, retain, journal_seq FROM mqtt_outbox WHERE id > ? ORDER BY id LIMIT ?');
    this.deleteStmt = db.prepare('DELETE FROM mqtt_outbox WHERE id = ?');
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM mqtt_outbox');
    this.retainedTopicsStmt = db.prepare('SELECT topic FROM mqtt_outbox WHERE retain = 1');
    this.cursorStmt = db.prepare('SELECT seq FROM mqtt_cursor WHERE id = 1');
    this.setCursorStmt = db.prepare('INSERT INTO mqtt_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq');
    this.leaderStmt = db.prepare('SELECT leader FROM mqtt_leaders WHERE unit = ?');
    this.setLeaderStmt = db.prepare('INSERT INTO mqtt_leaders (unit, leader) VALUES (?, ?) ON CONFLICT (unit) DO UPDATE SET leader = excluded.leader');
  }

  /**
   * Appends a row. A retained one replaces the waiting row of its topic and goes to the back of
   * the line: only the newest state matters, and it goes out after what happened before it.
   */
  add(e: OutboxEntry, now: number): void {
    if (e.retain) this.dropRetainedStmt.run(e.topic);
    this.insertStmt.run(e.topic, e.payload, e.retain ? 1 : 0, e.journalSeq, now);
  }

  after(id: number, limit: number): OutboxRow[] {
    return (this.pageStmt.all(id, limit) as RawRow[]).map((r) => ({
      id: r.id,
      topic: r.topic,
      payload: r.payload,
      retain: r.retain === 1,
      journalSeq: r.journal_seq,
    }));
  }

  /** Acknowledged rows, in one transaction (one commit per batch of PUBACKs, not per message). */
  remove(ids: readonly number[]): void {
    this.db.transaction(() => ids.forEach((id) => this.deleteStmt.run(id)))();
  }

  backlog(): number {
    return (this.countStmt.get() as { n: number }).n;
  }

  /** Topics whose newest state is still waiting here (a reconnect's healing skips them: they go anyway). */
  waitingRetainedTopics(): Set<string> {
    return new Set((this.retainedTopicsStmt.all() as { topic: string }[]).map((r) => r.topic));
  }

  cursor(): number | undefined {
    return (this.cursorStmt.get() as { seq: number } | undefined)?.seq;
  }

  setCursor(seq: number): void {
    this.setCursorStmt.run(seq);
  }

  leader(unit: string): string | undefined {
    return (this.leaderStmt.get(unit) as { leader: string } | undefined)?.leader;
  }

  setLeader(unit: string, leader: string): void {
    this.setLeaderStmt.run(unit, leader);
  }
}
