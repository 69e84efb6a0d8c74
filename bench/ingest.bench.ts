/**
 * Ingest throughput, two cases, each against raw better-sqlite3 writes of the same bytes in the
 * same run:
 * - unit snapshots (real-size units from the demo meet) through the full ingest path (size check,
 *   parse, validate, hash, change check, journal + unit upsert in one transaction, bus) vs a raw
 *   journal insert + unit upsert per message, one transaction each;
 * - small overview messages (`latest_attempt`, `results_arrived`) vs a raw journal insert each.
 *
 * Ingest is measured the way each message reaches it: Pusher messages through `submit` (what
 * arrives together is committed together, at most MAX_BATCH per transaction), and for reference
 * the same messages through `receive` (one transaction each: HTTP copies, whose caller waits).
 * The verdict is on text in, ingest parsing it. In the console pusher-js has parsed each message
 * already and hands over the object, which the source serialises for the journal and passes on
 * (IncomingMessage.json): that path, timed from the handover, is printed beside it.
 *
 * Both sides run in alternating rounds after a warm-up, so neither pays for JIT warm-up, a cold
 * page cache or the file's first growth alone, and a burst of other work on the machine lands on
 * both sides alike.
 */
import { it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Bus } from '../electron/core/ingest/bus';
import { Ingest, MAX_BATCH, type IncomingMessage } from '../electron/core/ingest/ingest';
import { Store } from '../electron/core/store/store';
import { createDemoRecording } from '../electron/core/simulator/demo/meet';
import { tempDir } from '../test/helpers/temp-dir';
import { machine, report } from './report';

const ROUNDS = 8;
const PER_ROUND = 1_000;
const WARM_UP = 300;
const out = (line: string) => process.stdout.write(`${line}\n`);

interface Side {
  name: string;
  run: (from: number, to: number) => void;
  ms: number;
}

/** Warm every side, then rotate which goes first; the total time of each side over all rounds. */
function alternate(...sides: Side[]): void {
  for (const side of sides) side.run(0, WARM_UP);
  for (let r = 0; r < ROUNDS; r++) {
    const from = WARM_UP + r * PER_ROUND;
    for (const side of [...sides.slice(r % sides.length), ...sides.slice(0, r % sides.length)]) {
      const t = performance.now();
      side.run(from, from + PER_ROUND);
      side.ms += performance.now() - t;
    }
  }
}

const rate = (s: Side) => (ROUNDS * PER_ROUND) / (s.ms / 1000);

function rawDb(path: string): Database.Database {
  const raw = new Database(join(path, 'raw.db'));
  // The same settings the console's own database runs with (store/database.ts).
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE j (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT); CREATE TABLE u (k TEXT PRIMARY KEY, json TEXT)');
  return raw;
}

it('ingest: unit snapshots/s through ingest vs raw SQLite inserts', () => {
  const recording = createDemoRecording({ seed: 7 });
  const units = recording.steps.filter((s) => s.kind === 'unit').map((s) => (s as { unit: Record<string, unknown> }).unit);
  const total = WARM_UP + ROUNDS * PER_ROUND;
  // Distinct payloads so every message is a real change, as in a busy final.
  const payloads = Array.from({ length: total }, (_, i) => JSON.stringify({ ...units[i % units.length], dateModified: `t${i}` }));
  const keys = payloads.map((_, i) => {
    const u = units[i % units.length]!;
    return `${u.eventId}/${u.round}/${u.heat}`;
  });
  const avgBytes = Math.round(payloads.reduce((s, p) => s + p.length, 0) / total);

  const rawDir = tempDir();
  const raw = rawDb(rawDir.path);
  const insJ = raw.prepare('INSERT INTO j (payload) VALUES (?)');
  const insU = raw.prepare('INSERT INTO u (k, json) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET json = excluded.json');
  const rawTx = raw.transaction((p: string, k: string) => {
    insJ.run(p);
    insU.run(k, p);
  });

  let refused = 0;
  const rawSide: Side = { name: 'raw', ms: 0, run: (a, b) => { for (let i = a; i < b; i++) rawTx(payloads[i]!, keys[i]!); } };
  const msg = (i: number): IncomingMessage => ({ source: 'opentrack-pusher', channel: 'bench', event: 'unit', raw: payloads[i]!, competition: 'bench' });
  const count = (o: { accepted: boolean; changed: boolean }) => { if (!o.accepted || !o.changed) refused++; };
  const pusher = ingestSide('pusher', (ingest, a, b) => {
    for (let i = a; i < b; i++) ingest.submit(msg(i), count);
    ingest.flush();
  });
  const single = ingestSide('receive', (ingest, a, b) => {
    for (let i = a; i < b; i++) count(ingest.receive(msg(i)));
  });
  // What pusher-js hands over: parsed before the console sees it, so outside the timing.
  const objects = payloads.map((p) => JSON.parse(p) as unknown);
  const handover = ingestSide('handover', (ingest, a, b) => {
    for (let i = a; i < b; i++) {
      const data = objects[i];
      ingest.submit({ source: 'opentrack-pusher', channel: 'bench', event: 'unit', raw: JSON.stringify(data), json: data, competition: 'bench' }, count);
    }
    ingest.flush();
  });
  alternate(rawSide, pusher.side, single.side, handover.side);
  raw.close();
  rawDir.remove();
  pusher.close();
  single.close();
  handover.close();

  const ratio = rate(pusher.side) / rate(rawSide);
  const vsRaw = (s: Side) => `${Math.round(rate(s))}/s = ${(rate(s) / rate(rawSide)).toFixed(2)}×`;
  out(
    `ingest: machine ${machine()}; ${ROUNDS} × ${PER_ROUND} units of ~${avgBytes} bytes after ${WARM_UP} warm-up; raw ${Math.round(rate(rawSide))}/s; ` +
      `ingest as Pusher messages, text in (submit, ≤${MAX_BATCH} per commit) ${vsRaw(pusher.side)}; ` +
      `as the console gets them from pusher-js (object handed over, serialised for the journal) ${vsRaw(handover.side)}; ` +
      `one commit each (receive, HTTP path) ${vsRaw(single.side)}` +
      `${refused ? `; ${refused} NOT stored as changes` : ''}`,
  );
  report('ingest', `${Math.round(rate(pusher.side))}units/s`, ratio, '>=0.8x,>=2000/s', !refused && ratio >= 0.8 && rate(pusher.side) >= 2000);
});

