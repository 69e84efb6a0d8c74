/**
 * The built-in demo meet, "Trackside Demo Open": a fictional one-day meet shaped like OpenTrack's
 * real exports (SPEC §8), unfolding over about fifteen minutes at speed 1. Track units go from
 * start list to provisional and official results; jumps and throws go attempt by attempt; HJ and
 * PV height by height, with field and track interleaved as at a real meet. Deterministic for a
 * seed, pure, no I/O. Every name, club and id is invented.
 */
import type { Recording } from '../../model/recording';
import { Entries, fullName, makeAthletes, type Athlete } from './athletes';
import type { MeetContext } from './context';
import { runHorizontal, runVertical } from './field';
import { formatDateModified, formatMark, formatTime } from './format';
import { CLUBS, createRandom, type Random } from './people';
import { Timeline } from './timeline';
import { confirmResults, fastestLosers, finishRace, startRace, type RaceOptions } from './track';
import { cloneUnit, horizontalUnit, trackUnit, verticalUnit, type DemoUnit, type ResultRow, type UnitPlan } from './units';

export const DEMO_COMPETITION_PATH = '/x/2026/TSD/trackside-demo-open/';
export const DEMO_COMPETITION_NAME = 'Trackside Demo Open';
export const DEFAULT_DEMO_SEED = 2026;

const MEET_DATE = '2026-06-13';
const MEET_START_MS = Date.parse(`${MEET_DATE}T17:00:00Z`);
/** Start lists were drawn the hour before the meet. */
const DRAW_MS = -60 * 60_000;
/** The longest the demo stays quiet: something happens at least this often. */
const MAX_QUIET_MS = 10_000;
const ATHLETES_PER_GENDER = 40;
const S = 1_000;

/** Every event's attempt and cut rules, as OpenTrack lists them even for track events. */
const FIELD_RULES = { maxFieldAttempts: 6, cutAfterRound: 3, cutSurvivors: 8 } as const;

interface EventPlan {
  eventId: string;
  eventCode: string;
  name: string;
  genders: 'M' | 'F';
  r1Time: string;
  rounds?: string;
  extra?: Record<string, unknown>;
}

