/**
 * The built-in demo meet: a fictional one-day meet, shaped exactly like OpenTrack's data (see the
 * real exports described in SPEC §8), unfolding over about fifteen minutes at speed 1: track units
 * go from start list to provisional and official results, jumps and throws attempt by attempt,
 * HJ and PV height by height. Deterministic for a seed.
 */
import type { Recording, RecordingStep } from '../../model/recording';
import { UnitSchema } from '../../model/opentrack';
import { computeStandings } from '../../standings/standings';
import { CLUBS, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, createRandom, type Random } from './people';

type UnitJson = Extract<RecordingStep, { kind: 'unit' }>['unit'];
type Json = Record<string, unknown>;

interface Athlete {
  bib: string;
  firstName: string;
  lastName: string;
  gender: 'M' | 'F';
  club: (typeof CLUBS)[number];
}

export const DEMO_COMPETITION_PATH = '/x/2026/TSD/trackside-demo-open/';
const MEET_DATE = '2026-06-13';
const MEET_START = Date.parse(`${MEET_DATE}T17:00:00Z`);
const S = 1000;

class Timeline {
  readonly steps: RecordingStep[] = [];
  unit(atMs: number, unit: UnitJson, push = true): void {
    const copy = structuredClone(unit);
    copy.dateModified = stamp(atMs);
    this.steps.push({ atMs, kind: 'unit', unit: copy, push });
  }
  overview(atMs: number, event: string, data: Json): void {
    this.steps.push({ atMs, kind: 'overview', event, data });
  }
}

const stamp = (atMs: number) => new Date(MEET_START + atMs).toISOString().replace('T', ' ').replace('Z', '000').slice(0, 26);
const fullName = (a: Athlete) => `${a.firstName} ${a.lastName}`.trim();

function formatTime(seconds: number): string {
  if (seconds < 60) return seconds.toFixed(2);
  const m = Math.floor(seconds / 60);
  return `${m}:${(seconds - m * 60).toFixed(2).padStart(5, '0')}`;
}

const formatWind = (w: number) => `${w >= 0 ? '+' : ''}${w.toFixed(1)}`;

