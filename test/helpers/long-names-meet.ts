/**
 * A fictional meet built to stress the dashboard's layout: names of 40+ characters, hyphenated
 * and accented, long club and relay names, a wind-aided sprint whose places hang on the
 * thousandths, a 1500 m without lanes, field events in progress (the cut applied, a pole vault
 * deep into its heights with a tie) and finished. Every person in it is invented.
 */
import { fixtureCompetition, type UnitJson } from './fixtures';

const FIRST = ['Maximiliane-Théodora', 'Jean-Baptiste-Étienne', 'Anna-Björg Þórunn', 'Zoë-Aurélie', 'Łukasz-Ignacy', 'Søren-Frederik', 'María-José Inmaculada', 'Özlem-Gülşen', 'Nnamdi-Chukwuemeka', 'Ólafur-Ragnar', 'Kateřina-Bohumila', 'Pierre-Alexandre-Hugues'];
const LAST = ['von Württemberg-Oberndorff', 'de La Rochefoucauld-Montmorency', 'Guðmundsdóttir-Hallgrímsson', 'Castellanos-Villafañe y Peña', 'Wróblewski-Szczepańczyk', 'Kierkegaard-Østergaard', 'Fernández de Córdoba-Saavedra', 'Karaosmanoğlu-Yıldırım', 'Okonkwo-Adebayo-Nwachukwu', 'Sigurðsson-Þorvaldsson', 'Dvořáková-Procházková', 'Saint-Exupéry-Beaumarchais'];
const CLUBS = ['Idrettslaget Førde-Sunnfjord Friidrettsklubb', 'Société Athlétique de Saint-Rémy-lès-Chevreuse', 'Turn- und Sportverein Groß-Umstadt-Dorndiel'];

export const LONG_NAMES_PATH = '/x/2026/TST/long-names-layout/';

const bibs = Array.from({ length: 12 }, (_, i) => String(101 + i));
const competitors = bibs.map((bib, i) => ({
  competitorId: bib,
  firstName: FIRST[i]!,
  lastName: LAST[i]!,
  teamName: CLUBS[i % CLUBS.length],
  eventsEntered: [
    { eventId: 'T1', pb: '10.1' + (i % 10), sb: '10.2' + (i % 10) },
    { eventId: 'F1', pb: '7.' + (50 + i), sb: '7.' + (40 + i) },
  ],
}));

const unit = (u: Partial<UnitJson> & { eventId: string; eventCode: string; eventName: string }): UnitJson => ({
  round: 1, heat: 1, roundName: 'Final', heatName: 'Final', day: 1, scheduledStartTime: '18:00', status: 'scheduled', resultsStatus: '', ...u,
});

const sprint = unit({
  eventId: 'T1', eventCode: '100', eventName: 'Men 100m', scheduledStartTime: '17:05', status: 'finished', resultsStatus: 'official', windAssistance: '+2.3',
  results: bibs.slice(0, 8).map((bib, i) => ({
    bib, lane: i + 1, place: i + 1,
    performance: i === 7 ? 'DQ' : i === 1 || i === 2 ? '10.24' : (10.1 + i * 0.05).toFixed(2),
    rawTime: i === 1 ? '10.237' : i === 2 ? '10.241' : undefined,
    note: i === 0 ? 'PB' : i === 7 ? 'TR16.8' : undefined,
  })),
});

const fifteen = unit({
  eventId: 'T2', eventCode: '1500', eventName: 'Women 1500m Steeple-free Invitational Race', scheduledStartTime: '17:30',
  results: bibs.map((bib, i) => ({ bib, lane: 1, order: i + 1 })),
});

const relay = unit({
  eventId: 'T3', eventCode: '4x400', eventName: 'Mixed 4x400m Relay', scheduledStartTime: '19:40', status: 'finished', resultsStatus: 'provisional',
  results: ['901', '902', '903'].map((bib, i) => ({ bib, lane: i + 4, place: i + 1, performance: `3:1${i}.4${i}` })),
});

