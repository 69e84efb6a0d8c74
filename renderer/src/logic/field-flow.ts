/**
 * Who is on the runway now and who is next, read from a field event's standings. OpenTrack's
 * data has no "athlete up" field, so this is inferred, and the dashboard says so:
 *
 * - Horizontal (LJ, TJ, throws): the round in progress is one more than the fewest attempts
 *   taken by anyone still in. Athletes take their turn in start order (`order`) up to the cut;
 *   after it in reverse order of the current standings (WA: the best jumps last). The first
 *   still-in athlete of that order with fewer attempts than the round is up, the next is on deck.
 * - Vertical (HJ, PV): the current bar is the lowest height where someone still in has neither
 *   cleared, passed nor failed three times. At a bar athletes go in start order, first attempts
 *   before second attempts: the one with the fewest attempts at the bar (then the lowest `order`)
 *   is up. An athlete who has not yet jumped at all may be waiting for a higher opening height:
 *   they count only when the bar is their first recorded height or no one else is left.
 */
import type { Standing, StandingsResponse } from '../../../electron/core/model/api';

/** A height or mark in metres ("2.04", "2,04"). */
const metres = (h: string | undefined) => {
  const n = Number(String(h ?? '').replace(',', '.'));
  return Number.isFinite(n) ? n : 0;
};

export interface FieldFlow {
  kind: 'horizontal' | 'vertical';
  /** Horizontal: the round in progress (1-based) and how many there are. */
  round: number | null;
  rounds: number | null;
  /** Vertical: the bar now. */
  bar: string | null;
  up: Standing | null;
  onDeck: Standing | null;
  /** Still in the competition, in the order they go next. */
  stillIn: Standing[];
}

const startOrder = (a: Standing, b: Standing) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || a.bib.localeCompare(b.bib);

export function fieldFlow(s: StandingsResponse | null): FieldFlow | null {
  if (!s || s.kind === 'track' || s.finished) return null;
  const inComp = s.standings.filter((r) => r.inCompetition);
  if (!inComp.length) return null;
  return s.kind === 'horizontal' ? horizontal(s, inComp) : vertical(s, inComp);
}

function horizontal(s: StandingsResponse, inComp: Standing[]): FieldFlow {
  const fewest = Math.min(...inComp.map((r) => r.attempts.length));
  const rounds = s.maxAttempts ?? 6;
  const round = Math.min(rounds, fewest + 1);
  const afterCut = s.cut?.applied && round > s.cut.afterRound;
  // After the cut the best go last: reverse of the standings now (places, then start order).
  const byPlace = (a: Standing, b: Standing) => (b.place ?? Number.MAX_SAFE_INTEGER) - (a.place ?? Number.MAX_SAFE_INTEGER) || startOrder(b, a);
  const order = [...inComp].sort(afterCut ? byPlace : startOrder);
  const waiting = order.filter((r) => r.attempts.length < round);
  const nextRound = order.filter((r) => r.attempts.length < round + 1 && !waiting.includes(r));
  const queue = [...waiting, ...(round < rounds ? nextRound : [])];
  return { kind: 'horizontal', round, rounds, bar: null, up: queue[0] ?? null, onDeck: queue[1] ?? null, stillIn: queue };
}

const failuresAt = (result: string) => [...result].filter((c) => c === 'x').length;
const doneAt = (result: string) => result.includes('o') || result.includes('-') || result.includes('r') || failuresAt(result) >= 3;

function vertical(s: StandingsResponse, inComp: Standing[]): FieldFlow {
  const value = metres;
  // The bar: the lowest height someone still in is busy with; else the next height above all.
  const busy = inComp.flatMap((r) => r.attempts.filter((a) => !doneAt(a.result)).map((a) => a.height!));
  const tried = s.standings.flatMap((r) => r.attempts.map((a) => a.height!));
  const highestTried = tried.sort((a, b) => value(a) - value(b))[tried.length - 1];
  const bar =
    busy.sort((a, b) => value(a) - value(b))[0] ??
    s.heights.find((h) => highestTried === undefined || value(h) > value(highestTried)) ??
    null;
  if (!bar) return { kind: 'vertical', round: null, rounds: null, bar: null, up: null, onDeck: null, stillIn: inComp };
  const at = (r: Standing) => r.attempts.find((a) => a.height === bar)?.result ?? '';
  const above = (r: Standing) => r.attempts.some((a) => value(a.height!) > value(bar));
  // Still to jump at this bar: not done with it, not already above it; those with no attempts at
  // all only if nobody else is (they may be waiting to open higher).
  const jumping = inComp.filter((r) => !doneAt(at(r)) && !above(r) && r.attempts.length > 0);
  const fresh = inComp.filter((r) => r.attempts.length === 0);
  const pool = jumping.length ? jumping : fresh;
  const queue = [...pool].sort((a, b) => at(a).length - at(b).length || startOrder(a, b));
  return { kind: 'vertical', round: null, rounds: null, bar, up: queue[0] ?? null, onDeck: queue[1] ?? null, stillIn: inComp.slice().sort(startOrder) };
}
