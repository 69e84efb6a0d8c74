/**
 * The relay's tables. Everything the relay knows is here, so a restart resumes exactly where the
 * last run stopped.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../../store/database';
import type { EndpointFormat } from '../../model/relay';
import type { ScheduleName } from './schedule';

export interface EndpointRow {
  id: string;
  url: string;
  description: string;
  filter: string[];
  enabled: boolean;
  format: EndpointFormat;
  schedule: ScheduleName;
  secret: string;
  previousSecret: string | null;
  previousUntil: number | null;
  createdAt: number;
  disabledReason: string | null;
}

export interface MessageRow {
  id: number;
  endpointId: string;
  webhookId: string;
  type: string;
  orderKey: string;
  body: string;
  journalSeq: number | null;
  createdAt: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  seriesStart: number;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: number | null;
  failedAt: number | null;
}

export interface AttemptRow {
  attempt: number;
  startedAt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  nextAttemptAt: number | null;
}

const endpointFrom = (r: Record<string, unknown>): EndpointRow => ({
  id: r.id as string,
  url: r.url as string,
  description: r.description as string,
  filter: JSON.parse(r.filter as string) as string[],
  enabled: r.enabled === 1,
  format: r.format as EndpointFormat,
  schedule: r.schedule as ScheduleName,
  secret: r.secret as string,
  previousSecret: (r.previous_secret as string | null) ?? null,
  previousUntil: (r.previous_until as number | null) ?? null,
  createdAt: r.created_at as number,
  disabledReason: (r.disabled_reason as string | null) ?? null,
});

const messageFrom = (r: Record<string, unknown>): MessageRow => ({
  id: r.id as number,
  endpointId: r.endpoint_id as string,
  webhookId: r.webhook_id as string,
  type: r.type as string,
  orderKey: r.order_key as string,
  body: r.body as string,
  journalSeq: (r.journal_seq as number | null) ?? null,
  createdAt: r.created_at as number,
  status: r.status as MessageRow['status'],
  attempts: r.attempts as number,
  seriesStart: r.series_start as number,
  nextAttemptAt: (r.next_attempt_at as number | null) ?? null,
  lastStatus: (r.last_status as number | null) ?? null,
  lastError: (r.last_error as string | null) ?? null,
  deliveredAt: (r.delivered_at as number | null) ?? null,
  failedAt: (r.failed_at as number | null) ?? null,
});

/** The first undelivered message of each endpoint and unit holds the line for the ones after it. */
const HEAD_OF_LINE = `NOT EXISTS (
  SELECT 1 FROM relay_messages p
  WHERE p.endpoint_id = m.endpoint_id AND p.order_key = m.order_key AND p.status = 'pending' AND p.id < m.id)`;

/** The median latency is over an endpoint's latest answered attempts: recent behaviour, bounded work. */
export const LATENCY_WINDOW = 200;

type Statement = Database.Statement<unknown[]>;