export function createDemoRecording(opts: { seed?: number } = {}): Recording {
  const rnd = createRandom(opts.seed ?? 2026);
  const athletes = makeAthletes(rnd);
  const men = athletes.filter((a) => a.gender === 'M');
  const women = athletes.filter((a) => a.gender === 'F');
  const timeline = new Timeline();
  const entries = new Map<string, Json[]>();
  const enter = (a: Athlete, eventId: string, eventCode: string, pb: string, sb: string) =>
    entries.set(a.bib, [...(entries.get(a.bib) ?? []), { eventId, eventCode, pb, sb }]);
  const people = new Map(athletes.map((a) => [a.bib, a]));

  const events: Json[] = [];
  // Time 0 is the start lists: each unit as it was when drawn, before the meet changes it.
  const startLists = new Map<UnitJson, UnitJson>();
  const drawn = (unit: UnitJson) => {
    startLists.set(unit, structuredClone(unit));
    return unit;
  };
  const event = (eventId: string, eventCode: string, name: string, genders: string, r1Time: string, units: UnitJson[], extra: Json = {}) =>
    events.push({
      eventId, eventCode, name, category: 'SEN', genders, day: 1, rounds: '1', r1Time, status: 'scheduled',
      units: units.map((u) => startLists.get(u) ?? u), ...extra,
    });

  // --- Track ---------------------------------------------------------------------------------
  const sprintMen = rnd.shuffle(men).slice(0, 16);
  const heat1 = sprintMen.slice(0, 8);
  const heat2 = sprintMen.slice(8, 16);
  const ability100 = new Map(sprintMen.map((a) => [a.bib, rnd.between(10.15, 10.85)]));
  sprintMen.forEach((a) => enter(a, 'T01', '100', formatTime(ability100.get(a.bib)! - 0.08), formatTime(ability100.get(a.bib)!)));
  const h1 = drawn(trackUnit('T01', '100', 'Men 100m', 1, 1, 'Heats', 'Heat 1', '17:05', heat1, 100));
  const h2 = drawn(trackUnit('T01', '100', 'Men 100m', 1, 2, 'Heats', 'Heat 2', '17:12', heat2, 100));
  const final100 = drawn(trackUnit('T01', '100', 'Men 100m', 2, 1, 'Final', 'Final', '18:40', [], 100));
  const r1 = runRace(timeline, rnd, h1, ability100, 40 * S, people, { dq: 0 });
  const r2 = runRace(timeline, rnd, h2, ability100, 100 * S, people, { dq: 1 });
  event('T01', '100', 'Men 100m', 'M', '17:05', [h1, h2, final100], { rounds: '2,1', qualByPlace: 3, qualFastestLosers: 2 });
  // The final's start list follows the heats: first 3 of each (Q), then the 2 fastest losers (q).
  const qualified = [...r1.slice(0, 3), ...r2.slice(0, 3)];
  const losers = [...r1.slice(3), ...r2.slice(3)].filter((r) => r.seconds !== null).sort((a, b) => a.seconds! - b.seconds!).slice(0, 2);
  for (const [i, r] of [...qualified, ...losers].entries()) {
    const heatUnit = [h1, h2].find((u) => (u.results as Json[]).some((x) => x.bib === r.bib))!;
    const res = (heatUnit.results as Json[]).find((x) => x.bib === r.bib)!;
    res.note = i < 6 ? 'Q' : 'q';
  }
  timeline.unit(220 * S, h1);
  timeline.unit(220 * S, h2);
  const lanes = [4, 5, 3, 6, 7, 2, 8, 1];
  final100.results = [...qualified, ...losers].map((r, i) => ({ bib: r.bib, lane: lanes[i], order: i + 1 }));
  timeline.unit(230 * S, final100);
  runRace(timeline, rnd, final100, ability100, 760 * S, people, {});

  const sprintWomen = rnd.shuffle(women).slice(0, 8);
  const ability100w = new Map(sprintWomen.map((a) => [a.bib, rnd.between(11.2, 11.9)]));
  sprintWomen.forEach((a) => enter(a, 'T02', '100', formatTime(ability100w.get(a.bib)! - 0.1), formatTime(ability100w.get(a.bib)!)));
  const w100 = drawn(trackUnit('T02', '100', 'Women 100m', 1, 1, 'Final', 'Final', '17:20', sprintWomen, 100));
  runRace(timeline, rnd, w100, ability100w, 160 * S, people, {});
  event('T02', '100', 'Women 100m', 'F', '17:20', [w100]);

  const m400 = rnd.shuffle(men).slice(0, 8);
  const ability400 = new Map(m400.map((a) => [a.bib, rnd.between(46.4, 49.2)]));
  // Two runners share a displayed time; raw timing separates them.
  ability400.set(m400[1]!.bib, ability400.get(m400[0]!.bib)!);
  m400.forEach((a) => enter(a, 'T03', '400', formatTime(ability400.get(a.bib)! - 0.3), formatTime(ability400.get(a.bib)!)));
  const u400 = drawn(trackUnit('T03', '400', 'Men 400m', 1, 1, 'Final', 'Final', '17:35', m400, 400));
  // The official confirmation of the 400m reaches only the HTTP source: a Pusher message lost on
  // the way, as happens; the console's poll or catch-up must still find it.
  runRace(timeline, rnd, u400, ability400, 280 * S, people, { officialPush: false, noise: 0 });
  event('T03', '400', 'Men 400m', 'M', '17:35', [u400]);

  const w1500 = rnd.shuffle(women).slice(0, 12);
  const ability1500 = new Map(w1500.map((a) => [a.bib, rnd.between(245, 268)]));
  w1500.forEach((a) => enter(a, 'T04', '1500', formatTime(ability1500.get(a.bib)! - 2), formatTime(ability1500.get(a.bib)!)));
  const u1500 = drawn(trackUnit('T04', '1500', 'Women 1500m', 1, 1, 'Final', 'Final', '17:50', w1500, 1500));
  u1500.splitDistances = [300, 700, 1100, 1500];
  runRace(timeline, rnd, u1500, ability1500, 360 * S, people, { dnf: 1, splits: [300, 700, 1100, 1500] });
  event('T04', '1500', 'Women 1500m', 'F', '17:50', [u1500]);

  const m110 = rnd.shuffle(men).slice(0, 8);
  const ability110 = new Map(m110.map((a) => [a.bib, rnd.between(13.5, 14.6)]));
  m110.forEach((a) => enter(a, 'T05', '110H', formatTime(ability110.get(a.bib)! - 0.1), formatTime(ability110.get(a.bib)!)));
  const u110 = drawn(trackUnit('T05', '110H', 'Men 110m Hurdles', 1, 1, 'Final', 'Final', '18:05', m110, 110));
  runRace(timeline, rnd, u110, ability110, 470 * S, people, { dns: 1 });
  event('T05', '110H', 'Men 110m Hurdles', 'M', '18:05', [u110]);

  const relayTeams = CLUBS.map((club, i) => ({
    bib: `R${i + 1}`,
    name: `${club.name} A`,
    teamId: club.id,
    runnerNames: rnd.shuffle(women.filter((w) => w.club.id === club.id)).slice(0, 4).map(fullName),
  }));
  const relayAthletes = relayTeams.map((t) => ({ bib: t.bib, firstName: t.name, lastName: '', gender: 'F', club: CLUBS[0]! }) as Athlete);
  const abilityRelay = new Map(relayTeams.map((t) => [t.bib, rnd.between(43.6, 46.0)]));
  const relay = drawn(trackUnit('T06', '4x100', 'Women 4x100m Relay', 1, 1, 'Final', 'Final', '18:25', relayAthletes, 400));
  runRace(timeline, rnd, relay, abilityRelay, 700 * S, new Map(relayTeams.map((t) => [t.bib, { ...relayAthletes[0]!, firstName: t.name }])), {});
  event('T06', '4x100', 'Women 4x100m Relay', 'F', '18:25', [relay]);

  // --- Field ---------------------------------------------------------------------------------
  const horizontal = (eventId: string, code: string, name: string, group: Athlete[], range: [number, number], startS: number, gapS: number, time: string, weight?: string) => {
    const ability = new Map(group.map((a) => [a.bib, rnd.between(...range)]));
    group.forEach((a) => enter(a, eventId, code, (ability.get(a.bib)! + 0.1).toFixed(2), ability.get(a.bib)!.toFixed(2)));
    const unit = drawn(fieldUnit(eventId, code, name, time, group));
    unit.rounds = 6;
    runHorizontal(timeline, rnd, unit, group, ability, startS * S, gapS * S, people, weight);
    event(eventId, code, name, group[0]!.gender, time, [unit], { maxFieldAttempts: 6, cutAfterRound: 3, cutSurvivors: 8 });
  };
  horizontal('F01', 'LJ', 'Women Long Jump', rnd.shuffle(women).slice(0, 10), [5.9, 6.7], 10, 14, '17:00');
  horizontal('F02', 'TJ', 'Men Triple Jump', rnd.shuffle(men).slice(0, 8), [14.6, 16.2], 200, 11, '17:45');
  horizontal('F03', 'SP', 'Men Shot Put', rnd.shuffle(men).slice(0, 8), [15.5, 19.5], 20, 15, '17:00', '7.26');
  horizontal('F04', 'JT', 'Women Javelin Throw', rnd.shuffle(women).slice(0, 8), [48, 60], 240, 10, '17:50', '0.60');

  const vertical = (eventId: string, code: string, name: string, group: Athlete[], heights: number[], range: [number, number], startS: number, gapS: number, time: string) => {
    const ability = new Map(group.map((a) => [a.bib, rnd.between(...range)]));
    group.forEach((a) => enter(a, eventId, code, (ability.get(a.bib)! + 0.03).toFixed(2), ability.get(a.bib)!.toFixed(2)));
    const unit = drawn(fieldUnit(eventId, code, name, time, group));
    unit.heights = heights.map((h) => h.toFixed(2));
    unit.initialHeight = heights[0]!.toFixed(2);
    runVertical(timeline, rnd, unit, group, ability, heights, startS * S, gapS * S, people);
    event(eventId, code, name, group[0]!.gender, time, [unit]);
  };
  vertical('F05', 'HJ', 'Men High Jump', rnd.shuffle(men).slice(0, 8), [1.9, 1.95, 2.0, 2.04, 2.08, 2.11, 2.14, 2.17, 2.2, 2.23], [1.97, 2.16], 30, 15, '17:10');
  vertical('F06', 'PV', 'Women Pole Vault', rnd.shuffle(women).slice(0, 8), [3.7, 3.85, 4.0, 4.1, 4.2, 4.3, 4.4, 4.5, 4.6], [3.85, 4.45], 150, 14, '17:30');

  const competitors = athletes.map((a) => ({
    competitorId: a.bib, bib: a.bib, sortBib: a.bib.padStart(5, '0'), firstName: a.firstName, lastName: a.lastName,
    gender: a.gender, category: 'SEN', ageGroup: 'SEN', nationality: 'TSD', teamId: a.club.id, teamName: a.club.name,
    eventsEntered: entries.get(a.bib) ?? [],
  }));
  timeline.steps.sort((a, b) => a.atMs - b.atMs);
  return {
    name: 'demo meet',
    competitionPath: DEMO_COMPETITION_PATH,
    competition: {
      id: 'd3m0-0000-4000-8000-trackside', slug: 'trackside-demo-open', fullName: 'Trackside Demo Open',
      date: MEET_DATE, finishDate: MEET_DATE, year: 2026, country: 'TSD', type: 'TRACK',
      venue: { formalName: 'Harbourside Stadium', country: 'TSD', length: 400, numLanesStraight: 8, numLanesCurve: 8, indoor: false },
      competitors, events, relayTeams, teams: CLUBS.map((c) => ({ teamId: c.id, name: c.name })),
    },
    steps: timeline.steps,
  };
}

