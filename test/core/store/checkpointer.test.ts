/**
 * WAL checkpoints in their worker thread (the built checkpoint-worker.js) on a real SQLite file:
 * the console's own connection stops checkpointing, the worker copies the WAL back into the
 * database as it grows, and wherever the worker cannot run SQLite's own checkpoints are back on.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../../electron/core/store/checkpointer';
import { Store } from '../../../electron/core/store/store';
import { buildIfStale } from '../../../scripts/build-if-stale.mjs';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';

const WORKER = join(__dirname, '..', '..', '..', 'out', 'main', 'checkpoint-worker.js');

let data: ReturnType<typeof tempDir>;
let store: Store;
let logs: string[];

const autocheckpoint = () => store.db.pragma('wal_autocheckpoint', { simple: true });
const walBytes = () => {
  try {
    return statSync(`${store.file}-wal`).size;
  } catch {
    return 0;
  }
};

/** `mb` megabytes of journal rows, in transactions of 1 MB. */
function write(mb: number, chunkBytes = 1024 * 1024): void {
  const payload = JSON.stringify({ filler: 'x'.repeat(chunkBytes - 20) });
  for (let i = 0; i < (mb * 1024 * 1024) / chunkBytes; i++) {
    store.transaction(() => store.journal.append({ source: 'test', channel: 'c', event: 'unit', payload, receivedAt: Date.now(), accepted: true }));
  }
}

beforeAll(() => buildIfStale({ quiet: true }), 180_000);

beforeEach(() => {
  data = tempDir();
  store = Store.open(data.path);
  logs = [];
});

afterEach(() => {
  if (store.db.open) store.close();
  data.remove();
});

describe('checkpoints in a worker', () => {
  it('copy the WAL into the database while the console only appends, and hand back to SQLite on stop', async () => {
    const c = Checkpointer.start(store.db, store.file, WORKER, (l) => logs.push(l), { intervalMs: 50 });
    expect(c.stats().mode).toBe('worker');
    expect(autocheckpoint()).toBe(0);
    const before = statSync(store.file).size;
    write(24);
    // The worker has copied the rows into the database file itself, and caught up.
    // (Its report of the pass comes as a message after the file has grown: wait for both.)
    await waitUntil(
      () => statSync(store.file).size - before > 20 * 1024 * 1024 && c.stats().checkpoints > 0 && c.stats().lastLeft === 0,
      30_000,
      'the database file to hold the rows',
    );
    expect(c.stats()).toMatchObject({ mode: 'worker', lastError: null });
    expect(c.stats().checkpoints).toBeGreaterThan(0);
    // With the WAL copied back, the next writes start it over instead of growing it without end.
    const wal = walBytes();
    write(4);
    expect(walBytes()).toBeLessThanOrEqual(wal);
    await c.stop();
    expect(c.stats().mode).toBe('inline');
    expect(autocheckpoint()).toBe(1000);
    store.close();
    expect(walBytes()).toBe(0); // the last connection closed tidies the WAL away
    expect(logs).toEqual([]);
  });

  it('stay with SQLite where there is no worker script', () => {
    const c = Checkpointer.start(store.db, store.file, join(data.path, 'no-such-worker.js'), (l) => logs.push(l), { intervalMs: 50 });
    expect(c.stats().mode).toBe('inline');
    expect(autocheckpoint()).toBe(1000);
  });

  it('go back to SQLite when the worker fails, and say why', async () => {
    // A database the worker cannot open: it fails at once.
    const c = Checkpointer.start(store.db, join(data.path, 'missing.db'), WORKER, (l) => logs.push(l), { intervalMs: 50 });
    await waitUntil(() => c.stats().mode === 'inline', 30_000, 'checkpoints inline again');
    expect(autocheckpoint()).toBe(1000);
    expect(c.stats().lastError).toMatch(/missing\.db|unable to open|does not exist/i);
    expect(logs.some((l) => /checkpoint worker failed/.test(l))).toBe(true);
    await c.stop();
  });

  it('start only once the console writes a quarter of a checkpoint’s worth within ten seconds', async () => {
    const c = Checkpointer.start(store.db, store.file, WORKER, (l) => logs.push(l), { intervalMs: 50, written: () => store.journal.appendedBytes });
    write(0.5, 64 * 1024);
    // A meet's trickle: SQLite's own checkpoints, no thread.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(c.stats().mode).toBe('inline');
    expect(autocheckpoint()).toBe(1000);
    write(1);
    await waitUntil(() => c.stats().mode === 'worker', 30_000, 'the worker to start');
    expect(autocheckpoint()).toBe(0);
    await c.stop();
    expect(c.stats().mode).toBe('inline');
  });

  it('start at once when the console goes live, busy or not', async () => {
    const c = Checkpointer.start(store.db, store.file, WORKER, (l) => logs.push(l), { intervalMs: 50, written: () => store.journal.appendedBytes });
    expect(c.stats().mode).toBe('inline');
    c.startNow();
    await waitUntil(() => c.stats().mode === 'worker', 30_000, 'the worker to start');
    write(4);
    await waitUntil(() => c.stats().checkpoints > 0, 30_000, 'a checkpoint by the worker');
    c.startNow(); // running already: nothing more
    await c.stop();
    expect(c.stats().mode).toBe('inline');
  });
});
