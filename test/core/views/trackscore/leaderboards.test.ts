/**
 * TrackScore leaderboards through `/hooks/trackscore` (real HTTP, real SQLite, signed bodies):
 * one board per leaderboard_id with names, teams, scores, rank changes, start/end and alerts; the
 * same state whatever the order and however often events arrive; rebuilt from the journal after a
 * restart; and the timestamp check that refuses replays but never a legitimate retry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoardListSchema, type Board } from '../../../../electron/core/model/trackscore';
import { TRACKSCORE_RETRY_WINDOW_MS } from '../../../../electron/core/sources/webhooks/intake';
import { startBareServer, type BareServer } from '../../../helpers/bare-server';
import { tempDir } from '../../../helpers/temp-dir';
import { TRACKSCORE_SECRET, competition, sendTs } from '../../../helpers/trackscore';

const NOW = Date.parse('2026-06-01T10:05:00Z');
let dir: ReturnType<typeof tempDir>;
let server: BareServer;
let now = NOW;
const start = () => startBareServer(dir.path, { webhooks: { secret: TRACKSCORE_SECRET }, now: () => now });

beforeEach(async () => {
  now = NOW;
  dir = tempDir();
  server = await start();
});
afterEach(async () => {
  await server.close();
  dir.remove();
});

const boards = async (url = server.url) => BoardListSchema.parse(await (await fetch(`${url}/api/trackscore/leaderboards`)).json());
const main = async (url = server.url) => (await boards(url)).leaderboards.find((b) => b.leaderboardId === 'lb_main')!;
const rows = (b: Board) => b.rows.map((r) => [r.rank, r.name, r.team, r.score, r.change]);

/** A fixed shuffle (no randomness in tests): reversed halves interleaved. */
function shuffled<T>(xs: T[]): T[] {
  const a = xs.slice(0, Math.ceil(xs.length / 2)).reverse();
  const b = xs.slice(Math.ceil(xs.length / 2)).reverse();
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (b[i]) out.push(b[i]!);
    if (a[i]) out.push(a[i]!);
  }
  return out;
}

describe('TrackScore leaderboards', () => {
  it('builds one board per leaderboard_id: names, teams, scores, rank changes, state and alerts', async () => {
    for (const e of competition()) expect((await sendTs(server.url, e)).status).toBe(200);
    const list = await boards();
    expect(list.leaderboards.map((b) => b.leaderboardId).sort()).toEqual(['lb_main', 'lb_u20']);
    const b = await main();
    expect(b).toMatchObject({ name: 'Harbour Sprint Series — Overall Standings After Round Three', state: 'ended', startedAt: '2026-06-01T10:00:08.000Z', endedAt: '2026-06-01T10:00:40.000Z' });
    // Ties share a rank; names from participant.added/updated; team from team.member_added.
    expect(rows(b)).toEqual([
      [1, 'Cy Okafor', null, 900, 2],
      [2, 'Alexandrina Montgomery-Featherstonehaugh', null, 800, -1],
      [2, 'Bo Lindqvist', 'North Harbour Athletic', 800, 1],
    ]);
    expect(b.alerts.map((a) => [a.type, a.participant, a.text])).toEqual([
      ['milestone.reached', 'Cy Okafor', '900 points'],
      ['achievement.unlocked', 'Cy Okafor', 'Personal best'],
    ]);
    const u20 = list.leaderboards.find((x) => x.leaderboardId === 'lb_u20')!;
    expect(u20).toMatchObject({ name: 'Under 20 — provisional', state: 'not started' });
    expect(rows(u20)).toEqual([[1, 'Dee Young', null, 300, null]]);
    const feed = (await (await fetch(`${server.url}/data/trackscore-leaderboard.json`)).json()) as Record<string, string>[];
    expect(feed.map((r) => [r['Rank.Text'], r['Score.Text'], r['Change.Text']])).toEqual([
      ['1', '300', ''],
    ]);
  });

  it('ends in the same state out of order and with retries, and rebuilds it from the journal on start', async () => {
    const events = competition();
    const order = shuffled(events);
    // Every fifth one is retried (the same id and created, delivery_attempt 2) after the others.
    for (const e of order) await sendTs(server.url, e);
    for (const e of order.filter((_, i) => i % 5 === 0)) expect((await sendTs(server.url, e, 2)).json).toMatchObject({ ok: true, duplicate: true });
    const outOfOrder = await boards();

    const fresh = tempDir();
    const inOrder = await startBareServer(fresh.path, { webhooks: { secret: TRACKSCORE_SECRET }, now: () => now });
    for (const e of events) await sendTs(inOrder.url, e);
    const expected = await boards(inOrder.url);
    await inOrder.close();
    fresh.remove();
    expect(outOfOrder).toEqual(expected);

    await server.close();
    server = await start();
    expect(await boards()).toEqual(expected);
    // And follows on after the restart.
    await sendTs(server.url, { id: 'wh_late', type: 'score.updated', created: '2026-06-01T10:00:50Z', data: { leaderboard_id: 'lb_main', participant_id: 'p2', new_score: 1000 } });
    expect(rows(await main())[0]).toEqual([1, 'Bo Lindqvist', 'North Harbour Athletic', 1000, 1]);
  });

  it('judges the event time: late retries of held events and retries within the window pass, replays and future events do not', async () => {
    const e = competition()[0]!;
    expect((await sendTs(server.url, e)).status).toBe(200);
    // Four days on, the provider retries it once more (its created is still the original): a duplicate, 200.
    now = NOW + 4 * 24 * 3600_000;
    expect((await sendTs(server.url, e, 9)).json).toMatchObject({ ok: true, duplicate: true });
    // Never seen and older than the window: a replay, refused and not journaled.
    const before = server.store.journal.lastSeq();
    const replay = await sendTs(server.url, { ...competition()[1]!, id: 'wh_replayed' }, 1);
    expect(replay.status).toBe(401);
    expect(replay.json.error).toMatch(/older than the retry window/);
    expect(server.store.journal.lastSeq()).toBe(before);
    // A first delivery that arrives late but within the window (a receiver down for two days): accepted.
    now = Date.parse(competition()[2]!.created) + TRACKSCORE_RETRY_WINDOW_MS - 60_000;
    expect((await sendTs(server.url, competition()[2]!, 7)).status).toBe(200);
    // From the future beyond clock skew: refused.
    const future = await sendTs(server.url, { ...e, id: 'wh_future', created: new Date(now + 10 * 60_000).toISOString() });
    expect(future.status).toBe(401);
    expect(future.json.error).toMatch(/future/);
    // Within the skew: accepted.
    expect((await sendTs(server.url, { ...e, id: 'wh_skew', created: new Date(now + 60_000).toISOString() })).status).toBe(200);
    // Epoch seconds are read too; a time that is not a time is refused, not guessed.
    expect((await sendTs(server.url, { ...e, id: 'wh_epoch', created: Math.floor(now / 1000) as unknown as string })).status).toBe(200);
    expect((await sendTs(server.url, { ...e, id: 'wh_text', created: 'yesterday' })).status).toBe(401);
  });
});