function makeAthletes(rnd: Random): Athlete[] {
  const athletes: Athlete[] = [];
  const used = new Set<string>();
  let bib = 101;
  for (const gender of ['M', 'F'] as const) {
    const firsts = gender === 'M' ? FIRST_NAMES_M : FIRST_NAMES_F;
    while (athletes.filter((a) => a.gender === gender).length < 36) {
      const firstName = rnd.pick(firsts);
      const lastName = rnd.pick(LAST_NAMES);
      if (used.has(`${firstName} ${lastName}`)) continue;
      used.add(`${firstName} ${lastName}`);
      athletes.push({ bib: String(bib++), firstName, lastName, gender, club: rnd.pick(CLUBS) });
    }
  }
  return athletes;
}

function baseUnit(eventId: string, eventCode: string, eventName: string, round: number, heat: number, roundName: string, heatName: string, time: string): UnitJson {
  return {
    id: `unit-${eventId}-${round}-${heat}`, eventId, eventCode, eventName, round, heat, roundName, heatName, day: 1,
    scheduledStartTime: time, status: 'scheduled', resultsStatus: '', published: true, results: [], trials: [],
  };
}

function trackUnit(eventId: string, code: string, name: string, round: number, heat: number, roundName: string, heatName: string, time: string, runners: Athlete[], distance: number): UnitJson {
  const unit = baseUnit(eventId, code, name, round, heat, roundName, heatName, time);
  unit.distance = distance;
  unit.windAssistance = '';
  unit.results = runners.map((a, i) => ({ bib: a.bib, lane: i + 1, order: i + 1 }));
  delete unit.trials;
  return unit;
}

