/**
 * A race in the demo meet, as OpenTrack shows it: the unit goes `in progress`, then `finished`
 * with provisional results (announced by `results_arrived` on the overview channel), then official.
 */
import { parseTime } from '../../views/standings/marks';
import { recordNote, type MeetContext } from './context';
import { formatRawTime, formatSplit, formatTime, formatWind, officialSeconds } from './format';
import type { DemoUnit, ResultRow, SplitRow } from './units';

/** How far a runner's time strays from their form, as a fraction of it (±1.1 % ≈ ±0.12 s over 100 m). */
const FORM_SPREAD = 0.011;

export interface RaceOptions {
  /** Expected raw time of each starter, in seconds. */
  form: ReadonlyMap<string, number>;
  dns?: number;
  dnf?: number;
  dq?: number;
  /** Second and third share a displayed time; the raw time separates them. */
  photoFinish?: boolean;
  /** Third and fourth cannot be separated at all: they share a place. */
  deadHeat?: boolean;
  /** The first `n` qualify by place (note `Q`). */
  qualifyByPlace?: number;
  /** Split points, as OpenTrack's `splitsStart` / `splitsLap`. */
  splits?: { start: number; lap: number };
  /** false: the results reach the HTTP source, but their Pusher message is lost. */
  push?: boolean;
}

/** A starter's outcome; `raw` is null for DNS, DNF and DQ. */
export interface RaceOutcome {
  bib: string;
  raw: number | null;
  place: number | null;
}

export function startRace(ctx: MeetContext, unit: DemoUnit, atMs: number): void {
  unit.status = 'in progress';
  ctx.timeline.unit(atMs, unit);
}

/** Results in, provisional. Returns every starter's outcome, finishers first in finishing order. */
export function finishRace(ctx: MeetContext, unit: DemoUnit, atMs: number, opts: RaceOptions): RaceOutcome[] {
  const { rnd } = ctx;
  const startList = new Map(unit.results.map((r) => [r.bib, r]));
  const starters = [...startList.keys()];
  const { dns, dnf, dq } = chooseNonFinishers(ctx, starters, { dns: opts.dns ?? 0, dnf: opts.dnf ?? 0, dq: opts.dq ?? 0 });
  const finishers = starters
    .filter((bib) => !dns.has(bib) && !dnf.has(bib) && !dq.has(bib))
    .map((bib) => ({ bib, raw: roundToThousandth(opts.form.get(bib)! * (1 + rnd.between(-FORM_SPREAD, FORM_SPREAD))) }))
    .sort((a, b) => a.raw - b.raw);
  if (opts.photoFinish && finishers.length >= 3) {
    const shared = Math.floor(finishers[1]!.raw * 100) / 100;
    finishers[1]!.raw = roundToThousandth(shared + 0.002);
    finishers[2]!.raw = roundToThousandth(shared + 0.006);
  }
  if (opts.deadHeat && finishers.length >= 4) finishers[3]!.raw = finishers[2]!.raw;
  finishers.sort((a, b) => a.raw - b.raw);
  const places = sharedPlaces(finishers.map((f) => f.raw));

  const distance = Number(unit.distance);
  const results: ResultRow[] = finishers.map((f, i) => {
    const place = places[i]!;
    const row: ResultRow = { ...startList.get(f.bib), bib: f.bib, place, performance: formatTime(f.raw), rawTime: formatRawTime(f.raw) };
    const note =
      opts.qualifyByPlace !== undefined && place <= opts.qualifyByPlace
        ? 'Q'
        : recordNote(officialSeconds(f.raw), ctx.entries.bests(f.bib, String(unit.eventId)), parseTime, false);
    if (note) row.note = note;
    if (opts.splits) row.splits = splitsFor(ctx, distance, f.raw, opts.splits);
    return row;
  });
  const out = (bibs: Set<string>, performance: string, note?: string) =>
    starters.filter((bib) => bibs.has(bib)).map((bib): ResultRow => ({ ...startList.get(bib), bib, performance, ...(note ? { note } : {}) }));
  // A false start (TR16.8) is the disqualification a spectator understands without a rule book.
  unit.results = [...results, ...out(dnf, 'DNF'), ...out(dq, 'DQ', 'TR16.8'), ...out(dns, 'DNS')];
  if ('windAssistance' in unit) unit.windAssistance = formatWind(rnd.between(-0.8, 2.3));
  unit.status = 'finished';
  unit.resultsStatus = 'provisional';
  ctx.timeline.unit(atMs, unit, opts.push ?? true);
  const winner = finishers[0];
  ctx.timeline.overview(atMs, 'results_arrived', {
    event_id: unit.eventId,
    round_no: unit.round,
    heat_no: unit.heat,
    heat_name: unit.heatName,
    winner_performance: winner ? formatTime(winner.raw) : '',
    winner_name: winner ? ctx.nameOf(winner.bib) : '',
  });
  return [
    ...finishers.map((f, i) => ({ bib: f.bib, raw: f.raw, place: places[i]! })),
    ...starters.filter((bib) => !finishers.some((f) => f.bib === bib)).map((bib) => ({ bib, raw: null, place: null })),
  ];
}

