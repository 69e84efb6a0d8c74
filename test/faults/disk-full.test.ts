/**
 * Disk full and read-only data dirs, on real file systems (a small tmpfs, a read-only bind mount)
 * with the real console process. At start: one clear line, a non-zero exit, no stack trace, nothing
 * touched. While running: a write the disk refuses is refused cleanly (a webhook gets 503 so the
 * provider retries; a Pusher message is logged), nothing is half-written, the cache is still
 * served, and once space returns the retried messages are stored. A disk that turns read-only
 * under the running console (a real ext4 error with errors=remount-ro) is refused the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LocalPusherServer } from '../../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';
import { FIXTURE_PATH, fixtureCompetition, localSourceArgs, sprintResults, sprintUnit } from '../helpers/fixtures';
import { HEADLESS_ENTRY, ROOT, built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { ext4Disk, ext4Unavailable, fillDisk, mountUnavailable, readOnlyView, tmpfs, type Mount } from '../helpers/mounts';
import { tempDir } from '../helpers/temp-dir';
import { START_LIMIT_MS, getJson, waitUntil } from '../helpers/wait';
import { WEBHOOK_SECRET, send, type Ack, type SentMessage } from '../helpers/webhook-sender';

const skip = !built || mountUnavailable !== undefined;
const why = mountUnavailable ? ` [skipped: ${mountUnavailable}]` : '';

const cleanup: (() => unknown)[] = [];
let running: RunningConsole | undefined;
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
  for (const c of cleanup.splice(0).reverse()) await c();
});

function mount(m: Mount): Mount {
  cleanup.push(m.remove);
  return m;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Runs the console expecting it to refuse to start; returns its stderr lines. */