export function createDemoRecording(opts: { seed?: number } = {}): Recording {
  const rnd = createRandom(opts.seed ?? DEFAULT_DEMO_SEED);
  const athletes = makeAthletes(rnd, ATHLETES_PER_GENDER);
  const men = athletes.filter((a) => a.gender === 'M');
  const women = athletes.filter((a) => a.gender === 'F');
  const entries = new Entries();
  const names = new Map(athletes.map((a) => [a.bib, fullName(a)]));
  const ctx: MeetContext = { timeline: new Timeline(), rnd, entries, nameOf: (bib) => names.get(bib) ?? bib };

  const events: Record<string, unknown>[] = [];
  /** Adds an event whose units are shown at time 0 as drawn, before the meet changes them. */
  const addEvent = (plan: EventPlan, units: DemoUnit[]) => {
    const drawn = units.map((u) => ({ ...cloneUnit(u), dateModified: formatDateModified(MEET_START_MS + DRAW_MS) }));
    events.push({
      eventId: plan.eventId, eventCode: plan.eventCode, name: plan.name, category: 'SEN', genders: plan.genders, day: 1,
      rounds: plan.rounds ?? '1', r1Time: plan.r1Time, status: 'scheduled', ...FIELD_RULES, ...plan.extra, units: drawn,
    });
  };
  const enter = (group: Athlete[], eventId: string, eventCode: string, pb: (bib: string) => string, sb: (bib: string) => string) =>
    group.forEach((a) => entries.enter(a.bib, { eventId, eventCode, pb: pb(a.bib), sb: sb(a.bib) }));
  /** Times: a PB a little under their form, an SB just under it, so a good day earns a note. */
  const enterRace = (group: Athlete[], eventId: string, eventCode: string, form: Map<string, number>) =>
    enter(group, eventId, eventCode, (b) => formatTime(form.get(b)! * 0.992), (b) => formatTime(form.get(b)! * 0.998));

  // --- Men 100m: two heats, the first three of each (Q) and the two fastest losers (q) to the final.
  const sprinters = entries.pick(men, 16, rnd);
  const form100 = formOf(rnd, sprinters, 10.15, 10.85);
  enterRace(sprinters, 'T01', '100', form100);
  const seeded = [...sprinters].sort((a, b) => form100.get(a.bib)! - form100.get(b.bib)!);
  const heatOf = (n: number) => seeded.filter((_, i) => (i % 4 === 0 || i % 4 === 3 ? 1 : 2) === n);
  const men100 = (round: number, heat: number, roundName: string, heatName: string, time: string, startList: ResultRow[]) =>
    trackUnit({ eventId: 'T01', eventCode: '100', eventName: 'Men 100m', round, heat, roundName, heatName, scheduledStartTime: time }, { distance: 100, windGauge: true }, startList);
  const heat1 = men100(1, 1, 'Heats', 'Heat 1', '17:05', laneDraw(rnd, heatOf(1)));
  const heat2 = men100(1, 2, 'Heats', 'Heat 2', '17:12', laneDraw(rnd, heatOf(2)));
  const final100 = men100(2, 1, 'Final', 'Final', '18:40', []);
  addEvent({ eventId: 'T01', eventCode: '100', name: 'Men 100m', genders: 'M', r1Time: '17:05', rounds: '2,1', extra: { lanes: 8, qualByPlace: 3, qualFastestLosers: 2 } }, [heat1, heat2, final100]);

  const heatRace: RaceOptions = { form: form100, qualifyByPlace: 3 };
  startRace(ctx, heat1, 30 * S);
  const heat1Outcome = finishRace(ctx, heat1, 42 * S, heatRace);
  startRace(ctx, heat2, 75 * S);
  const heat2Outcome = finishRace(ctx, heat2, 87 * S, { ...heatRace, dq: 1 });
  // Fastest losers are known only once the last heat is in: both heats change again.
  const losers = new Set(fastestLosers([...heat1Outcome, ...heat2Outcome], 3, 2).map((o) => o.bib));
  for (const heat of [heat1, heat2]) {
    heat.results = heat.results.map((r) => (losers.has(r.bib) ? { ...r, note: 'q' } : r));
    ctx.timeline.unit(97 * S, heat);
  }
  confirmResults(ctx, heat1, 110 * S);
  confirmResults(ctx, heat2, 118 * S);
  const byPlace = [...heat1Outcome, ...heat2Outcome].filter((o) => o.place !== null && o.place <= 3).sort((a, b) => a.raw! - b.raw!);
  const byTime = [...heat1Outcome, ...heat2Outcome].filter((o) => losers.has(o.bib)).sort((a, b) => a.raw! - b.raw!);
  final100.results = finalLanes(rnd, [...byPlace, ...byTime].map((o) => o.bib));
  ctx.timeline.unit(150 * S, final100);
  startRace(ctx, final100, 690 * S);
  finishRace(ctx, final100, 702 * S, { form: form100 });
  confirmResults(ctx, final100, 760 * S);

  // --- Women 100m, a straight final.
  const women100 = entries.pick(women, 8, rnd);
  const formW100 = formOf(rnd, women100, 11.2, 11.9);
  enterRace(women100, 'T02', '100', formW100);
  const w100 = trackUnit(plan('T02', '100', 'Women 100m', '17:20'), { distance: 100, windGauge: true }, laneDraw(rnd, women100));
  addEvent({ eventId: 'T02', eventCode: '100', name: 'Women 100m', genders: 'F', r1Time: '17:20', extra: { lanes: 8 } }, [w100]);
  startRace(ctx, w100, 165 * S);
  // The results' Pusher message is lost: only `results_arrived` says they exist, and the console
  // must fetch the unit's URL to see them.
  finishRace(ctx, w100, 177 * S, { form: formW100, push: false });
  confirmResults(ctx, w100, 235 * S);

  // --- Men 400m: second and third share a displayed time, the raw time separates them.
  const men400 = entries.pick(men, 8, rnd);
  const form400 = formOf(rnd, men400, 46.4, 49.2);
  enterRace(men400, 'T03', '400', form400);
  const m400 = trackUnit(plan('T03', '400', 'Men 400m', '17:35'), { distance: 400, windGauge: false }, laneDraw(rnd, men400));
  addEvent({ eventId: 'T03', eventCode: '400', name: 'Men 400m', genders: 'M', r1Time: '17:35', extra: { lanes: 8 } }, [m400]);
  startRace(ctx, m400, 235 * S);
  finishRace(ctx, m400, 260 * S, { form: form400, photoFinish: true });
  // The official confirmation reaches only the HTTP source, as when a Pusher message is lost on
  // the way: the console's poll or catch-up has to find it.
  confirmResults(ctx, m400, 315 * S, false);

  // --- Women 1500m, with 300 m then lap splits, and a runner who drops out.
  const women1500 = entries.pick(women, 12, rnd);
  const form1500 = formOf(rnd, women1500, 245, 268);
  enterRace(women1500, 'T04', '1500', form1500);
  const w1500 = trackUnit(plan('T04', '1500', 'Women 1500m', '17:50'), { distance: 1500, windGauge: false, splitsStart: 300, splitsLap: 400 },
    women1500.map((a, i) => ({ bib: a.bib, lane: 1, order: i + 1 })));
  addEvent({ eventId: 'T04', eventCode: '1500', name: 'Women 1500m', genders: 'F', r1Time: '17:50' }, [w1500]);
  startRace(ctx, w1500, 330 * S);
  finishRace(ctx, w1500, 380 * S, { form: form1500, dnf: 1, splits: { start: 300, lap: 400 } });
  confirmResults(ctx, w1500, 435 * S);

  // --- Men 110m hurdles: a non-starter, and a dead heat for third.
  const hurdlers = entries.pick(men, 8, rnd);
  const form110 = formOf(rnd, hurdlers, 13.5, 14.6);
  enterRace(hurdlers, 'T05', '110H', form110);
  const m110 = trackUnit(plan('T05', '110H', 'Men 110m Hurdles', '18:05'), { distance: 110, windGauge: true }, laneDraw(rnd, hurdlers));
  addEvent({ eventId: 'T05', eventCode: '110H', name: 'Men 110m Hurdles', genders: 'M', r1Time: '18:05', extra: { lanes: 8 } }, [m110]);
  startRace(ctx, m110, 455 * S);
  finishRace(ctx, m110, 468 * S, { form: form110, dns: 1, deadHeat: true });
  confirmResults(ctx, m110, 525 * S);

  // --- Women 4x100m relay: one team per club; results carry the team's bib.
  const relayTeams = CLUBS.map((club, i) => {
    const squad = [...women.filter((w) => w.club.id === club.id)].sort((a, b) => sprintPriority(entries, b) - sprintPriority(entries, a)).slice(0, 4);
    return { bib: String(901 + i), name: club.name, teamId: club.id, teamName: club.name, runnerNames: squad.map(fullName) };
  });
  relayTeams.forEach((t) => names.set(t.bib, t.name));
  const formRelay = new Map(relayTeams.map((t) => [t.bib, rnd.between(43.6, 46.0)]));
  const relay = trackUnit(plan('T06', '4x100', 'Women 4x100m Relay', '18:25'), { distance: 400, windGauge: false },
    laneDraw(rnd, relayTeams.map((t) => ({ bib: t.bib }))));
  addEvent({ eventId: 'T06', eventCode: '4x100', name: 'Women 4x100m Relay', genders: 'F', r1Time: '18:25', extra: { lanes: 8 } }, [relay]);
  startRace(ctx, relay, 565 * S);
  finishRace(ctx, relay, 585 * S, { form: formRelay });
  confirmResults(ctx, relay, 640 * S);

  // --- Jumps and throws, running alongside the track all afternoon.
  const horizontal = (p: EventPlan & { pool: Athlete[]; count: number; range: [number, number]; spread: number; startS: number; gapS: number; weight?: string; noMark?: boolean }) => {
    const group = entries.pick(p.pool, p.count, rnd);
    const form = formOf(rnd, group, ...p.range);
    enter(group, p.eventId, p.eventCode, (b) => formatMark(form.get(b)! + 0.2 * p.spread), (b) => formatMark(form.get(b)! + 0.1 * p.spread));
    const unit = horizontalUnit({ ...plan(p.eventId, p.eventCode, p.name, p.r1Time), heatName: 'Pool 1' }, group.map((a) => a.bib), FIELD_RULES.maxFieldAttempts, p.weight);
    addEvent(p, [unit]);
    const weakest = [...group].sort((a, b) => form.get(a.bib)! - form.get(b.bib)!)[0]!;
    runHorizontal(ctx, unit, {
      form, spread: p.spread, windGauge: p.eventCode === 'LJ' || p.eventCode === 'TJ', startMs: p.startS * S, gapMs: p.gapS * S,
      attempts: FIELD_RULES.maxFieldAttempts, cutAfterRound: FIELD_RULES.cutAfterRound, cutSurvivors: FIELD_RULES.cutSurvivors,
      noMark: p.noMark ? weakest.bib : undefined,
    });
  };
  // Ten long jumpers, so the cut to eight after three rounds happens; one of them fouls out.
  horizontal({ eventId: 'F01', eventCode: 'LJ', name: 'Women Long Jump', genders: 'F', r1Time: '17:00', pool: women, count: 10, range: [5.9, 6.7], spread: 0.35, startS: 5, gapS: 12, noMark: true });
  horizontal({ eventId: 'F02', eventCode: 'TJ', name: 'Men Triple Jump', genders: 'M', r1Time: '17:45', pool: men, count: 8, range: [14.6, 16.2], spread: 0.6, startS: 200, gapS: 11 });
  horizontal({ eventId: 'F03', eventCode: 'SP', name: 'Men Shot Put', genders: 'M', r1Time: '17:00', pool: men, count: 8, range: [15.5, 19.5], spread: 1.2, startS: 10, gapS: 13, weight: '7.26' });
  horizontal({ eventId: 'F04', eventCode: 'JT', name: 'Women Javelin Throw', genders: 'F', r1Time: '17:50', pool: women, count: 8, range: [48, 60], spread: 4, startS: 260, gapS: 10, weight: '0.60' });

  const vertical = (p: EventPlan & { pool: Athlete[]; heights: number[]; range: [number, number]; startS: number; gapS: number; noHeight?: boolean; retires?: boolean }) => {
    const group = entries.pick(p.pool, 8, rnd);
    const form = formOf(rnd, group, ...p.range);
    enter(group, p.eventId, p.eventCode, (b) => formatMark(form.get(b)! + 0.05), (b) => formatMark(form.get(b)! + 0.01));
    const heights = p.heights.map((h) => h.toFixed(2));
    const unit = verticalUnit({ ...plan(p.eventId, p.eventCode, p.name, p.r1Time), heatName: 'Pool 1' }, group.map((a) => a.bib), heights);
    addEvent(p, [unit]);
    const byForm = [...group].sort((a, b) => form.get(a.bib)! - form.get(b.bib)!);
    runVertical(ctx, unit, {
      form, heights, startMs: p.startS * S, gapMs: p.gapS * S,
      noHeight: p.noHeight ? byForm[0]!.bib : undefined,
      retires: p.retires ? byForm[3]!.bib : undefined,
    });
  };
  vertical({ eventId: 'F05', eventCode: 'HJ', name: 'Men High Jump', genders: 'M', r1Time: '17:10', pool: men, heights: [1.9, 1.95, 2.0, 2.04, 2.08, 2.11, 2.14, 2.17, 2.2, 2.23], range: [1.97, 2.18], startS: 15, gapS: 12, retires: true });
  vertical({ eventId: 'F06', eventCode: 'PV', name: 'Women Pole Vault', genders: 'F', r1Time: '17:30', pool: women, heights: [3.7, 3.85, 4.0, 4.1, 4.2, 4.3, 4.4, 4.5, 4.6], range: [3.85, 4.45], startS: 120, gapS: 12, noHeight: true });

  const competitors = athletes.map((a) => ({
    competitorId: a.bib, sortBib: a.bib.padStart(5, '0'), firstName: a.firstName, lastName: a.lastName, gender: a.gender,
    category: 'SEN', ageGroup: 'SEN', nationality: 'TSD', teamId: a.club.id, teamName: a.club.name, eventsEntered: entries.of(a.bib),
  }));
  return {
    name: 'demo meet',
    competitionPath: DEMO_COMPETITION_PATH,
    competition: {
      id: '7e0d5a1c-2026-4d3e-9a11-000000000001', slug: 'trackside-demo-open', fullName: DEMO_COMPETITION_NAME,
      date: MEET_DATE, finishDate: MEET_DATE, year: 2026, country: 'TSD', type: 'TRACK',
      venue: { formalName: 'Harbourside Stadium', englishName: 'Harbourside Stadium', country: 'TSD', length: 400, numLanesStraight: 8, numLanesCurve: 8, indoor: false },
      competitors, events, relayTeams, teams: CLUBS.map((c) => ({ teamId: c.id, name: c.name })),
    },
    steps: ctx.timeline.finish({ maxGapMs: MAX_QUIET_MS, dateModifiedAt: (atMs) => formatDateModified(MEET_START_MS + atMs) }),
  };
}

