/**
 * A fictional meet that is hard to put on air: 40+ character names with hyphens and accents, a
 * 2,000-character name, ties (for first and further down), times split by the thousandth,
 * wind-aided marks, and a relay with its runners. Every graphic's data is built by the core's own
 * code (CompetitionSchema, computeStandings, graphic-data) from OpenTrack-shaped JSON.
 */
import { CompetitionSchema, UnitSchema, type Competition, type LatestAttempt } from '../../electron/core/model/opentrack';
import { computeStandings, peopleFrom, rulesFor, type People } from '../../electron/core/views/standings/standings';
import type { FeedUnit } from '../../electron/core/views/feeds/data-feeds';
import { attemptData, nextUpData, tableData, winnerData } from '../../electron/core/outputs/graphics/graphic-data';
import type { GraphicData } from '../../electron/core/model/graphics';

export const LONG_NAME = { first: 'Marie-Louise', last: 'Vestergaard-Kristiansen', team: 'Sportsklubben Vidar Friidrettsgruppe' };
export const HUGE_NAME = `Ingeborg-${'Å'.repeat(3)}${'Skjærstadvågen-Hølmebakk '.repeat(80)}`.slice(0, 2_000);

const athletes: [string, string, string, string, string][] = [
  // bib, first, last, team, nationality
  ['101', LONG_NAME.first, LONG_NAME.last, LONG_NAME.team, 'NOR'],
  ['102', 'Åsmund Øvergård', 'Bjørnstad-Håkonsen-Lie', 'Idrettslaget Tyrving Friidrett Bærum', 'NOR'],
  ['103', 'Zoë Ñúñez-Đorđević', 'de la Cruz Sánchez-Villalobos', 'Club Atletismo Valencia Terra i Mar', 'ESP'],
  ['104', 'Jean-Baptiste', 'Lefèvre-Dubois', 'Racing Club de France Athlétisme', 'FRA'],
  ['105', 'Ingeborg', HUGE_NAME, 'Friidrettsklubben Orion', 'SWE'],
  ['106', 'Kai', 'Ngata', 'Auckland City Athletics', 'NZL'],
  ['107', 'Ola', 'Nordmann', 'IL Gneist', 'NOR'],
  ['108', 'Anna', 'Schmidt-Müller', 'LG Eintracht Frankfurt', 'GER'],
  ['109', 'Lukas', 'Brunner', 'LC Zürich', 'SUI'],
  ['110', 'Tessa', 'Unknownland', 'Nowhere AC', 'XYZ'],
];

const RELAY_RUNNERS = ['Marie-Louise Vestergaard-Kristiansen', 'Åsmund Øvergård Bjørnstad-Håkonsen-Lie', 'Ola Nordmann', 'Ingeborg Skjærstadvågen'];

function unit<T extends { eventId: string; eventCode: string; eventName: string }>(u: T) {
  return { round: 1, heat: 1, day: 1, roundName: 'Final', heatName: 'None', status: 'finished', resultsStatus: 'official', ...u };
}

/** 100m: 10.34 and 10.34 split by the photo (10.335, 10.338), a shared 4th, wind +2.4 (aided). */
const sprint = unit({
  eventId: 'T01', eventCode: '100', eventName: 'Men 100m', windAssistance: '+2.4', scheduledStartTime: '17:10',
  results: [
    { bib: '101', lane: 1, place: 1, performance: '10.34', rawTime: '10.335', note: 'PB' },
    { bib: '102', lane: 2, place: 2, performance: '10.34', rawTime: '10.338', note: 'SB' },
    { bib: '103', lane: 3, place: 3, performance: '10.40', rawTime: '10.396', note: 'NR' },
    { bib: '104', lane: 4, place: 4, performance: '10.52', rawTime: '10.517', note: 'MR' },
    { bib: '105', lane: 5, place: 4, performance: '10.52', rawTime: '10.517', note: '=PB WL' },
    { bib: '106', lane: 6, place: 6, performance: '10.61', rawTime: '10.606' },
    { bib: '107', lane: 7, place: 7, performance: '10.75', rawTime: '10.741' },
    { bib: '108', lane: 8, performance: 'DNF' },
  ],
});