/** The officials sign the results off. */
export function confirmResults(ctx: MeetContext, unit: DemoUnit, atMs: number, push = true): void {
  unit.resultsStatus = 'official';
  ctx.timeline.unit(atMs, unit, push);
}

/** The `n` fastest finishers across the heats who did not qualify by place (note `q`). */
export function fastestLosers(outcomes: RaceOutcome[], qualifiedByPlace: number, n: number): RaceOutcome[] {
  return outcomes
    .filter((o) => o.raw !== null && o.place !== null && o.place > qualifiedByPlace)
    .sort((a, b) => a.raw! - b.raw!)
    .slice(0, n);
}

type NonFinish = 'dns' | 'dnf' | 'dq';

function chooseNonFinishers(ctx: MeetContext, starters: string[], counts: Record<NonFinish, number>): Record<NonFinish, Set<string>> {
  const shuffled = ctx.rnd.shuffle(starters);
  const take = (from: number, n: number) => new Set(shuffled.slice(from, from + n));
  return { dns: take(0, counts.dns), dnf: take(counts.dns, counts.dnf), dq: take(counts.dns + counts.dnf, counts.dq) };
}

/** 1, 2, 3, 3, 5: equal raw times share a place. */
function sharedPlaces(raws: number[]): number[] {
  const places: number[] = [];
  raws.forEach((raw, i) => places.push(i > 0 && raw === raws[i - 1] ? places[i - 1]! : i + 1));
  return places;
}

const roundToThousandth = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Elapsed and lap times at each split point: a steady pace with a faster last lap, so the lap
 * column looks like a real distance race.
 */
function splitsFor(ctx: MeetContext, distance: number, raw: number, at: { start: number; lap: number }): SplitRow[] {
  const points: number[] = [];
  for (let d = at.start; d < distance; d += at.lap) points.push(d);
  points.push(distance);
  const weights = points.map((d, i) => {
    const length = d - (points[i - 1] ?? 0);
    const kick = i === points.length - 1 ? 0.95 : 1.01;
    return length * kick * (1 + ctx.rnd.between(-0.01, 0.01));
  });
  const total = weights.reduce((a, b) => a + b, 0);
  let elapsed = 0;
  let previous = 0;
  return points.map((d, i) => {
    elapsed += (raw * weights[i]!) / total;
    const shown = i === points.length - 1 ? officialSeconds(raw) : Math.round(elapsed * 100) / 100;
    const split = { distance: d, elapsedTime: formatSplit(shown), lapTime: formatSplit(shown - previous) };
    previous = shown;
    return split;
  });
}
