/**
 * Standings computed from a cached unit: track from `results`, field from `trials` (WA rules:
 * horizontal by best mark then next best; vertical by count-back). Pure functions, shared by the
 * server, the dashboard and the overlays.
 */
import type { Standing, StandingsResponse } from '../../model/api';
import {
  VERTICAL_EVENT_CODES,
  FIELD_EVENT_CODES,
  type Competition,
  type CompetitionEvent,
  type Result,
  type Unit,
  type Trial,
} from '../../model/opentrack';
import { assignPlaces, nonResultStatus, parseDistance, parseTime } from './marks';
import { horizontalNeeds, targetNeeds, verticalNeeds, type TargetMark } from './needs-to-lead';
import { readNote } from './notes';
import { isWindAided, windMeasured } from '../../model/wind';
import { legalFlags } from './wind';

export interface Person {
  name: string | null;
  team: string | null;
  /** As entered (`NOR`); relay teams: none. */
  nationality?: string | null;
  /** Relay teams: the runners' names. */
  runners?: string[];
  /** The club's flag image as the competition names it (`//files.opentrack.run/…/HIND.png`). */
  flagUrl?: string | null;
  /** PB and SB per eventId, as entered. */
  bests: Map<string, { pb: string | null; sb: string | null }>;
}

export type People = Map<string, Person>;

/** The event's field rules; absent values fall back to WA defaults (6 attempts, top 8 after 3). */
export interface FieldRules {
  maxAttempts?: number | null;
  cutAfterRound?: number | null;
  cutSurvivors?: number | null;
}

export function rulesFor(event: Pick<CompetitionEvent, 'maxFieldAttempts' | 'cutAfterRound' | 'cutSurvivors'> | undefined): FieldRules {
  return { maxAttempts: event?.maxFieldAttempts, cutAfterRound: event?.cutAfterRound, cutSurvivors: event?.cutSurvivors };
}

/** Names by bib from the competition's competitors and relay teams. */
export function peopleFrom(competition: Pick<Competition, 'competitors' | 'relayTeams'> | undefined): People {
  const people: People = new Map();
  for (const c of competition?.competitors ?? []) {
    const bib = c.bib ?? c.competitorId;
    if (!bib) continue;
    const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || null;
    const bests = new Map<string, { pb: string | null; sb: string | null }>();
    for (const e of c.eventsEntered ?? []) {
      bests.set(e.eventId, { pb: e.pb == null || e.pb === '' ? null : String(e.pb), sb: e.sb == null || e.sb === '' ? null : String(e.sb) });
    }
    const nationality = c.nationality?.trim() || null;
    const flagUrl = typeof (c as { flagUrl?: unknown }).flagUrl === 'string' ? (c as { flagUrl: string }).flagUrl : null;
    people.set(String(bib), { name, team: c.teamName ?? c.teamId ?? null, nationality, flagUrl, bests });
  }
  for (const t of competition?.relayTeams ?? []) {
    // The team is the "athlete" here; its runners go under it, not the team's name a second time.
    const runners = (t.runnerNames ?? []).map((n) => n.trim()).filter(Boolean);
    if (t.bib) people.set(String(t.bib), { name: t.name ?? (typeof t.teamName === 'string' ? t.teamName : null), team: null, bests: new Map(), runners });
  }
  return people;
}

export function standingsKind(unit: Unit): StandingsResponse['kind'] {
  const code = (unit.eventCode ?? '').toUpperCase();
  if (VERTICAL_EVENT_CODES.has(code) || unit.trials?.some((t) => t.height != null)) return 'vertical';
  if (FIELD_EVENT_CODES.has(code) || unit.trials?.some((t) => t.round != null)) return 'horizontal';
  return 'track';
}

/** Results are in (provisional or official) or the unit says it is over: nobody jumps again. */
export function unitFinished(unit: Pick<Unit, 'status' | 'resultsStatus'>): boolean {
  const rs = (unit.resultsStatus ?? '').toLowerCase();
  const st = (unit.status ?? '').toLowerCase();
  return rs === 'provisional' || rs === 'official' || st === 'finished' || st === 'complete' || st === 'completed';
}

/** Records that apply to the unit (views/records matches them), for the field cards' targets. */
export interface StandingsExtras {
  records?: readonly TargetMark[];
}

/** Events where a mark with wind over +2.0 m/s does not count for a best or a record. */