/** 200m: a dead heat for first (same time, same photo). */
const deadHeat = unit({
  eventId: 'T02', eventCode: '200', eventName: 'Women 200m', roundName: 'Final', heatName: 'Final', windAssistance: '+1.1', scheduledStartTime: '17:40',
  results: [
    { bib: '105', lane: 4, place: 1, performance: '22.91', rawTime: '22.904' },
    { bib: '101', lane: 5, place: 1, performance: '22.91', rawTime: '22.904', note: 'PB' },
    { bib: '103', lane: 6, place: 3, performance: '23.20', rawTime: '23.196' },
  ],
});

/** Long jump: six rounds, the best of some wind-aided. */
const longJump = unit({
  eventId: 'F01', eventCode: 'LJ', eventName: 'Women Long Jump', heatName: 'Pool 1', status: 'in progress', resultsStatus: '', scheduledStartTime: '17:00',
  results: athletes.slice(0, 8).map(([bib], i) => ({ bib, order: i + 1 })),
  trials: athletes.slice(0, 8).flatMap(([bib], i) =>
    [1, 2, 3, 4, 5, 6].map((round) => ({
      bib,
      round,
      result: round === 2 ? 'x' : (6.2 + i * 0.07 + round * 0.01).toFixed(2),
      wind: round === 6 ? 2.6 : round === 1 ? -0.4 : 1.3,
    })),
  ),
});

const highJump = unit({
  eventId: 'F02', eventCode: 'HJ', eventName: 'Men High Jump', heatName: 'Pool 1', status: 'in progress', resultsStatus: '', scheduledStartTime: '17:20',
  results: athletes.slice(0, 6).map(([bib], i) => ({ bib, order: i + 1 })),
  trials: athletes.slice(0, 6).flatMap(([bib], i) => [
    { bib, height: '2.10', result: 'o' },
    { bib, height: '2.15', result: i % 2 ? 'x' : 'o' },
    ...(i % 2 ? [{ bib, height: '2.15', result: 'o' }] : []),
    { bib, height: '2.19', result: 'x' },
    ...(i < 3 ? [{ bib, height: '2.19', result: 'x' }, { bib, height: '2.19', result: 'o' }] : []),
  ]),
});

const relay = unit({
  eventId: 'T06', eventCode: '4x100', eventName: 'Women 4x100m Relay', windAssistance: '', scheduledStartTime: '18:25',
  results: [
    { bib: 'R1', lane: 4, place: 1, performance: '43.91', note: 'MR' },
    { bib: 'R2', lane: 5, place: 2, performance: '44.37' },
    { bib: 'R3', lane: 6, place: 3, performance: '45.02' },
  ],
});

const startList = unit({
  eventId: 'T07', eventCode: '400', eventName: 'Men 400m', roundName: 'Round 1', heatName: 'Heat 2', status: 'scheduled', resultsStatus: '', scheduledStartTime: '18:40',
  results: athletes.slice(2, 10).map(([bib], i) => ({ bib, lane: i + 1 })),
});

const rawUnits = [sprint, deadHeat, longJump, highJump, relay, startList];

export const BROADCAST_COMPETITION = {
  id: 'broadcast-test', fullName: 'Broadcast Test Games',
  competitors: athletes.map(([bib, firstName, lastName, teamName, nationality]) => ({
    competitorId: bib, bib, firstName, lastName, teamName, nationality,
    eventsEntered: [{ eventId: 'T07', pb: '45.12', sb: '46.30' }],
  })),
  relayTeams: [
    { bib: 'R1', name: LONG_NAME.team, runnerNames: RELAY_RUNNERS },
    { bib: 'R2', name: 'Idrettslaget Tyrving Friidrett Bærum', runnerNames: ['Kai Ngata', 'Anna Schmidt-Müller', 'Lukas Brunner', 'Tessa Unknownland'] },
    { bib: 'R3', name: 'IL Gneist', runnerNames: [] },
  ],
  events: rawUnits.map((u) => ({ eventId: u.eventId, eventCode: u.eventCode, name: u.eventName, day: 1, units: [u] })),
};

