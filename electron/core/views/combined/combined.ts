/**
 * Combined events from the competition: children (`parent: "<eventId>"`) grouped under their
 * parent, each athlete's mark and points per discipline, running standings after each discipline,
 * points behind the leader, and what the next discipline must bring to move up. Pure: the caller
 * hands in each unit's standings (and any points the data carries).
 *
 * Choices an announcer should know (README "Combined events"):
 * - A discipline in progress counts with the marks so far, so the table moves live.
 * - Equal totals share a place (the WA tie-break on events won is not applied).
 * - A DNS in a discipline puts the athlete out (WA: an athlete who fails to start an event is
 *   considered to have abandoned); DNF, NM and DQ score 0 and the athlete stays in.
 * - "Needs" compare with a rival's actual points in that discipline when the rival has finished it,
 *   otherwise with the rival's average per discipline so far.
 */
import type { StandingsResponse } from '../../model/api';
import type { CombinedAthlete, CombinedDiscipline, CombinedEvent, CombinedNeed } from '../../model/combined';
import type { Competition, CompetitionEvent, UnitKey } from '../../model/opentrack';
import { scheduleKey } from '../feeds/data-feeds';
import type { People } from '../standings/standings';
import { coefficientsFor, disciplineCode, markForPoints, pointsFor, type Gender } from './scoring';

/** No combined-events mark on record scores near this in one discipline: beyond it is out of reach. */
export const OUT_OF_REACH_POINTS = 1400;

export interface CombinedInput {
  competition: Competition | undefined;
  people: People;
  standingsOf(key: UnitKey): StandingsResponse | null | undefined;
  /** Points the data carries for a bib in a unit (OpenTrack `points`), if any. */
  dataPointsOf?(key: UnitKey, bib: string): number | null;
}

const STATUS_MARKS: Record<string, string> = { dns: 'DNS', dnf: 'DNF', dq: 'DQ', 'no-mark': 'NM', retired: 'RET' };

interface Cell {
  mark: string | null;
  points: number | null;
  dataPoints: number | null;
  handTimed: boolean;
  /** The athlete's unit is over: this score will not change. */
  final: boolean;
  dns: boolean;
}

export function buildCombined(input: CombinedInput): CombinedEvent[] {
  const events = input.competition?.events ?? [];
  const parents = [...new Set(events.map((e) => e.parent).filter((p): p is string => !!p))];
  return parents.map((parentId) => buildOne(parentId, events, input));
}

