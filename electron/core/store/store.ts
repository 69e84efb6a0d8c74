/**
 * The cache: one SQLite file per data dir, shared by every source and the server.
 */
import type { Db } from './database';
import { openDatabase, schemaVersion, DATABASE_FILE } from './database';
import { JournalRepo } from './journal';
import { UnitRepo } from './units';
import { CompetitionRepo } from './competitions';
import { RecordRepo } from './records';
import { AthleteNoteRepo } from './athlete-notes';
import { AnnouncerOptionsRepo } from './announcer-options';
import { join } from 'node:path';

export class Store {
  readonly journal: JournalRepo;
  readonly units: UnitRepo;
  readonly competitions: CompetitionRepo;
  readonly records: RecordRepo;
  readonly notes: AthleteNoteRepo;
  readonly options: AnnouncerOptionsRepo;
  private closed = false;
  /**
   * better-sqlite3 builds a new wrapper (four variants) on every `db.transaction(fn)`; one wrapper
   * that runs whatever it is given keeps that off every message. Nested calls still become savepoints.
   */
  private readonly runInTransaction: (fn: () => unknown) => unknown;

  private constructor(
    readonly db: Db,
    readonly file: string,
  ) {
    this.journal = new JournalRepo(db);
    this.units = new UnitRepo(db);
    this.competitions = new CompetitionRepo(db);
    this.records = new RecordRepo(db);
    this.notes = new AthleteNoteRepo(db);
    this.options = new AnnouncerOptionsRepo(db);
    this.runInTransaction = db.transaction((fn: () => unknown) => fn());
  }

  static open(dataDir: string): Store {
    return new Store(openDatabase(dataDir), join(dataDir, DATABASE_FILE));
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    try {
      return this.runInTransaction(fn) as T;
    } catch (err) {
      // Rolled back: the unit heads remembered during it may name rows that are not there.
      this.units.forgetHeads();
      throw err;
    }
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
