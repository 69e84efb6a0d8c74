/**
 * Runs WAL checkpoints off the event loop (see checkpoint-worker.ts). Where no worker can run (no
 * built worker script: the console run from source, as in the in-process tests; or the worker
 * fails), SQLite's own automatic checkpoint stays on, as before.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import { sqliteOptions } from './database';

export interface CheckpointWorkerData {
  file: string;
  intervalMs: number;
  nativeBinding?: string;
}

export type CheckpointReport = { type: 'checkpointed'; frames: number; copied: number } | { type: 'failed'; message: string };

export interface CheckpointStats {
  /** Where checkpoints run: `worker`, or `inline` (SQLite's own, in the committing call). */
  mode: 'worker' | 'inline';
  checkpoints: number;
  /** WAL frames left uncopied after the last pass (a reader held them); 0 when it caught up. */
  lastLeft: number;
  lastError: string | null;
}

/** SQLite's default: a checkpoint once the WAL passes 1,000 pages. */
const INLINE_AUTOCHECKPOINT_PAGES = 1000;

export class Checkpointer {
  private worker?: Worker;
  private readonly figures: CheckpointStats = { mode: 'inline', checkpoints: 0, lastLeft: 0, lastError: null };

  private constructor(
    private readonly db: Db,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the worker from `script` (a built checkpoint-worker.js); stays inline when absent. */
  static start(db: Db, file: string, script: string | undefined, log: (line: string) => void, intervalMs = 1_000): Checkpointer {
    const c = new Checkpointer(db, log);
    if (script && existsSync(script)) c.spawn(script, { file, intervalMs, nativeBinding: sqliteOptions().nativeBinding as string | undefined });
    return c;
  }

  stats(): CheckpointStats {
    return { ...this.figures };
  }

  /** Ends the worker first, so the console's own connection is the last one and tidies the WAL on close. */
  async stop(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.postMessage({ type: 'stop' });
    const force = setTimeout(() => void w.terminate(), 2_000);
    await exited;
    clearTimeout(force);
    this.inline();
  }

  private spawn(script: string, data: CheckpointWorkerData): void {
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: data });
    } catch (err) {
      this.log(`checkpoints stay inline: cannot start their worker: ${(err as Error).message}`);
      return;
    }
    this.worker = worker;
    this.db.pragma('wal_autocheckpoint = 0');
    this.figures.mode = 'worker';
    worker.on('message', (r: CheckpointReport) => {
      if (r.type === 'checkpointed') {
        this.figures.checkpoints++;
        this.figures.lastLeft = r.frames - r.copied;
        this.figures.lastError = null;
      } else {
        this.figures.lastError = r.message;
      }
    });
    worker.on('error', (err) => {
      this.figures.lastError = err?.message ?? String(err);
    });
    worker.on('exit', (code) => {
      // Stopped on purpose or crashed: either way SQLite checkpoints by itself again, so the WAL
      // never grows without bound.
      const crashed = this.worker === worker;
      if (crashed) {
        this.worker = undefined;
        this.log(`checkpoint worker failed (exit ${code}${this.figures.lastError ? `: ${this.figures.lastError}` : ''}); checkpoints run inline again`);
      }
      this.inline();
    });
    worker.unref();
  }

  private inline(): void {
    this.figures.mode = 'inline';
    try {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT_PAGES}`);
    } catch {
      // closing anyway
    }
  }
}