/** One side run through its own console store, so every side writes into a database of the same size. */
function ingestSide(name: string, run: (ingest: Ingest, from: number, to: number) => void): { side: Side; close: () => void } {
  const dir = tempDir();
  const store = Store.open(dir.path);
  const ingest = new Ingest(store, new Bus(), undefined, () => {});
  return {
    side: { name, ms: 0, run: (a, b) => run(ingest, a, b) },
    close: () => {
      store.close();
      dir.remove();
    },
  };
}

it('ingest: journal messages/s (latest_attempt, results_arrived) vs raw journal inserts', () => {
  const total = WARM_UP + ROUNDS * PER_ROUND;
  // Three attempts to one result, as at a field-heavy session.
  const messages: Pick<IncomingMessage, 'event' | 'raw'>[] = Array.from({ length: total }, (_, i) =>
    i % 4 === 3
      ? { event: 'results_arrived', raw: JSON.stringify({ event_id: 'T01', round_no: 1, heat_no: (i % 8) + 1, heat_name: 'Heat', winner_performance: '10.51', winner_name: `Runner ${i}` }) }
      : i % 8 < 4
        ? { event: 'latest_attempt', raw: JSON.stringify({ event_code: 'LJ', bib: String(100 + (i % 12)), round: (i % 6) + 1, result: '7.12', athlete_name: `Jumper ${i}`, wind: 1.2 }) }
        : { event: 'latest_attempt', raw: JSON.stringify({ event_code: 'HJ', bib: String(200 + (i % 12)), height: '2.10', attempts_at_height: 'xo', result: 'o', athlete_name: `Leaper ${i}` }) },
  );
  const avgBytes = Math.round(messages.reduce((s, m) => s + m.raw.length, 0) / total);

  const rawDir = tempDir();
  const raw = rawDb(rawDir.path);
  const insJ = raw.prepare('INSERT INTO j (payload) VALUES (?)');
  let refused = 0;
  const rawSide: Side = { name: 'raw', ms: 0, run: (a, b) => { for (let i = a; i < b; i++) insJ.run(messages[i]!.raw); } };
  const msg = (i: number): IncomingMessage => ({ source: 'opentrack-pusher', channel: 'x-overview', event: messages[i]!.event, raw: messages[i]!.raw, competition: 'bench' });
  const count = (o: { accepted: boolean }) => { if (!o.accepted) refused++; };
  const pusher = ingestSide('pusher', (ingest, a, b) => {
    for (let i = a; i < b; i++) ingest.submit(msg(i), count);
    ingest.flush();
  });
  const single = ingestSide('receive', (ingest, a, b) => {
    for (let i = a; i < b; i++) count(ingest.receive(msg(i)));
  });
  alternate(rawSide, pusher.side, single.side);
  raw.close();
  rawDir.remove();
  pusher.close();
  single.close();

  const ratio = rate(pusher.side) / rate(rawSide);
  out(
    `journal: machine ${machine()}; ${ROUNDS} × ${PER_ROUND} overview messages of ~${avgBytes} bytes; raw ${Math.round(rate(rawSide))}/s; ` +
      `ingest as Pusher messages ${Math.round(rate(pusher.side))}/s; one commit each ${Math.round(rate(single.side))}/s = ${(rate(single.side) / rate(rawSide)).toFixed(2)}×` +
      `${refused ? `; ${refused} refused` : ''}`,
  );
  report('journal', `${Math.round(rate(pusher.side))}msgs/s`, ratio, '>=0.8x', !refused && ratio >= 0.8);
});
