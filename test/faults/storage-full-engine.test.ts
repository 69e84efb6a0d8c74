/**
 * The disk-full fault where mounting a small file system is not allowed (CI without root): SQLite
 * itself refuses to grow the real database file (`PRAGMA max_page_count` on the console's own
 * connection gives a genuine SQLITE_FULL from the engine). Same expectations as disk-full.test.ts:
 * 503 for webhooks, Pusher messages logged, nothing half-written, the cache still served, and the
 * retries stored once there is room again.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseCommandLine } from '../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../electron/core/app/console';
import type { Logger } from '../../electron/core/config/log';
import { sprintResults, sprintUnit } from '../helpers/fixtures';
import { startLocalSources, type LocalSources } from '../helpers/local-sources';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';
import { WEBHOOK_SECRET, send, type Ack, type SentMessage } from '../helpers/webhook-sender';

const KEY = 'engine-full-key';
const CHANNEL = 'x-2026-TST-spine-test-overview-T01-1-1';
let local: LocalSources;
let data: ReturnType<typeof tempDir>;
let app: TracksideConsole | undefined;
const lines: string[] = [];
const log: Logger = { debug: () => {}, info: () => {}, warn: (l) => void lines.push(l), error: (l) => void lines.push(l) };

beforeEach(async () => {
  data = tempDir();
  local = await startLocalSources(KEY);
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await local.stop();
  data.remove();
});

it('SQLITE_FULL from the engine: 503 and a log line, nothing half-written, the cache served, retries stored later', async () => {
  const args = [
    ...local.args(data.path),
    '--webhook-secret', WEBHOOK_SECRET,
  ];
  app = createConsole(parseCommandLine(args, {}).config!, { log, probeIntervalMs: 250, pollIntervalMs: 600_000 });
  const url = await app.start();
  await waitUntil(async () => (await getJson(`${url}api/units/T01/1/1`)).status === 200, 10_000, 'unit cached');
  await local.pusher.waitForSubscribers(CHANNEL, 1, 30_000);
  const journalBefore = app.store.journal.lastSeq();

  const db = app.store.db;
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const padding = 'p'.repeat(64 * 1024);
  const acked: Ack[] = [];
  const refused: SentMessage[] = [];
  const other: string[] = [];
  for (let i = 0; i < 200 && refused.length < 10; i++) {
    const msg: SentMessage = { id: `eng-${i}`, route: i % 2 ? 'trackscore' : 'standard', body: JSON.stringify({ id: `eng-${i}`, type: 'result', padding }) };
    const ack = await send(url, msg);
    if (ack?.status === 200) acked.push(ack);
    else if (ack?.status === 503) refused.push(msg);
    else other.push(ack ? `HTTP ${ack.status}` : 'no answer');
  }
  expect(other).toEqual([]);
  expect(refused).toHaveLength(10);
  expect(lines.some((l) => /webhooks: \/hooks\/\w+: could not store the message: database or disk is full/.test(l))).toBe(true);

  local.pusher.trigger(CHANNEL, 'unit', { ...sprintResults(), padding: 'q'.repeat(256 * 1024) });
  await waitUntil(() => lines.some((l) => /ingest: opentrack-pusher .* could not store the message: database or disk is full/.test(l)), 5_000, 'Pusher refusal logged');
  expect((await getJson(`${url}api/units/T01/1/1`)).body.unit).toEqual(sprintUnit());
  expect((await getJson(`${url}api/health`)).status).toBe(200);

  // Nothing half-written: rows only for what was acknowledged.
  const rows = app.store.journal.after(journalBefore, 1_000);
  const ids = rows.map((r) => (JSON.parse(r.payload) as { id?: string }).id).filter(Boolean);
  expect(ids.sort()).toEqual(acked.map((a) => a.id).sort());

  db.pragma('max_page_count = 1073741823');
  for (const r of refused) {
    const again = await send(url, r);
    expect(again?.status).toBe(200);
    expect(again?.duplicate).toBe(false);
  }
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
});
