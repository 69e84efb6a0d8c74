/**
 * Team scores, medals and athlete notes on a real console (local OpenTrack stand-in and Pusher
 * server, SQLite in a temp dir), then a restart on a new competition JSON: the options and notes
 * survive, and a note follows its athlete by name when the bib changes, not the bib to someone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/core/config/config';
import { createConsole, type TracksideConsole } from '../../../electron/core/app/console';
import { silentLogger } from '../../../electron/core/config/log';
import { NoteListSchema, NotesImportResultSchema } from '../../../electron/core/model/notes';
import { TeamsResponseSchema } from '../../../electron/core/model/teams';
import { AthletesResponseSchema } from '../../../electron/core/model/api';
import { startLocalSources, type LocalSources } from '../../helpers/local-sources';
import { teamMeet } from '../../helpers/team-meet';
import { tempDir } from '../../helpers/temp-dir';
import { waitUntil } from '../../helpers/wait';

const KEY = 'teams-notes-test-key';
let local: LocalSources | undefined;
let app: TracksideConsole | undefined;
const data = tempDir();

async function start(competition: Record<string, unknown>) {
  local = await startLocalSources(KEY, competition);
  app = createConsole(parseCommandLine(local.args(data.path), {}).config!, { log: silentLogger, probeIntervalMs: 250, pollIntervalMs: 600_000 });
  await app.start();
  await waitUntil(async () => (await get('/api/units/R1/1/1')).status === 200, 10_000, 'units cached');
}

async function stop() {
  await app?.stop();
  await local?.stop();
  app = undefined;
  local = undefined;
}

beforeAll(() => start(teamMeet()));
afterAll(async () => {
  await stop();
  data.remove();
});

async function get(path: string, init?: RequestInit) {
  const res = await fetch(new URL(path, app!.url), { signal: AbortSignal.timeout(5_000), ...init });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
const send = (method: string, path: string, body: unknown) =>
  get(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const json = async (path: string) => JSON.parse((await get(path)).text);

describe('teams and medals over HTTP', () => {
  it('scores the meet 8-7-…-1 and lists medals by team, in /api/teams and the /data/ feeds', async () => {
    await waitUntil(async () => TeamsResponseSchema.parse(await json('/api/teams')).events === 4, 10_000, 'four finals counted');
    const teams = TeamsResponseSchema.parse(await json('/api/teams'));
    expect(teams.teams.map((t) => [t.team, t.points])).toEqual([['Harbour AC', 34.5], ['Ridge Harriers', 27.5], ['Vale AC', 20]]);
    const feed = (await json('/data/team-scores.json')) as Record<string, string>[];
    expect(feed.map((r) => [r['Place.Text'], r['Team.Text'], r['Points.Text']])).toEqual([['1', 'Harbour AC', '34.5'], ['2', 'Ridge Harriers', '27.5'], ['3', 'Vale AC', '20']]);
    const medals = (await json('/data/medals.json')) as Record<string, string>[];
    expect(medals.map((r) => [r['Name.Text'], r['Gold.Text'], r['Silver.Text'], r['Bronze.Text']])).toEqual([
      ['Harbour AC', '2', '2', '0'], ['Ridge Harriers', '1', '2', '1'], ['Vale AC', '1', '1', '0'],
    ]);
  });

  it('takes the meet’s own points table and medals by nation, and refuses a bad table', async () => {
    const res = await send('PUT', '/api/teams/options', { points: [5, 3, 1], medalsBy: 'nation' });
    expect(res.status).toBe(200);
    const teams = TeamsResponseSchema.parse(JSON.parse(res.text));
    expect(teams.teams.map((t) => [t.team, t.points])).toEqual([['Harbour AC', 15], ['Ridge Harriers', 11], ['Vale AC', 8]]);
    expect(teams.medals.map((m) => m.name)).toEqual(['NOR', 'SWE', 'DEN']);
    expect((await send('PUT', '/api/teams/options', { points: [-1], medalsBy: 'team' })).status).toBe(400);
    expect(TeamsResponseSchema.parse(await json('/api/teams')).options.points).toEqual([5, 3, 1]);
  });
});

describe('athlete notes over HTTP', () => {
  it('saves a note typed in, imports a CSV (refusing a row by line), and makes both searchable', async () => {
    const saved = await send('PUT', '/api/notes', { bib: '1', name: 'Ari Fictus', notes: 'Won here in 2024', pronunciation: 'AH-ree FIK-tus' });
    expect(saved.status).toBe(200);
    const csv = ['bib,name,pronunciation,notes', '4,Dee Example,DAY ig-ZAM-pel,"Back from injury, first race since May"', ',Nobody,,a note', '3,Cy Sample,,=1+1'].join('\n');
    const imported = NotesImportResultSchema.parse(JSON.parse((await send('POST', '/api/notes/import', { text: csv })).text));
    expect(imported).toEqual({ saved: 2, refused: [{ line: 3, error: 'bib: Too small: expected string to have >=1 characters' }] });
    const notes = NoteListSchema.parse(await json('/api/notes')).athletes;
    expect(notes.find((a) => a.bib === '4')).toMatchObject({ name: 'Dee Example', pronunciation: 'DAY ig-ZAM-pel', notes: 'Back from injury, first race since May', entered: true });
    const athletes = AthletesResponseSchema.parse(await json('/api/athletes')).athletes;
    expect(athletes.find((a) => a.bib === '1')).toMatchObject({ notes: 'Won here in 2024', pronunciation: 'AH-ree FIK-tus' });
  });

  it('exports CSV a spreadsheet cannot run as a formula, and reads it back the same', async () => {
    const res = await get('/api/notes/export.csv');
    expect(res.type).toMatch(/^text\/csv/);
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe('bib,name,pronunciation,notes');
    expect(lines).toContain("3,Cy Sample,,'=1+1");
    expect(lines).toContain('4,Dee Example,DAY ig-ZAM-pel,"Back from injury, first race since May"');
    const again = NotesImportResultSchema.parse(JSON.parse((await send('POST', '/api/notes/import', { text: res.text })).text));
    expect(again).toEqual({ saved: 3, refused: [] });
    expect(NoteListSchema.parse(await json('/api/notes')).athletes.find((a) => a.bib === '3')!.notes).toBe('=1+1');
  });

  it('survives a restart on a new competition JSON: the note follows the athlete, not the bib', async () => {
    await stop();
    const next = teamMeet();
    const people = next.competitors as Record<string, unknown>[];
    // Bibs renumbered: Ari Fictus is now 11, and bib 1 belongs to someone else.
    people.find((p) => p.competitorId === '1')!.competitorId = '11';
    people.push({ competitorId: '1', firstName: 'Zed', lastName: 'Other', teamName: 'Vale AC' });
    await start(next);
    // The cache answers at once with the old entries; the new JSON follows from the stand-in.
    await waitUntil(async () => NoteListSchema.parse(await json('/api/notes')).athletes.some((a) => a.bib === '11'), 10_000, 'the new entries');
    const notes = NoteListSchema.parse(await json('/api/notes')).athletes;
    expect(notes.find((a) => a.bib === '11')).toMatchObject({ name: 'Ari Fictus', notes: 'Won here in 2024', entered: true });
    expect(notes.find((a) => a.bib === '1')).toMatchObject({ name: 'Zed Other', notes: '', pronunciation: '' });
    expect(notes.find((a) => a.bib === '4')!.pronunciation).toBe('DAY ig-ZAM-pel');
    expect(TeamsResponseSchema.parse(await json('/api/teams')).options).toEqual({ points: [5, 3, 1], medalsBy: 'nation' });
  });
});