export function computeStandings(unit: Unit, people: People = new Map(), rules: FieldRules = {}, extras: StandingsExtras = {}): StandingsResponse {
  const kind = standingsKind(unit);
  const finished = unitFinished(unit);
  const base = { kind, finished, heights: [] as string[], maxAttempts: null as number | null, cut: null as StandingsResponse['cut'], wind: null as string | null };
  let body: Pick<StandingsResponse, 'heights' | 'maxAttempts' | 'cut'> & { rows: Row[] };
  if (kind === 'track') body = { ...base, rows: trackRows(unit) };
  else if (kind === 'horizontal') body = horizontalStandings(unit, rules, finished);
  else body = verticalStandings(unit, finished);
  const { rows, ...shape } = body;
  const wind = kind === 'track' && unit.windAssistance != null && unit.windAssistance !== '' ? String(unit.windAssistance) : null;
  return {
    ...base,
    ...shape,
    wind,
    standings: rows.map((r) => {
      const person = people.get(r.bib);
      const bests = person?.bests.get(String(unit.eventId));
      const result = resultFor(unit, r.bib);
      const read = readNote(r.note);
      const qualified = read.qualified ?? qualificationOf(result);
      const pbsb: TargetMark[] = [
        ...(bests?.pb ? [{ kind: 'PB' as const, mark: bests.pb }] : []),
        ...(bests?.sb ? [{ kind: 'SB' as const, mark: bests.sb }] : []),
      ];
      const targets =
        kind === 'track' || finished || !r.inCompetition || (!pbsb.length && !extras.records?.length)
          ? undefined
          : targetNeeds(kind, targetEntry(r), [...pbsb, ...(extras.records ?? [])], {
              // Jumps only: a throw's mark has no wind, a race's next attempt is not a thing.
              windEvent: kind === 'horizontal' && windMeasured(unit.eventCode),
              progression: shape.heights.map((h) => parseDistance(h)).filter((h): h is number => h !== null),
              bar: kind === 'vertical' ? barOf(rows) : null,
            });
      const windAided = kind === 'track' ? r.status === 'valid' && isWindAided(unit.eventCode, unit.windAssistance) : Boolean(r.windAided);
      return {
        ...r,
        ...(windAided ? { windAided: true } : {}),
        ...(person?.runners?.length ? { runners: person.runners } : {}),
        ...(targets ? { targets } : {}),
        name: person?.name ?? null,
        team: person?.team ?? null,
        lane: result?.lane ?? null,
        order: result?.order ?? null,
        pb: bests?.pb ?? null,
        sb: bests?.sb ?? null,
        qualified,
        flags: legalFlags(read.flags, windAided),
      };
    }),
  };
}

type Row = Omit<Standing, 'name' | 'team' | 'lane' | 'order' | 'pb' | 'sb' | 'qualified' | 'flags' | 'runners'>;

function targetEntry(r: Row) {
  return {
    inCompetition: r.inCompetition,
    marks: r.attempts.flatMap((a) => {
      const metres = parseDistance(a.result);
      return metres === null ? [] : [{ metres, wind: a.wind ?? null }];
    }),
    heights: r.attempts.map((a) => [parseDistance(a.height) ?? 0, a.result] as [number, string]),
  };
}

/** The bar now: the highest height anyone has attempted. */
function barOf(rows: Row[]): number | null {
  const hs = rows.flatMap((r) => r.attempts.map((a) => parseDistance(a.height))).filter((h): h is number => h !== null);
  return hs.length ? Math.max(...hs) : null;
}
type Ranked<K> = { row: Row; key: K };

const baseRow = (bib: string, note: string | null): Row => ({
  bib,
  place: null,
  best: null,
  attempts: [],
  bestWind: null,
  note,
  status: 'pending',
  inCompetition: false,
  needsToLead: null,
});

function rank<K>(ranked: Ranked<K>[], unranked: Row[], compare: (a: K, b: K) => number): Row[] {
  ranked.sort((a, b) => compare(a.key, b.key));
  const places = assignPlaces(ranked, (a, b) => compare(a.key, b.key));
  return [...ranked.map((r, i) => ({ ...r.row, place: places[i]! })), ...unranked];
}

function trackRows(unit: Unit): Row[] {
  const ranked: Ranked<number[]>[] = [];
  const unranked: Row[] = [];
  const rawTimes = new Map<string, string>();
  // A start list is shown in lane (or start) order until times arrive.
  const entries = (unit.results ?? []).slice().sort((a, b) => (a.lane ?? a.order ?? 0) - (b.lane ?? b.order ?? 0));
  for (const r of entries) {
    const perf = r.performance ?? null;
    const status = nonResultStatus(perf, typeof r.place === 'string' ? r.place : null, r.note);
    const seconds = status ? null : parseTime(perf);
    const rawTime = (r as { rawTime?: unknown }).rawTime;
    const row: Row = { ...baseRow(r.bib, r.note ?? null), best: perf || null, status: 'valid', rawTime: typeof rawTime === 'string' && rawTime ? rawTime : null };
    if (seconds === null) {
      unranked.push({ ...row, status: status ?? 'pending' });
      continue;
    }
    // Equal displayed times are split by the raw timing, then by the officials' own order.
    const rawText = (r as { rawTime?: unknown }).rawTime;
    const raw = parseTime(typeof rawText === 'string' ? rawText : null) ?? seconds;
    if (typeof rawText === 'string' && raw !== seconds) rawTimes.set(r.bib, rawText);
    const official = typeof r.place === 'number' ? r.place : Number.MAX_SAFE_INTEGER;
    ranked.push({ row, key: [seconds, raw, official] });
  }
  return withDecidingTimes(rank(ranked, unranked, compareAscending), rawTimes);
}

