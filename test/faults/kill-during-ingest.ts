/**
 * kill -9 of the real console (out/main/headless.js) while it ingests at full rate: the demo meet
 * at 300× over the local Pusher-protocol server, plus providers flooding signed webhooks from 8
 * connections. After each kill: `PRAGMA integrity_check` on the file as the crash left it, then a
 * restart on the same data dir, where every message the console acknowledged (2xx) is in the
 * journal with its exact body, every journal item it had streamed is unchanged, and a provider's
 * redelivery of an acknowledged message is recognised as a duplicate.
 *
 * Used by kill-during-ingest.test.ts (3 rounds, `npm test`) and .fault.ts (20 rounds, `test:faults`).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runHeadless, type RunningConsole } from '../helpers/headless-process';
import { openSse } from '../helpers/sse';
import { WEBHOOK_SECRET, flood, send, type Ack } from '../helpers/webhook-sender';
import { getJson, waitUntil } from '../helpers/wait';

export interface KillRoundsResult {
  rounds: number;
  acknowledged: number;
  lost: number;
  streamed: number;
  answered: Record<string, number>;
  integrity: string[];
  msPerRound: number;
}

interface FeedItem {
  seq: number;
  source: string;
  event: string;
  accepted: boolean;
  payload: unknown;
  payloadTruncated?: boolean;
}

export const startArgs = (dataDir: string) => ['--port', '0', '--data-dir', dataDir, '--demo-speed', '300', '--webhook-secret', WEBHOOK_SECRET];

/** Journal items with after < seq ≤ upTo, through the public feed. Bounded by the page count. */
export async function feedRange(url: string, after: number, upTo: number): Promise<Map<number, FeedItem>> {
  const items = new Map<number, FeedItem>();
  let cursor = after;
  for (let page = 0; page < 10_000 && cursor < upTo; page++) {
    const { status, body } = await getJson<{ items: FeedItem[]; next: number }>(`${url}api/feed?after=${cursor}&limit=500`);
    expect(status).toBe(200);
    if (!body.items.length) break;
    for (const i of body.items) if (i.seq <= upTo) items.set(i.seq, i);
    cursor = body.next;
  }
  return items;
}

/** A seeded generator, so a failing round can be run again with the same kill times. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function killDuringIngest(
  dataDir: string,
  rounds: number,
  track: { current?: RunningConsole },
  opts: { seed?: number; minAcksBeforeKill?: number } = {},
): Promise<KillRoundsResult> {
  const rand = random(opts.seed ?? 20261201);
  const allAcks: Ack[] = [];
  let pending: { acks: Ack[]; streamed: Map<number, FeedItem> } | undefined;
  const answered: Record<string, number> = {};
  const integrity: string[] = [];
  let lost = 0;
  let streamed = 0;
  const started = Date.now();

  const verify = async (url: string) => {
    if (!pending) return;
    const seqs = [...pending.acks.map((a) => a.seq), ...pending.streamed.keys()];
    if (!seqs.length) return;
    const min = Math.min(...seqs);
    const max = Math.max(...seqs);
    const journal = await feedRange(url, min - 1, max);
    const missing: string[] = [];
    for (const ack of pending.acks) {
      const item = journal.get(ack.seq);
      if (!item || item.source !== ack.route || !item.accepted || JSON.stringify(item.payload) !== JSON.stringify(JSON.parse(ack.body))) missing.push(ack.id);
    }
    lost += missing.length;
    expect(missing, 'acknowledged messages missing or changed after the restart').toEqual([]);
    const changed = [...pending.streamed.values()].filter((s) => JSON.stringify(journal.get(s.seq)) !== JSON.stringify(s)).map((s) => s.seq);
    expect(changed, 'journal items streamed before the kill, missing or changed after the restart').toEqual([]);
    // The provider retries some it had an answer for (say, the answer was lost on the way): duplicates.
    for (const ack of pending.acks.slice(0, 3)) {
      const again = await send(url, ack);
      expect(again?.status).toBe(200);
      expect(again?.duplicate).toBe(true);
    }
  };

  for (let round = 0; round < rounds; round++) {
    const running = (track.current = await runHeadless(startArgs(dataDir)));
    await verify(running.url);
    const startSeq = (await getJson(`${running.url}api/health`)).body.cache.lastSeq as number;
    const stream = await openSse(`${running.url}api/stream?after=${startSeq}`);
    const sender = flood(running.url, { prefix: `r${round}`, connections: 8, maxMs: 30_000 });
    // Kill at a random moment once the flood is well under way.
    const minAcks = opts.minAcksBeforeKill ?? 40;
    await waitUntil(() => sender.acks.length >= minAcks, 20_000, `${minAcks} acknowledged webhooks`);
    await new Promise((r) => setTimeout(r, Math.floor(rand() * 600)));
    await running.stop('SIGKILL');
    track.current = undefined;
    sender.stop();
    await sender.done;
    stream.close();
    for (const [status, count] of sender.answers) answered[status] = (answered[status] ?? 0) + count;

    // What a reader had been shown before the kill (items parsed as the feed would give them).
    const shown = new Map<number, FeedItem>();
    for (const e of stream.events) {
      const item = JSON.parse(e.data) as FeedItem;
      if (typeof item.seq === 'number') shown.set(item.seq, item);
    }
    streamed += shown.size;
    allAcks.push(...sender.acks);
    pending = { acks: sender.acks, streamed: shown };

    // The file exactly as the crash left it (read only: nothing recovered or checkpointed yet).
    const db = new Database(join(dataDir, 'trackside.db'), { readonly: true });
    try {
      integrity.push(String(db.pragma('integrity_check', { simple: true })));
    } finally {
      db.close();
    }
    expect(integrity[integrity.length - 1], `integrity after kill ${round + 1}`).toBe('ok');
  }

  // One last start checks the last round; then every acknowledged message is in the receipts.
  const last = (track.current = await runHeadless(startArgs(dataDir)));
  await verify(last.url);
  expect(await last.stop('SIGTERM')).toBe(0);
  track.current = undefined;
  const db = new Database(join(dataDir, 'trackside.db'), { readonly: true });
  try {
    const kept = new Set(
      (db.prepare("SELECT route || ' ' || dedupe_key AS k FROM webhook_receipts WHERE outcome = 'accepted'").all() as { k: string }[]).map((r) => r.k),
    );
    const absent = allAcks.filter((a) => !kept.has(`${a.route} id:${a.id}`)).map((a) => a.id);
    expect(absent, 'acknowledged messages without an accepted receipt').toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  // Every ack has a distinct journal row: nothing acknowledged twice as new.
  expect(new Set(allAcks.map((a) => `${a.route} ${a.id}`)).size).toBe(allAcks.length);
  return { rounds, acknowledged: allAcks.length, lost, streamed, answered, integrity, msPerRound: Math.round((Date.now() - started) / rounds) };
}
