/**
 * The Pusher connection in its worker thread (the built pusher-worker.js, as the console runs it),
 * against the local Pusher-protocol server with the real pusher-js inside: messages reach the
 * console as text, units checked and hashed as ingest would; a worker that dies comes back,
 * subscribed again; and without a worker script the same session runs in-process.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fastUnitEnvelope } from '../../../../electron/core/ingest/fast-validate';
import { contentHash } from '../../../../electron/core/ingest/stable-hash';
import { LocalPusherServer } from '../../../../electron/core/simulator/pusher-server';
import { openPusherLink, type PusherLink } from '../../../../electron/core/sources/opentrack/pusher-link';
import type { LinkEvent, LinkMessage } from '../../../../electron/core/sources/opentrack/pusher-session';
import { WORKER_NICE } from '../../../../electron/core/config/thread-priority';
import { buildIfStale } from '../../../../scripts/build-if-stale.mjs';
import { waitUntil } from '../../../helpers/wait';

const WORKER = join(__dirname, '..', '..', '..', '..', 'out', 'main', 'pusher-worker.js');
const KEY = 'link-test';
const CHANNEL = 'x-2026-TST-link-T01-1-1';

let server: LocalPusherServer;
let link: PusherLink | undefined;
let events: LinkEvent[];
let logs: string[];

const messages = (): LinkMessage[] => events.flatMap((e) => (e.type === 'message' ? [e.message] : []));
const states = (): string[] => events.flatMap((e) => (e.type === 'state' ? [e.current] : []));

function open(workerScript: string | undefined): PusherLink {
  link = openPusherLink({
    pusher: { key: KEY, cluster: 'local', host: '127.0.0.1', port: server.port, tls: false },
    workerScript,
    log: (line) => logs.push(line),
    onEvent: (e) => events.push(e),
    restartDelaysMs: { first: 50, max: 200 },
  });
  return link;
}

/** A canonical unit of about `bytes`: a long start list with splits. */
function bigUnit(bytes: number): Record<string, unknown> {
  const results: Record<string, unknown>[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const row = { bib: String(100 + i), order: i + 1, performance: '10.50', splits: [{ distance: 50, elapsedTime: '5.81', lapTime: '5.81' }] };
    results.push(row);
    size += JSON.stringify(row).length + 1;
  }
  return { eventId: 'T01', round: 1, heat: 1, status: 'in_progress', dateModified: '2026-06-01T18:00:00Z', results };
}

beforeAll(() => buildIfStale({ quiet: true }), 180_000);

beforeEach(async () => {
  events = [];
  logs = [];
  server = new LocalPusherServer({ key: KEY });
  await server.start();
});

afterEach(async () => {
  link?.close();
  link = undefined;
  await server.stop();
});

describe.each([
  ['a worker thread', (): string | undefined => WORKER, 'worker'],
  ['this thread (no worker script)', (): string | undefined => undefined, 'inline'],
] as const)('Pusher in %s', (_where, script, mode) => {
  it('delivers each message as its text, and a unit checked and hashed as ingest would', async () => {
    const l = open(script());
    expect(l.mode).toBe(mode);
    l.subscribe(CHANNEL);
    await server.waitForSubscribers(CHANNEL, 1, 30_000);
    const unit = bigUnit(1_000_000);
    server.trigger(CHANNEL, 'unit', unit);
    server.trigger(CHANNEL, 'unit', { ...unit, round: '1' }); // not canonical: left to zod
    server.trigger(CHANNEL, 'latest_attempt', { event_code: 'LJ', bib: '7', round: 1, result: '6.10' });
    await waitUntil(() => messages().length >= 3, 30_000, 'three messages');
    const [big, odd, attempt] = messages();
    expect(states()).toContain('connected');
    expect(big!.raw).toBe(JSON.stringify(unit));
    expect(big!.checked).toEqual({
      unit: fastUnitEnvelope(unit),
      hash: contentHash(big!.raw),
      bibs: (unit.results as { bib: string }[]).map((r) => r.bib),
    });
    expect(odd!.checked).toBeUndefined();
    expect(JSON.parse(odd!.raw)).toMatchObject({ round: '1' });
    expect(attempt).toMatchObject({ channel: CHANNEL, event: 'latest_attempt' });
    expect(JSON.parse(attempt!.raw)).toEqual({ event_code: 'LJ', bib: '7', round: 1, result: '6.10' });
    // Only in-process does the parsed object come along; a worker sends text, not objects.
    expect(big!.json === undefined).toBe(mode === 'worker');
  });
});

/** Each thread of this process with its nice value (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      nices.set(Number(tid), Number(fields[16]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return nices;
}

describe.runIf(process.platform === 'linux')('the Pusher worker thread on Linux', () => {
  it('steps back for the event loop: it runs at a higher nice value, the main thread stays as it was', async () => {
    const before = threadNices();
    const l = open(WORKER);
    l.subscribe(CHANNEL);
    await server.waitForSubscribers(CHANNEL, 1, 30_000);
    const after = threadNices();
    const added = [...after].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
    expect(added).toContain(WORKER_NICE.pusher);
    expect(after.get(process.pid)).toBe(before.get(process.pid));
  });
});

describe('a Pusher worker script that cannot run here', () => {
  it('leaves Pusher to this thread, which still delivers', async () => {
    // What a packaging fault looks like: the script is there, its imports are not.
    const broken = join(mkdtempSync(join(tmpdir(), 'trackside-worker-')), 'pusher-worker.js');
    writeFileSync(broken, "import 'no-such-package-trackside';\n");
    const l = open(broken);
    l.subscribe(CHANNEL);
    await waitUntil(() => l.mode === 'inline', 30_000, 'the link to fall back to this thread');
    await server.waitForSubscribers(CHANNEL, 1, 30_000);
    server.trigger(CHANNEL, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 1 });
    await waitUntil(() => messages().some((m) => m.event === 'results_arrived'), 30_000, 'a message in-process');
    expect(logs.some((line) => /Pusher runs in-process: its worker could not start/.test(line))).toBe(true);
  });
});

describe('a Pusher worker that dies', () => {
  it('is started again, subscribes again, and says so meanwhile', async () => {
    const l = open(WORKER);
    l.subscribe(CHANNEL);
    await server.waitForSubscribers(CHANNEL, 1, 30_000);
    await waitUntil(() => states().includes('connected'), 30_000, 'connected');
    const crash = (l as unknown as { crashForTest(): Promise<number> }).crashForTest;
    await crash.call(l);
    await waitUntil(() => states().includes('unavailable'), 30_000, 'the link to say Pusher is unavailable');
    // The new worker subscribes to what the old one had, without being asked again.
    await waitUntil(() => states().lastIndexOf('connected') > states().indexOf('unavailable'), 30_000, 'connected again');
    await server.waitForSubscribers(CHANNEL, 1, 30_000);
    server.trigger(CHANNEL, 'results_arrived', { event_id: 'T01', round_no: 1, heat_no: 1 });
    await waitUntil(() => messages().some((m) => m.event === 'results_arrived'), 30_000, 'a message after the restart');
    expect(logs.some((line) => /Pusher worker ended .*starting it again/.test(line))).toBe(true);
  });
});
