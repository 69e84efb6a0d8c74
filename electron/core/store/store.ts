/**
 * The cache: one SQLite file per data dir, shared by every source and the server.
 */
import type { Db } from './database';
import { openDatabase, schemaVersion, DATABASE_FILE } from './database';
import { JournalRepo } from './journal';
import { UnitRepo } from './units';
import { CompetitionRepo } from './competitions';
import { join } from 'node:path';

export class Store {
  readonly journal: JournalRepo;
  readonly units: UnitRepo;
  readonly competitions: CompetitionRepo;
  private closed = false;

  private constructor(
    readonly db: Db,
    readonly file: string,
  ) {
    this.journal = new JournalRepo(db);
    this.units = new UnitRepo(db);
    this.competitions = new CompetitionRepo(db);
  }

  static open(dataDir: string): Store {
    return new Store(openDatabase(dataDir), join(dataDir, DATABASE_FILE));
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  stats(): { file: string; schemaVersion: number; units: number; lastSeq: number } {
    return {
      file: this.file,
      schemaVersion: schemaVersion(this.db),
      units: this.units.count(),
      lastSeq: this.journal.lastSeq(),
    };
  }

  /** Folds the WAL into the main file so a copied data dir is complete on its own. */
  checkpoint(): void {
    if (!this.closed) this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.closed) return;
    this.checkpoint();
    this.db.close();
    this.closed = true;
  }
}
