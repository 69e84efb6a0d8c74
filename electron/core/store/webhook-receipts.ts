/**
 * Stored webhook requests: what arrived, from where, and what became of it.
 */
import type { Db } from './database';
import type { HookRoute } from '../config/config';

export type ReceiptOutcome = 'accepted' | 'duplicate' | 'malformed';

export interface NewReceipt {
  route: HookRoute;
  receivedAt: number;
  remoteAddress?: string;
  headers: Record<string, string>;
  body: Buffer;
  outcome: ReceiptOutcome;
  dedupeKey?: string;
  keyUsed?: 'current' | 'previous';
  journalSeq: number;
}

export interface Receipt extends Omit<NewReceipt, 'body'> {
  id: number;
  body: Buffer;
}

interface Row {
  id: number;
  route: HookRoute;
  received_at: number;
  remote_address: string | null;
  headers: string;
  body: Buffer;
  outcome: ReceiptOutcome;
  dedupe_key: string | null;
  key_used: 'current' | 'previous' | null;
  journal_seq: number;
}

const toReceipt = (r: Row): Receipt => ({
  id: r.id,
  route: r.route,
  receivedAt: r.received_at,
  remoteAddress: r.remote_address ?? undefined,
  headers: JSON.parse(r.headers) as Record<string, string>,
  body: r.body,
  outcome: r.outcome,
  dedupeKey: r.dedupe_key ?? undefined,
  keyUsed: r.key_used ?? undefined,
  journalSeq: r.journal_seq,
});

export class ReceiptRepo {
  private readonly insert;
  private readonly seen;
  private readonly byId;
  private readonly newest;
  private readonly newestOf;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO webhook_receipts (route, received_at, remote_address, headers, body, outcome, dedupe_key, key_used, journal_seq)
       VALUES (@route, @receivedAt, @remoteAddress, @headers, @body, @outcome, @dedupeKey, @keyUsed, @journalSeq)`,
    );
    this.seen = db.prepare(`SELECT 1 FROM webhook_receipts WHERE route = ? AND dedupe_key = ? AND outcome = 'accepted' LIMIT 1`);
    this.byId = db.prepare('SELECT * FROM webhook_receipts WHERE id = ?');
    this.newest = db.prepare('SELECT * FROM webhook_receipts ORDER BY id DESC LIMIT ?');
    this.newestOf = db.prepare('SELECT * FROM webhook_receipts WHERE outcome = ? ORDER BY id DESC LIMIT ?');
  }

  add(r: NewReceipt): number {
    const info = this.insert.run({
      route: r.route,
      receivedAt: r.receivedAt,
      remoteAddress: r.remoteAddress ?? null,
      headers: JSON.stringify(r.headers),
      body: r.body,
      outcome: r.outcome,
      dedupeKey: r.dedupeKey ?? null,
      keyUsed: r.keyUsed ?? null,
      journalSeq: r.journalSeq,
    });
    return Number(info.lastInsertRowid);
  }

  accepted(route: HookRoute, dedupeKey: string): boolean {
    return this.seen.get(route, dedupeKey) !== undefined;
  }

  get(id: number): Receipt | undefined {
    const row = this.byId.get(id) as Row | undefined;
    return row && toReceipt(row);
  }

  list(limit: number, outcome?: ReceiptOutcome): Receipt[] {
    const rows = (outcome ? this.newestOf.all(outcome, limit) : this.newest.all(limit)) as Row[];
    return rows.map(toReceipt);
  }
}
