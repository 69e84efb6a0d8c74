/**
 * World Triathlon programs as the console shows them: the list, one program's positions at its
 * latest split (or its final results) and at every split, its start list, and the rankings with
 * movements. Reads what ingest/triathlon-programs.ts wrote.
 */
import type { Db } from '../../store/database';
import {
  EntrySchema,
  RankingPublishSchema,
  TimingStoreSchema,
  type EntryView,
  type Position,
  type ProgramSummary,
  type SplitStanding,
  type ProgramView,
  type RankingList,
  type TimingAthlete,
  type TimingStore,
} from '../../model/triathlon';
import { bySplit, positions, segmentsOf } from './positions';

interface Row {
  prog_id: string;
  snapshot_seq: number | null;
  event_id: string | null;
  name: string | null;
  starts_at: string | null;
  snapshot: string | null;
  snapshot_date: string | null;
  results: string | null;
  updated_at: number;
  event_title: string | null;
  sandbox: number;
  status: string | null;
  event_name: string | null;
  start_time: string | null;
  allow_sandbox: number | null;
}

const parseJson = (text: string | null): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const personName = (p: { athlete_first?: string | null; athlete_last?: string | null; athlete_title?: string | null }, fallback: string) =>
  [p.athlete_first, p.athlete_last].filter(Boolean).join(' ') || p.athlete_title || fallback;

export class TriathlonView {
  /**
   * Parsed snapshots by program, keyed by the journal seq that wrote them: a 60-athlete snapshot
   * takes tens of ms to validate, and the dashboard asks every 2 s for what rarely changed.
   */
  private readonly parsed = new Map<string, { seq: number | null; date: string | null; data: TimingStore | undefined }>();

  /** What a parsed snapshot gives, computed once per snapshot. */
  private readonly derived = new WeakMap<TimingStore, { live: Position[]; splits: SplitStanding[] }>();

  constructor(private readonly db: Db) {}

  private derive(snapshot: TimingStore): { live: Position[]; splits: SplitStanding[] } {
    let d = this.derived.get(snapshot);
    if (!d) this.derived.set(snapshot, (d = { live: positions(snapshot), splits: bySplit(snapshot) }));
    return d;
  }

  private snapshotOf(r: Row): TimingStore | undefined {
    const held = this.parsed.get(r.prog_id);
    if (held && held.seq === r.snapshot_seq && held.date === r.snapshot_date) return held.data;
    const parsed = TimingStoreSchema.safeParse(parseJson(r.snapshot));
    const data = parsed.success ? parsed.data : undefined;
    this.parsed.set(r.prog_id, { seq: r.snapshot_seq, date: r.snapshot_date, data });
    return data;
  }

  list(): ProgramSummary[] {
    return this.rows().map((r) => this.summary(r));
  }

  view(progId: string): ProgramView | undefined {
    const row = this.rows(progId)[0];
    if (!row) return undefined;
    const snapshot = this.snapshotOf(row);
    const results = parseJson(row.results) as TimingAthlete[] | undefined;
    const held: TimingStore = snapshot ?? ({ prog_id: progId, date: '', sandbox: false, splits: [] } as unknown as TimingStore);
    return {
      ...this.summary(row),
      segments: segmentsOf(held),
      positions: results?.length || !snapshot ? positions(held, results) : this.derive(snapshot).live,
      final: Boolean(results?.length),
      bySplit: snapshot ? this.derive(snapshot).splits : [],
      entries: this.entries(progId),
    };
  }

  /**
   * For the relay: a sandbox timing message of a program the operator has not allowed on air is
   * held back. Only triathlon timing rows are parsed; every other row passes at once.
   */
  holdsBack(row: { source: string; event: string; payload: string }): boolean {
    if (row.source !== 'triathlon' || !row.event.startsWith('timing.')) return false;
    let payload: { sandbox?: unknown; prog_id?: unknown } | undefined;
    try {
      payload = (JSON.parse(row.payload) as { payload?: typeof payload }).payload;
    } catch {
      return false;
    }
    const sandbox = payload?.sandbox === true || payload?.sandbox === 1 || (typeof payload?.sandbox === 'string' && /^(true|1|yes)$/i.test(payload.sandbox.trim()));
    if (!sandbox) return false;
    const progId = payload?.prog_id;
    if (typeof progId !== 'string' && typeof progId !== 'number') return true;
    const allowed = this.db.prepare('SELECT allow_sandbox FROM triathlon_on_air WHERE prog_id = ?').get(String(progId).trim()) as { allow_sandbox: number } | undefined;
    return allowed?.allow_sandbox !== 1;
  }

