/**
 * Lap splits for races of 800 m and up: each athlete's elapsed and lap time at every split, the
 * position there, the gap to the leader, and who led at each split. Pure, from a parsed unit.
 */
import type { SplitsResponse } from '../../model/splits';
import type { Unit } from '../../model/opentrack';
import type { People } from '../standings/standings';
import { parseTime } from '../standings/marks';

/** Metres of a race from its event code: "800", "1500", "3000SC", "5K", "10000m", "MILE". */
export function raceMetres(eventCode: string | null | undefined): number | null {
  const c = (eventCode ?? '').toUpperCase().replace(/\s+/g, '');
  if (c === 'MILE' || c === '1MILE') return 1609;
  const k = /^(\d+(?:\.\d+)?)K(M)?$/.exec(c);
  if (k) return Number(k[1]) * 1000;
  const m = /^(\d+)(M|SC|ST|W)?$/.exec(c);
  return m ? Number(m[1]) : null;
}

export const SPLITS_FROM_METRES = 800;

export function computeSplits(unit: Unit, people: People = new Map()): SplitsResponse {
  const metres = raceMetres(unit.eventCode);
  const results = unit.results ?? [];
  const distances = [
    ...new Set(results.flatMap((r) => (r.splits ?? []).map((s) => Number(s.distance)).filter((d) => Number.isFinite(d) && d > 0))),
  ].sort((a, b) => a - b);
  const at = (r: (typeof results)[number], d: number) => (r.splits ?? []).find((s) => Number(s.distance) === d);
  const leaders: SplitsResponse['leaders'] = [];
  const timesAt = distances.map((d) =>
    results.flatMap((r) => {
      const s = at(r, d);
      const t = parseTime(s?.elapsedTime);
      return t === null ? [] : [{ bib: r.bib, t, s: s! }];
    }),
  );
  distances.forEach((d, i) => {
    const first = timesAt[i]!.slice().sort((a, b) => a.t - b.t)[0];
    if (first) leaders.push({ distance: d, bib: first.bib, name: people.get(first.bib)?.name ?? null, elapsed: first.s.elapsedTime!, lap: first.s.lapTime ?? null });
  });
  const ordered = results.slice().sort((a, b) => placeOf(a.place) - placeOf(b.place));
  return {
    distanceRace: metres !== null && metres >= SPLITS_FROM_METRES,
    distances,
    leaders,
    athletes: ordered
      .filter((r) => (r.splits ?? []).length > 0)
      .map((r) => ({
        bib: r.bib,
        name: people.get(r.bib)?.name ?? null,
        place: typeof r.place === 'number' ? r.place : null,
        splits: distances.map((d, i) => {
          const s = at(r, d);
          const t = parseTime(s?.elapsedTime);
          if (!s || t === null) return { elapsed: s?.elapsedTime ?? null, lap: s?.lapTime ?? null, position: null, behind: null };
          const all = timesAt[i]!;
          const best = Math.min(...all.map((x) => x.t));
          return {
            elapsed: s.elapsedTime ?? null,
            lap: s.lapTime ?? null,
            position: 1 + all.filter((x) => x.t < t).length,
            behind: t > best ? `+${(t - best).toFixed(2)}` : null,
          };
        }),
      })),
  };
}

function placeOf(p: unknown): number {
  return typeof p === 'number' ? p : Number.MAX_SAFE_INTEGER;
}