function plan(eventId: string, eventCode: string, eventName: string, time: string): UnitPlan {
  return { eventId, eventCode, eventName, round: 1, heat: 1, roundName: 'Final', heatName: 'Final', scheduledStartTime: time };
}

/** Each athlete's form on the day: what they produce on a typical attempt or race. */
function formOf(rnd: Random, group: Athlete[], low: number, high: number): Map<string, number> {
  return new Map(group.map((a) => [a.bib, rnd.between(low, high)]));
}

/** A start list with lanes drawn by lot, listed in lane order. */
function laneDraw(rnd: Random, group: { bib: string }[]): ResultRow[] {
  const lanes = rnd.shuffle([1, 2, 3, 4, 5, 6, 7, 8]).slice(0, group.length);
  return group.map((a, i) => ({ bib: a.bib, lane: lanes[i]! })).sort((a, b) => a.lane - b.lane).map((r, i) => ({ ...r, order: i + 1 }));
}

/**
 * The final's lanes as WA draws them from the qualifiers' ranking: the top four draw lanes 3–6,
 * the next two lanes 7–8, the last two lanes 1–2.
 */
function finalLanes(rnd: Random, ranked: string[]): ResultRow[] {
  const lanes = [...rnd.shuffle([3, 4, 5, 6]), ...rnd.shuffle([7, 8]), ...rnd.shuffle([1, 2])];
  return ranked.map((bib, i) => ({ bib, lane: lanes[i]! })).sort((a, b) => a.lane - b.lane).map((r, i) => ({ ...r, order: i + 1 }));
}

/** Relay squads are picked from the sprinters and jumpers first. */
function sprintPriority(entries: Entries, a: Athlete): number {
  return entries.of(a.bib).filter((e) => e.eventCode === '100' || e.eventCode === 'LJ').length;
}
