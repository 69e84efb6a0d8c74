/**
 * The `/data/` feeds on a real console: real pusher-js → local Pusher-protocol server, an
 * OpenTrack-shaped HTTP stand-in, SQLite in a temp dir, HTTP on 127.0.0.1.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../../electron/core/app/console';
import { silentLogger } from '../../../electron/core/config/log';
import { fixtureCompetition, longJumpUnit, sprintResults } from '../../helpers/fixtures';
import { startLocalSources, type LocalSources } from '../../helpers/local-sources';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';

const KEY = 'data-feeds-test-key';
const OVERVIEW = 'x-2026-TST-spine-test-overview';
const SPRINT_CHANNEL = `${OVERVIEW}-T01-1-1`;
const JUMP_CHANNEL = `${OVERVIEW}-F01-1-1`;
const FEEDS = ['latest-result', 'top8', 'field-standings', 'start-list', 'latest-attempt'];
/** Names a CSV or XML writer must escape: a comma, quotes, a line break, & < > '. */
const CY_NAME = { firstName: 'Cy "Comet"', lastName: 'Sample, Jr.\nII' };
const CY_TEAM = "Harbour & <Bay> 'AC'";

let local: LocalSources;
let data: ReturnType<typeof tempDir>;
let app: TracksideConsole | undefined;

function competition() {
  const c = fixtureCompetition();
  const cy = (c.competitors as Record<string, unknown>[]).find((p) => p.competitorId === '13')!;
  Object.assign(cy, CY_NAME, { teamName: CY_TEAM });
  return c;
}

beforeEach(async () => {
  data = tempDir();
  local = await startLocalSources(KEY, competition());
  const config = parseCommandLine(
    local.args(data.path),
    {},
  ).config!;
  app = createConsole(config, { log: silentLogger, probeIntervalMs: 250, pollIntervalMs: 600_000 });
  await app.start();
  await local.pusher.waitForSubscribers(SPRINT_CHANNEL);
  await local.pusher.waitForSubscribers(JUMP_CHANNEL);
  await waitUntil(async () => (await get('/api/units/F01/1/1')).status === 200, 5_000, 'units cached');
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  await local.stop();
  data.remove();
});

interface Got {
  status: number;
  type: string;
  cache: string | null;
  text: string;
}

async function get(path: string): Promise<Got> {
  const res = await fetch(new URL(path, app!.url), { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', cache: res.headers.get('cache-control'), text: await res.text() };
}

async function rows(path: string): Promise<Record<string, string>[]> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return JSON.parse(res.text);
}

/** RFC 4180 reader: quoted fields with "" for a quote, CRLF after every record. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (field = ''), (record = []), i++;
    else if (c === '"' || c === '\r' || c === '\n') throw new Error(`stray ${JSON.stringify(c)} at ${i}`);
    else field += c;
  }
  if (quoted || field !== '' || record.length) throw new Error('CSV does not end with a complete record');
  return records;
}

/** The XML the feeds write, read strictly: rows of leaf elements, only the five entities. */
function parseXml(text: string): [string, string][][] {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = text.slice(text.indexOf('\n') + 1).trim();
  if (body === '<feed/>') return [];
  expect(body.startsWith('<feed>') && body.endsWith('</feed>')).toBe(true);
  const inner = body.slice('<feed>'.length, -'</feed>'.length).trim();
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const decode = (t: string) => {
    if (/[<>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(t)) throw new Error(`unescaped text: ${t}`);
    return t.replace(/&(#\d+|\w+);/g, (_, r: string) => (r.startsWith('#') ? String.fromCodePoint(Number(r.slice(1))) : entities[r]!));
  };
  const rowTexts = inner.split(/\s*<\/row>\s*/).filter(Boolean);
  return rowTexts.map((r) => {
    expect(r.startsWith('<row>')).toBe(true);
    let rest = r.slice('<row>'.length);
    const cells: [string, string][] = [];
    while (rest.length) {
      const m = /^<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/.exec(rest);
      if (!m) throw new Error(`bad XML cell at ${rest.slice(0, 40)}`);
      cells.push([m[1]!, decode(m[2]!)]);
      rest = rest.slice(m[0].length);
    }
    return cells;
  });
}

/** One feed in all three formats, checked to carry the same rows and the same columns. */
async function allFormats(path: string): Promise<{ columns: string[]; rows: Record<string, string>[] }> {
  const [json, csv, xml] = await Promise.all(['json', 'csv', 'xml'].map((f) => get(`${path}.${f}`)));
  for (const r of [json, csv, xml]) {
    expect(r!.status, path).toBe(200);
    expect(r!.cache).toBe('no-store');
  }
  expect(json!.type).toMatch(/^application\/json/);
  expect(csv!.type).toMatch(/^text\/csv; charset=utf-8/);
  expect(xml!.type).toMatch(/^application\/xml; charset=utf-8/);
  const jsonRows: Record<string, string>[] = JSON.parse(json!.text);
  const [header, ...records] = parseCsv(csv!.text);
  const csvRows = records.map((rec) => {
    expect(rec).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((h, i) => [h, rec[i]!]));
  });
  const xmlRows = parseXml(xml!.text);
  // CSV alone carries a leading ' on cells a spreadsheet would read as a formula (OWASP); JSON and XML stay exact.
  const asCsvCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  expect(csvRows).toEqual(jsonRows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, asCsvCell(v)]))));
  expect(xmlRows.map((cells) => Object.fromEntries(cells))).toEqual(jsonRows);
  for (const row of jsonRows) {
    expect(Object.keys(row)).toEqual(header);
    expect(Object.values(row).every((v) => typeof v === 'string')).toBe(true);
  }
  // Every XML row has every column, in the header's order.
  for (const cells of xmlRows) expect(cells.map(([name]) => name)).toEqual(header);
  return { columns: header!, rows: jsonRows };
}

