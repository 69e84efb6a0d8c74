/**
 * World Triathlon programs as the console shows them: the list, and one program's positions at
 * its latest split (or its final results). Reads what ingest/triathlon-programs.ts wrote.
 */
import type { Db } from '../../store/database';
import { TimingStoreSchema, type ProgramSummary, type ProgramView, type TimingAthlete, type TimingStore } from '../../model/triathlon';
import { positions, segmentsOf } from './positions';

interface Row {
  prog_id: string;
  event_id: string | null;
  name: string | null;
  starts_at: string | null;
  snapshot: string | null;
  snapshot_date: string | null;
  results: string | null;
  entries: string | null;
  updated_at: number;
  event_title: string | null;
}

export class TriathlonView {
  constructor(private readonly db: Db) {}

  list(): ProgramSummary[] {
    return this.rows().map((r) => this.summary(r));
  }

  view(progId: string): ProgramView | undefined {
    const row = this.rows(progId)[0];
    if (!row) return undefined;
    const snapshot = row.snapshot ? TimingStoreSchema.safeParse(JSON.parse(row.snapshot)) : undefined;
    const results = row.results ? (JSON.parse(row.results) as TimingAthlete[]) : undefined;
    const held: TimingStore = snapshot?.success ? snapshot.data : { prog_id: progId, date: '', splits: [] };
    return {
      ...this.summary(row),
      segments: segmentsOf(held),
      positions: positions(held, results),
      final: Boolean(results?.length),
    };
  }


  private rows(progId?: string): Row[] {
    const sql = `SELECT p.*, e.title AS event_title FROM triathlon_programs p LEFT JOIN triathlon_events e ON e.event_id = p.event_id
                 ${progId ? 'WHERE p.prog_id = ?' : ''} ORDER BY p.updated_at DESC`;
    return (progId ? this.db.prepare(sql).all(progId) : this.db.prepare(sql).all()) as Row[];
  }

  private summary(r: Row): ProgramSummary {
    const snapshot = r.snapshot ? TimingStoreSchema.safeParse(JSON.parse(r.snapshot)) : undefined;
    const held = snapshot?.success ? snapshot.data : undefined;
    const live = held ? positions(held) : [];
    const results = r.results ? (JSON.parse(r.results) as unknown[]) : [];
    return {
      progId: r.prog_id,
      eventId: r.event_id,
      name: r.name,
      eventTitle: r.event_title,
      startsAt: r.starts_at,
      snapshotDate: r.snapshot_date,
      latestSegment: live.find((p) => p.segment)?.segment ?? null,
      athletes: Math.max(live.length, results.length),
      hasResults: results.length > 0,
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }
}
