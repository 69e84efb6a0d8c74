/**
 * Who is where in a triathlon from a live-timing snapshot: each athlete at the furthest segment
 * they have reached, those further along first, then by time at that segment; the gap is to the
 * first athlete at the same segment. Final results, when held, win.
 */
import type { Position, SplitStanding, TimingAthlete, TimingStore } from '../../model/triathlon';

/**
 * A pack, in seconds: an athlete within this of the one ahead rides (or runs) with them. Chained
 * from the leader, it gives the group at the front; 5 s is the usual draft-pack reading on TV.
 */
export const GROUP_GAP_S = 5;

const OUT = /^(dnf|dns|dsq|dq|lap|lapped|dnq)$/i;
/** LAP is how the standard writes "lapped"; show it so. */
const outLabel = (status: string) => (/^lapped$/i.test(status) ? 'LAP' : status.toUpperCase());

/** "1:02:03", "18:21", "58.4" → seconds; unreadable → null. */
export function seconds(text: string | null | undefined): number | null {
  if (!text) return null;
  const parts = text.trim().split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) return null;
  return parts.reduce((total, p) => total * 60 + Number(p), 0);
}

function gap(s: number): string {
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  const text = m > 0 ? `${m}:${rest.toFixed(rest % 1 ? 1 : 0).padStart(2, '0')}` : rest.toFixed(rest % 1 ? 1 : 0);
  return `+${text}`;
}

export function segmentsOf(snapshot: TimingStore): string[] {
  return [...snapshot.splits]
    .map((s, i) => ({ name: s.split_name ?? s.name ?? `Split ${i + 1}`, order: s.split_order ?? i, id: s.split_id ?? String(i + 1) }))
    .sort((a, b) => a.order - b.order)
    .map((s) => s.name);
}

function splitIds(snapshot: TimingStore): Map<string, string> {
  return new Map(snapshot.splits.map((s, i) => [s.split_id ?? String(i + 1), s.split_name ?? s.name ?? `Split ${i + 1}`]));
}

const nameOf = (a: TimingAthlete) => [a.athlete_first, a.athlete_last].filter(Boolean).join(' ') || a.athlete_title || `#${a.start_num ?? a.athlete_id ?? '?'}`;

export function positions(snapshot: TimingStore, final?: TimingAthlete[]): Position[] {
  const segments = segmentsOf(snapshot);
  const ids = splitIds(snapshot);
  if (final && final.length) return finalPositions(final, segments, ids);
  const athletes = snapshot.athletes ?? snapshot.results ?? [];
  const rows = athletes.map((a) => {
    const times = new Map<string, string | null>();
    for (const s of a.splits) {
      const seg = (s.split_id && ids.get(s.split_id)) ?? s.split_name ?? s.name;
      if (seg) times.set(seg, s.time ?? s.split_time ?? null);
    }
    let reached = -1;
    segments.forEach((seg, i) => {
      if (seconds(times.get(seg)) !== null) reached = i;
    });
    const out = OUT.test(a.status ?? '') ? outLabel(a.status!) : null;
    return {
      a,
      reached,
      at: reached >= 0 ? seconds(times.get(segments[reached]!)) : null,
      time: reached >= 0 ? (times.get(segments[reached]!) ?? null) : null,
      out,
      splits: segments.map((seg) => ({ segment: seg, time: times.get(seg) ?? null })),
    };
  });
  rows.sort((x, y) => Number(Boolean(x.out)) - Number(Boolean(y.out)) || y.reached - x.reached || (x.at ?? Infinity) - (y.at ?? Infinity));
  const ranks = splitRanks(snapshot);
  const leaderAt = new Map<number, number>();
  // The group at the front: at the leader's segment, each within GROUP_GAP_S of the one ahead.
  const front = rows.filter((r) => !r.out && r.reached >= 0 && r.reached === rows[0]?.reached && r.at !== null);
  const group = new Set<TimingAthlete>();
  for (let i = 0; i < front.length; i++) {
    if (i > 0 && front[i]!.at! - front[i - 1]!.at! > GROUP_GAP_S) break;
    group.add(front[i]!.a);
  }
  let place = 0;
  return rows.map((r) => {
    const key = athleteKey(r.a);
    const now = r.reached >= 0 ? ranks[r.reached]?.get(key) : undefined;
    const before = r.reached >= 1 ? ranks[r.reached - 1]?.get(key) : undefined;
    if (!r.out && r.reached >= 0) place++;
    if (!r.out && r.at !== null && !leaderAt.has(r.reached)) leaderAt.set(r.reached, r.at);
    const lead = leaderAt.get(r.reached);
    return {
      position: !r.out && r.reached >= 0 ? place : null,
      athleteId: r.a.athlete_id ?? null,
      bib: r.a.start_num ?? null,
      name: nameOf(r.a),
      country: r.a.athlete_noc ?? null,
      segment: r.reached >= 0 ? segments[r.reached]! : null,
      time: r.time,
      // Out of the race: no gap, it would read as a place in it.
      behind: !r.out && r.at !== null && lead !== undefined && r.at > lead ? gap(r.at - lead) : null,
      status: r.out,
      splits: r.splits,
      moved: !r.out && now !== undefined && before !== undefined ? before - now : null,
      leadGroup: group.has(r.a) && group.size > 1,
    };
  });
}

