/**
 * World Triathlon programs built from incoming webhooks (the writing side; views/triathlon reads them). `apply` runs inside the intake's
 * transaction (after the journal row), so a program never changes without its message on disk.
 * A `timing.store` is a whole snapshot: the newest by its own `date` is kept, and one that arrives
 * late (a retry of an older message) is journaled but never overwrites a newer one.
 * `*.destroy` removes what it names; `entry.*` changes one line of a start list; `ranking.publish`
 * keeps the newest publication per list and the one before it (for movements).
 * Everything here is a function of the journal: `rebuild` replays it when the tables were written
 * by an older build (or lost), so a restart shows exactly what the messages on disk say.
 */
import type { Db } from '../store/database';
import type { JournalRepo } from '../store/journal';
import { TriathlonEnvelopeSchema } from '../model/webhooks';
import {
  EntrySchema,
  EventSchema,
  ProgramSchema,
  RankingPublishSchema,
  ResultsStoreSchema,
  TimingStoreSchema,
  readDate,
} from '../model/triathlon';

/** Bump when what apply() writes changes: the next start rebuilds the tables from the journal. */
export const TRIATHLON_MODEL_VERSION = 2;

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
  /** A ranking list changed (`ranking.publish`). */
  rankingKey?: string;
}

const progIdOf = (payload: unknown): string | undefined => {
  const v = payload && typeof payload === 'object' ? (payload as { prog_id?: unknown }).prog_id : undefined;
  return (typeof v === 'string' && v.trim()) || typeof v === 'number' ? String(v).trim() : undefined;
};

const invalid = (what: string, issue: string | undefined): TriathlonApplyResult => ({ changed: false, reason: `invalid ${what}: ${issue ?? 'does not match'}` });

export class TriathlonPrograms {
  constructor(readonly db: Db) {}