function buildOne(parentId: string, events: CompetitionEvent[], input: CombinedInput): CombinedEvent {
  const parent = events.find((e) => e.eventId === parentId);
  const children = events
    .map((e, index) => ({ e, index, at: firstStart(e) }))
    .filter(({ e }) => e.parent === parentId)
    .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity) || a.index - b.index)
    .map(({ e }) => e);
  const gender = genderOf(parent, children);

  const bibs = new Set<string>();
  const cells: Map<string, Cell>[] = [];
  const disciplines: CombinedDiscipline[] = children.map((child) => {
    const byBib = new Map<string, Cell>();
    let finishedUnits = 0;
    let units = 0;
    let anything = false;
    for (const u of child.units) {
      const key = { eventId: child.eventId, round: u.round, heat: u.heat };
      const standings = input.standingsOf(key);
      if (!standings) continue;
      units++;
      if (standings.finished) finishedUnits++;
      for (const s of standings.standings) {
        bibs.add(s.bib);
        const scored = gender && s.best ? pointsFor(gender, child.eventCode, s.best) : null;
        const over = standings.finished || (standings.kind !== 'track' && !s.inCompetition && s.attempts.length > 0);
        const status = STATUS_MARKS[s.status];
        const cell: Cell = {
          mark: s.best ?? (status && (over || s.status === 'dns') ? status : null),
          points: scored ? scored.points : status && (over || s.status === 'dns') ? 0 : null,
          dataPoints: input.dataPointsOf?.(key, s.bib) ?? null,
          handTimed: scored?.handTimed ?? false,
          final: over,
          dns: s.status === 'dns',
        };
        if (cell.mark !== null || s.attempts.length > 0) anything = true;
        const prior = byBib.get(s.bib);
        // An athlete in two units of a discipline (a re-run): the better score counts.
        if (!prior || (cell.points ?? -1) > (prior.points ?? -1)) byBib.set(s.bib, cell);
      }
    }
    cells.push(byBib);
    const state: CombinedDiscipline['state'] = units > 0 && finishedUnits === units && anything ? 'done' : anything ? 'live' : 'to come';
    return {
      eventId: child.eventId,
      code: disciplineCode(child.eventCode),
      name: child.name ?? null,
      state,
      scored: !!gender && !!coefficientsFor(gender, child.eventCode),
    };
  });
  for (const u of parent?.units ?? []) {
    for (const s of input.standingsOf({ eventId: parentId, round: u.round, heat: u.heat })?.standings ?? []) bibs.add(s.bib);
  }

  const athletes: CombinedAthlete[] = [...bibs].map((bib) => {
    const person = input.people.get(bib);
    const scores = disciplines.map((d, i) => {
      const c = cells[i]!.get(bib);
      return { eventId: d.eventId, mark: c?.mark ?? null, points: c?.points ?? null, dataPoints: c?.dataPoints ?? null, handTimed: c?.handTimed ?? false };
    });
    return {
      bib,
      name: person?.name ?? null,
      team: person?.team ?? null,
      place: null,
      total: scores.reduce((sum, s) => sum + (s.points ?? 0), 0),
      behind: 0,
      out: cells.some((c) => c.get(bib)?.dns),
      scores,
      after: [],
      needs: [],
    };
  });

  // Running standings after each discipline that has started.
  disciplines.forEach((d, i) => {
    const totals = athletes.map((a) => a.scores.slice(0, i + 1).reduce((sum, s) => sum + (s.points ?? 0), 0));
    // Out from the discipline they did not start, not before.
    const places = rank(athletes.map((a, k) => (cells.slice(0, i + 1).some((c) => c.get(a.bib)?.dns) ? null : totals[k]!)));
    athletes.forEach((a, k) => a.after.push(d.state === 'to come' ? null : { total: totals[k]!, place: places[k]! }));
  });
  const places = rank(athletes.map((a) => (a.out || a.scores.every((s) => s.points === null) ? null : a.total)));
  athletes.forEach((a, k) => (a.place = places[k]!));
  athletes.sort((a, b) => (a.place ?? Infinity) - (b.place ?? Infinity) || b.total - a.total || a.bib.localeCompare(b.bib, undefined, { numeric: true }));
  const leaderTotal = athletes.find((a) => a.place === 1)?.total ?? 0;
  for (const a of athletes) a.behind = a.place === null ? 0 : leaderTotal - a.total;

  const nextIndex = disciplines.findIndex((d) => d.state !== 'done');
  if (gender && nextIndex >= 0 && disciplines[nextIndex]!.scored) {
    const child = children[nextIndex]!;
    const finalOf = (bib: string) => cells[nextIndex]!.get(bib)?.final ?? false;
    for (const a of athletes) a.needs = needsOf(a, athletes, nextIndex, gender, child, finalOf);
  }
  return {
    eventId: parentId,
    code: parent?.eventCode ?? null,
    name: parent?.name ?? null,
    gender,
    disciplines,
    next: nextIndex >= 0 ? disciplines[nextIndex]!.eventId : null,
    nextIsLast: nextIndex === disciplines.length - 1,
    standings: athletes,
  };
}

/** Places by total, highest first; equal totals share; null for the unplaced. */
function rank(totals: (number | null)[]): (number | null)[] {
  return totals.map((t) => (t === null ? null : 1 + totals.filter((o) => o !== null && o > t).length));
}