function fieldUnit(eventId: string, code: string, name: string, time: string, group: Athlete[]): UnitJson {
  const unit = baseUnit(eventId, code, name, 1, 1, 'Final', 'Pool 1', time);
  unit.results = group.map((a, i) => ({ bib: a.bib, order: i + 1 }));
  return unit;
}

interface RaceOptions {
  dq?: number;
  dnf?: number;
  dns?: number;
  splits?: number[];
  officialPush?: boolean;
  noise?: number;
}

/** Start → provisional results (+ results_arrived) → official. Returns the finish order. */
function runRace(tl: Timeline, rnd: Random, unit: UnitJson, ability: Map<string, number>, at: number, people: Map<string, Athlete>, opts: RaceOptions) {
  const sprint = Number(unit.distance) <= 110;
  unit.status = 'in progress';
  tl.unit(at, unit);
  const starters = (unit.results as Json[]).map((r) => String(r.bib));
  const dns = new Set(rnd.shuffle(starters).slice(0, opts.dns ?? 0));
  const outs = rnd.shuffle(starters.filter((b) => !dns.has(b)));
  const dnf = new Set(outs.slice(0, opts.dnf ?? 0));
  const dq = new Set(outs.slice(opts.dnf ?? 0, (opts.dnf ?? 0) + (opts.dq ?? 0)));
  const times = starters.map((bib) => {
    const raw = ability.get(bib)! + (opts.noise ?? 1) * rnd.between(-0.12, 0.12) * (sprint ? 1 : 3);
    return { bib, raw: Math.round(raw * 1000) / 1000, seconds: dns.has(bib) || dnf.has(bib) || dq.has(bib) ? null : Math.ceil(raw * 100) / 100 };
  });
  const finishers = times.filter((t) => t.seconds !== null).sort((a, b) => a.raw - b.raw);
  const previous = new Map((unit.results as Json[]).map((r) => [String(r.bib), r]));
  const entered = (bib: string) => people.get(bib);
  unit.results = [
    ...finishers.map((t, i) => {
      const r: Json = { ...previous.get(t.bib), bib: t.bib, place: i + 1, performance: formatTime(t.seconds!), rawTime: t.raw.toFixed(3) };
      if (opts.splits) r.splits = splitsFor(opts.splits, t.raw, rnd);
      if (rnd.chance(0.2)) r.note = rnd.chance(0.5) ? 'PB' : 'SB';
      return r;
    }),
    ...times.filter((t) => t.seconds === null).map((t) => ({
      ...previous.get(t.bib), bib: t.bib, performance: dns.has(t.bib) ? 'DNS' : dnf.has(t.bib) ? 'DNF' : 'DQ',
      ...(dq.has(t.bib) ? { note: 'TR16.8' } : {}),
    })),
  ];
  if (sprint) unit.windAssistance = formatWind(rnd.between(-0.8, 2.2));
  unit.status = 'finished';
  unit.resultsStatus = 'provisional';
  const done = at + 18 * S;
  tl.unit(done, unit);
  const winner = finishers[0]!;
  tl.overview(done, 'results_arrived', {
    event_id: unit.eventId, round_no: unit.round, heat_no: unit.heat, heat_name: unit.heatName,
    winner_performance: formatTime(winner.seconds!), winner_name: entered(winner.bib) ? fullName(entered(winner.bib)!) : winner.bib,
  });
  unit.resultsStatus = 'official';
  tl.unit(done + 60 * S, unit, opts.officialPush ?? true);
  return times.sort((a, b) => (a.seconds ?? Infinity) - (b.seconds ?? Infinity) || a.raw - b.raw);
}

