/**
 * Cold start: the built headless entry (`node out/main/headless.js`) on a data dir holding 5,000
 * cached units (and the journal that filled it), with no network source reachable (the
 * competition's host and Pusher are closed ports on 127.0.0.1), timed from spawn to its
 * "Trackside listening on" line; then the process's resident memory (VmRSS, and its peak VmHWM,
 * from /proc) once it has settled into offline mode. The baseline is a bare `node` process that
 * loads better-sqlite3 and fastify, opens the same database, counts its units and listens: the
 * floor any console on this machine pays. Runs alternate, the median of each is reported.
 */
import { it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Bus } from '../electron/core/ingest/bus';
import { Ingest } from '../electron/core/ingest/ingest';
import { Store } from '../electron/core/store/store';
import { tempDir } from '../test/helpers/temp-dir';
import { BENCH_PATH, benchCompetition, benchUnit, demoTemplates } from './meet';
import { machine, percentile, report } from './report';

const ROOT = resolve(__dirname, '..');
const ENTRY = join(ROOT, 'out', 'main', 'headless.js');
const UNITS = 5_000;
const RUNS = 5;
const SETTLE_MS = 2_000;
/** Issue 15: 5,000 cached units to listening. */
const START_GOAL_MS = 500;
const RSS_GOAL_MB = 150;
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ensureBuilt(): string | undefined {
  if (existsSync(ENTRY)) {
    const builtAt = statSync(ENTRY).mtimeMs;
    if (newestMtime(join(ROOT, 'electron')) > builtAt) {
      out(`cold-start: note: out/main is older than electron/ (built ${new Date(builtAt).toISOString()}); run \`npm run build\` to measure the current source`);
    }
    return undefined;
  }
  out('cold-start: out/main/headless.js missing; running `npm run build` …');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  } catch (err) {
    return `npm run build failed: ${(err as Error).message.split('\n')[0]}`;
  }
  return existsSync(ENTRY) ? undefined : 'npm run build did not produce out/main/headless.js';
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A data dir as following a 5,000-unit meet leaves it: the competition, then each unit's own copy. */
function fillDataDir(path: string): { units: number; bytes: number } {
  const templates = demoTemplates();
  const units = Array.from({ length: UNITS }, (_, i) => benchUnit(templates, i));
  const store = Store.open(path);
  const ingest = new Ingest(store, new Bus(), undefined, () => {});
  const competition = 'x-2026-TST-bench-meet';
  ingest.receive({ source: 'opentrack-http', channel: `${BENCH_PATH}json/`, event: 'competition', raw: JSON.stringify(benchCompetition(units)), competition });
  for (let i = 0; i < UNITS; i++) {
    const raw = JSON.stringify(benchUnit(templates, i, 1));
    ingest.receive({ source: 'opentrack-http', channel: `/u/${i}`, event: 'unit', raw, competition, journalOnlyChanges: true });
  }
  const n = store.units.count();
  store.close();
  return { units: n, bytes: statSync(join(path, 'trackside.db')).size };
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

interface Run {
  ms: number;
  rss: number;
  hwm: number;
}

/** Spawns, times the line matching `ready`, reads memory after SETTLE_MS, stops. */
async function timed(args: string[], ready: RegExp, settle: boolean): Promise<Run> {
  const t = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const ms = await new Promise<number>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line within 30 s\nstdout: ${stdout}\nstderr: ${stderr}`)), 30_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        if (ready.test(stdout)) {
          clearTimeout(timer);
          resolvePromise(performance.now() - t);
        }
      });
      void exited.then(() => reject(new Error(`exited before ready\nstdout: ${stdout}\nstderr: ${stderr}`)));
    });
    if (settle) await sleep(SETTLE_MS);
    return { ms, ...memory(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

const BASELINE = `
const Database = require('better-sqlite3');
const Fastify = require('fastify');
const db = new Database(process.argv[1] + '/trackside.db');
db.pragma('journal_mode = WAL');
const n = db.prepare('SELECT COUNT(*) AS n FROM units').get().n;
const app = Fastify();
app.get('/', () => ({ n }));
app.listen({ host: '127.0.0.1', port: 0 }).then(() => console.log('listening ' + n));
`;

it('cold start: 5,000 cached units to listening, and core RSS, vs bare node + better-sqlite3 + fastify', async (ctx) => {
  const missing = ensureBuilt();
  if (missing) {
    out(`cold-start: skipped — ${missing}`);
    ctx.skip();
  }
  const data = tempDir('trackside-bench-');
  try {
    const filled = fillDataDir(data.path);
    const [httpPort, pusherPort] = [await closedPort(), await closedPort()];
    const consoleArgs = [
      ENTRY,
      '--competition', `http://127.0.0.1:${httpPort}${BENCH_PATH}`,
      '--pusher-host', '127.0.0.1', '--pusher-port', String(pusherPort), '--pusher-tls', 'false',
      '--data-dir', data.path, '--port', '0', '--host', '127.0.0.1',
    ];
    const baseArgs = ['-e', BASELINE, data.path];
    const mine: Run[] = [];
    const base: Run[] = [];
    // One unmeasured start each: the page cache then holds both the code and the database.
    await timed(baseArgs, /listening \d+/, false);
    await timed(consoleArgs, /Trackside listening on http/, false);
    for (let i = 0; i < RUNS; i++) {
      base.push(await timed(baseArgs, /listening \d+/, i === 0));
      mine.push(await timed(consoleArgs, /Trackside listening on http/, true));
    }
    const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const [m, b] = [med(mine.map((r) => r.ms)), med(base.map((r) => r.ms))];
    const [rss, hwm] = [med(mine.map((r) => r.rss)), med(mine.map((r) => r.hwm))];
    out(
      `cold-start: machine ${machine()}; data dir ${filled.units} units, ${(filled.bytes / 1024 / 1024).toFixed(1)} MB; ` +
        `console to listening ${mine.map((r) => r.ms.toFixed(0)).join('/')} ms (median ${m.toFixed(0)}), ` +
        `bare node+better-sqlite3+fastify ${base.map((r) => r.ms.toFixed(0)).join('/')} ms (median ${b.toFixed(0)}); ` +
        `console ${SETTLE_MS / 1000} s after listening, offline: VmRSS ${mine.map((r) => r.rss.toFixed(0)).join('/')} MB, peak VmHWM median ${hwm.toFixed(0)} MB; ` +
        `bare process VmRSS ${base[0]!.rss.toFixed(0)} MB`,
    );
    report('cold-start', `${m.toFixed(0)}ms`, m / b, `<=${START_GOAL_MS}ms`, m <= START_GOAL_MS);
    report('core-rss', `${rss.toFixed(0)}MB(peak=${hwm.toFixed(0)}MB)`, rss / base[0]!.rss, `<=${RSS_GOAL_MB}MB`, rss <= RSS_GOAL_MB && hwm <= RSS_GOAL_MB);
  } finally {
    data.remove();
  }
});
