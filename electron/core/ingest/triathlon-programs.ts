/**
 * World Triathlon programs built from incoming webhooks (the writing side; views/triathlon reads them). `apply` runs inside the intake's
 * transaction (after the journal row), so a program never changes without its message on disk.
 * A `timing.store` is a whole snapshot: the newest by its own `date` is kept, and one that arrives
 * late (a retry of an older message) is journaled but never overwrites a newer one.
 */
import type { Db } from '../store/database';
import {
  EntrySchema,
  EventSchema,
  ProgramSchema,
  ResultsStoreSchema,
  TimingStoreSchema,
  readDate,
} from '../model/triathlon';

export interface TriathlonMessage {
  method: string;
  payload: unknown;
  receivedAt: number;
  seq: number;
}

export interface TriathlonApplyResult {
  /** The message changed what the console shows (a newer snapshot, a new result). */
  changed: boolean;
  programId?: string;
  /** Why it changed nothing, e.g. "older than the snapshot held (date …)". */
  reason?: string;
}

const invalid = (what: string, issue: string | undefined): TriathlonApplyResult => ({ changed: false, reason: `invalid ${what}: ${issue ?? 'does not match'}` });

export class TriathlonPrograms {
  constructor(readonly db: Db) {}

  apply(msg: TriathlonMessage): TriathlonApplyResult {
    const [family, action] = msg.method.split('.') as [string, string | undefined];
    switch (family) {
      case 'timing':
        return action === 'store' ? this.timing(msg) : { changed: false, reason: 'journaled only' };
      case 'results':
        return this.results(msg, action);
      case 'program':
        return this.program(msg);
      case 'event':
        return this.event(msg);
      case 'entry':
        return this.entry(msg);
      default:
        return { changed: false, reason: 'journaled only' };
    }
  }

  private timing(msg: TriathlonMessage): TriathlonApplyResult {
    const p = TimingStoreSchema.safeParse(msg.payload);
    if (!p.success) return invalid('timing.store', p.error.issues[0]?.message);
    const s = p.data;
    const date = readDate(s.date);
    if (date === null) return { changed: false, programId: s.prog_id, reason: `unreadable date "${s.date}"` };
    const held = this.db.prepare('SELECT snapshot_date FROM triathlon_programs WHERE prog_id = ?').get(s.prog_id) as { snapshot_date: string | null } | undefined;
    const heldDate = readDate(held?.snapshot_date);
    if (heldDate !== null && date <= heldDate) {
      return { changed: false, programId: s.prog_id, reason: `not newer than the snapshot held (date ${held!.snapshot_date})` };
    }
    this.upsert(s.prog_id, msg.receivedAt, { event_id: s.event_id ?? null, name: s.prog_name ?? null });
    this.db
      .prepare('UPDATE triathlon_programs SET snapshot = ?, snapshot_date = ?, snapshot_seq = ? WHERE prog_id = ?')
      .run(JSON.stringify(msg.payload), s.date, msg.seq, s.prog_id);
    return { changed: true, programId: s.prog_id };
  }

  private results(msg: TriathlonMessage, action: string | undefined): TriathlonApplyResult {
    const p = ResultsStoreSchema.safeParse(msg.payload);
    if (!p.success) return invalid(`results.${action}`, p.error.issues[0]?.message);
    const { prog_id, results } = p.data;
    if (action === 'destroy') {
      const changes = this.db.prepare('UPDATE triathlon_programs SET results = NULL, results_seq = ?, updated_at = ? WHERE prog_id = ?').run(msg.seq, msg.receivedAt, prog_id).changes;
      return { changed: changes > 0, programId: prog_id };
    }
    this.upsert(prog_id, msg.receivedAt, { event_id: p.data.event_id ?? null });
    this.db.prepare('UPDATE triathlon_programs SET results = ?, results_seq = ? WHERE prog_id = ?').run(JSON.stringify(results), msg.seq, prog_id);
    return { changed: true, programId: prog_id };
  }

  private program(msg: TriathlonMessage): TriathlonApplyResult {
    const p = ProgramSchema.safeParse(msg.payload);
    if (!p.success) return invalid('program', p.error.issues[0]?.message);
    const d = p.data;
    const startsAt = d.prog_date ? [d.prog_date, d.prog_time].filter(Boolean).join(' ') : null;
    this.upsert(d.prog_id, msg.receivedAt, { event_id: d.event_id ?? null, name: d.prog_name ?? null, starts_at: startsAt });
    return { changed: true, programId: d.prog_id };
  }

  private event(msg: TriathlonMessage): TriathlonApplyResult {
    const p = EventSchema.safeParse(msg.payload);
    if (!p.success) return invalid('event', p.error.issues[0]?.message);
    this.db
      .prepare('INSERT INTO triathlon_events (event_id, title, updated_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET title = COALESCE(excluded.title, title), updated_at = excluded.updated_at')
      .run(p.data.event_id, p.data.event_title ?? null, msg.receivedAt);
    const first = this.db.prepare('SELECT prog_id FROM triathlon_programs WHERE event_id = ? ORDER BY prog_id LIMIT 1').get(p.data.event_id) as { prog_id: string } | undefined;
    return { changed: Boolean(first), programId: first?.prog_id };
  }

  private entry(msg: TriathlonMessage): TriathlonApplyResult {
    const p = EntrySchema.safeParse(msg.payload);
    if (!p.success) return invalid('entry', p.error.issues[0]?.message);
    this.upsert(p.data.prog_id, msg.receivedAt, {});
    this.db.prepare('UPDATE triathlon_programs SET entries = ? WHERE prog_id = ?').run(JSON.stringify(msg.payload), p.data.prog_id);
    return { changed: true, programId: p.data.prog_id };
  }

  /** Creates the program if new; fields given as null keep what is held. */
  private upsert(progId: string, at: number, fields: { event_id?: string | null; name?: string | null; starts_at?: string | null }): void {
    this.db
      .prepare(
        `INSERT INTO triathlon_programs (prog_id, event_id, name, starts_at, updated_at) VALUES (@progId, @event_id, @name, @starts_at, @at)
         ON CONFLICT (prog_id) DO UPDATE SET event_id = COALESCE(@event_id, event_id), name = COALESCE(@name, name),
           starts_at = COALESCE(@starts_at, starts_at), updated_at = @at`,
      )
      .run({ progId, at, event_id: fields.event_id ?? null, name: fields.name ?? null, starts_at: fields.starts_at ?? null });
  }
}