function splitsFor(distances: number[], total: number, rnd: Random): Json[] {
  const last = distances[distances.length - 1]!;
  let previous = 0;
  return distances.map((d) => {
    const elapsed = d === last ? total : (total * d) / last + rnd.between(-1.5, 1.5);
    const lap = elapsed - previous;
    previous = elapsed;
    return { distance: d, elapsedTime: formatTime(elapsed), lapTime: formatTime(lap) };
  });
}

/** Refresh `results` (places, best marks) from the trials, as OpenTrack does after each attempt. */
function refreshFieldResults(unit: UnitJson): void {
  const { standings } = computeStandings(UnitSchema.parse(unit));
  const byBib = new Map(standings.map((s) => [s.bib, s]));
  unit.results = (unit.results as Json[]).map((r) => {
    const s = byBib.get(String(r.bib));
    const next: Json = { bib: r.bib, order: r.order };
    if (r.weight) next.weight = r.weight;
    if (s?.best) next.performance = s.best;
    if (s?.place) next.place = s.place;
    return next;
  });
}

function finishField(tl: Timeline, unit: UnitJson, at: number, people: Map<string, Athlete>): void {
  unit.status = 'finished';
  unit.resultsStatus = 'provisional';
  tl.unit(at, unit);
  const winner = (unit.results as Json[]).find((r) => r.place === 1);
  tl.overview(at, 'results_arrived', {
    event_id: unit.eventId, round_no: unit.round, heat_no: unit.heat, heat_name: unit.heatName,
    winner_performance: winner?.performance ?? '', winner_name: winner ? fullName(people.get(String(winner.bib))!) : '',
  });
  unit.resultsStatus = 'official';
  tl.unit(at + 45 * S, unit);
}