/**
 * Equal displayed times that got different places were split by the thousandths: those are
 * shown beside the time, or the announcer cannot say why one is ahead.
 */
function withDecidingTimes(rows: Row[], rawTimes: Map<string, string>): Row[] {
  const byTime = new Map<string, Row[]>();
  for (const r of rows) if (r.place !== null && r.best) byTime.set(r.best, [...(byTime.get(r.best) ?? []), r]);
  for (const same of byTime.values()) {
    if (new Set(same.map((r) => r.place)).size < 2) continue;
    for (const r of same) r.decidingTime = rawTimes.get(r.bib) ?? null;
  }
  return rows;
}

function horizontalStandings(unit: Unit, rules: FieldRules, finished: boolean) {
  const byBib = groupTrials(unit);
  const maxAttempts = positive(rules.maxAttempts) ?? positive(Number((unit as { rounds?: unknown }).rounds)) ?? 6;
  const cutAfterRound = rules.cutAfterRound === undefined || rules.cutAfterRound === null ? 3 : rules.cutAfterRound;
  const survivors = positive(rules.cutSurvivors) ?? 8;
  const ranked: Ranked<number[]>[] = [];
  const unranked: Row[] = [];
  const marksByBib = new Map<string, number[]>();
  for (const [bib, trials] of byBib) {
    const attempts = trials
      .slice()
      .sort((a, b) => (a.round ?? 0) - (b.round ?? 0))
      .map((t) => {
        const wind = toNumber(t.wind);
        return { round: t.round ?? undefined, result: t.result, wind, ...(parseDistance(t.result) !== null && isWindAided(unit.eventCode, wind) ? { windAided: true } : {}) };
      });
    const marks = attempts.map((a) => ({ text: a.result, value: parseDistance(a.result), wind: a.wind })).filter((m) => m.value !== null);
    marksByBib.set(bib, marks.map((m) => m.value!));
    const note = resultFor(unit, bib)?.note ?? null;
    if (marks.length === 0) {
      const status = nonResultStatus(resultFor(unit, bib)?.performance) ?? (attempts.some((a) => a.result === 'r') ? 'retired' : attempts.length ? 'no-mark' : 'pending');
      unranked.push({ ...baseRow(bib, note), attempts, status });
      continue;
    }
    const best = marks.reduce((a, b) => (b.value! > a.value! ? b : a));
    // WA: equal best marks are split by the second best, then the third, and so on.
    const key = marks.map((m) => m.value!).sort((a, b) => b - a);
    const bestAided = isWindAided(unit.eventCode, best.wind);
    ranked.push({ row: { ...baseRow(bib, note), best: best.text, bestWind: best.wind ?? null, attempts, status: 'valid', ...(bestAided ? { windAided: true } : {}) }, key });
  }
  const rows = rank(ranked, unranked, compareDescending);

  const competing = rows.filter((r) => r.status !== 'dns' && r.status !== 'dq');
  const cutApplies = cutAfterRound > 0 && competing.length > survivors;
  const cutApplied =
    cutApplies &&
    (competing.some((r) => r.attempts.length > cutAfterRound) ||
      competing.every((r) => r.attempts.length >= cutAfterRound || r.attempts.some((a) => a.result === 'r')));
  for (const r of rows) {
    const retired = r.attempts.some((a) => a.result === 'r');
    const cutOut = cutApplied && (r.place === null || r.place > survivors);
    r.inCompetition = !finished && !retired && !cutOut && r.status !== 'dns' && r.status !== 'dq' && r.attempts.length < maxAttempts;
    settleNoMark(r);
  }
  // Before the first attempt everyone "needs any mark": not worth a column full of it.
  const needs = finished || !unit.trials?.length
    ? new Map()
    : horizontalNeeds(rows.map((r) => ({ bib: r.bib, marks: marksByBib.get(r.bib) ?? [], inCompetition: r.inCompetition })));
  for (const r of rows) r.needsToLead = needs.get(r.bib) ?? null;
  return {
    heights: [],
    maxAttempts,
    cut: cutApplies ? { afterRound: cutAfterRound, survivors, applied: cutApplied } : null,
    rows,
  };
}