/** Long jump after four rounds, winds either side of +2.0. */
const longJump = unit({
  eventId: 'F1', eventCode: 'LJ', eventName: 'Men Long Jump', scheduledStartTime: '17:00', status: 'in progress',
  results: bibs.slice(0, 10).map((bib, i) => ({ bib, order: i + 1 })),
  trials: [1, 2, 3, 4].flatMap((round) =>
    bibs.slice(0, round > 3 ? 8 : 10).map((bib, i) => ({
      bib, round,
      result: (i + round) % 4 === 0 ? 'x' : (7.2 + ((i * 7 + round * 3) % 11) / 20).toFixed(2),
      wind: Number((((i + round) % 6) * 0.5 - 0.4).toFixed(1)),
    })),
  ),
});

/** Javelin after three rounds with twelve throwers: the cut to eight applied. */
const javelin = unit({
  eventId: 'F2', eventCode: 'JT', eventName: 'Women Javelin Throw', scheduledStartTime: '17:15', status: 'in progress',
  results: bibs.map((bib, i) => ({ bib, order: i + 1 })),
  trials: [1, 2, 3].flatMap((round) => bibs.map((bib, i) => ({ bib, round, result: (i + round) % 5 === 0 ? 'x' : (48 + ((i * 5 + round * 7) % 17) * 0.83).toFixed(2) }))),
});

const heights = ['3.80', '4.00', '4.15', '4.30', '4.40', '4.50', '4.60', '4.70', '4.80', '4.90', '5.00'];
/** Pole vault at 4.80: two level on count-back at 4.70, others out, two still in. */
const vault = unit({
  eventId: 'F3', eventCode: 'PV', eventName: 'Men Pole Vault', scheduledStartTime: '17:20', status: 'in progress', heights,
  results: bibs.slice(0, 6).map((bib, i) => ({ bib, order: i + 1 })),
  trials: bibs.slice(0, 6).flatMap((bib, i) => {
    const cleared = heights.slice(0, 4 + Math.min(i, 4));
    const out: { bib: string; height: string; result: string }[] = cleared.map((height) => ({ bib, height, result: 'o' }));
    const next = heights[cleared.length]!;
    out.push({ bib, height: next, result: 'x' });
    if (i < 2) out.push({ bib, height: next, result: 'x' }, { bib, height: next, result: 'x' });
    return out;
  }),
});

const highJump = unit({
  eventId: 'F4', eventCode: 'HJ', eventName: 'Women High Jump', scheduledStartTime: '18:10', status: 'finished', resultsStatus: 'official',
  heights: ['1.70', '1.75', '1.80', '1.84', '1.88'],
  results: bibs.slice(0, 5).map((bib, i) => ({ bib, order: i + 1 })),
  trials: bibs.slice(0, 5).flatMap((bib, i) => [
    { bib, height: '1.70', result: 'o' },
    { bib, height: '1.75', result: i > 3 ? 'x' : 'o' },
    ...(i > 3 ? [{ bib, height: '1.75', result: 'x' }, { bib, height: '1.75', result: 'x' }] : [{ bib, height: '1.80', result: i < 2 ? 'o' : 'x' }]),
    ...(i < 2 ? ['x', 'x', 'x'].map((result) => ({ bib, height: '1.84', result })) : []),
  ]),
});

export function longNamesMeet(): Record<string, unknown> {
  const meet = fixtureCompetition([sprint, fifteen, relay, longJump, javelin, vault, highJump]);
  return {
    ...meet,
    id: 'long-names-0001', slug: 'long-names-layout',
    fullName: 'Internationales Hallen- und Freiluftmeeting der Région Auvergne-Rhône-Alpes',
    competitors,
    relayTeams: [
      { bib: '901', name: 'Idrettslaget Førde-Sunnfjord Friidrettsklubb Stafettlag A', runnerNames: competitors.slice(0, 4).map((c) => `${c.firstName} ${c.lastName}`) },
      { bib: '902', name: 'Société Athlétique de Saint-Rémy-lès-Chevreuse — Relais', runnerNames: competitors.slice(4, 8).map((c) => `${c.firstName} ${c.lastName}`) },
      { bib: '903', name: 'Turn- und Sportverein Groß-Umstadt-Dorndiel Staffel', runnerNames: competitors.slice(8, 12).map((c) => `${c.firstName} ${c.lastName}`) },
    ],
  };
}
