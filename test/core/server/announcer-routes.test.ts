/**
 * The announcer's routes on a real console following a built heptathlon: the OpenTrack-shaped
 * stand-in and local Pusher server on 127.0.0.1, SQLite in a temp dir.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../../electron/core/app/console';
import { silentLogger } from '../../../electron/core/config/log';
import { CombinedListSchema } from '../../../electron/core/model/combined';
import { heptathlonCompetition } from '../../helpers/combined-meet';
import { startLocalSources, type LocalSources } from '../../helpers/local-sources';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';

const KEY = 'announcer-test-key';
let local: LocalSources;
let data: ReturnType<typeof tempDir>;
let app: TracksideConsole | undefined;

beforeAll(async () => {
  data = tempDir();
  local = await startLocalSources(KEY, heptathlonCompetition());
  app = createConsole(parseCommandLine(local.args(data.path), {}).config!, { log: silentLogger, probeIntervalMs: 250, pollIntervalMs: 600_000 });
  await app.start();
  await waitUntil(async () => (await get('/api/units/H07/1/1')).status === 200, 10_000, 'units cached');
});

afterAll(async () => {
  await app?.stop();
  await local?.stop();
  data?.remove();
});

async function get(path: string, init?: RequestInit) {
  const res = await fetch(new URL(path, app!.url), { signal: AbortSignal.timeout(5_000), ...init });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('combined events over HTTP', () => {
  it('GET /api/combined answers the heptathlon with standings and needs', async () => {
    await waitUntil(async () => {
      const body = CombinedListSchema.parse(JSON.parse((await get('/api/combined')).text));
      return body.events[0]?.disciplines.filter((d) => d.state === 'done').length === 6;
    }, 10_000, 'six disciplines done');
    const { events } = CombinedListSchema.parse(JSON.parse((await get('/api/combined')).text));
    expect(events).toHaveLength(1);
    expect(events[0]!.standings.map((a) => [a.bib, a.total, a.place])).toEqual([
      ['31', 6304, 1], ['32', 6094, 2], ['33', 5462, 3], ['34', 3453, null],
    ]);
    expect(events[0]!.standings[1]!.needs[0]).toMatchObject({ mark: '1:50.98', points: 1262 });
  });

  it('serves /data/combined in JSON and CSV, listed in /data/', async () => {
    const list = JSON.parse((await get('/data/')).text) as { name: string; url: string }[];
    expect(list.map((f) => f.name)).toContain('combined');
    const rows = JSON.parse((await get('/data/combined.json')).text) as Record<string, string>[];
    expect(rows.map((r) => [r['Place.Text'], r['Name.Text'], r['Points.Text'], r['Behind.Text']])).toEqual([
      ['1', 'Wilhelmina Alexandrova-Castellanos de la Fuente', '6304', ''],
      ['2', 'Ida Testwoman', '6094', '-210'],
      ['3', 'Mo Example', '5462', '-842'],
      ['DNF', 'Kit Placeholder', '3453', ''],
    ]);
    expect(rows[0]!['After.Text']).toBe('after 6 of 7');
    expect(rows[1]!['Needs.Text']).toMatch(/^1:50\.98 in Heptathlon 800m \(1262 pts\) to lead/);
    const csv = await get('/data/combined.csv');
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('Place.Text,Bib.Text,Name.Text,Team.Text,Points.Text,Behind.Text,Last.Text,LastMark.Text,LastPoints.Text,Next.Text,Needs.Text,Event.Text,After.Text');
  });
});
