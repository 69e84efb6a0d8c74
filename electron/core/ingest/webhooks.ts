/**
 * The journal-writing half of incoming webhooks: one SQLite transaction holds the journal row, the
 * raw request (receipt) and whatever the message changes (a triathlon program), then the bus hears
 * of it. Authentication and parsing stay with the source (sources/webhooks/intake.ts); only this
 * module writes, so ingest remains the one writer of journal and cache.
 */
import type { HookRoute } from '../config/config';
import type { JournalEntry } from '../store/journal';
import type { Store } from '../store/store';
import { ReceiptRepo, type ReceiptOutcome } from '../store/webhook-receipts';
import type { Bus } from './bus';
import type { TriathlonPrograms } from './triathlon-programs';

export interface WebhookMessage {
  route: HookRoute;
  channel: string;
  event: string;
  raw: Buffer;
  /** Headers without credentials (the source strips them). */
  headers: Record<string, string>;
  remoteAddress?: string;
  receivedAt: number;
  competition?: string;
  keyUsed: 'current' | 'previous';
}

export interface AcceptedMessage extends WebhookMessage {
  dedupeKey: string;
  /** For triathlon: the subscription method and payload to apply to the programs. */
  triathlon?: { method: string; payload: unknown };
}

export interface WebhookIngested {
  seq: number;
  duplicate: boolean;
}

export class WebhookIngest {
  readonly receipts: ReceiptRepo;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly triathlon: TriathlonPrograms,
  ) {
    this.receipts = new ReceiptRepo(store.db);
  }

  /** A message that authenticated and parsed: journaled (as a duplicate if its key was seen) and applied. */
  accept(msg: AcceptedMessage): WebhookIngested {
    const { store } = this;
    let programChange: { programId: string } | undefined;
    let changed = false;
    const result = store.transaction(() => {
      const duplicate = this.receipts.accepted(msg.route, msg.dedupeKey);
      const entry: JournalEntry = { ...journalEntry(msg), accepted: !duplicate, reason: duplicate ? 'duplicate' : undefined };
      const seq = store.journal.append(entry);
      if (!duplicate && msg.triathlon) {
        const applied = this.triathlon.apply({ ...msg.triathlon, receivedAt: msg.receivedAt, seq });
        if (applied.changed && applied.programId) programChange = { programId: applied.programId };
        if (applied.changed) {
          changed = true;
          store.journal.markChanged(seq);
        }
      }
      this.keep(msg, duplicate ? 'duplicate' : 'accepted', seq, msg.dedupeKey);
      return { seq, duplicate, entry: { ...entry, changed } };
    });
    this.bus.emit('journal', { ...result.entry, seq: result.seq });
    if (programChange) this.bus.emit('program', { programId: programChange.programId, seq: result.seq });
    return { seq: result.seq, duplicate: result.duplicate };
  }

  /** Authenticated but unreadable: journaled as refused, the request kept whole for inspection. */
  keepAside(msg: WebhookMessage, reason: string): number {
    const entry: JournalEntry = { ...journalEntry({ ...msg, event: 'malformed' }), accepted: false, reason };
    const seq = this.store.transaction(() => {
      const seq = this.store.journal.append(entry);
      this.keep(msg, 'malformed', seq);
      return seq;
    });
    this.bus.emit('journal', { ...entry, seq });
    return seq;
  }

  private keep(msg: WebhookMessage, outcome: ReceiptOutcome, seq: number, dedupeKey?: string): void {
    this.receipts.add({
      route: msg.route,
      receivedAt: msg.receivedAt,
      remoteAddress: msg.remoteAddress,
      headers: msg.headers,
      body: msg.raw,
      outcome,
      dedupeKey,
      keyUsed: msg.keyUsed,
      journalSeq: seq,
    });
  }
}

function journalEntry(msg: WebhookMessage): Omit<JournalEntry, 'accepted'> {
  return {
    source: msg.route,
    channel: msg.channel,
    event: msg.event,
    // The journal holds text; a body that is not UTF-8 is kept byte for byte in the receipt.
    payload: msg.raw.toString('utf8'),
    receivedAt: msg.receivedAt,
    competition: msg.competition,
  };
}
