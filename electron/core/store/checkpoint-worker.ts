/**
 * Worker-thread entry: copies the WAL back into the database file on its own SQLite connection.
 * A checkpoint writes and fsyncs megabytes (8–20 ms for each 4 MB of WAL here); done by the
 * committing connection, as SQLite does by default, it would stall the one event loop that serves
 * every overlay. PASSIVE never blocks the console's writer; it copies what it can.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointWorkerData, CheckpointReport } from './checkpointer';
import { WORKER_NICE, lowerWorkerPriority } from '../config/thread-priority';

lowerWorkerPriority(WORKER_NICE.checkpoints);

const { file, intervalMs, nativeBinding } = workerData as CheckpointWorkerData;
let db: Database.Database;
try {
  db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('busy_timeout = 1000');
} catch (err) {
  // SQLite's own error class does not cross threads whole: say it in words, then end.
  parentPort!.postMessage({ type: 'failed', message: `cannot open ${file}: ${(err as Error).message}` } satisfies CheckpointReport);
  process.exit(1);
}

let lastSeen = -1;
const timer = setInterval(() => {
  // Only when something was written since the last pass: an idle console does no fsync.
  let mtime: number;
  try {
    mtime = statSync(`${file}-wal`).mtimeMs;
  } catch {
    return; // no WAL (yet)
  }
  if (mtime === lastSeen) return;
  lastSeen = mtime;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    parentPort!.postMessage({ type: 'checkpointed', frames: r?.log ?? 0, copied: r?.checkpointed ?? 0 } satisfies CheckpointReport);
  } catch (err) {
    parentPort!.postMessage({ type: 'failed', message: (err as Error).message } satisfies CheckpointReport);
  }
}, intervalMs);

parentPort!.on('message', (m: { type: 'stop' }) => {
  if (m.type !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