  /** Whether this program may go on air: live data always, sandbox data only once the operator allowed it. */
  onAir(progId: string): boolean {
    const r = this.rows(progId)[0];
    return Boolean(r && (!r.sandbox || r.allow_sandbox));
  }

  entries(progId: string): EntryView[] {
    const rows = this.db.prepare('SELECT entry_key, payload FROM triathlon_entries WHERE prog_id = ?').all(progId) as { entry_key: string; payload: string }[];
    const out = rows.flatMap((r) => {
      const e = EntrySchema.safeParse(parseJson(r.payload));
      if (!e.success) return [];
      return [{ key: r.entry_key, bib: e.data.start_num ?? null, name: personName(e.data, r.entry_key), country: e.data.athlete_noc ?? null }];
    });
    const bib = (e: EntryView) => (e.bib && /^\d+$/.test(e.bib) ? Number(e.bib) : Infinity);
    return out.sort((a, b) => bib(a) - bib(b) || a.name.localeCompare(b.name));
  }

  /** Every ranking list: the newest publication, each athlete's movement since the one before. */
  rankings(): RankingList[] {
    const rows = this.db.prepare('SELECT * FROM triathlon_rankings ORDER BY updated_at DESC').all() as {
      list_key: string;
      name: string | null;
      latest: string;
      latest_date: string;
      previous: string | null;
      previous_date: string | null;
    }[];
    return rows.map((r) => {
      const latest = RankingPublishSchema.safeParse(parseJson(r.latest));
      const previous = RankingPublishSchema.safeParse(parseJson(r.previous));
      const key = (a: { athlete_id?: string | null; athlete_first?: string | null; athlete_last?: string | null }) => a.athlete_id ?? personName(a, '?');
      const before = new Map((previous.success ? previous.data.rankings : []).map((a) => [key(a), a.rank ?? a.position ?? null]));
      return {
        key: r.list_key,
        name: r.name ?? r.list_key,
        publishedAt: r.latest_date,
        previousPublishedAt: r.previous_date,
        rows: (latest.success ? latest.data.rankings : []).map((a) => {
          const rank = a.rank ?? a.position ?? null;
          const prior = before.get(key(a));
          const known = r.previous !== null;
          return {
            rank,
            athleteId: a.athlete_id ?? null,
            name: personName(a, a.athlete_id ?? '?'),
            country: a.athlete_noc ?? null,
            points: a.total ?? a.points ?? null,
            previousRank: prior ?? null,
            movement: prior != null && rank !== null ? prior - rank : null,
            isNew: known && !before.has(key(a)),
          };
        }),
      };
    });
  }

  private rows(progId?: string): Row[] {
    const sql = `SELECT p.*, e.title AS event_title, o.allow_sandbox FROM triathlon_programs p
                 LEFT JOIN triathlon_events e ON e.event_id = p.event_id
                 LEFT JOIN triathlon_on_air o ON o.prog_id = p.prog_id
                 ${progId ? 'WHERE p.prog_id = ?' : ''} ORDER BY p.updated_at DESC`;
    return (progId ? this.db.prepare(sql).all(progId) : this.db.prepare(sql).all()) as Row[];
  }

  private summary(r: Row): ProgramSummary {
    const snapshot = this.snapshotOf(r);
    const live = snapshot ? this.derive(snapshot).live : [];
    const results = (parseJson(r.results) as unknown[] | undefined) ?? [];
    const entries = (this.db.prepare('SELECT COUNT(*) AS n FROM triathlon_entries WHERE prog_id = ?').get(r.prog_id) as { n: number }).n;
    return {
      progId: r.prog_id,
      sandbox: r.sandbox === 1,
      sandboxOnAir: r.allow_sandbox === 1,
      status: r.status,
      eventName: r.event_name,
      startTime: r.start_time,
      eventId: r.event_id,
      name: r.name,
      eventTitle: r.event_title ?? r.event_name,
      startsAt: r.starts_at ?? r.start_time,
      snapshotDate: r.snapshot_date,
      latestSegment: live.find((p) => p.segment)?.segment ?? null,
      athletes: Math.max(live.length, results.length, entries),
      hasResults: results.length > 0,
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }
}