function refusesToStart(dataDir: string): string[] {
  const r = spawnSync(process.execPath, [HEADLESS_ENTRY, '--port', '0', '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: START_LIMIT_MS });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  return r.stderr.trim().split('\n');
}

/** A data dir with a cache from a short run of the demo, cleanly stopped. */
async function demoCache(dir: string): Promise<void> {
  const run = await runHeadless(['--port', '0', '--data-dir', dir, '--demo-speed', '100']);
  await waitUntil(async () => (await getJson(`${run.url}api/health`)).body.cache.units > 5, START_LIMIT_MS, 'demo cached');
  expect(await run.stop('SIGTERM')).toBe(0);
}

describe.skipIf(skip)('an unusable data dir at start', () => {
  it(`read-only, with a cache in it: one line, exit 1, the cache untouched${why}`, async () => {
    const src = tempDir('trackside-ro-src-');
    cleanup.push(src.remove);
    await demoCache(join(src.path, 'data'));
    const before = sha(join(src.path, 'data', 'trackside.db'));
    const ro = mount(readOnlyView(src.path));
    const lines = refusesToStart(join(ro.path, 'data'));
    expect(lines).toEqual([`trackside: cannot use the data dir: ${join(ro.path, 'data')} is on a read-only file system; choose a writable --data-dir`]);
    expect(sha(join(src.path, 'data', 'trackside.db'))).toBe(before);
    expect(readdirSync(join(src.path, 'data')).filter((n) => n.includes('corrupt'))).toEqual([]);
  });

  it(`read-only, new or empty: one line, exit 1${why}`, () => {
    const src = tempDir('trackside-ro-src-');
    cleanup.push(src.remove);
    writeFileSync(join(src.path, 'keep'), '');
    const ro = mount(readOnlyView(src.path));
    for (const dir of [join(ro.path, 'new', 'deeper'), ro.path]) {
      expect(refusesToStart(dir)).toEqual([`trackside: cannot use the data dir: ${dir} is on a read-only file system; choose a writable --data-dir`]);
    }
  });

  it(`on a full disk, new or with a cache: one line, exit 1, the cache untouched${why}`, async () => {
    const fs = mount(tmpfs(4 * 1024 * 1024));
    await demoCache(join(fs.path, 'cached'));
    const before = sha(join(fs.path, 'cached', 'trackside.db'));
    fillDisk(join(fs.path, 'filler'));
    for (const dir of [join(fs.path, 'fresh'), join(fs.path, 'cached')]) {
      expect(refusesToStart(dir)).toEqual([`trackside: cannot use the data dir: the disk holding ${dir} is full; free some space or choose another --data-dir`]);
    }
    expect(sha(join(fs.path, 'cached', 'trackside.db'))).toBe(before);
  });
});

describe.skipIf(skip)('the disk fills while the console runs', () => {
  it(`refuses what it cannot store, keeps serving, and stores the retries once space returns${why}`, async () => {
    const fs = mount(tmpfs(12 * 1024 * 1024));
    const pusher = new LocalPusherServer({ key: 'disk-full-key' });
    await pusher.start();
    cleanup.push(() => pusher.stop());
    const standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition() });
    await standIn.start();
    cleanup.push(() => standIn.stop());
    const dataDir = join(fs.path, 'data');
    running = await runHeadless(
      [
        ...localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: FIXTURE_PATH, pusherPort: pusher.port, key: 'disk-full-key', dataDir }),
        '--webhook-secret', WEBHOOK_SECRET,
      ],
      {},
      30_000,
    );
    const url = running.url;
    await waitUntil(async () => (await getJson(`${url}api/units/T01/1/1`)).status === 200, 15_000, 'unit cached');
    await pusher.waitForSubscribers('x-2026-TST-spine-test-overview-T01-1-1', 1, 30_000);
    const startSeq = (await getJson(`${url}api/health`)).body.cache.lastSeq as number;

    // Fill the disk, then keep sending 64 KB results until the console refuses one.
    fillDisk(join(fs.path, 'filler'));
    const padding = 'p'.repeat(64 * 1024);
    const acked: Ack[] = [];
    const refused: SentMessage[] = [];
    const other: string[] = [];
    for (let i = 0; i < 400 && refused.length < 10; i++) {
      const msg: SentMessage = { id: `full-${i}`, route: i % 2 ? 'trackscore' : 'standard', body: JSON.stringify({ id: `full-${i}`, type: 'result', padding }) };
      const ack = await send(url, msg);
      if (ack?.status === 200) acked.push(ack);
      else if (ack?.status === 503) refused.push(msg);
      else other.push(ack ? `HTTP ${ack.status}` : 'no answer');
    }
    expect(other, 'every answer is 200 (stored) or 503 (retry later)').toEqual([]);
    expect(refused.length, 'the full disk refused messages').toBe(10);

    // A Pusher update while full: logged as not stored; the cache keeps its last good copy.
    const bigResults = { ...sprintResults(), padding: 'q'.repeat(512 * 1024) };
    pusher.trigger('x-2026-TST-spine-test-overview-T01-1-1', 'unit', bigResults);
    await waitUntil(() => /could not store the message/.test(running!.stderr()) && running!.stderr().includes('opentrack-pusher'), 10_000, 'the refused Pusher message logged');
    expect(running.stderr()).not.toMatch(/^\s+at /m);
    expect(running.child.exitCode).toBeNull();
    expect((await getJson(`${url}api/health`)).status).toBe(200);
    expect((await getJson(`${url}api/units/T01/1/1`)).body.unit).toEqual(sprintUnit());

    // Nothing half-written: the journal holds the acknowledged messages and none of the refused.
    const ids = new Set<string>();
    let after = startSeq;
    for (let page = 0; page < 100; page++) {
      const { body } = await getJson<{ items: { seq: number; payload: { id?: string } }[]; next: number }>(`${url}api/feed?after=${after}&limit=500`);
      if (!body.items.length) break;
      for (const item of body.items) if (item.payload?.id) ids.add(item.payload.id);
      after = body.next;
    }
    for (const a of acked) expect(ids.has(a.id), `acknowledged ${a.id} in the journal`).toBe(true);
    for (const r of refused) expect(ids.has(r.id), `refused ${r.id} not in the journal`).toBe(false);

    // Space returns: the provider's retries are stored as new (no half-written copy was there),
    // and the next Pusher update lands.
    rmSync(join(fs.path, 'filler'));
    for (const r of refused) {
      const again = await send(url, r);
      expect(again?.status).toBe(200);
      expect(again?.duplicate).toBe(false);
    }
    pusher.trigger('x-2026-TST-spine-test-overview-T01-1-1', 'unit', bigResults);
    await waitUntil(async () => (await getJson(`${url}api/units/T01/1/1`)).body.unit?.padding === bigResults.padding, 10_000, 'Pusher update stored');
    console.log(`disk full: ${acked.length} stored before the first refusal, ${refused.length} refused with 503, all stored on retry`);

    expect(await running.stop('SIGTERM')).toBe(0);
    running = undefined;
    const db = new Database(join(dataDir, 'trackside.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const accepted = db.prepare("SELECT count(*) AS n FROM webhook_receipts WHERE outcome = 'accepted' AND dedupe_key LIKE 'id:full-%'").get() as { n: number };
      expect(accepted.n).toBe(acked.length + refused.length);
    } finally {
      db.close();
    }
    expect(existsSync(join(dataDir, 'trackside.db'))).toBe(true);
  }, 180_000);
});

