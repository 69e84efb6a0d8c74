/**
 * The outbound relay with its receiver (a venue system) down while the real console is restarted
 * several times, killed with SIGKILL or stopped with SIGTERM: results keep arriving over Pusher,
 * each one's first delivery is refused (the receiver's port is closed), and the console goes down
 * and up again with those messages in its outbox. When the receiver is back, every message the
 * outbox ever held is delivered, once, correctly signed.
 *
 * Used by relay-receiver-down.test.ts (receiver back before the 5 s retry, `npm test`) and
 * .fault.ts (down long enough that the 5 s retry fails too: delivered by the 5 min one).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { LocalPusherServer } from '../../electron/core/simulator/pusher-server';
import { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';
import { FIXTURE_PATH, fixtureCompetition, localSourceArgs, sprintUnit, type UnitJson } from '../helpers/fixtures';
import { runHeadless, type RunningConsole } from '../helpers/headless-process';
import { Receiver } from '../helpers/relay-receiver';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';

export const OVERVIEW = 'x-2026-TST-spine-test-overview';
export const KEY = 'relay-down-key';
export const UNITS = 12;

export const heat = (i: number, version = 0): UnitJson =>
  sprintUnit({
    eventId: `T${10 + Math.floor(i / 4)}`, heat: (i % 4) + 1, heatName: `Heat ${(i % 4) + 1}`,
    dateModified: `2026-06-01 17:${String(version).padStart(2, '0')}:00`,
    ...(version
      ? { status: 'finished', resultsStatus: 'provisional', results: [{ bib: '11', lane: 4, place: 1, performance: `10.${String(version).padStart(2, '0')}` }] }
      : {}),
  });

/**
 * The receiver, the local Pusher server and the OpenTrack stand-in for one test file, started
 * before its tests and stopped after them (the console too, if one is still running).
 */
export function relayFaultSetup() {
  let secret = '';
  const data = tempDir('trackside-relay-down-');
  const track: { current?: RunningConsole } = {};
  const receiver = new Receiver(() => [secret]);
  const pusher = new LocalPusherServer({ key: KEY });
  const standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition(Array.from({ length: UNITS }, (_, i) => heat(i))) });
  beforeAll(async () => {
    await receiver.start();
    await pusher.start();
    await standIn.start();
  });
  afterAll(async () => {
    await track.current?.stop('SIGKILL');
    await receiver.stop();
    await pusher.stop();
    await standIn.stop();
    data.remove();
  });
  return { dataDir: data.path, pusher, standIn, receiver, track, setSecret: (s: string) => (secret = s) };
}

const channel = (u: UnitJson) => `${OVERVIEW}-${u.eventId}-${u.round}-${u.heat}`;

interface Outbox {
  id: number;
  webhookId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
}

export interface RelayDownResult {
  restarts: number;
  messages: number;
  refusedWhileDown: number;
  downMs: number;
  deliveredMs: number;
}

