import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenTrackStandIn } from '../../../electron/core/simulator/opentrack-http';
import { FIXTURE_PATH, fixtureCompetition, sprintResults, sprintUnit } from '../../helpers/fixtures';

let standIn: OpenTrackStandIn;
beforeEach(async () => {
  standIn = new OpenTrackStandIn({ competitionPath: FIXTURE_PATH, competition: fixtureCompetition() });
  await standIn.start();
});
afterEach(() => standIn.stop());

describe('OpenTrack HTTP stand-in', () => {
  it('serves the competition and each unit at OpenTrack paths, with or without a language prefix', async () => {
    const competition = await (await fetch(`${standIn.competitionUrl}json/`)).json();
    expect(competition.fullName).toBe('Spine Test Meet');
    for (const prefix of ['', '/en-gb']) {
      const res = await fetch(`${standIn.baseUrl}${prefix}${FIXTURE_PATH}event/T01/1/1/json/`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(sprintUnit());
    }
    expect((await fetch(`${standIn.competitionUrl}event/T09/1/1/json/`)).status).toBe(404);
  });

  it('serves changed units in both places, and answers 304 to a current ETag', async () => {
    const first = await fetch(`${standIn.competitionUrl}event/T01/1/1/json/`);
    const etag = first.headers.get('etag')!;
    expect((await fetch(`${standIn.competitionUrl}event/T01/1/1/json/`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    standIn.setUnit(sprintResults());
    const changed = await fetch(`${standIn.competitionUrl}event/T01/1/1/json/`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual(sprintResults());
    const competition = await (await fetch(`${standIn.competitionUrl}json/`)).json();
    expect(competition.events.find((e: { eventId: string }) => e.eventId === 'T01').units[0]).toEqual(sprintResults());
  });

  it('fails on purpose when asked, and counts requests per path', async () => {
    standIn.failNext(2, 503);
    const url = `${standIn.competitionUrl}json/`;
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(200);
    expect(standIn.requestCount.get(`${FIXTURE_PATH}json/`)).toBe(3);
  });
});