describe.skipIf(!built || ext4Unavailable !== undefined)('the disk turns read-only while the console runs', () => {
  it(`refuses every write cleanly, keeps serving, and the file holds every acknowledged message${ext4Unavailable ? ` [skipped: ${ext4Unavailable}]` : ''}`, async () => {
    const disk = ext4Disk(64 * 1024 * 1024);
    cleanup.push(disk.remove);
    const pusher = new LocalPusherServer({ key: 'ro-key' });
    await pusher.start();
    cleanup.push(() => pusher.stop());
    const standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition() });
    await standIn.start();
    cleanup.push(() => standIn.stop());
    const dataDir = join(disk.path, 'data');
    running = await runHeadless(
      [...localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: FIXTURE_PATH, pusherPort: pusher.port, key: 'ro-key', dataDir }), '--webhook-secret', WEBHOOK_SECRET],
      {},
      30_000,
    );
    const url = running.url;
    await waitUntil(async () => (await getJson(`${url}api/units/T01/1/1`)).status === 200, 15_000, 'unit cached');
    await pusher.waitForSubscribers('x-2026-TST-spine-test-overview-T01-1-1', 1, 30_000);
    const acked: Ack[] = [];
    for (let i = 0; i < 20; i++) {
      const ack = await send(url, { id: `ro-${i}`, route: i % 2 ? 'trackscore' : 'standard', body: JSON.stringify({ id: `ro-${i}`, type: 'result' }) });
      expect(ack?.status).toBe(200);
      acked.push(ack!);
    }
    // What was acknowledged reaches the disk before it fails (synchronous=NORMAL leaves the last
    // commits to the OS, which is fine for a process crash, not for a dying disk).
    spawnSync('sync');
    disk.fail();

    const refused: SentMessage[] = [];
    for (let i = 20; i < 30; i++) {
      const msg: SentMessage = { id: `ro-${i}`, route: i % 2 ? 'trackscore' : 'standard', body: JSON.stringify({ id: `ro-${i}`, type: 'result' }) };
      const ack = await send(url, msg);
      expect(ack?.status, `message ${i} on a read-only disk`).toBe(503);
      refused.push(msg);
    }
    pusher.trigger('x-2026-TST-spine-test-overview-T01-1-1', 'unit', sprintResults());
    await waitUntil(() => /ingest: opentrack-pusher .*could not store the message/.test(running!.stderr()), 10_000, 'the refused Pusher message logged');
    expect(running.stderr()).not.toMatch(/^\s+at /m);
    expect(running.child.exitCode).toBeNull();
    expect((await getJson(`${url}api/health`)).status).toBe(200);
    expect((await getJson(`${url}api/units/T01/1/1`)).body.unit).toEqual(sprintUnit());
    const feed = await getJson(`${url}api/feed?limit=500`);
    expect(feed.status).toBe(200);
    const ids = new Set(feed.body.items.map((i: { payload?: { id?: string } }) => i.payload?.id).filter(Boolean));
    for (const a of acked) expect(ids.has(a.id)).toBe(true);
    for (const r of refused) expect(ids.has(r.id)).toBe(false);

    await running.stop('SIGKILL');
    running = undefined;
    disk.remount();
    const db = new Database(join(dataDir, 'trackside.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const kept = (db.prepare("SELECT dedupe_key AS k FROM webhook_receipts WHERE outcome = 'accepted'").all() as { k: string }[]).map((r) => r.k).sort();
      expect(kept).toEqual(acked.map((a) => `id:${a.id}`).sort());
    } finally {
      db.close();
    }
    console.log(`read-only disk: ${acked.length} stored before, ${refused.length} refused with 503 after, file sound and complete after remount`);
  }, 180_000);
});