function runHorizontal(tl: Timeline, rnd: Random, unit: UnitJson, group: Athlete[], ability: Map<string, number>, start: number, gap: number, people: Map<string, Athlete>, weight?: string): void {
  const jumps = unit.eventCode === 'LJ' || unit.eventCode === 'TJ';
  if (weight) unit.results = (unit.results as Json[]).map((r) => ({ ...r, weight }));
  let at = start;
  unit.status = 'in progress';
  let order = group.map((a) => a.bib);
  for (let round = 1; round <= 6; round++) {
    if (round === 4 && order.length > 8) {
      // After three rounds the best eight continue, in reverse order of their standing.
      const { standings } = computeStandings(UnitSchema.parse(unit));
      order = standings.filter((s) => s.place !== null).slice(0, 8).map((s) => s.bib).reverse();
    }
    for (const bib of order) {
      at += gap;
      const roll = rnd.next();
      const result = roll < 0.18 ? 'x' : roll < 0.21 ? '-' : (ability.get(bib)! - rnd.between(0, jumps ? 0.35 : 1.6)).toFixed(2);
      const trial: Json = { bib, round, result };
      if (jumps && result !== 'x' && result !== '-') trial.wind = Math.round(rnd.between(-1.2, 2.6) * 10) / 10;
      (unit.trials as Json[]).push(trial);
      refreshFieldResults(unit);
      tl.unit(at, unit);
      tl.overview(at, 'latest_attempt', {
        event_code: unit.eventCode, bib, round, result, athlete_name: fullName(people.get(bib)!),
        ...(trial.wind !== undefined ? { wind: trial.wind } : {}),
      });
    }
  }
  finishField(tl, unit, at + gap, people);
}

function runVertical(tl: Timeline, rnd: Random, unit: UnitJson, group: Athlete[], ability: Map<string, number>, heights: number[], start: number, gap: number, people: Map<string, Athlete>): void {
  let at = start;
  unit.status = 'in progress';
  const out = new Set<string>();
  const retire = rnd.pick(group).bib;
  const firstHeight = new Map(group.map((a) => [a.bib, rnd.chance(0.3) ? 1 : 0]));
  const chance = (bib: string, h: number) => {
    const margin = ability.get(bib)! - h;
    return margin > 0.08 ? 0.92 : margin > 0 ? 0.55 : margin > -0.03 ? 0.15 : 0.03;
  };
  for (const [hi, h] of heights.entries()) {
    const height = h.toFixed(2);
    const atHeight = group.map((a) => a.bib).filter((b) => !out.has(b));
    if (atHeight.length === 0) break;
    // Alone in the competition, the winner stops after failing a height.
    const cleared = new Set<string>();
    const codes = new Map<string, string>();
    for (let attempt = 1; attempt <= 3; attempt++) {
      for (const bib of atHeight) {
        if (cleared.has(bib) || out.has(bib)) continue;
        let result: string;
        if (hi < firstHeight.get(bib)!) result = '-';
        else if (bib === retire && hi === 2 && attempt === 2) result = 'r';
        else result = rnd.chance(chance(bib, h)) ? 'o' : 'x';
        codes.set(bib, (codes.get(bib) ?? '') + result);
        (unit.trials as Json[]).push({ bib, height, result });
        at += gap;
        refreshFieldResults(unit);
        tl.unit(at, unit);
        tl.overview(at, 'latest_attempt', {
          event_code: unit.eventCode, bib, height, attempts_at_height: codes.get(bib), result, athlete_name: fullName(people.get(bib)!),
        });
        if (result === 'o' || result === '-') cleared.add(bib);
        if (result === 'r' || codes.get(bib) === 'xxx') out.add(bib);
      }
    }
    if (group.every((a) => out.has(a.bib))) break;
  }
  finishField(tl, unit, at + gap, people);
}