function needsOf(
  a: CombinedAthlete,
  all: CombinedAthlete[],
  next: number,
  gender: Gender,
  child: CompetitionEvent,
  finalOf: (bib: string) => boolean,
): CombinedNeed[] {
  if (a.out || a.place === null || a.place === 1 || finalOf(a.bib)) return [];
  const before = (x: CombinedAthlete) => x.total - (x.scores[next]!.points ?? 0);
  const scoredBefore = (x: CombinedAthlete) => x.scores.filter((s, i) => i !== next && s.points !== null).length;
  const leader = all.find((x) => x.place === 1 && x.bib !== a.bib);
  const ahead = all.filter((x) => !x.out && x.place !== null && x.total > a.total).sort((x, y) => x.total - y.total)[0];
  const rivals: [CombinedNeed['target'], CombinedAthlete | undefined][] = [['lead', leader], ['place', ahead !== leader ? ahead : undefined]];
  const out: CombinedNeed[] = [];
  for (const [target, rival] of rivals) {
    if (!rival) continue;
    const actual = finalOf(rival.bib) && rival.scores[next]!.points !== null;
    const n = scoredBefore(rival);
    const rivalNext = actual ? rival.scores[next]!.points! : n > 0 ? Math.round(before(rival) / n) : 0;
    const points = before(rival) + rivalNext - before(a) + 1;
    if (points <= 0) continue;
    const need = points <= OUT_OF_REACH_POINTS ? markForPoints(gender, child.eventCode, points) : null;
    const who = rival.name ?? `bib ${rival.bib}`;
    const what = child.name ?? disciplineCode(child.eventCode);
    const basis = actual ? `${who} scored ${rivalNext}` : `if ${who} scores ${rivalNext}, the average so far`;
    const goal = target === 'lead' ? 'to lead' : `to pass ${who}`;
    out.push({
      target,
      place: target === 'lead' ? 1 : rival.place!,
      rivalBib: rival.bib,
      rivalName: rival.name,
      points,
      mark: need?.text ?? null,
      rivalBasis: actual ? 'actual' : 'average',
      text: need ? `${need.text} in ${what} (${points} pts) ${goal}; ${basis}` : `Out of reach ${goal}: ${points} pts in ${what}`,
    });
  }
  return out;
}

function firstStart(e: CompetitionEvent): number | null {
  const times = e.units.map((u) => scheduleKey({ scheduledStartTime: u.scheduledStartTime ?? e.r1Time ?? null, day: u.day ?? e.day ?? null }));
  const known = times.filter((t): t is number => t !== null);
  if (known.length) return Math.min(...known);
  return scheduleKey({ scheduledStartTime: e.r1Time ?? null, day: e.day ?? null });
}

/**
 * Men's or women's tables: the event's gender, else its category (OpenTrack writes M/F/W; Norwegian
 * meets G/J for boys/girls, K for women), else the disciplines (110 m hurdles, 1000 m: men; 100 m
 * hurdles, 800 m: women).
 */
function genderOf(parent: CompetitionEvent | undefined, children: CompetitionEvent[]): Gender | null {
  for (const e of [parent, ...children]) {
    const g = (e?.genders ?? '').toUpperCase();
    if (g === 'M') return 'men';
    if (g === 'F' || g === 'W') return 'women';
  }
  for (const e of [parent, ...children]) {
    const c = (e?.category ?? '').toUpperCase();
    if (/^(W|F|J|K|GIRL|U\d+W|SW)/.test(c)) return 'women';
    if (/^(M|G|B|U\d+M|SM)/.test(c) && !/^MF/.test(c)) return 'men';
  }
  const codes = new Set(children.map((c) => disciplineCode(c.eventCode)));
  if (codes.has('110H') || codes.has('1000') || codes.has('60')) return 'men';
  if (codes.has('100H') || codes.has('800')) return 'women';
  return null;
}
