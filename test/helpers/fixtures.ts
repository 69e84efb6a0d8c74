/**
 * A small fictional competition in OpenTrack's shape, for integration tests that need to change
 * units at will. (Real-data checks read ../shared/samples instead.)
 */
export const FIXTURE_PATH = '/x/2026/TST/spine-test/';

export type UnitJson = Record<string, unknown> & { eventId: string; round: number; heat: number };

export function sprintUnit(extra: Partial<UnitJson> = {}): UnitJson {
  return {
    eventId: 'T01', eventCode: '100', eventName: 'Men 100m', round: 1, heat: 1, roundName: 'Final', heatName: 'Final',
    day: 1, scheduledStartTime: '17:10', status: 'scheduled', resultsStatus: '', windAssistance: '',
    dateModified: '2026-06-01 17:00:00',
    results: [
      { bib: '11', lane: 4, order: 1 },
      { bib: '12', lane: 5, order: 2 },
      { bib: '13', lane: 6, order: 3 },
    ],
    ...extra,
  };
}

export function sprintResults(): UnitJson {
  return sprintUnit({
    status: 'finished', resultsStatus: 'provisional', windAssistance: '+1.2', dateModified: '2026-06-01 17:12:00',
    results: [
      { bib: '12', lane: 5, place: 1, performance: '10.41' },
      { bib: '11', lane: 4, place: 2, performance: '10.55' },
      { bib: '13', lane: 6, performance: 'DNF' },
    ],
  });
}

export function longJumpUnit(trials: { bib: string; round: number; result: string; wind?: number }[] = []): UnitJson {
  return {
    eventId: 'F01', eventCode: 'LJ', eventName: 'Women Long Jump', round: 1, heat: 1, roundName: 'Final', heatName: 'Pool 1',
    day: 1, scheduledStartTime: '17:00', status: trials.length ? 'in progress' : 'scheduled', resultsStatus: '',
    results: [{ bib: '21', order: 1 }, { bib: '22', order: 2 }],
    trials,
  };
}

export function fixtureCompetition(units: UnitJson[] = [sprintUnit(), longJumpUnit()]): Record<string, unknown> {
  const byEvent = new Map<string, UnitJson[]>();
  for (const u of units) byEvent.set(u.eventId, [...(byEvent.get(u.eventId) ?? []), u]);
  return {
    id: 'fixture-0001', slug: 'spine-test', fullName: 'Spine Test Meet', date: '2026-06-01', finishDate: '2026-06-01',
    year: 2026, country: 'TST', type: 'TRACK', venue: { formalName: 'Test Stadium' },
    competitors: [
      { competitorId: '11', firstName: 'Ari', lastName: 'Fictus', teamName: 'Harbour AC' },
      { competitorId: '12', firstName: 'Bo', lastName: 'Placeholder', teamName: 'Ridge Harriers' },
      { competitorId: '13', firstName: 'Cy', lastName: 'Sample', teamName: 'Harbour AC' },
      { competitorId: '21', firstName: 'Dee', lastName: 'Example', teamName: 'Vale AC' },
      { competitorId: '22', firstName: 'Eve', lastName: 'Mockly', teamName: 'Ridge Harriers' },
    ],
    events: [...byEvent.entries()].map(([eventId, us]) => ({
      eventId, eventCode: us[0]!.eventCode, name: us[0]!.eventName, day: 1, rounds: '1', units: us,
    })),
    relayTeams: [],
    teams: [],
  };
}

/**
 * Command-line arguments for a console that follows the local simulators: the OpenTrack stand-in
 * at `competitionPath` and the local Pusher-protocol server, on any free port.
 */
export function localSourceArgs(opts: { standInUrl: string; competitionPath: string; pusherPort: number; key: string; dataDir: string }): string[] {
  return [
    '--competition', `${opts.standInUrl}${opts.competitionPath}`,
    '--pusher-key', opts.key, '--pusher-host', '127.0.0.1', '--pusher-port', String(opts.pusherPort), '--pusher-tls', 'false',
    '--data-dir', opts.dataDir, '--port', '0',
  ];
}
