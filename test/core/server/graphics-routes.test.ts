/**
 * The graphics control API over real HTTP: what a Stream Deck, Companion or a second output sees.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphicStateSchema, GraphicsSnapshotSchema } from '../../../electron/core/model/graphics';
import { Ingest } from '../../../electron/core/ingest/ingest';
import { startBareServer, type BareServer } from '../../helpers/bare-server';
import { fixtureCompetition, longJumpUnit, sprintResults } from '../../helpers/fixtures';
import { openSse } from '../../helpers/sse';
import { tempDir } from '../../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
let server: BareServer;

beforeEach(async () => {
  dir = tempDir();
  server = await startBareServer(dir.path);
  const ingest = new Ingest(server.store, server.bus, undefined, () => {});
  ingest.receive({ source: 'opentrack-http', channel: 'c', event: 'competition', raw: JSON.stringify(fixtureCompetition([sprintResults(), longJumpUnit()])), competition: 'test-competition' });
});
afterEach(async () => {
  await server.close();
  dir.remove();
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('/api/graphics', () => {
  it('lists every graphic with id, name and onAir', async () => {
    const list = GraphicStateSchema.array().parse(await (await call('GET', '/api/graphics')).json());
    expect(list.map((g) => g.id)).toEqual([
      'winner', 'attempt', 'field-standings', 'race-results', 'start-list', 'next-up',
      'team-scores', 'medals', 'combined-standings', 'triathlon-race', 'triathlon-rankings', 'trackscore-leaderboard',
    ]);
    expect(list.every((g) => g.onAir === false && g.name.length > 0)).toBe(true);
  });

  it('takes and clears with POST and with plain GET trigger URLs', async () => {
    const shown = GraphicStateSchema.parse(await (await call('POST', '/api/graphics/race-results/show', { unit: 'T01/1/1' })).json());
    expect(shown).toMatchObject({ onAir: true, unit: { eventId: 'T01', round: 1, heat: 1 }, data: { kind: 'table', title: 'Men 100m — Results' } });
    const toggled = await call('GET', '/api/graphics/race-results/toggle');
    expect(toggled.headers.get('cache-control')).toBe('no-store');
    expect(GraphicStateSchema.parse(await toggled.json()).onAir).toBe(false);
    expect((await (await call('GET', '/api/graphics/winner/show?unit=T01/1/1&seconds=30')).json()).hideAt).not.toBeNull();
    const all = GraphicStateSchema.array().parse(await (await call('GET', '/api/graphics/hide-all')).json());
    expect(all.some((g) => g.onAir)).toBe(false);
  });

  it('answers 404 for an unknown graphic, 400 for a bad unit, 409 when there is nothing to show', async () => {
    expect((await call('POST', '/api/graphics/scoreboard/show', {})).status).toBe(404);
    const bad = await call('POST', '/api/graphics/race-results/show', { unit: 'T01' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/F01\/1\/1/);
    expect((await call('POST', '/api/graphics/attempt/show', {})).status).toBe(409);
  });

  it('streams a snapshot first, then each change, and a second output gets the same snapshot', async () => {
    await call('POST', '/api/graphics/mode', { mode: 'manual' });
    const first = await openSse(`${server.url}/api/graphics/stream`);
    const snap = await first.waitFor((e) => e.event === 'snapshot');
    expect(GraphicsSnapshotSchema.parse(JSON.parse(snap.data)).mode).toBe('manual');
    await call('POST', '/api/graphics/winner/show', { unit: 'T01/1/1' });
    const change = GraphicStateSchema.parse(JSON.parse((await first.waitFor((e) => e.event === 'graphic')).data));
    expect(change).toMatchObject({ id: 'winner', onAir: true });
    const second = await openSse(`${server.url}/api/graphics/stream`);
    const again = GraphicsSnapshotSchema.parse(JSON.parse((await second.waitFor((e) => e.event === 'snapshot')).data));
    expect(again.graphics.find((g) => g.id === 'winner')).toMatchObject({ onAir: true, revision: change.revision, data: change.data });
    first.close();
    second.close();
  });
});
