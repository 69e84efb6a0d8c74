/**
 * The console's own worker threads step back for its event loop. The cores are shared (on a venue
 * laptop with OBS or a browser too, and by the console's own threads), and when the loop that
 * serves every overlay and the API has work it should get a core first; Pusher decoding and WAL
 * checkpoints can wait a moment. Linux keeps a nice value per thread, so this lowers the calling
 * thread only. On macOS and Windows the same call would lower the whole process, main thread
 * included, so there it does nothing.
 */
import { setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** Nice values: a higher one gets a smaller share of a contended core (0 is the default). */
export const WORKER_NICE = { pusher: 5, checkpoints: 10 } as const;

/** Whether the calling worker thread now runs at `nice`. */
export function lowerWorkerPriority(nice: number): boolean {
  if (process.platform !== 'linux' || isMainThread) return false;
  try {
    setPriority(nice);
    return true;
  } catch {
    return false;
  }
}
