/**
 * Boards drawn from a feed, over real HTTP on a real cache: the TrackScore leaderboard and the
 * triathlon race go on air as the same rows their `/data/` feeds give, follow the feed as new
 * messages arrive, and a sandbox triathlon program stays off air until the operator allows it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { GraphicStateSchema } from '../../../../electron/core/model/graphics';
import { feedBoardData } from '../../../../electron/core/outputs/graphics/feed-boards';
import { startBareServer, type BareServer } from '../../../helpers/bare-server';
import { tempDir } from '../../../helpers/temp-dir';
import { waitUntil } from '../../../helpers/wait';

let dir: ReturnType<typeof tempDir>;
let server: BareServer;
beforeEach(async () => {
  dir = tempDir();
  server = await startBareServer(dir.path, { webhooks: { token: 'board-token', secret: 'whsec_board-secret' } });
});
afterEach(async () => {
  await server.close();
  dir.remove();
});

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const send = async (route: 'triathlon' | 'trackscore', type: string) => expect((await post('/api/webhooks/test', { route, type })).status).toBe(200);
const feed = async (name: string) => (await (await fetch(`${server.url}/data/${name}.json`)).json()) as Record<string, string>[];

it('the TrackScore leaderboard goes on air as its feed says, and follows it', async () => {
  expect((await post('/api/graphics/trackscore-leaderboard/show', {})).status).toBe(409); // nothing yet
  for (const type of ['leaderboard.created', 'participant.added', 'ranking.changed']) await send('trackscore', type);
  const shown = GraphicStateSchema.parse(await (await post('/api/graphics/trackscore-leaderboard/show', {})).json());
  const rows = await feed('trackscore-leaderboard');
  expect(shown.onAir).toBe(true);
  expect(shown.data).toMatchObject({ kind: 'table', event: 'Console test leaderboard', heading: 'Leaderboard' });
  const table = shown.data!.kind === 'table' ? shown.data : null;
  expect(table!.rows.map((r) => [r['Rank.Text'], r['Name.Text'], r['Score.Text']])).toEqual(rows.map((r) => [r['Rank.Text'], r['Name.Text'], r['Score.Text']]));

  // A new score reaches the board on air by itself.
  await send('trackscore', 'score.updated');
  const after = await waitUntil(async () => {
    const g = GraphicStateSchema.parse(await (await fetch(`${server.url}/api/graphics/trackscore-leaderboard`)).json());
    return g.data?.kind === 'table' && g.data.rows[0]?.['Score.Text'] === '950' ? g : null;
  }, 10_000, 'the board to show the new score');
  expect(after!.revision).toBeGreaterThan(shown.revision);
});

it('a sandbox triathlon program is off air until allowed, then its race is the board', async () => {
  await send('triathlon', 'program.update');
  await send('triathlon', 'timing.store');
  expect(await feed('triathlon-race')).toEqual([]);
  expect((await post('/api/graphics/triathlon-race/show', {})).status).toBe(409);

  const programs = (await (await fetch(`${server.url}/api/triathlon/programs`)).json()) as { programs: { progId: string }[] };
  const progId = programs.programs[0]!.progId;
  expect((await post(`/api/triathlon/programs/${progId}/on-air`, { allow: true })).status).toBe(200);
  const shown = GraphicStateSchema.parse(await (await post('/api/graphics/triathlon-race/show', {})).json());
  const rows = await feed('triathlon-race');
  expect(rows.length).toBeGreaterThan(0);
  const table = shown.data?.kind === 'table' ? shown.data : null;
  expect(table!.rows.map((r) => r['Name.Text'])).toEqual(rows.map((r) => r['Name.Text']));
  expect(table!.rows.map((r) => r['Time.Text'])).toEqual(rows.map((r) => r['Time.Text']));
});

it('pages a long feed eight rows at a time and shows countries only when they differ', () => {
  const rows = Array.from({ length: 19 }, (_, i) => ({ 'Rank.Text': String(i + 1), 'Name.Text': `Athlete ${i + 1}`, 'Country.Text': i % 2 ? 'NOR' : 'SWE', 'Points.Text': String(1000 - i), 'List.Text': 'World Rankings' }));
  const third = feedBoardData('triathlon-rankings', rows, 3)!;
  expect([third.page, third.pages, third.rows.map((r) => r['Rank.Text'])]).toEqual([3, 3, ['17', '18', '19']]);
  expect(third.columns.some((c) => c.role === 'nat')).toBe(true);
  expect(third.rows[0]).toMatchObject({ Nat: 'SWE', Flag: 'se' });
  const one = feedBoardData('triathlon-rankings', rows.map((r) => ({ ...r, 'Country.Text': 'NOR' })), 1)!;
  expect(one.columns.some((c) => c.role === 'nat')).toBe(false);
  expect(feedBoardData('medals', [], 1)).toBeNull();
});
