/**
 * Runs WAL checkpoints off the event loop (see checkpoint-worker.ts) where they can land among a
 * live meet's messages: from the moment the console goes live (`startNow`), or once it writes a
 * burst. An offline console that writes little keeps SQLite's own checkpoints, a few milliseconds
 * a minute, and no extra thread (~13 MB). Where no worker can run (no built worker script: the
 * console run from source, as in the in-process tests; or the worker fails), SQLite's own
 * automatic checkpoint stays on, as before.
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
/**
 * The worker starts once the journal wrote about this much within BUSY_WINDOW_MS, looked at every
 * BUSY_TICK_MS: a quarter of an inline checkpoint's pages, so that in a burst it runs before
 * SQLite's first inline checkpoint would (commits also write index, cache and outbox pages the
 * count leaves out).
 */
const BUSY_BYTES = (INLINE_AUTOCHECKPOINT_PAGES * 4096) / 4;
const BUSY_WINDOW_MS = 10_000;
const BUSY_TICK_MS = 250;

export interface CheckpointerOptions {
  intervalMs?: number;
  /**
   * Bytes written so far (the journal's count): the worker starts when they grow by BUSY_BYTES
   * within BUSY_WINDOW_MS. Without it, the worker starts at once.
   */
  written?: () => number;
}

export class Checkpointer {
  private worker?: Worker;
  private readonly figures: CheckpointStats = { mode: 'inline', checkpoints: 0, lastLeft: 0, lastError: null };

  private constructor(
    private readonly db: Db,
    private readonly log: (line: string) => void,
  ) {}

  private watch?: NodeJS.Timeout;
  /** Set while the worker has not been started yet: what starting it takes. */
  private pending?: { script: string; data: CheckpointWorkerData };

  /** Starts the worker from `script` (a built checkpoint-worker.js), at once or when busy; stays inline when absent. */
  static start(db: Db, file: string, script: string | undefined, log: (line: string) => void, opts: CheckpointerOptions = {}): Checkpointer {
    const c = new Checkpointer(db, log);
    if (!script || !existsSync(script)) return c;
    c.pending = { script, data: { file, intervalMs: opts.intervalMs ?? 1_000, nativeBinding: sqliteOptions().nativeBinding as string | undefined } };
    const written = opts.written;
    if (!written) {
      c.startNow();
      return c;
    }
    // Bytes written at each tick of the last BUSY_WINDOW_MS.
    const marks: number[] = [written()];
    c.watch = setInterval(() => {
      marks.push(written());
      if (marks.length > BUSY_WINDOW_MS / BUSY_TICK_MS + 1) marks.shift();
      if (marks[marks.length - 1]! - marks[0]! < BUSY_BYTES) return;
      c.startNow();
    }, BUSY_TICK_MS);
    c.watch.unref();
    return c;
  }

  /**
   * Starts the worker now if it was waiting for the console to get busy: a console that follows a
   * live meet starts it as the meet goes live, so its start and SQLite's inline checkpoints are
   * not in the middle of the meet's messages. Nothing when there is no worker script or it runs.
   */
  startNow(): void {
    clearInterval(this.watch);
    this.watch = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.spawn(pending.script, pending.data);
  }

  stats(): CheckpointStats {
    return { ...this.figures };
  }

  /** Ends the worker first, so the console's own connection is the last one and tidies the WAL on close. */
  async stop(): Promise<void> {
    clearInterval(this.watch);
    this.pending = undefined;
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