describe('/data/ feeds', () => {
  it('lists every feed with an absolute URL built from the request host, and each URL answers', async () => {
    const res = await get('/data/');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    expect(res.cache).toBe('no-store');
    const list: { name: string; url: string; description: string }[] = JSON.parse(res.text);
    expect(list.slice(0, FEEDS.length).map((f) => f.name)).toEqual(FEEDS);
    const base = new URL(app!.url);
    expect(list[0]!.url).toBe(`http://127.0.0.1:${base.port}/data/latest-result.json`);
    for (const f of list) {
      expect(f.description.length).toBeGreaterThan(0);
      const feed = await fetch(f.url, { signal: AbortSignal.timeout(5_000) });
      expect(feed.status, f.url).toBe(200);
      expect(Array.isArray(await feed.json())).toBe(true);
    }
    // Per-unit feeds of every cached unit follow the fixed ones.
    expect(list.map((f) => f.name)).toEqual(expect.arrayContaining(['units/T01/1/1', 'units/F01/1/1']));
    expect((await get('/data')).text).toBe(res.text);

    // A client that reached us under another of our names gets URLs under that name; a name this
    // console does not answer to gets nothing (the request guard's Host allowlist).
    const underName = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: Number(base.port), path: '/data/', headers: { host }, timeout: 5_000 }, (r) => {
          let body = '';
          r.on('data', (d) => (body += d));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const other = await underName(`localhost:${base.port}`);
    expect(JSON.parse(other.body)[0].url).toBe(`http://localhost:${base.port}/data/latest-result.json`);
    expect((await underName('vmix-box.local:4710')).status).toBe(421);
  });

  it('follows the meet: empty with stable columns at first, then results, attempts and standings, in JSON, CSV and XML alike', async () => {
    const before = new Map<string, string[]>();
    for (const name of FEEDS) before.set(name, (await allFormats(`/data/${name}`)).columns);
    // Nothing has a place or an attempt yet: empty feeds, header-only CSV, an empty <feed/>.
    expect((await get('/data/latest-result.json')).text).toBe('[]');
    expect((await get('/data/latest-result.csv')).text).toBe(before.get('latest-result')!.join(',') + '\r\n');
    expect((await get('/data/latest-result.xml')).text).toMatch(/<feed\/>\n$/);
    expect((await get('/data/latest-attempt.json')).text).toBe('[]');
    // The long jump (17:00) starts before the 100m (17:10).
    const startList = (await allFormats('/data/start-list')).rows;
    expect(startList.map((r) => [r['Order.Text'], r['Name.Text'], r['Event.Text'], r['Time.Text']])).toEqual([
      ['1', 'Dee Example', 'Women Long Jump', '17:00'],
      ['2', 'Eve Mockly', 'Women Long Jump', '17:00'],
    ]);

    local.pusher.trigger(SPRINT_CHANNEL, 'unit', sprintResults());
    await waitUntil(async () => (await rows('/data/latest-result.json'))[0]?.['Name.Text'] === 'Bo Placeholder', 5_000, 'sprint result in the feed');
    const result = await allFormats('/data/latest-result');
    expect(result.rows.map((r) => [r['Place.Text'], r['Name.Text'], r['Team.Text'], r['Mark.Text']])).toEqual([
      ['1', 'Bo Placeholder', 'Ridge Harriers', '10.41'],
      ['2', 'Ari Fictus', 'Harbour AC', '10.55'],
      ['', 'Cy "Comet" Sample, Jr.\nII', CY_TEAM, 'DNF'],
    ]);
    expect(result.rows[0]).toMatchObject({ 'Bib.Text': '12', 'Event.Text': 'Men 100m', 'Heat.Text': 'Final', 'Wind.Text': '+1.2', 'Note.Text': '' });
    expect((await get('/data/latest-result.xml')).text).toContain(
      '<Name.Text>Cy &quot;Comet&quot; Sample, Jr.\nII</Name.Text><Team.Text>Harbour &amp; &lt;Bay&gt; &apos;AC&apos;</Team.Text>',
    );
    expect((await get('/data/latest-result.csv')).text).toContain('\r\n,13,"Cy ""Comet"" Sample, Jr.\nII",Harbour & <Bay> \'AC\',DNF,');
    expect((await allFormats('/data/top8')).rows).toEqual(result.rows);

    // The long jump starts: an attempt on the overview channel, the unit on its own channel.
    local.pusher.trigger(JUMP_CHANNEL, 'unit', longJumpUnit([
      { bib: '21', round: 1, result: '6.01', wind: 0.4 },
      { bib: '22', round: 1, result: 'x' },
      { bib: '21', round: 2, result: '6.12', wind: -1 },
    ]));
    local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'LJ', bib: '21', round: 2, result: '6.12', wind: -1, athlete_name: 'Dee Example' });
    await waitUntil(async () => (await rows('/data/latest-attempt.json'))[0]?.['Mark.Text'] === '6.12', 5_000, 'attempt in the feed');
    expect((await allFormats('/data/latest-attempt')).rows).toEqual([
      {
        'Name.Text': 'Dee Example', 'Bib.Text': '21', 'Team.Text': 'Vale AC', 'Mark.Text': '6.12', 'Result.Text': '6.12', 'Attempt.Text': '2',
        'Height.Text': '', 'AtHeight.Text': '', 'Wind.Text': '-1.0', 'Place.Text': '1', 'Best.Text': '6.12', 'Event.Text': 'Women Long Jump',
      },
    ]);
    await waitUntil(async () => (await rows('/data/field-standings.json')).length === 2, 5_000, 'field standings');
    const field = (await allFormats('/data/field-standings')).rows;
    expect(field.map((r) => [r['Place.Text'], r['Bib.Text'], r['Name.Text'], r['Best.Text'], r['Attempts.Text']])).toEqual([
      ['1', '21', 'Dee Example', '6.12', '6.01 6.12'],
      ['', '22', 'Eve Mockly', '', 'x'], // one miss in round 1: no mark yet, not NM
    ]);
    // A jump still going has standings, not a result: the latest result is still the race.
    expect((await rows('/data/latest-result.json'))[0]!['Event.Text']).toBe('Men 100m');
    // Nothing is waiting to start any more.
    expect((await get('/data/start-list.json')).text).toBe('[]');

    // A vertical attempt, then a refused one: the refused one does not replace it.
    local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'HJ', bib: '31', height: '1.80', attempts_at_height: 'xo', result: 'o' });
    local.pusher.trigger(OVERVIEW, 'latest_attempt', { event_code: 'LJ', bib: '21', round: 'third', result: 6.2 });
    await waitUntil(async () => {
      const { items } = JSON.parse((await get('/api/feed?limit=500')).text) as { items: { accepted: boolean; reason?: string }[] };
      return items.some((i) => !i.accepted && /invalid latest_attempt/.test(i.reason ?? ''));
    }, 5_000, 'refused attempt journaled');
    const vertical = (await allFormats('/data/latest-attempt')).rows;
    expect(vertical).toHaveLength(1);
    expect(vertical[0]).toMatchObject({ 'Bib.Text': '31', 'Mark.Text': '1.80 xo', 'Height.Text': '1.80', 'AtHeight.Text': 'xo', 'Event.Text': 'HJ', 'Name.Text': '' });

    // Whatever arrived, every feed kept its columns.
    for (const name of FEEDS) expect((await allFormats(`/data/${name}`)).columns, name).toEqual(before.get(name));
  });

  it('serves one unit\'s standings at /data/units/{eventId}/{round}/{heat}', async () => {
    const empty = await allFormats('/data/units/T01/1/1');
    expect(empty.rows.map((r) => [r['Lane.Text'], r['Name.Text'], r['Place.Text']])).toEqual([
      ['4', 'Ari Fictus', ''],
      ['5', 'Bo Placeholder', ''],
      ['6', 'Cy "Comet" Sample, Jr.\nII', ''],
    ]);
    local.pusher.trigger(SPRINT_CHANNEL, 'unit', sprintResults());
    await waitUntil(async () => (await rows('/data/units/T01/1/1.json'))[0]?.['Place.Text'] === '1', 5_000, 'unit results');
    const after = await allFormats('/data/units/T01/1/1');
    expect(after.columns).toEqual(empty.columns);
    expect(after.rows.map((r) => [r['Place.Text'], r['Bib.Text'], r['Mark.Text'], r['Status.Text']])).toEqual([
      ['1', '12', '10.41', ''],
      ['2', '11', '10.55', ''],
      ['', '13', 'DNF', 'DNF'],
    ]);
    expect((await allFormats('/data/units/F01/1/1')).rows.map((r) => r['Order.Text'])).toEqual(['1', '2']);
  });

  it('answers 404 with a JSON error for unknown feeds, formats and units', async () => {
    for (const path of ['/data/nope.json', '/data/top8.txt', '/data/top8', '/data/units/T01/1/9.json', '/data/units/T01/x/1.csv', '/data/units/T01/1/1.html']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.type, path).toMatch(/^application\/json/);
      expect(JSON.parse(res.text).error, path).toMatch(/unknown/);
    }
  });
});