export async function relayThroughRestarts(opts: {
  dataDir: string;
  pusher: LocalPusherServer;
  standIn: OpenTrackStandIn;
  receiver: Receiver;
  setSecret: (s: string) => void;
  track: { current?: RunningConsole };
  signals: NodeJS.Signals[];
  /** How long each round keeps the receiver down after its messages' first attempt failed. */
  holdMs: number;
  deliverWithinMs: number;
  /**
   * Bring the receiver back once it has been down this long, after at least `minRestarts`
   * (a loaded machine restarts slowly; the short run must beat the schedule's 5 s retry).
   */
  downBudgetMs?: number;
  minRestarts?: number;
  /**
   * Bring the receiver back while the console is down for its last restart, so the console finds it
   * up when it starts and delivers what its outbox holds at once: the short run then does not depend
   * on two restarts fitting inside the 5 s retry, which a loaded machine cannot promise.
   */
  receiverBackBeforeLastStart?: boolean;
}): Promise<RelayDownResult> {
  const { pusher, standIn, receiver, track } = opts;
  const start = async () => {
    const running = (track.current = await runHeadless(
      localSourceArgs({ standInUrl: standIn.baseUrl, competitionPath: FIXTURE_PATH, pusherPort: pusher.port, key: KEY, dataDir: opts.dataDir }),
    ));
    await pusher.waitForSubscribers(channel(heat(UNITS - 1)), 1, 30_000);
    return running;
  };
  let running = await start();
  const created = await fetch(`${running.url}api/relay/endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, filter: ['*'] }),
  });
  expect(created.status).toBe(201);
  const { endpoint, secret } = (await created.json()) as { endpoint: { id: string }; secret: string };
  opts.setSecret(secret);
  const outbox = async (url: string) => (await getJson<{ messages: Outbox[] }>(`${url}api/relay/endpoints/${endpoint.id}/messages?limit=500`)).body.messages;

  // Receiver up: a first result goes straight through.
  let version = 1;
  const publish = (i: number) => {
    const u = heat(i, version++);
    standIn.setUnit(u);
    pusher.trigger(channel(u), 'unit', u);
  };
  publish(0);
  await waitUntil(async () => receiver.delivered().size >= 1, 10_000, 'first delivery');

  // Receiver down: its port is closed.
  const port = Number(new URL(receiver.url).port);
  await receiver.stop();
  const downAt = Date.now();
  let refusedWhileDown = 0;
  let unit = 1;
  let restarts = 0;
  let receiverBack = false;
  /** Pending messages as the file holds them while no console runs. */
  const pendingInFile = () => {
    const db = new Database(join(opts.dataDir, 'trackside.db'), { readonly: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM relay_messages WHERE endpoint_id = ? AND status = 'pending'").get(endpoint.id) as { n: number }).n;
    } finally {
      db.close();
    }
  };
  for (const [round, signal] of opts.signals.entries()) {
    if (opts.downBudgetMs !== undefined && restarts >= (opts.minRestarts ?? 1) && Date.now() - downAt > opts.downBudgetMs) break;
    // Two new results per round, each about a unit of its own (messages about one unit wait in order).
    const before = (await outbox(running.url)).length;
    publish(unit++);
    publish(unit++);
    await waitUntil(
      async () => {
        const pending = (await outbox(running.url)).filter((m) => m.status === 'pending');
        const list = await outbox(running.url);
        return list.length >= before + 2 && pending.length > 0 && pending.every((m) => m.attempts >= 1 && m.lastError) ? pending : null;
      },
      15_000,
      'first attempts refused while the receiver is down',
    );
    await new Promise((r) => setTimeout(r, opts.holdMs));
    refusedWhileDown = (await outbox(running.url)).filter((m) => m.status === 'pending').length;
    await running.stop(signal);
    track.current = undefined;
    const lastRound =
      round === opts.signals.length - 1 ||
      (opts.downBudgetMs !== undefined && restarts + 1 >= (opts.minRestarts ?? 1) && Date.now() - downAt > opts.downBudgetMs);
    if (opts.receiverBackBeforeLastStart && lastRound) {
      expect(pendingInFile(), 'messages waiting in the outbox across the stop').toBe(refusedWhileDown);
      await receiver.start(port);
      receiverBack = true;
    }
    running = await start();
    restarts++;
    if (receiverBack) break;
  }
  const downMs = Date.now() - downAt;
  if (!receiverBack) {
    await receiver.start(port);
    const pendingNow = (await outbox(running.url)).filter((m) => m.status === 'pending');
    expect(pendingNow.length, 'messages waiting in the outbox after the restarts').toBe(refusedWhileDown);
  }
  const upAt = Date.now();

  // On a loaded machine a retry may have fallen while the receiver was still down, and the next one
  // is then minutes away (the schedule's 5 min step): wait for what the outbox itself says is due.
  const due = (await outbox(running.url)).flatMap((m) => (m.status === 'pending' && m.nextAttemptAt ? [Date.parse(m.nextAttemptAt)] : []));
  const waitMs = Math.max(opts.deliverWithinMs, ...due.map((t) => t - Date.now() + 30_000));
  await waitUntil(async () => (await outbox(running.url)).every((m) => m.status === 'delivered'), waitMs, 'every message delivered');
  const deliveredMs = Date.now() - upAt;
  const finalRun = running;
  expect(await finalRun.stop('SIGTERM')).toBe(0);
  track.current = undefined;

  // Every message the outbox ever held, read from the file: delivered once each, signed with our secret.
  const db = new Database(join(opts.dataDir, 'trackside.db'), { readonly: true });
  let ids: string[];
  try {
    ids = (db.prepare('SELECT webhook_id AS id FROM relay_messages WHERE endpoint_id = ?').all(endpoint.id) as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
  const delivered = receiver.delivered();
  expect(ids.filter((id) => delivered.get(id) !== 1), 'messages not delivered exactly once').toEqual([]);
  expect([...delivered.keys()].filter((id) => !ids.includes(id)), 'deliveries of messages not in the outbox').toEqual([]);
  expect(receiver.requests.filter((r) => r.answered === 200).every((r) => r.validFor.length === 1)).toBe(true);
  // Each result published while the receiver was down made it (unit.updated at least).
  expect(ids.length).toBeGreaterThanOrEqual(1 + 2 * restarts);
  return { restarts, messages: ids.length, refusedWhileDown, downMs, deliveredMs };
}