/** The meet's units as the graphics see them, through the core's standings. */
export function broadcastUnits(raw: Record<string, unknown> = BROADCAST_COMPETITION): { units: FeedUnit[]; people: People; competition: Competition } {
  const competition = CompetitionSchema.parse(raw);
  const people = peopleFrom(competition);
  const units: FeedUnit[] = [];
  let seq = 0;
  for (const event of competition.events) {
    for (const listed of event.units) {
      const u = UnitSchema.parse(listed);
      seq++;
      units.push({
        eventId: String(u.eventId), round: Number(u.round), heat: Number(u.heat),
        eventCode: event.eventCode ?? u.eventCode ?? null, eventName: event.name ?? u.eventName ?? null,
        roundName: u.roundName ?? null, heatName: u.heatName ?? null, day: u.day ?? null,
        scheduledStartTime: u.scheduledStartTime ?? null, status: u.status ?? null, resultsStatus: u.resultsStatus ?? null,
        changedAt: seq, seq, standings: computeStandings(u, people, rulesFor(event)),
      });
    }
  }
  return { units, people, competition };
}

export const find = (units: FeedUnit[], eventId: string) => units.find((u) => u.eventId === eventId)!;

/** Every graphic's data for this meet: what a test puts on air with `update {data}`. */
export function broadcastGraphics(raw?: Record<string, unknown>): Record<string, GraphicData> {
  const { units, people } = broadcastUnits(raw);
  const attempt: LatestAttempt = { event_code: 'LJ', bib: '105', round: 6, result: '6.63', wind: 2.6, athlete_name: `Ingeborg ${HUGE_NAME}` } as LatestAttempt;
  return {
    winner: winnerData(find(units, 'T02'), undefined, people, units)!,
    attempt: attemptData(attempt, units, people),
    'race-results': tableData('race-results', find(units, 'T01'), 1, people, units),
    'field-standings': tableData('field-standings', find(units, 'F01'), 1, people, units),
    'start-list': tableData('start-list', find(units, 'T07'), 1, people, units),
    'next-up': nextUpData(find(units, 'T07'), people, units),
    'field-standings-vertical': tableData('field-standings', find(units, 'F02'), 1, people, units),
    'race-results-relay': tableData('race-results', find(units, 'T06'), 1, people, units),
    'winner-relay': winnerData(find(units, 'T06'), undefined, people, units)!,
  };
}

/**
 * Every graphic's data from a real meet: its biggest race, jump or throw and height event, each
 * the way the core would put it on air.
 */
export function realMeetGraphics(raw: Record<string, unknown>): Record<string, GraphicData> {
  const { units, people } = broadcastUnits(raw);
  const most = (kind: string, count: (u: FeedUnit) => number) =>
    units.filter((u) => u.standings.kind === kind).sort((a, b) => count(b) - count(a))[0];
  const placed = (u: FeedUnit) => u.standings.standings.filter((s) => s.place !== null).length;
  const race = most('track', placed)!;
  const field = most('horizontal', (u) => u.standings.standings.reduce((n, s) => n + s.attempts.length, 0)) ?? race;
  const vertical = most('vertical', placed) ?? field;
  const jumper = field.standings.standings.find((s) => s.attempts.length > 0);
  const attempt = {
    event_code: field.eventCode ?? '', bib: jumper?.bib ?? '0', round: jumper?.attempts.length ?? 1,
    result: jumper?.attempts[jumper.attempts.length - 1]?.result ?? 'x',
  } as LatestAttempt;
  return {
    winner: winnerData(race, undefined, people, units)!,
    attempt: attemptData(attempt, units, people),
    'race-results': tableData('race-results', race, 1, people, units),
    'field-standings': tableData('field-standings', field, 1, people, units),
    'start-list': tableData('start-list', race, 1, people, units),
    'next-up': nextUpData(race, people, units),
    'field-standings-vertical': tableData('field-standings', vertical, 1, people, units),
  };
}
