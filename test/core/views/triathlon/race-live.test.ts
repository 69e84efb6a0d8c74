/**
 * A whole triathlon through `/hooks/triathlon` (real HTTP, real SQLite), as an operator would
 * follow it: positions and gaps at every split, who moved up, the group at the front, DNF/LAP/DSQ;
 * snapshots delivered twice and out of order; sandbox data kept off air until allowed; destroy
 * messages; start lists line by line; rankings with movements; a restart mid-race that rebuilds
 * everything from the journal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProgramViewSchema, RankingListsSchema, type ProgramView } from '../../../../electron/core/model/triathlon';
import { startBareServer, type BareServer } from '../../../helpers/bare-server';
import { tempDir } from '../../../helpers/temp-dir';
import { RACE_SEGMENTS, envelope, raceSnapshot } from '../../../helpers/triathlon';
import { Receiver } from '../../../helpers/relay-receiver';
import { waitUntil } from '../../../helpers/wait';

const TOKEN = 'tri-live-token';
let dir: ReturnType<typeof tempDir>;
let server: BareServer;

beforeEach(async () => {
  dir = tempDir();
  server = await startBareServer(dir.path, { webhooks: { token: TOKEN } });
});
afterEach(async () => {
  await server.close();
  dir.remove();
});

const send = async (method: string, payload: unknown) => {
  const res = await fetch(`${server.url}/hooks/triathlon`, { method: 'POST', headers: { 'triathlon-token': TOKEN, 'content-type': 'application/json' }, body: envelope(method, payload) });
  expect(res.status).toBe(200);
  return res.json();
};
const get = async (path: string) => fetch(`${server.url}${path}`);
const view = async (id = '5000') => ProgramViewSchema.parse(await (await get(`/api/triathlon/programs/${id}`)).json());
const feed = async (name: string) => (await (await get(`/data/${name}.json`)).json()) as Record<string, string>[];
const table = (v: ProgramView) => v.positions.map((p) => [p.position ?? p.status, p.name.split(' ')[0], p.segment, p.time, p.behind, p.moved, p.leadGroup]);

describe('a triathlon followed live', () => {
  it('shows every split with gaps, who moved up, the group at the front and who is out', async () => {
    for (let upTo = 1; upTo <= 5; upTo++) await send('timing.store', raceSnapshot(upTo));
    const v = await view();
    expect(v.segments).toEqual(RACE_SEGMENTS);
    expect(v).toMatchObject({ status: 'live', eventName: 'Harbour City Triathlon', startTime: '2026-06-01T09:00:00Z', sandbox: false, latestSegment: 'T2' });
    // At T2: Mara leads; Annika 5 s back and Teo 5 s behind her ride in the group; Kai is 55 s down.
    expect(table(v)).toEqual([
      [1, 'Mara', 'T2', '1:12:30', null, 0, true],
      [2, 'Annika', 'T2', '1:12:35', '+5', 0, true],
      [3, 'Teo', 'T2', '1:12:40', '+10', 0, true],
      [4, 'Kai', 'T2', '1:13:30', '+1:00', 0, false],
      // Out of the race, at the bottom, the one who got further first.
      ['LAP', 'Ines', 'Bike Lap 2', '1:18:00', null, null, false],
      ['DNF', 'Lou', 'Bike Lap 1', '47:00', null, null, false],
    ]);
    const swim = v.bySplit.find((s) => s.segment === 'Swim')!;
    // Equal times share a place: Teo and Ines both 18:20.
    expect(swim.rows.map((r) => [r.position, r.name.split(' ')[0], r.behind])).toEqual([
      [1, 'Mara', null],
      [2, 'Annika', '+7'],
      [3, 'Teo', '+25'],
      [3, 'Ines', '+25'],
      [5, 'Kai', '+35'],
      [6, 'Lou', '+1:15'],
    ]);
    const bike1 = v.bySplit.find((s) => s.segment === 'Bike Lap 1')!;
    // Teo was 3rd out of T1 (19:01) and is 3rd on lap 1; Kai moved from 5th to 4th.
    expect(bike1.rows.find((r) => r.name.startsWith('Kai'))).toMatchObject({ position: 4, moved: 1 });

    // The run and the finish: Kai is disqualified after crossing the line.
    await send('timing.store', raceSnapshot(6));
    await send('timing.store', raceSnapshot(7));
    const done = await view();
    expect(done.status).toBe('official');
    expect(table(done).slice(0, 4)).toEqual([
      [1, 'Mara', 'Finish', '1:44:50', null, 0, false],
      [2, 'Annika', 'Finish', '1:45:02', '+12', 0, false],
      [3, 'Teo', 'Finish', '1:46:00', '+1:10', 0, false],
      ['DSQ', 'Kai', 'Finish', '1:45:30', null, null, false],
    ]);
  });

  it('ends in the same state whatever the order and however often snapshots arrive', async () => {
    const order = [3, 1, 5, 5, 2, 4, 1, 7, 6, 7, 2];
    for (const upTo of order) await send('timing.store', raceSnapshot(upTo));
    const shuffled = await view();
    const rows = server.store.journal.after(0, 100);
    // Every copy journaled; the exact repeats as duplicates; the older ones change nothing.
    expect(rows).toHaveLength(order.length);
    expect(rows.filter((r) => r.reason === 'duplicate')).toHaveLength(4);
    expect(rows.filter((r) => r.changed).map((r) => JSON.parse(r.payload).payload.latest?.segment_name)).toEqual(['Bike Lap 1', 'T2', 'Finish']);

    const fresh = tempDir();
    const inOrder = await startBareServer(fresh.path, { webhooks: { token: TOKEN } });
    for (let upTo = 1; upTo <= 7; upTo++) {
      await fetch(`${inOrder.url}/hooks/triathlon`, { method: 'POST', headers: { 'triathlon-token': TOKEN }, body: envelope('timing.store', raceSnapshot(upTo)) });
    }
    const expected = ProgramViewSchema.parse(await (await fetch(`${inOrder.url}/api/triathlon/programs/5000`)).json());
    await inOrder.close();
    fresh.remove();
    expect({ ...shuffled, updatedAt: '' }).toEqual({ ...expected, updatedAt: '' });
  });

  it('marks sandbox data and keeps it off the /data/ feeds until the operator allows it', async () => {
    await send('timing.store', raceSnapshot(3, { progId: '5001', sandbox: true }));
    const v = await view('5001');
    expect(v).toMatchObject({ sandbox: true, sandboxOnAir: false });
    expect(await feed('triathlon-race')).toEqual([]);
    // Live data of another program goes on air; the sandbox one still does not.
    await send('timing.store', raceSnapshot(2, { progId: '5000', minute: 1 }));
    expect(new Set((await feed('triathlon-race')).map((r) => r['Program.Text']))).toEqual(new Set(['Elite Women']));
    expect((await feed('triathlon-race'))[0]!['At.Text']).toBe('T1');
    // Allowed on air: the sandbox program (updated last) feeds the titles.
    await send('timing.store', raceSnapshot(4, { progId: '5001', sandbox: true, minute: 9 }));
    const allowed = await fetch(`${server.url}/api/triathlon/programs/5001/on-air`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ allow: true }) });
    expect(allowed.status).toBe(200);
    expect((await feed('triathlon-race'))[0]!['At.Text']).toBe('Bike Lap 2');
    // A later snapshot that is no longer sandbox clears the badge.
    await send('timing.store', raceSnapshot(5, { progId: '5001', sandbox: false, minute: 10 }));
    expect((await view('5001')).sandbox).toBe(false);
  });

  it('relays sandbox timing to venue systems only once the operator allows that program', async () => {
    let secret = '';
    const receiver = await new Receiver(() => [secret]).start();
    try {
      const created = server.relay.createEndpoint({ url: receiver.url, description: 'scoreboard', filter: ['webhook.triathlon.*'], enabled: true, format: 'standard', schedule: 'triathlon' });
      secret = created.secret;
      await send('timing.store', raceSnapshot(1, { progId: '5001', sandbox: true }));
      await send('timing.store', raceSnapshot(1, { progId: '5000' }));
      await waitUntil(() => receiver.requests.length >= 1, 5_000, 'the live snapshot relayed');
      await fetch(`${server.url}/api/triathlon/programs/5001/on-air`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ allow: true }) });
      await send('timing.store', raceSnapshot(2, { progId: '5001', sandbox: true }));
      await waitUntil(() => receiver.requests.length >= 2, 5_000, 'the allowed sandbox snapshot relayed');
      await server.relay.idle();
      const progs = receiver.requests.map((r) => JSON.parse(r.body).data.payload.prog_id);
      expect(progs).toEqual(['5000', '5001']);
      expect(JSON.parse(receiver.requests[1]!.body).data.payload.latest.segment_name).toBe('T1');
    } finally {
      await receiver.stop();
    }
  });

  it('removes what a destroy names and keeps the start list line by line', async () => {
    const entry = (id: string, bib: string, last: string) => ({ prog_id: '5000', athlete_id: id, start_num: bib, athlete_first: 'A', athlete_last: last, athlete_noc: 'NED' });
    await send('entry.store', entry('1', '1', 'One'));
    await send('entry.store', entry('2', '2', 'Two'));
    await send('entry.store', entry('3', '3', 'Three'));
    await send('entry.update', entry('2', '22', 'Two-Renamed'));
    await send('entry.destroy', { prog_id: '5000', athlete_id: '3' });
    expect((await view()).entries.map((e) => [e.bib, e.name])).toEqual([
      ['1', 'A One'],
      ['22', 'A Two-Renamed'],
    ]);
    await send('timing.store', raceSnapshot(2));
    await send('results.store', { prog_id: '5000', results: [{ athlete_id: '102', athlete_first: 'Mara', athlete_last: 'Quillon', position: '1', total_time: '1:44:50' }] });
    expect((await view()).final).toBe(true);
    await send('results.destroy', { prog_id: '5000' });
    expect((await view()).final).toBe(false);
    await send('timing.destroy', { prog_id: '5000' });
    expect((await view()).positions).toEqual([]);
    await send('program.destroy', { prog_id: '5000' });
    expect((await get('/api/triathlon/programs/5000')).status).toBe(404);
    expect((await (await get('/api/triathlon/programs')).json()).programs).toEqual([]);
  });

  it('keeps the latest ranking per list with movements, whatever order publications arrive in', async () => {
    const publish = (date: string, order: string[]) =>
      send('ranking.publish', {
        ranking_id: '15',
        ranking_name: 'World Triathlon Championship Series Women',
        last_updated: date,
        rankings: order.map((name, i) => ({ rank: i + 1, athlete_id: name, athlete_first: name, athlete_last: 'X', athlete_noc: 'NED', total: String(3000 - i * 100) })),
      });
    await publish('2026-05-01 10:00:00', ['Ann', 'Bea', 'Cat']);
    await publish('2026-06-01 10:00:00', ['Bea', 'Cat', 'Ann', 'Dee']);
    // A retry of an older publication arriving late changes nothing; one between the two becomes "previous".
    await publish('2026-04-01 10:00:00', ['Cat', 'Ann', 'Bea']);
    await publish('2026-05-15 10:00:00', ['Cat', 'Bea', 'Ann']);
    const { rankings } = RankingListsSchema.parse(await (await get('/api/triathlon/rankings')).json());
    expect(rankings).toHaveLength(1);
    expect(rankings[0]).toMatchObject({ key: '15', publishedAt: '2026-06-01 10:00:00', previousPublishedAt: '2026-05-15 10:00:00' });
    expect(rankings[0]!.rows.map((r) => [r.rank, r.name, r.previousRank, r.movement, r.isNew])).toEqual([
      [1, 'Bea X', 2, 1, false],
      [2, 'Cat X', 1, -1, false],
      [3, 'Ann X', 3, 0, false],
      [4, 'Dee X', null, null, true],
    ]);
    expect((await feed('triathlon-rankings')).map((r) => [r['Rank.Text'], r['Move.Text']])).toEqual([
      ['1', '+1'],
      ['2', '-1'],
      ['3', ''],
      ['4', 'new'],
    ]);
  });

  it('rebuilds from the journal after a restart mid-race, then follows on', async () => {
    for (let upTo = 1; upTo <= 4; upTo++) await send('timing.store', raceSnapshot(upTo));
    await send('entry.store', { prog_id: '5000', athlete_id: '9', start_num: '9', athlete_last: 'Late' });
    await send('ranking.publish', { ranking_id: '1', last_updated: '2026-06-01 08:00:00', rankings: [{ rank: 1, athlete_id: 'a', athlete_last: 'Solo' }] });
    await send('timing.store', raceSnapshot(3, { progId: '5001', sandbox: true }));
    await fetch(`${server.url}/api/triathlon/programs/5001/on-air`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ allow: true }) });
    const before = await view();
    const rankingsBefore = await (await get('/api/triathlon/rankings')).json();
    await server.close();
    // As if an older build wrote the tables: the next start must rebuild them from the journal.
    const { Store } = await import('../../../../electron/core/store/store');
    const s = Store.open(dir.path);
    s.db.exec("DELETE FROM read_models; UPDATE triathlon_programs SET snapshot = NULL; DELETE FROM triathlon_entries; DELETE FROM triathlon_rankings;");
    s.close();
    server = await startBareServer(dir.path, { webhooks: { token: TOKEN } });
    expect({ ...(await view()), updatedAt: '' }).toEqual({ ...before, updatedAt: '' });
    expect(await (await get('/api/triathlon/rankings')).json()).toEqual(rankingsBefore);
    // The operator's choice is not in the journal and survives the rebuild.
    expect((await view('5001')).sandboxOnAir).toBe(true);
    await send('timing.store', raceSnapshot(5));
    expect((await view()).latestSegment).toBe('T2');
  });
});