const athleteKey = (a: TimingAthlete) => a.athlete_id ?? `bib:${a.start_num ?? nameOf(a)}`;

function timesOf(a: TimingAthlete, ids: Map<string, string>): Map<string, string | null> {
  const times = new Map<string, string | null>();
  for (const s of a.splits) {
    const seg = (s.split_id && ids.get(s.split_id)) ?? s.split_name ?? s.name;
    if (seg) times.set(seg, s.time ?? s.split_time ?? null);
  }
  return times;
}

/** Per segment (in order): athlete key → place by time at that segment. Out athletes keep their places where they have times. */
function splitRanks(snapshot: TimingStore): Map<string, number>[] {
  return bySplit(snapshot).map((s) => new Map(s.rows.map((r) => [r.athleteId ?? `bib:${r.bib ?? r.name}`, r.position])));
}

/** Everyone with a time at each split, in order of that time, with the gap to the first and places moved since the split before. */
export function bySplit(snapshot: TimingStore): SplitStanding[] {
  const segments = segmentsOf(snapshot);
  const ids = splitIds(snapshot);
  const athletes = (snapshot.athletes ?? snapshot.results ?? []).map((a) => ({ a, times: timesOf(a, ids) }));
  const out: SplitStanding[] = [];
  let previous: Map<string, number> | undefined;
  for (const segment of segments) {
    const timed = athletes
      .map((x) => ({ ...x, at: seconds(x.times.get(segment)) }))
      .filter((x) => x.at !== null)
      .sort((p, q) => p.at! - q.at!);
    const first = timed[0]?.at ?? null;
    const places = new Map<string, number>();
    const rows = timed.map((x, i) => {
      // Equal times share a place, as timing does.
      const position = i > 0 && x.at === timed[i - 1]!.at ? places.get(athleteKey(timed[i - 1]!.a))! : i + 1;
      const key = athleteKey(x.a);
      places.set(key, position);
      const was = previous?.get(key);
      return {
        position,
        athleteId: x.a.athlete_id ?? null,
        bib: x.a.start_num ?? null,
        name: nameOf(x.a),
        country: x.a.athlete_noc ?? null,
        time: x.times.get(segment) ?? null,
        behind: first !== null && x.at! > first ? gap(x.at! - first) : null,
        moved: was !== undefined ? was - position : null,
      };
    });
    out.push({ segment, rows });
    previous = places;
  }
  return out;
}

function finalPositions(results: TimingAthlete[], segments: string[], ids: Map<string, string>): Position[] {
  const rows = results.map((a) => ({ a, pos: Number(a.position), total: seconds(a.total_time) }));
  rows.sort((x, y) => (Number.isFinite(x.pos) ? x.pos : Infinity) - (Number.isFinite(y.pos) ? y.pos : Infinity));
  const winner = rows.find((r) => r.total !== null)?.total ?? null;
  return rows.map((r) => {
    const times = new Map(r.a.splits.map((s) => [((s.split_id && ids.get(s.split_id)) ?? s.split_name ?? s.name ?? '') as string, s.time ?? s.split_time ?? null]));
    const status = Number.isFinite(r.pos) ? null : (r.a.position ?? r.a.status ?? null)?.toUpperCase() ?? null;
    return {
      position: Number.isFinite(r.pos) ? r.pos : null,
      athleteId: r.a.athlete_id ?? null,
      bib: r.a.start_num ?? null,
      name: nameOf(r.a),
      country: r.a.athlete_noc ?? null,
      segment: 'Finish',
      time: r.a.total_time ?? null,
      behind: r.total !== null && winner !== null && r.total > winner ? gap(r.total - winner) : null,
      status,
      splits: segments.map((seg) => ({ segment: seg, time: times.get(seg) ?? null })),
      moved: null,
      leadGroup: false,
    };
  });
}
