/**
 * A fictional meet with known team scores and medals: a tie for 2nd in the 100 m, a 400 m timed
 * final over two heats, a long jump with a no-mark, a 200 m final not yet run and a relay.
 */
export const FINISHED = { status: 'finished', resultsStatus: 'official' };
const track = (eventId: string, eventCode: string, round: number, heat: number, results: [string, string][], extra: object = FINISHED) => ({
  eventId, eventCode, round, heat, ...extra, results: results.map(([bib, performance], i) => ({ bib, lane: i + 1, performance })),
});

export function teamMeet(): Record<string, unknown> & { events: Record<string, unknown>[] } {
  return {
    id: 'teams-0001', slug: 'team-test', fullName: 'Team Test Meet', date: '2026-06-01', year: 2026, country: 'TST', type: 'TRACK',
    competitors: [
      { competitorId: '1', firstName: 'Ari', lastName: 'Fictus', teamName: 'Harbour AC', nationality: 'NOR' },
      { competitorId: '2', firstName: 'Bo', lastName: 'Placeholder', teamName: 'Ridge Harriers', nationality: 'SWE' },
      { competitorId: '3', firstName: 'Cy', lastName: 'Sample', teamName: 'Harbour AC', nationality: 'NOR' },
      { competitorId: '4', firstName: 'Dee', lastName: 'Example', teamName: 'Vale AC', nationality: 'DEN' },
      { competitorId: '5', firstName: 'Eve', lastName: 'Unattached' },
    ],
    relayTeams: [{ bib: 'RA', name: 'Harbour AC' }, { bib: 'RB', name: 'Ridge Harriers' }],
    events: [
      { eventId: 'T1', eventCode: '100', units: [track('T1', '100', 1, 1, [['1', '10.40'], ['2', '10.50'], ['3', '10.50'], ['4', '10.60'], ['5', '10.70']])] },
      {
        eventId: 'T2', eventCode: '400', units: [
          track('T2', '400', 1, 1, [['1', '50.00'], ['2', '51.00']]),
          track('T2', '400', 1, 2, [['4', '49.50'], ['3', '52.00']]),
        ],
      },
      {
        eventId: 'F1', eventCode: 'LJ', units: [{
          eventId: 'F1', eventCode: 'LJ', round: 1, heat: 1, ...FINISHED, results: [{ bib: '2' }, { bib: '4' }, { bib: '1' }],
          trials: [{ bib: '2', round: 1, result: '6.00' }, { bib: '4', round: 1, result: '5.90' }, ...['x', 'x', 'x'].map((result, i) => ({ bib: '1', round: i + 1, result }))],
        }],
      },
      {
        eventId: 'T3', eventCode: '200', units: [
          track('T3', '200', 1, 1, [['1', '21.00'], ['2', '21.50']]),
          track('T3', '200', 2, 1, [['1', ''], ['2', '']], { status: 'scheduled' }),
        ],
      },
      { eventId: 'R1', eventCode: '4x100', units: [track('R1', '4x100', 1, 1, [['RA', '41.00'], ['RB', '41.50']])] },
    ],
  };
}

