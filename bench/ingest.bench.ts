/**
 * Ingest throughput: real-size unit snapshots through the full ingest path (validate, hash,
 * journal + unit upsert in one transaction, bus) against raw better-sqlite3 inserts of the same
 * bytes, measured in the same run.
 */
import { it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Bus } from '../electron/core/bus';
import { Ingest } from '../electron/core/ingest/ingest';
import { Store } from '../electron/core/store/store';
import { createDemoRecording } from '../electron/core/simulator/demo/meet';
import { tempDir } from '../test/helpers/temp-dir';
import { machine, report } from './report';

const N = 4_000;

it('ingest: unit snapshots/s through ingest vs raw SQLite inserts', () => {
  const recording = createDemoRecording({ seed: 7 });
  const units = recording.steps.filter((s) => s.kind === 'unit').map((s) => (s as { unit: Record<string, unknown> }).unit);
  // Distinct payloads so every message is a real change, as in a busy final.
  const payloads = Array.from({ length: N }, (_, i) => JSON.stringify({ ...units[i % units.length], dateModified: `t${i}` }));
  const avgBytes = Math.round(payloads.reduce((s, p) => s + p.length, 0) / N);

  const rawDir = tempDir();
  const raw = new Database(join(rawDir.path, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE j (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT); CREATE TABLE u (k TEXT PRIMARY KEY, json TEXT)');
  const insJ = raw.prepare('INSERT INTO j (payload) VALUES (?)');
  const insU = raw.prepare('INSERT INTO u (k, json) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET json = excluded.json');
  const rawTx = raw.transaction((p: string, k: string) => {
    insJ.run(p);
    insU.run(k, p);
  });
  let t = performance.now();
  payloads.forEach((p, i) => rawTx(p, String(i % units.length)));
  const rawPerSec = N / ((performance.now() - t) / 1000);
  raw.close();
  rawDir.remove();

  const dir = tempDir();
  const store = Store.open(dir.path);
  const ingest = new Ingest(store, new Bus(), undefined, () => {});
  t = performance.now();
  for (const p of payloads) {
    ingest.receive({ source: 'opentrack-pusher', channel: 'bench', event: 'unit', raw: p, competition: 'bench' });
  }
  const ingestPerSec = N / ((performance.now() - t) / 1000);
  store.close();
  dir.remove();

  const ratio = ingestPerSec / rawPerSec;
  process.stdout.write(`machine: ${machine()}; ${N} units of ~${avgBytes} bytes; raw ${Math.round(rawPerSec)}/s\n`);
  report('ingest', `${Math.round(ingestPerSec)}units/s`, ratio, '>=0.8x,>=2000/s', ratio >= 0.8 && ingestPerSec >= 2000);
});
