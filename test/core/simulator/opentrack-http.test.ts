import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenTrackStandIn } from '../../../electron/core/simulator/opentrack-http';
import { createDemoRecording } from '../../../electron/core/simulator/demo/meet';
import { FIXTURE_PATH, fixtureCompetition, longJumpUnit, sprintResults, sprintUnit } from '../../helpers/fixtures';

let standIn: OpenTrackStandIn;
beforeEach(async () => {
  standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition() });
  await standIn.start();
});
afterEach(() => standIn.stop());

const unitUrl = (eventId: string, round: number, heat: number, prefix = '') => `${standIn.baseUrl}${prefix}${FIXTURE_PATH}event/${eventId}/${round}/${heat}/json/`;

describe('OpenTrack HTTP stand-in', () => {
  it('listens on a free port of 127.0.0.1 and names its URLs', () => {
    expect(standIn.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standIn.baseUrl.endsWith(':0')).toBe(false);
    expect(standIn.competitionUrl).toBe(`${standIn.baseUrl}${FIXTURE_PATH}`);
  });

  it('serves the competition and each unit at OpenTrack paths, with or without a language prefix', async () => {
    for (const prefix of ['', '/en-gb']) {
      const competition = await fetch(`${standIn.baseUrl}${prefix}${FIXTURE_PATH}json/`);
      expect(competition.status).toBe(200);
      expect(competition.headers.get('content-type')).toMatch(/^application\/json/);
      expect(competition.headers.get('cache-control')).toBe('no-cache');
      expect((await competition.json()).fullName).toBe('Spine Test Meet');
      const unit = await fetch(unitUrl('T01', 1, 1, prefix));
      expect(unit.status).toBe(200);
      expect(await unit.json()).toEqual(sprintUnit());
    }
    expect(await (await fetch(unitUrl('F01', 1, 1))).json()).toEqual(longJumpUnit());
  });

  it('answers 404 with a JSON error for a unit it does not have', async () => {
    for (const url of [unitUrl('T09', 1, 1), unitUrl('T01', 2, 1), unitUrl('T01', 1, 7, '/en-gb')]) {
      const res = await fetch(url);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: expect.any(String) });
    }
  });

  it('serves changed units in both places, and answers 304 to a current ETag', async () => {
    const first = await fetch(unitUrl('T01', 1, 1));
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await fetch(unitUrl('T01', 1, 1), { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    standIn.setUnit(sprintResults());
    const changed = await fetch(unitUrl('T01', 1, 1), { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.json()).toEqual(sprintResults());
    const competition = await (await fetch(`${standIn.competitionUrl}json/`)).json();
    expect(competition.events.find((e: { eventId: string }) => e.eventId === 'T01').units).toEqual([sprintResults()]);
    expect(standIn.getUnit({ eventId: 'T01', round: 1, heat: 1 })).toEqual(sprintResults());
  });

  it('gives the competition JSON its own ETag, which changes when a unit does', async () => {
    const url = `${standIn.competitionUrl}json/`;
    const etag = (await fetch(url)).headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    standIn.setUnit(sprintResults());
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(200);
  });

  it('adds a new unit to its event, and a new event when needed', async () => {
    const final = sprintUnit({ round: 2, heat: 1, roundName: 'Final' });
    const other = { ...longJumpUnit(), eventId: 'F09' };
    standIn.setUnit(final);
    standIn.setUnit(other);
    expect(await (await fetch(unitUrl('T01', 2, 1))).json()).toEqual(final);
    const competition = await (await fetch(`${standIn.competitionUrl}json/`)).json();
    const units = (id: string) => competition.events.find((e: { eventId: string }) => e.eventId === id).units;
    expect(units('T01')).toEqual([sprintUnit(), final]);
    expect(units('F09')).toEqual([other]);
    expect(standIn.units().map((u) => `${u.eventId}/${u.round}/${u.heat}`).sort()).toEqual(['F01/1/1', 'F09/1/1', 'T01/1/1', 'T01/2/1']);
  });

  it('keeps its own copies: changing an object after setUnit changes nothing served', async () => {
    const unit = sprintResults();
    standIn.setUnit(unit);
    unit.status = 'tampered';
    expect((await (await fetch(unitUrl('T01', 1, 1))).json()).status).toBe('finished');
  });

  it('fails on purpose when asked, and counts requests per path', async () => {
    standIn.failNext(2, 503);
    const url = `${standIn.competitionUrl}json/`;
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(200);
    await fetch(unitUrl('T01', 1, 1));
    await fetch(`${unitUrl('T01', 1, 1)}?t=1`);
    expect(standIn.requestCount.get(`${FIXTURE_PATH}json/`)).toBe(3);
    expect(standIn.requestCount.get(`${FIXTURE_PATH}event/T01/1/1/json/`)).toBe(2);
  });

  it('comes back on the same port after stop()', async () => {
    const before = standIn.baseUrl;
    await standIn.stop();
    await expect(fetch(`${before}${FIXTURE_PATH}json/`)).rejects.toThrow();
    const again = await standIn.start();
    expect(standIn.baseUrl).toBe(before);
    expect(`http://${again.host}:${again.port}`).toBe(before);
    expect((await fetch(`${standIn.competitionUrl}json/`)).status).toBe(200);
  });

  it('serves the demo meet as recorded at time 0', async () => {
    await standIn.stop();
    const demo = createDemoRecording();
    standIn = new OpenTrackStandIn({ competitionPath: demo.competitionPath, competition: demo.competition });
    await standIn.start();
    expect(await (await fetch(`${standIn.competitionUrl}json/`)).json()).toEqual(demo.competition);
    const res = await fetch(`${standIn.baseUrl}/en-gb${demo.competitionPath}event/F05/1/1/json/`);
    expect((await res.json()).eventCode).toBe('HJ');
  });
});
