/**
 * The announcer's routes on a real console following a built heptathlon: the OpenTrack-shaped
 * stand-in and local Pusher server on 127.0.0.1, SQLite in a temp dir.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../../electron/core/app/console';
import { silentLogger } from '../../../electron/core/config/log';
import { CombinedListSchema } from '../../../electron/core/model/combined';
import { RecordAlertListSchema, RecordImportResultSchema } from '../../../electron/core/model/records';
import { FIXTURE_PATH } from '../../helpers/fixtures';
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

const OVERVIEW = `${FIXTURE_PATH.replace(/^\/|\/$/g, '').replace(/\//g, '-')}-overview`;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return get(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function alerts(after = 0) {
  return RecordAlertListSchema.parse(JSON.parse((await get(`/api/records/alerts?after=${after}`)).text)).alerts;
}

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

describe('records over HTTP', () => {
  const CSV = [
    'event,gender,category,kind,mark,holder,year,place',
    'LJ,F,SEN,meeting,7.10,Old Holder,2001,Test Stadium',
    'HJ,W,SEN,meeting,1.86,High Holder,1999,',
    '100H,F,SEN,meeting,12.50,Fast Holder,2010,',
    'SP,F,SEN,meeting,sixteen,,,',
  ].join('\n');

  it('imports a CSV file, refuses the bad row by line, and raises an alert for each mark that equals or beats a record', async () => {
    const res = await post('/api/records/import', { format: 'csv', text: CSV });
    expect(res.status).toBe(200);
    const result = RecordImportResultSchema.parse(JSON.parse(res.text));
    expect(result).toMatchObject({ added: 3, unchanged: 0, refused: [{ line: 5 }] });
    const raised = await alerts();
    expect(raised.map((a) => [a.eventId, a.bib, a.mark, a.equals, a.record.kind, a.record.mark])).toEqual([
      ['H02', '31', '1.86', true, 'meeting', '1.86'],
      ['H02', '32', '1.86', true, 'meeting', '1.86'],
      ['H05', '31', '7.27', false, 'meeting', '7.10'],
    ]);
    expect(raised[2]!.text).toBe('New meeting record: Wilhelmina Alexandrova-Castellanos de la Fuente 7.27 in Heptathlon Long Jump; was 7.10, Old Holder, 2001');
    // The same file again: nothing changes, nothing is raised twice.
    const again = RecordImportResultSchema.parse(JSON.parse((await post('/api/records/import', { format: 'csv', text: CSV })).text));
    expect(again).toMatchObject({ added: 0, unchanged: 3 });
    expect(await alerts()).toHaveLength(3);
  });

  it('a wind-aided jump never counts; a legal one in the same unit does', async () => {
    const last = (await alerts()).at(-1)?.id ?? 0;
    const unit = (heptathlonCompetition().events.find((e) => e.eventId === 'H05')!.units as Record<string, unknown>[])[0]!;
    const trials = [...(unit.trials as object[]), { bib: '32', round: 4, result: '7.30', wind: 2.4 }, { bib: '33', round: 4, result: '7.12', wind: 1.9 }];
    await local.pusher.waitForSubscribers(`${OVERVIEW}-H05-1-1`);
    local.pusher.trigger(`${OVERVIEW}-H05-1-1`, 'unit', { ...unit, dateModified: '2026-06-02 10:40:00', trials });
    await waitUntil(async () => (await alerts(last)).length > 0, 10_000, 'an alert after the new jumps');
    // Give the unit's other marks their chance to (wrongly) raise one too, then look again.
    await waitUntil(async () => (await get('/api/units/H05/1/1/standings')).text.includes('7.30'), 5_000, 'standings with 7.30');
    const raised = await alerts(last);
    expect(raised.map((a) => [a.bib, a.mark, a.wind])).toEqual([['33', '7.12', '+1.9']]);
  });

  it('a re-import that raises the mark reports the change; a record can be typed in and deleted', async () => {
    const changed = CSV.replace('7.10,Old Holder,2001', '7.40,New Holder,2025');
    const result = RecordImportResultSchema.parse(JSON.parse((await post('/api/records/import', { format: 'csv', text: changed })).text));
    expect(result.updated).toEqual([{ line: 2, event: 'LJ', kind: 'meeting', from: '7.10', to: '7.40' }]);
    const saved = JSON.parse((await post('/api/records', { event: 'JT', gender: 'F', category: 'SEN', kind: 'national', mark: '44.00' })).text) as { records: { id: number; event: string }[] };
    const jt = saved.records.find((r) => r.event === 'JT')!;
    expect((await alerts()).some((a) => a.eventId === 'H06' && a.bib === '32' && a.record.kind === 'national')).toBe(true);
    expect((await get(`/api/records/${jt.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await get(`/api/records/${jt.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a file that is not JSON, a record with a bad mark, and a form a web page could send', async () => {
    expect((await post('/api/records/import', { format: 'json', text: '[{' })).status).toBe(400);
    const bad = await post('/api/records', { event: '100', gender: 'M', kind: 'meeting', mark: 'fast' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/mark "fast" is not a time/);
    // A page on another site can send text/plain without asking first; only JSON is read.
    const before = (await get('/api/records')).text;
    const hostile = await post('/api/records/import', { format: 'csv', text: 'event,gender,kind,mark\n100,M,world,1.00' }, { 'content-type': 'text/plain' });
    expect(hostile.status).toBeGreaterThanOrEqual(400);
    expect((await get('/api/records')).text).toBe(before);
  });
});

describe('splits over HTTP', () => {
  it('a live 800 m with splits: the unit’s splits, the /data/splits feed, and the heptathlon complete', async () => {
    const unit = (heptathlonCompetition().events.find((e) => e.eventId === 'H07')!.units as Record<string, unknown>[])[0]!;
    const s = (distance: number, elapsedTime: string, lapTime: string) => ({ distance, elapsedTime, lapTime });
    const results = [
      { bib: '31', lane: 3, place: 2, performance: '2:10.00', splits: [s(200, '29.80', '29.80'), s(400, '1:03.00', '33.20'), s(600, '1:37.00', '34.00')] },
      { bib: '32', lane: 4, place: 3, performance: '2:20.00', splits: [s(200, '30.50', '30.50'), s(400, '1:04.50', '34.00'), s(600, '1:42.00', '37.50')] },
      { bib: '33', lane: 5, place: 1, performance: '2:05.00', splits: [s(200, '30.10', '30.10'), s(400, '1:02.50', '32.40'), s(600, '1:34.00', '31.50')] },
    ];
    await local.pusher.waitForSubscribers(`${OVERVIEW}-H07-1-1`);
    local.pusher.trigger(`${OVERVIEW}-H07-1-1`, 'unit', { ...unit, status: 'finished', resultsStatus: 'official', dateModified: '2026-06-02 16:00:00', results });
    await waitUntil(async () => JSON.parse((await get('/data/splits.json')).text).length === 3, 10_000, 'splits in the feed');
    const feed = JSON.parse((await get('/data/splits.json')).text) as Record<string, string>[];
    expect(feed.map((r) => [r['Distance.Text'], r['Bib.Text'], r['Leader.Text'], r['Time.Text']])).toEqual([
      ['200 m', '31', 'Wilhelmina Alexandrova-Castellanos de la Fuente', '29.80'],
      ['400 m', '33', 'Mo Example', '1:02.50'],
      ['600 m', '33', 'Mo Example', '1:34.00'],
    ]);
    const api = JSON.parse((await get('/api/units/H07/1/1/splits')).text) as { athletes: { bib: string; splits: { position: number | null }[] }[] };
    expect(api.athletes.map((a) => [a.bib, a.splits.map((x) => x.position)])).toEqual([['33', [2, 1, 1]], ['31', [1, 2, 2]], ['32', [3, 3, 3]]]);
    expect((await get('/api/units/NOPE/1/1/splits')).status).toBe(404);
    // With the 800 m in, the heptathlon is over: 31 6304 + 965; 32 and 33 also scored their wind-aided
    // long jumps from the records test in full (7.30 = 1275, 7.12 = 1213: wind never changes points):
    // 32 6094 − 1139 + 1275 + 824 = 7054, 33 5462 − 943 + 1213 + 1039 = 6771. No needs left.
    await waitUntil(async () => CombinedListSchema.parse(JSON.parse((await get('/api/combined')).text)).events[0]!.next === null, 5_000, 'heptathlon over');
    const hep = CombinedListSchema.parse(JSON.parse((await get('/api/combined')).text)).events[0]!;
    expect(hep.standings.map((a) => [a.bib, a.total, a.place])).toEqual([['31', 7269, 1], ['32', 7054, 2], ['33', 6771, 3], ['34', 3453, null]]);
    expect(hep.standings.every((a) => a.needs.length === 0)).toBe(true);
  });
});
