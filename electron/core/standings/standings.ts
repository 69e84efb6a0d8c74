/**
 * Standings computed from a cached unit: track from `results`, field from `trials` (WA rules:
 * horizontal by best mark then next best; vertical by count-back). Pure functions, shared by the
 * server, the dashboard and the overlays.
 */
import type { Standing, StandingsResponse } from '../model/api';
import { VERTICAL_EVENT_CODES, FIELD_EVENT_CODES, type Competition, type Unit, type Trial } from '../model/opentrack';
import { assignPlaces, nonResultStatus, parseDistance, parseTime } from './marks';

export interface Person {
  name: string | null;
  team: string | null;
}

export type People = Map<string, Person>;

/** Names by bib from the competition's competitors and relay teams. */
export function peopleFrom(competition: Pick<Competition, 'competitors' | 'relayTeams'> | undefined): People {
  const people: People = new Map();
  for (const c of competition?.competitors ?? []) {
    const bib = c.bib ?? c.competitorId;
    if (!bib) continue;
    const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || null;
    people.set(String(bib), { name, team: c.teamName ?? c.teamId ?? null });
  }
  for (const t of competition?.relayTeams ?? []) {
    if (t.bib) people.set(String(t.bib), { name: t.name ?? null, team: t.name ?? null });
  }
  return people;
}

export function standingsKind(unit: Unit): StandingsResponse['kind'] {
  const code = (unit.eventCode ?? '').toUpperCase();
  if (VERTICAL_EVENT_CODES.has(code) || unit.trials?.some((t) => t.height != null)) return 'vertical';
  if (FIELD_EVENT_CODES.has(code) || unit.trials?.some((t) => t.round != null)) return 'horizontal';
  return 'track';
}

export function computeStandings(unit: Unit, people: People = new Map()): StandingsResponse {
  const kind = standingsKind(unit);
  const rows = kind === 'track' ? trackRows(unit) : kind === 'horizontal' ? horizontalRows(unit) : verticalRows(unit);
  return {
    kind,
    standings: rows.map((r) => ({ ...r, name: people.get(r.bib)?.name ?? null, team: people.get(r.bib)?.team ?? null })),
  };
}

type Row = Omit<Standing, 'name' | 'team'>;
type Ranked<K> = { row: Row; key: K };

function rank<K>(ranked: Ranked<K>[], unranked: Row[], compare: (a: K, b: K) => number): Row[] {
  ranked.sort((a, b) => compare(a.key, b.key));
  const places = assignPlaces(ranked, (a, b) => compare(a.key, b.key));
  return [...ranked.map((r, i) => ({ ...r.row, place: places[i]! })), ...unranked];
}

function trackRows(unit: Unit): Row[] {
  const ranked: Ranked<number[]>[] = [];
  const unranked: Row[] = [];
  for (const r of unit.results ?? []) {
    const perf = r.performance ?? null;
    const status = nonResultStatus(perf, typeof r.place === 'string' ? r.place : null, r.note);
    const seconds = status ? null : parseTime(perf);
    const row: Row = { bib: r.bib, place: null, best: perf || null, attempts: [], note: r.note ?? null, status: 'valid' };
    if (seconds === null) {
      unranked.push({ ...row, status: status ?? 'pending' });
      continue;
    }
    // Equal displayed times are split by the raw timing, then by the officials' own order.
    const raw = parseTime((r as { rawTime?: string }).rawTime) ?? seconds;
    const official = typeof r.place === 'number' ? r.place : Number.MAX_SAFE_INTEGER;
    ranked.push({ row, key: [seconds, raw, official] });
  }
  return rank(ranked, unranked, compareAscending);
}

function horizontalRows(unit: Unit): Row[] {
  const byBib = groupTrials(unit);
  const ranked: Ranked<number[]>[] = [];
  const unranked: Row[] = [];
  for (const [bib, trials] of byBib) {
    const attempts = trials
      .slice()
      .sort((a, b) => (a.round ?? 0) - (b.round ?? 0))
      .map((t) => ({ round: t.round ?? undefined, result: t.result, wind: toNumber(t.wind) }));
    const marks = attempts.map((a) => ({ text: a.result, value: parseDistance(a.result) })).filter((m) => m.value !== null);
    const note = resultFor(unit, bib)?.note ?? null;
    if (marks.length === 0) {
      const status = nonResultStatus(resultFor(unit, bib)?.performance) ?? (attempts.length ? 'no-mark' : 'pending');
      unranked.push({ bib, place: null, best: null, attempts, note, status });
      continue;
    }
    const best = marks.reduce((a, b) => (b.value! > a.value! ? b : a));
    // WA: equal best marks are split by the second best, then the third, and so on.
    const key = marks.map((m) => m.value!).sort((a, b) => b - a);
    ranked.push({ row: { bib, place: null, best: best.text, attempts, note, status: 'valid' }, key });
  }
  return rank(ranked, unranked, compareDescending);
}

function verticalRows(unit: Unit): Row[] {
  const byBib = groupTrials(unit);
  const ranked: Ranked<number[]>[] = [];
  const unranked: Row[] = [];
  for (const [bib, trials] of byBib) {
    const heights = new Map<string, string>();
    for (const t of trials) if (t.height != null) heights.set(t.height, (heights.get(t.height) ?? '') + t.result);
    const ordered = [...heights.entries()].sort((a, b) => (parseDistance(a[0]) ?? 0) - (parseDistance(b[0]) ?? 0));
    const attempts = ordered.map(([height, result]) => ({ height, result }));
    const cleared = ordered.filter(([, r]) => r.includes('o'));
    const note = resultFor(unit, bib)?.note ?? null;
    const top = cleared[cleared.length - 1];
    if (!top) {
      const status = nonResultStatus(resultFor(unit, bib)?.performance) ?? (attempts.length ? 'no-mark' : 'pending');
      unranked.push({ bib, place: null, best: null, attempts, note, status });
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
      row: { bib, place: null, best: top[0], attempts, note, status: 'valid' },
      key: [-topValue, failuresAtTop, totalFailures],
    });
  }
  return rank(ranked, unranked, compareAscending);
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

function resultFor(unit: Unit, bib: string) {
  return unit.results?.find((r) => r.bib === bib);
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
