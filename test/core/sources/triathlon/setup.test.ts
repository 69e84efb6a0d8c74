/**
 * Setting World Triathlon up from the console, against a local stand-in of its API and webhook
 * sender (real HTTP on 127.0.0.1): subscriptions created once, pointing at this console's hook with
 * its token, listed and deleted; the stand-in then delivers through them; a followed program's
 * current state loaded over the API, and loaded again after a restart; a wrong key or no token
 * said plainly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowResultSchema, ProgramViewSchema, SubscriptionViewSchema, TriathlonSetupSchema } from '../../../../electron/core/model/triathlon';
import { TriathlonApiStandIn } from '../../../../electron/core/simulator/triathlon-api';
import { startBareServer, type BareServer } from '../../../helpers/bare-server';
import { tempDir } from '../../../helpers/temp-dir';
import { raceSnapshot } from '../../../helpers/triathlon';

const KEY = 'stand-in-api-key';
const TOKEN = 'console-hook-token';
let dir: ReturnType<typeof tempDir>;
let api: TriathlonApiStandIn;
let server: BareServer;
const start = (key = KEY, token: string | null = TOKEN) =>
  startBareServer(dir.path, { webhooks: { token: token ?? undefined }, triathlonApi: { base: api.url, key } });

beforeEach(async () => {
  dir = tempDir();
  api = await new TriathlonApiStandIn(KEY).start();
  server = await start();
});
afterEach(async () => {
  await server.close();
  await api.stop();
  dir.remove();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: res.status === 204 ? null : await res.json() };
};
const hookUrl = () => `${server.url}/hooks/triathlon`;

describe('World Triathlon set-up from the console', () => {
  it('creates the subscriptions it needs once, with its token, lists and deletes them; the sender then delivers through them', async () => {
    expect(TriathlonSetupSchema.parse((await call('GET', '/api/triathlon/setup')).json)).toMatchObject({ configured: true, tokenSet: true, subscriptions: [], error: null });
    const timing = await call('POST', '/api/triathlon/subscriptions', { kind: 'timing', hookUrl: hookUrl() });
    expect(timing.status).toBe(200);
    const created = SubscriptionViewSchema.parse(timing.json);
    expect(created).toMatchObject({ url: hookUrl(), ours: true, retries: 10, retriesDelay: 60 });
    expect(created.methods).toEqual(expect.arrayContaining(['timing.store', 'entry.destroy', 'program.destroy']));
    // Asked again: the same subscription, not a second one delivering everything twice.
    expect(SubscriptionViewSchema.parse((await call('POST', '/api/triathlon/subscriptions', { kind: 'timing', hookUrl: hookUrl() })).json).id).toBe(created.id);
    await call('POST', '/api/triathlon/subscriptions', { kind: 'rankings', hookUrl: hookUrl() });
    expect([...api.subscriptions.values()].map((s) => [s.subscription.includes('timing.store') ? 'timing' : s.subscription, s.token, s.url])).toEqual([
      ['timing', TOKEN, hookUrl()],
      ['ranking.publish', TOKEN, hookUrl()],
    ]);
    // Every call carried the key in the apikey header.
    expect(api.requests.every((r) => r.apikey === KEY)).toBe(true);

    // The stand-in sender delivers a race and a ranking through the subscriptions.
    for (let upTo = 1; upTo <= 3; upTo++) expect((await api.publish('timing.store', raceSnapshot(upTo)))[0]!.status).toBe(200);
    expect((await api.publish('ranking.publish', { ranking_id: '7', last_updated: '2026-06-01 09:00:00', rankings: [{ rank: 1, athlete_last: 'Solo' }] }))[0]!.status).toBe(200);
    expect(ProgramViewSchema.parse((await call('GET', '/api/triathlon/programs/5000')).json).latestSegment).toBe('Bike Lap 1');
    expect((await call('GET', '/api/triathlon/rankings')).json.rankings).toHaveLength(1);

    const listed = TriathlonSetupSchema.parse((await call('GET', '/api/triathlon/setup')).json).subscriptions;
    expect(listed.map((s) => s.id)).toHaveLength(2);
    expect((await call('DELETE', `/api/triathlon/subscriptions/${created.id}`)).status).toBe(204);
    expect([...api.subscriptions.keys()]).not.toContain(created.id);
    expect(await api.publish('timing.store', raceSnapshot(4))).toEqual([]);
  });

  it('loads a followed program over the API, and loads it again after a restart (what was missed meanwhile)', async () => {
    api.timing.set('5000', raceSnapshot(2));
    const followed = FollowResultSchema.parse((await call('POST', '/api/triathlon/follow', { progId: '5000' })).json);
    expect(followed).toEqual({ progId: '5000', loaded: true, changed: true, error: null });
    expect(ProgramViewSchema.parse((await call('GET', '/api/triathlon/programs/5000')).json).latestSegment).toBe('T1');
    // Journaled like a webhook, so a rebuild from the journal has it too.
    expect(server.store.journal.after(0, 10).map((r) => [r.source, r.channel, r.event, r.changed])).toEqual([['triathlon', 'api:live/timing', 'timing.store', true]]);

    // The console goes down; the race goes on; it comes back and loads what it missed.
    await server.close();
    api.timing.set('5000', raceSnapshot(5));
    server = await start();
    const reloaded = await server.triathlonSetup!.reloadFollowed();
    expect(reloaded).toEqual([{ progId: '5000', loaded: true, changed: true, error: null }]);
    expect(ProgramViewSchema.parse((await call('GET', '/api/triathlon/programs/5000')).json).latestSegment).toBe('T2');
    const setup = TriathlonSetupSchema.parse((await call('GET', '/api/triathlon/setup')).json);
    expect(setup.followed).toEqual([expect.objectContaining({ progId: '5000', loadError: null })]);
    // A program the API does not know: said, nothing changed.
    const missing = FollowResultSchema.parse((await call('POST', '/api/triathlon/follow', { progId: '404' })).json);
    expect(missing).toMatchObject({ loaded: false, error: expect.stringMatching(/404/) });
    expect((await call('DELETE', '/api/triathlon/follow/404')).status).toBe(204);
  });

  it('completes a ranking.publish that only names its ranking from the Rankings API, and shows movements', async () => {
    await call('POST', '/api/triathlon/subscriptions', { kind: 'rankings', hookUrl: hookUrl() });
    const list = (order: string[]) => ({
      ranking_id: '15',
      ranking_name: 'World Championship Series Women',
      rankings: order.map((n, i) => ({ rank: i + 1, athlete_id: n, athlete_first: n, athlete_last: 'X', athlete_noc: 'NED', total: String(900 - i * 50) })),
    });
    // The documented message: which ranking was published, and when; the list is the API's.
    const published = (date: string) => ({ ranking_id: '15', category: 'Elite Women', type: 'World Triathlon Series', last_updated: date });
    api.rankings.set('15', list(['Ann', 'Bea', 'Cat']));
    await api.publish('ranking.publish', published('2026-05-01 10:00:00'));
    const rankings = async () => (await call('GET', '/api/triathlon/rankings')).json.rankings as { publishedAt: string; rows: { name: string; movement: number | null }[] }[];
    await expect.poll(async () => (await rankings())[0]?.rows.length, { timeout: 5_000 }).toBe(3);
    api.rankings.set('15', list(['Bea', 'Ann', 'Cat']));
    await api.publish('ranking.publish', published('2026-06-01 10:00:00'));
    await expect.poll(async () => (await rankings())[0]?.rows.map((r) => [r.name, r.movement]), { timeout: 5_000 }).toEqual([
      ['Bea X', 1],
      ['Ann X', -1],
      ['Cat X', 0],
    ]);
    expect((await rankings())[0]!.publishedAt).toBe('2026-06-01 10:00:00');
    expect(server.store.journal.after(0, 50).filter((r) => r.channel === 'api:rankings')).toHaveLength(2);
  });

  it('says what to do when the key is wrong or no token is set', async () => {
    await server.close();
    server = await start('wrong-key');
    const setup = TriathlonSetupSchema.parse((await call('GET', '/api/triathlon/setup')).json);
    expect(setup.error).toMatch(/401.*check the API key/);
    const refused = await call('POST', '/api/triathlon/subscriptions', { kind: 'timing', hookUrl: hookUrl() });
    expect(refused.status).toBe(502);
    await server.close();
    server = await start(KEY, null);
    const noToken = await call('POST', '/api/triathlon/subscriptions', { kind: 'timing', hookUrl: hookUrl() });
    expect(noToken.status).toBe(409);
    expect(noToken.json.error).toMatch(/webhook token/);
    expect(api.subscriptions.size).toBe(0);
    expect((await call('POST', '/api/triathlon/subscriptions', { kind: 'timing', hookUrl: 'javascript:alert(1)' })).status).toBe(400);
  });
});