  apply(msg: TriathlonMessage): TriathlonApplyResult {
    const [family, action] = msg.method.split('.') as [string, string | undefined];
    switch (family) {
      case 'timing':
        if (action === 'destroy') return this.timingDestroy(msg);
        return action === 'store' || action === 'update' ? this.timing(msg) : { changed: false, reason: 'journaled only' };
      case 'results':
        return this.results(msg, action);
      case 'program':
        return action === 'destroy' ? this.programDestroy(msg) : this.program(msg);
      case 'event':
        return action === 'destroy' ? this.eventDestroy(msg) : this.event(msg);
      case 'entry':
        return this.entry(msg, action);
      case 'ranking':
      case 'rankings':
        return action === 'publish' ? this.ranking(msg) : { changed: false, reason: 'journaled only' };
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
    // The snapshot speaks for itself: its sandbox flag and status replace what was held.
    this.db
      .prepare(
        `UPDATE triathlon_programs SET snapshot = ?, snapshot_date = ?, snapshot_seq = ?, sandbox = ?, status = ?,
           event_name = COALESCE(?, event_name), start_time = COALESCE(?, start_time) WHERE prog_id = ?`,
      )
      .run(JSON.stringify(msg.payload), s.date, msg.seq, s.sandbox ? 1 : 0, s.status ?? null, s.event_name ?? null, s.start_time ?? null, s.prog_id);
    return { changed: true, programId: s.prog_id };
  }

  private timingDestroy(msg: TriathlonMessage): TriathlonApplyResult {
    const progId = progIdOf(msg.payload);
    if (!progId) return invalid('timing.destroy', 'no prog_id');
    const changes = this.db
      .prepare('UPDATE triathlon_programs SET snapshot = NULL, snapshot_date = NULL, snapshot_seq = ?, status = NULL, updated_at = ? WHERE prog_id = ?')
      .run(msg.seq, msg.receivedAt, progId).changes;
    return { changed: changes > 0, programId: progId };
  }

  private programDestroy(msg: TriathlonMessage): TriathlonApplyResult {
    const progId = progIdOf(msg.payload);
    if (!progId) return invalid('program.destroy', 'no prog_id');
    const changes = this.db.prepare('DELETE FROM triathlon_programs WHERE prog_id = ?').run(progId).changes;
    this.db.prepare('DELETE FROM triathlon_entries WHERE prog_id = ?').run(progId);
    return { changed: changes > 0, programId: progId };
  }

  private eventDestroy(msg: TriathlonMessage): TriathlonApplyResult {
    const p = EventSchema.safeParse(msg.payload);
    if (!p.success) return invalid('event.destroy', p.error.issues[0]?.message);
    const first = this.db.prepare('SELECT prog_id FROM triathlon_programs WHERE event_id = ? ORDER BY prog_id LIMIT 1').get(p.data.event_id) as { prog_id: string } | undefined;
    const removed = this.db.prepare('DELETE FROM triathlon_events WHERE event_id = ?').run(p.data.event_id).changes;
    // The programs stay (their timing is still true) but lose the title the event gave them.
    return { changed: removed > 0 && Boolean(first), programId: first?.prog_id };
  }

  private ranking(msg: TriathlonMessage): TriathlonApplyResult {
    const p = RankingPublishSchema.safeParse(msg.payload);
    if (!p.success) return invalid('ranking.publish', p.error.issues[0]?.message);
    const r = p.data;
    const key = r.ranking_id ?? [r.type, r.category ?? r.ranking_cat_name].filter(Boolean).join(' | ');
    if (!key) return invalid('ranking.publish', 'no ranking_id, type or category');
    const dateText = r.last_updated ?? r.published ?? r.date ?? new Date(msg.receivedAt).toISOString();
    const date = readDate(dateText);
    if (date === null) return { changed: false, reason: `unreadable date "${dateText}"` };
    const name = r.ranking_name ?? ([r.type, r.category ?? r.ranking_cat_name].filter(Boolean).join(' — ') || key);
    const body = JSON.stringify(msg.payload);
    const held = this.db.prepare('SELECT latest_date, previous_date FROM triathlon_rankings WHERE list_key = ?').get(key) as { latest_date: string; previous_date: string | null } | undefined;
    if (!held) {
      this.db.prepare('INSERT INTO triathlon_rankings (list_key, name, latest, latest_date, updated_at) VALUES (?, ?, ?, ?, ?)').run(key, name, body, dateText, msg.receivedAt);
      return { changed: true, rankingKey: key };
    }
    const latest = readDate(held.latest_date) ?? -Infinity;
    const previous = readDate(held.previous_date) ?? -Infinity;
    if (date > latest) {
      // Publications arrive in any order: a newer one moves the held one to "previous".
      this.db
        .prepare('UPDATE triathlon_rankings SET previous = latest, previous_date = latest_date, latest = ?, latest_date = ?, name = ?, updated_at = ? WHERE list_key = ?')
        .run(body, dateText, name, msg.receivedAt, key);
      return { changed: true, rankingKey: key };
    }
    if (date === latest && r.rankings.length > 0 && !this.heldRows(key)) {
      // The same publication, now with its list (completed from the Rankings API).
      this.db.prepare('UPDATE triathlon_rankings SET latest = ?, name = ?, updated_at = ? WHERE list_key = ?').run(body, name, msg.receivedAt, key);
      return { changed: true, rankingKey: key };
    }
    if (date < latest && date > previous) {
      this.db.prepare('UPDATE triathlon_rankings SET previous = ?, previous_date = ?, updated_at = ? WHERE list_key = ?').run(body, dateText, msg.receivedAt, key);
      return { changed: true, rankingKey: key };
    }
    return { changed: false, reason: `not newer than the publications held (${held.latest_date})` };
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

  private heldRows(key: string): boolean {
    const row = this.db.prepare('SELECT latest FROM triathlon_rankings WHERE list_key = ?').get(key) as { latest: string } | undefined;
    const held = row ? RankingPublishSchema.safeParse(JSON.parse(row.latest)) : undefined;
    return Boolean(held?.success && held.data.rankings.length > 0);
  }

  /** One line of the start list: stored, updated or removed by its own key, the rest untouched. */
  private entry(msg: TriathlonMessage, action: string | undefined): TriathlonApplyResult {
    const p = EntrySchema.safeParse(msg.payload);
    if (!p.success) return invalid('entry', p.error.issues[0]?.message);
    const e = p.data;
    const key = e.entry_id ?? e.athlete_id ?? (e.start_num ? `bib:${e.start_num}` : null);
    if (!key) return invalid(`entry.${action}`, 'no entry_id, athlete_id or start_num');
    if (action === 'destroy') {
      const changes = this.db.prepare('DELETE FROM triathlon_entries WHERE prog_id = ? AND entry_key = ?').run(e.prog_id, key).changes;
      return { changed: changes > 0, programId: e.prog_id };
    }
    this.upsert(e.prog_id, msg.receivedAt, {});
    this.db
      .prepare('INSERT INTO triathlon_entries (prog_id, entry_key, payload, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (prog_id, entry_key) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at')
      .run(e.prog_id, key, JSON.stringify(msg.payload), msg.receivedAt);
    return { changed: true, programId: e.prog_id };
  }

  /**
   * Empties the tables this model writes and replays every accepted `/hooks/triathlon` message in
   * journal order. The operator's on-air consent is not from the journal and is kept.
   */
  rebuild(journal: JournalRepo, page = 500): number {
    this.db.exec('DELETE FROM triathlon_programs; DELETE FROM triathlon_events; DELETE FROM triathlon_entries; DELETE FROM triathlon_rankings;');
    let after = 0;
    let applied = 0;
    for (;;) {
      const rows = journal.afterFromSource(after, 'triathlon', page);
      if (rows.length === 0) break;
      for (const r of rows) {
        after = r.seq;
        if (!r.accepted) continue;
        let json: unknown;
        try {
          json = JSON.parse(r.payload);
        } catch {
          continue;
        }
        const env = TriathlonEnvelopeSchema.safeParse(json);
        if (!env.success) continue;
        this.apply({ method: env.data.subscription, payload: env.data.payload, receivedAt: r.receivedAt, seq: r.seq });
        applied++;
      }
    }
    this.db.prepare('INSERT INTO read_models (name, version) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version').run('triathlon', TRIATHLON_MODEL_VERSION);
    return applied;
  }

  /** Rebuilds when the tables were written by another build of this model; returns whether it did. */
  /** How many journaled messages were applied again (0 when the tables were current or nothing was there). */
  rebuildIfStale(journal: JournalRepo): number {
    const row = this.db.prepare("SELECT version FROM read_models WHERE name = 'triathlon'").get() as { version: number } | undefined;
    if (row?.version === TRIATHLON_MODEL_VERSION) return 0;
    return this.db.transaction(() => this.rebuild(journal))();
  }

  /** The operator lets a sandbox program go on air (or takes that back). */
  allowSandboxOnAir(progId: string, allow: boolean, at: number): void {
    this.db
      .prepare('INSERT INTO triathlon_on_air (prog_id, allow_sandbox, updated_at) VALUES (?, ?, ?) ON CONFLICT (prog_id) DO UPDATE SET allow_sandbox = excluded.allow_sandbox, updated_at = excluded.updated_at')
      .run(progId, allow ? 1 : 0, at);
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