/** Prepared once per query text: the relay runs some of these for every journal row. */
class Statements {
  private readonly cache = new Map<string, Statement>();
  constructor(private readonly db: Db) {}
  prepare(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

export class RelayRepo {
  private readonly db: Statements;

  constructor(db: Db) {
    this.db = new Statements(db);
  }

  // Endpoints

  endpoints(): EndpointRow[] {
    return (this.db.prepare('SELECT * FROM relay_endpoints ORDER BY created_at, id').all() as Record<string, unknown>[]).map(endpointFrom);
  }

  endpoint(id: string): EndpointRow | undefined {
    const r = this.db.prepare('SELECT * FROM relay_endpoints WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return r && endpointFrom(r);
  }

  saveEndpoint(e: EndpointRow): void {
    this.db
      .prepare(
        `INSERT INTO relay_endpoints (id, url, description, filter, enabled, format, schedule, secret, previous_secret, previous_until, created_at, disabled_reason)
         VALUES (@id, @url, @description, @filter, @enabled, @format, @schedule, @secret, @previousSecret, @previousUntil, @createdAt, @disabledReason)
         ON CONFLICT (id) DO UPDATE SET url = @url, description = @description, filter = @filter, enabled = @enabled, format = @format,
           schedule = @schedule, secret = @secret, previous_secret = @previousSecret, previous_until = @previousUntil, disabled_reason = @disabledReason`,
      )
      .run({ ...e, filter: JSON.stringify(e.filter), enabled: e.enabled ? 1 : 0 });
  }

  /** Only these two columns: an attempt that ends after an edit must not write back the old settings. */
  disableEndpoint(id: string, reason: string): void {
    this.db.prepare('UPDATE relay_endpoints SET enabled = 0, disabled_reason = ? WHERE id = ?').run(reason, id);
  }

  deleteEndpoint(id: string): boolean {
    return this.db.prepare('DELETE FROM relay_endpoints WHERE id = ?').run(id).changes > 0;
  }

  // Outbox

  enqueue(m: Pick<MessageRow, 'endpointId' | 'webhookId' | 'type' | 'orderKey' | 'body' | 'journalSeq' | 'createdAt'>): number {
    const info = this.db
      .prepare(
        `INSERT INTO relay_messages (endpoint_id, webhook_id, type, order_key, body, journal_seq, created_at, status, next_attempt_at)
         VALUES (@endpointId, @webhookId, @type, @orderKey, @body, @journalSeq, @createdAt, 'pending', @createdAt)`,
      )
      .run(m);
    return Number(info.lastInsertRowid);
  }

  message(id: number): MessageRow | undefined {
    const r = this.db.prepare('SELECT * FROM relay_messages WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return r && messageFrom(r);
  }

  messages(endpointId: string, limit: number, status?: MessageRow['status']): MessageRow[] {
    const rows = status
      ? this.db.prepare('SELECT * FROM relay_messages WHERE endpoint_id = ? AND status = ? ORDER BY id DESC LIMIT ?').all(endpointId, status, limit)
      : this.db.prepare('SELECT * FROM relay_messages WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?').all(endpointId, limit);
    return (rows as Record<string, unknown>[]).map(messageFrom);
  }

  /** An endpoint's messages created since `since` that failed for good (what "recover" sends again). */
  failedCreatedSince(endpointId: string, since: number): MessageRow[] {
    const rows = this.db
      .prepare(`SELECT * FROM relay_messages WHERE endpoint_id = ? AND status = 'failed' AND created_at >= ? ORDER BY id`)
      .all(endpointId, since) as Record<string, unknown>[];
    return rows.map(messageFrom);
  }

  /** Messages that gave up since `since`, newest first (the dashboard's notice). */
  failedSince(since: number, limit: number): MessageRow[] {
    const rows = this.db
      .prepare(`SELECT * FROM relay_messages WHERE status = 'failed' AND failed_at >= ? ORDER BY failed_at DESC, id DESC LIMIT ?`)
      .all(since, limit) as Record<string, unknown>[];
    return rows.map(messageFrom);
  }

  /** Endpoints with a message that may be attempted at `now`, so each gets its own share of attempts. */
  endpointsWithDue(now: number): string[] {
    return (
      this.db
        .prepare(
          `SELECT DISTINCT m.endpoint_id AS id FROM relay_messages m JOIN relay_endpoints e ON e.id = m.endpoint_id
           WHERE m.status = 'pending' AND e.enabled = 1 AND m.next_attempt_at <= ?`,
        )
        .all(now) as { id: string }[]
    ).map((r) => r.id);
  }

  /** An endpoint's messages that may be attempted at `now`: due, first in their unit's line, oldest first. */
  due(endpointId: string, now: number, limit: number): MessageRow[] {
    const rows = this.db
      .prepare(
        `SELECT m.* FROM relay_messages m JOIN relay_endpoints e ON e.id = m.endpoint_id
         WHERE m.endpoint_id = ? AND m.status = 'pending' AND e.enabled = 1 AND m.next_attempt_at <= ? AND ${HEAD_OF_LINE}
         ORDER BY m.next_attempt_at, m.id LIMIT ?`,
      )
      .all(endpointId, now, limit) as Record<string, unknown>[];
    return rows.map(messageFrom);
  }

  /** When the next message becomes due, for the timer. */
  nextDueAt(): number | null {
    const r = this.db
      .prepare(
        `SELECT MIN(m.next_attempt_at) AS at FROM relay_messages m JOIN relay_endpoints e ON e.id = m.endpoint_id
         WHERE m.status = 'pending' AND e.enabled = 1 AND ${HEAD_OF_LINE}`,
      )
      .get() as { at: number | null };
    return r.at;
  }

  recordAttempt(messageId: number, a: AttemptRow, update: Partial<Pick<MessageRow, 'status' | 'nextAttemptAt' | 'deliveredAt' | 'failedAt'>>): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO relay_attempts (message_id, attempt, started_at, duration_ms, status_code, error, next_attempt_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(messageId, a.attempt, a.startedAt, a.durationMs, a.statusCode, a.error, a.nextAttemptAt);
      this.db
        .prepare(
          `UPDATE relay_messages SET attempts = attempts + 1, last_status = ?, last_error = ?,
             status = COALESCE(?, status), next_attempt_at = ?, delivered_at = COALESCE(?, delivered_at), failed_at = COALESCE(?, failed_at)
           WHERE id = ?`,
        )
        .run(a.statusCode, a.error, update.status ?? null, update.nextAttemptAt ?? null, update.deliveredAt ?? null, update.failedAt ?? null, messageId);
    });
  }

  /** A new attempt series for a message (resend, recover): same body, same webhook-id. */
  requeue(id: number, now: number): void {
    this.db
      .prepare(`UPDATE relay_messages SET status = 'pending', series_start = attempts, next_attempt_at = ?, failed_at = NULL, delivered_at = NULL WHERE id = ?`)
      .run(now, id);
  }

  /** Pending messages of an endpoint that was paused (410) go as soon as it is enabled again. */
  wakeEndpoint(endpointId: string, now: number): void {
    this.db.prepare(`UPDATE relay_messages SET next_attempt_at = MIN(next_attempt_at, ?) WHERE endpoint_id = ? AND status = 'pending'`).run(now, endpointId);
  }

  attempts(messageId: number): AttemptRow[] {
    return (
      this.db
        .prepare('SELECT attempt, started_at, duration_ms, status_code, error, next_attempt_at FROM relay_attempts WHERE message_id = ? ORDER BY id')
        .all(messageId) as Record<string, unknown>[]
    ).map((r) => ({
      attempt: r.attempt as number,
      startedAt: r.started_at as number,
      durationMs: r.duration_ms as number,
      statusCode: (r.status_code as number | null) ?? null,
      error: (r.error as string | null) ?? null,
      nextAttemptAt: (r.next_attempt_at as number | null) ?? null,
    }));
  }

  stats(endpointId: string): { delivered: number; failed: number; backlog: number; latencies: number[]; lastAttemptAt: number | null } {
    const counts = this.db
      .prepare(
        `SELECT SUM(status = 'delivered') AS delivered, SUM(status = 'failed') AS failed, SUM(status = 'pending') AS backlog
         FROM relay_messages WHERE endpoint_id = ?`,
      )
      .get(endpointId) as { delivered: number | null; failed: number | null; backlog: number | null };
    // Latency is how long the receiver took to answer: refused connections and timeouts say nothing about it.
    const answered = this.db
      .prepare(
        `SELECT a.duration_ms AS d FROM relay_attempts a JOIN relay_messages m ON m.id = a.message_id
         WHERE m.endpoint_id = ? AND a.status_code IS NOT NULL ORDER BY a.id DESC LIMIT ${LATENCY_WINDOW}`,
      )
      .all(endpointId) as { d: number }[];
    const last = this.db
      .prepare('SELECT MAX(a.started_at) AS t FROM relay_attempts a JOIN relay_messages m ON m.id = a.message_id WHERE m.endpoint_id = ?')
      .get(endpointId) as { t: number | null };
    return {
      delivered: counts.delivered ?? 0,
      failed: counts.failed ?? 0,
      backlog: counts.backlog ?? 0,
      latencies: answered.map((r) => r.d),
      lastAttemptAt: last.t,
    };
  }

  summary(): { endpoints: number; enabled: number; backlog: number; failed: number } {
    const e = this.db.prepare('SELECT COUNT(*) AS endpoints, COALESCE(SUM(enabled), 0) AS enabled FROM relay_endpoints').get() as { endpoints: number; enabled: number };
    const m = this.db
      .prepare(`SELECT COALESCE(SUM(status = 'pending'), 0) AS backlog, COALESCE(SUM(status = 'failed'), 0) AS failed FROM relay_messages`)
      .get() as { backlog: number; failed: number };
    return { ...e, ...m };
  }

  // Cursor

  cursor(): number | undefined {
    const r = this.db.prepare('SELECT seq FROM relay_cursor WHERE id = 1').get() as { seq: number } | undefined;
    return r?.seq;
  }

  setCursor(seq: number): void {
    this.db.prepare('INSERT INTO relay_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq').run(seq);
  }
}
