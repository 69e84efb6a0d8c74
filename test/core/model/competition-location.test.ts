import { describe, expect, it } from 'vitest';
import {
  channelRoot,
  competitionJsonUrl,
  overviewChannel,
  parseCompetitionLocation,
  unitChannel,
  unitJsonUrl,
  unitKeyFromChannel,
} from '../../../electron/core/model/competition-location';

const BASE = 'https://data.opentrack.run';

describe('competition URLs and Pusher channel names (SPEC §3)', () => {
  it.each([
    ['https://data.opentrack.run/en-gb/x/2021/GBR/varsity-athletics/', 'x-2021-GBR-varsity-athletics'],
    ['https://data.opentrack.run/x/2021/GBR/varsity-athletics', 'x-2021-GBR-varsity-athletics'],
    ['https://norway.opentrack.run/nb/x/2025/NOR/ser4/json/', 'x-2025-NOR-ser4'],
    ['/x/2025/NOR/ser4/', 'x-2025-NOR-ser4'],
    ['x/2025/NOR/ser4', 'x-2025-NOR-ser4'],
    ['https://data.opentrack.run/x/2025/NOR/ser4/event/F01/1/1/', 'x-2025-NOR-ser4'],
  ])('%s → %s', (input, root) => {
    expect(channelRoot(parseCompetitionLocation(input, BASE).path)).toBe(root);
  });

  it('names the overview and unit channels exactly as OpenTrack does', () => {
    const { path } = parseCompetitionLocation('https://data.opentrack.run/en-gb/x/2021/GBR/varsity-athletics/', BASE);
    expect(overviewChannel(path)).toBe('x-2021-GBR-varsity-athletics-overview');
    expect(unitChannel(path, { eventId: '14', round: 1, heat: 1 })).toBe('x-2021-GBR-varsity-athletics-overview-14-1-1');
  });

  it('reads the unit back from a channel name, even when the eventId contains a dash', () => {
    const path = '/x/2021/GBR/varsity-athletics/';
    expect(unitKeyFromChannel(path, 'x-2021-GBR-varsity-athletics-overview-T-01-2-3')).toEqual({ eventId: 'T-01', round: 2, heat: 3 });
    expect(unitKeyFromChannel(path, 'x-2021-GBR-varsity-athletics-overview')).toBeNull();
    expect(unitKeyFromChannel(path, 'x-2022-GBR-other-overview-14-1-1')).toBeNull();
  });

  it('builds the JSON URLs under the language prefix the user gave', () => {
    const loc = parseCompetitionLocation('https://norway.opentrack.run/en-gb/x/2025/NOR/ser4/', BASE);
    expect(competitionJsonUrl(loc)).toBe('https://norway.opentrack.run/en-gb/x/2025/NOR/ser4/json/');
    expect(unitJsonUrl(loc, { eventId: 'F03', round: 1, heat: 2 })).toBe(
      'https://norway.opentrack.run/en-gb/x/2025/NOR/ser4/event/F03/1/2/json/',
    );
  });

  it('refuses URLs that are not a competition', () => {
    expect(() => parseCompetitionLocation('https://data.opentrack.run/en-gb/', BASE)).toThrow(/\/x\//);
    expect(() => parseCompetitionLocation('https://data.opentrack.run/x/', BASE)).toThrow();
  });
});
