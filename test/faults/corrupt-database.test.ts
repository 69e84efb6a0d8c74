/**
 * A damaged trackside.db when the real console starts: it says in one line where the file went,
 * starts on an empty cache, and rebuilds it from the sources until the cache equals the source for
 * every unit; the damaged file is kept byte for byte beside it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureCompetition, sprintUnit, type UnitJson } from '../helpers/fixtures';
import { startLocalSources, type LocalSources } from '../helpers/local-sources';
import { built, runHeadless, type RunningConsole } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { getJson, waitUntil } from '../helpers/wait';

const KEY = 'corrupt-test-key';
let local: LocalSources;
let data: ReturnType<typeof tempDir>;
let running: RunningConsole | undefined;

const keyOf = (u: { eventId: string; round: number; heat: number }) => `${u.eventId}/${u.round}/${u.heat}`;
const heat = (i: number, note = ''): UnitJson =>
  sprintUnit({ eventId: `T${10 + Math.floor(i / 3)}`, heat: (i % 3) + 1, heatName: `Heat ${(i % 3) + 1}${note}`, dateModified: `2026-06-01 17:0${note ? 9 : 0}:00` });

beforeEach(async () => {
  data = tempDir('trackside-corrupt-');
  local = await startLocalSources(KEY, fixtureCompetition(Array.from({ length: 30 }, (_, i) => heat(i))));
});
afterEach(async () => {
  await running?.stop('SIGKILL');
  running = undefined;
  await local.stop();
  data.remove();
});

const start = () =>
  runHeadless(local.args(data.path));

async function equalToSource(url: string): Promise<boolean> {
  const { body } = await getJson<{ events: { units: { eventId: string; round: number; heat: number }[] }[] }>(`${url}api/competition`);
  const listed = body.events.flatMap((e) => e.units.map(keyOf)).sort();
  if (JSON.stringify(listed) !== JSON.stringify(local.standIn.units().map(keyOf).sort())) return false;
  for (const u of local.standIn.units()) {
    const cached = await getJson(`${url}api/units/${keyOf(u)}`);
    if (JSON.stringify(cached.body.unit) !== JSON.stringify(u)) return false;
  }
  return true;
}

const damage: [string, (file: string) => void][] = [
  ['garbage bytes', (f) => writeFileSync(f, Buffer.from(Array.from({ length: statSync(f).size }, (_, i) => (i * 31 + 7) % 256)))],
  ['a truncated file', (f) => truncateSync(f, Math.floor(statSync(f).size / 3) + 100)],
  [
    'a bad header',
    (f) => {
      const fd = openSync(f, 'r+');
      writeSync(fd, Buffer.from('this is not sqlite!!'), 0, 20, 0);
      closeSync(fd);
    },
  ],
];

it.skipIf(!built).each(damage)('%s: moved aside with one line, the cache rebuilt from the sources', async (_name, spoil) => {
  running = await start();
  await waitUntil(() => equalToSource(running!.url), 20_000, 'first load');
  expect(await running.stop('SIGTERM')).toBe(0);
  running = undefined;
  const file = join(data.path, 'trackside.db');
  spoil(file);
  const damaged = readFileSync(file);
  // The meet moves on meanwhile: the rebuilt cache must have the source's copies, not old ones.
  for (let i = 0; i < 30; i += 4) local.standIn.setUnit(heat(i, ' (moved)'));

  running = await start();
  const lines = running.stderr().trim().split('\n').filter(Boolean);
  const notice = lines.filter((l) => l.includes('damaged'));
  expect(notice).toHaveLength(1);
  const m = /^trackside: the cache (\S+) was damaged \((.+)\); moved it aside to (\S+) and started an empty cache, which the sources fill again$/.exec(notice[0]!);
  expect(m, notice[0]).not.toBeNull();
  expect(m![1]).toBe(file);
  expect(m![3]).toMatch(/trackside\.db\.corrupt-\d{8}T\d{6}Z$/);
  expect(readFileSync(m![3]!).equals(damaged)).toBe(true);
  expect(running.stderr()).not.toMatch(/^\s+at /m);
  // The dashboard says it too (from /api/health), for an operator who never sees the terminal.
  expect((await getJson(`${running.url}api/health`)).body.cache.recovered).toEqual({ movedTo: m![3], reason: m![2] });
  const rebuildStarted = Date.now();
  await waitUntil(() => equalToSource(running!.url), 20_000, 'cache rebuilt equal to the source');
  const rebuildMs = Date.now() - rebuildStarted;
  console.log(`corrupt (${_name}): moved to ${m![3]!.split('/').pop()}, ${local.standIn.units().length} units rebuilt in ≤${rebuildMs} ms after listening`);
  // A fresh journal, and a later start opens the rebuilt cache without another notice.
  expect((await getJson(`${running.url}api/feed?limit=1`)).body.items[0].seq).toBe(1);
  expect(await running.stop('SIGTERM')).toBe(0);
  running = await start();
  expect(running.stderr()).not.toContain('damaged');
  expect((await getJson(`${running.url}api/health`)).body.cache.recovered).toBeUndefined();
  expect(readdirSync(data.path).filter((n) => /corrupt-\d{8}T\d{6}Z$/.test(n))).toHaveLength(1);
  expect(existsSync(file)).toBe(true);
}, 180_000);
