/**
 * Athlete notes and pronunciation, keyed by bib and name: a new competition JSON that keeps the
 * bib and the name keeps the note; a bib that moves to another athlete does not carry the old
 * athlete's note to the new one.
 */
import type { Db } from './database';

export interface AthleteNote {
  bib: string;
  name: string;
  notes: string;
  pronunciation: string;
  updatedAt: number;
}

/** "  Émile  DUPONT " → "emile dupont": accents, case and spacing do not make another athlete. */
export function nameKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export class AthleteNoteRepo {
  version = 0;

  constructor(private readonly db: Db) {}

  list(): AthleteNote[] {
    return this.db
      .prepare('SELECT bib, name, notes, pronunciation, updated_at AS updatedAt FROM athlete_notes ORDER BY CAST(bib AS INTEGER), bib, name_key')
      .all() as AthleteNote[];
  }

  /** Saves one; an empty note and pronunciation deletes it. */
  put(n: { bib: string; name: string; notes: string; pronunciation: string }, now = Date.now()): void {
    this.putAll([n], now);
  }

  putAll(rows: { bib: string; name: string; notes: string; pronunciation: string }[], now = Date.now()): void {
    const upsert = this.db.prepare(
      `INSERT INTO athlete_notes (bib, name_key, name, notes, pronunciation, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (bib, name_key) DO UPDATE SET name = excluded.name, notes = excluded.notes, pronunciation = excluded.pronunciation,
       updated_at = excluded.updated_at`,
    );
    const remove = this.db.prepare('DELETE FROM athlete_notes WHERE bib = ? AND name_key = ?');
    this.db.transaction(() => {
      for (const n of rows) {
        if (!n.notes.trim() && !n.pronunciation.trim()) remove.run(n.bib, nameKey(n.name));
        else upsert.run(n.bib, nameKey(n.name), n.name.trim(), n.notes, n.pronunciation, now);
      }
    })();
    this.version++;
  }
}

/**
 * The note for an athlete as the competition names them now: the same bib and name; else the same
 * name under one other bib (bibs renumbered between entries and the meet). A bib alone is not
 * enough: it may now belong to someone else.
 */
export function noteFor(all: readonly AthleteNote[], bib: string, name: string | null): AthleteNote | undefined {
  if (!name) return all.find((n) => n.bib === bib && !n.name);
  const key = nameKey(name);
  const exact = all.find((n) => n.bib === bib && nameKey(n.name) === key);
  if (exact) return exact;
  const sameName = all.filter((n) => nameKey(n.name) === key);
  return sameName.length === 1 ? sameName[0] : undefined;
}