function verticalStandings(unit: Unit, finished: boolean) {
  const byBib = groupTrials(unit);
  const ranked: Ranked<number[]>[] = [];
  const unranked: Row[] = [];
  const grids = new Map<string, [number, string][]>();
  const attempted = new Set<string>();
  for (const [bib, trials] of byBib) {
    const heights = new Map<string, string>();
    for (const t of trials) {
      if (t.height == null) continue;
      const h = normaliseHeight(t.height);
      heights.set(h, (heights.get(h) ?? '') + t.result);
      attempted.add(h);
    }
    const ordered = [...heights.entries()].sort((a, b) => (parseDistance(a[0]) ?? 0) - (parseDistance(b[0]) ?? 0));
    grids.set(bib, ordered.map(([h, r]) => [parseDistance(h) ?? 0, r]));
    const attempts = ordered.map(([height, result]) => ({ height, result }));
    const cleared = ordered.filter(([, r]) => r.includes('o'));
    const note = resultFor(unit, bib)?.note ?? null;
    const top = cleared[cleared.length - 1];
    if (!top) {
      const status = nonResultStatus(resultFor(unit, bib)?.performance) ?? (attempts.some((a) => a.result.includes('r')) ? 'retired' : attempts.length ? 'no-mark' : 'pending');
      unranked.push({ ...baseRow(bib, note), attempts, status });
      continue;
    }
    const topValue = parseDistance(top[0]) ?? 0;
    const failures = (r: string) => [...r].filter((c) => c === 'x').length;
    const failuresAtTop = failures(top[1]);
    // Count-back: failures up to and including the last height cleared, not after it.
    const totalFailures = ordered
      .filter(([h]) => (parseDistance(h) ?? 0) <= topValue)
      .reduce((sum, [, r]) => sum + failures(r), 0);
    ranked.push({
      row: { ...baseRow(bib, note), best: top[0], attempts, status: 'valid' },
      key: [-topValue, failuresAtTop, totalFailures],
    });
  }
  const rows = rank(ranked, unranked, compareAscending);
  for (const r of rows) {
    const sequence = r.attempts.map((a) => a.result).join('');
    r.inCompetition = !finished && r.status !== 'dns' && r.status !== 'dq' && !sequence.includes('r') && !/x-*x-*x-*$/.test(sequence);
    settleNoMark(r);
  }
  const planned = (unit.heights ?? []).map(normaliseHeight);
  const heights = [...new Set([...planned, ...attempted])].sort((a, b) => (parseDistance(a) ?? 0) - (parseDistance(b) ?? 0));
  const progression = heights.map((h) => parseDistance(h)).filter((h): h is number => h !== null);
  const needs = finished || !unit.trials?.length
    ? new Map()
    : verticalNeeds(rows.map((r) => ({ bib: r.bib, heights: grids.get(r.bib) ?? [], inCompetition: r.inCompetition })), progression);
  for (const r of rows) r.needsToLead = needs.get(r.bib) ?? null;
  return { heights, maxAttempts: null, cut: null, rows };
}

/** Fouls and passes so far are not "no mark" while attempts remain: that is only known at the end. */
function settleNoMark(r: Row): void {
  if (r.status === 'no-mark' && r.inCompetition) r.status = 'pending';
}

/** "2.1" and "2.10" are the same bar. */
function normaliseHeight(h: string): string {
  const v = parseDistance(h);
  return v === null ? h : v.toFixed(2);
}

function positive(n: number | null | undefined): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

function qualificationOf(result: Result | undefined): 'Q' | 'q' | null {
  const q = (result as { qualified?: unknown } | undefined)?.qualified;
  return q === 'Q' || q === 'q' ? q : null;
}

/** Every athlete in the unit, in start order: those in `results` (the start list) and any with trials. */
function groupTrials(unit: Unit): Map<string, Trial[]> {
  const byBib = new Map<string, Trial[]>();
  const ordered = (unit.results ?? []).slice().sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  for (const r of ordered) byBib.set(r.bib, []);
  for (const t of unit.trials ?? []) {
    if (!byBib.has(t.bib)) byBib.set(t.bib, []);
    byBib.get(t.bib)!.push(t);
  }
  return byBib;
}

type UnitResult = NonNullable<Unit['results']>[number];
const resultIndexes = new WeakMap<Unit, Map<string, UnitResult>>();

/** A bib's result row (the first, should a bib appear twice), by an index built once per unit. */
function resultFor(unit: Unit, bib: string): UnitResult | undefined {
  let index = resultIndexes.get(unit);
  if (!index) {
    index = new Map();
    for (const r of unit.results ?? []) if (!index.has(r.bib)) index.set(r.bib, r);
    resultIndexes.set(unit, index);
  }
  return index.get(bib);
}

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function compareAscending(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? Infinity) - (b[i] ?? Infinity);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return 0;
}

function compareDescending(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? -Infinity) - (a[i] ?? -Infinity);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return 0;
}
