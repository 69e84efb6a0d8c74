/**
 * Combined events read from the cache: the competition's parent/child events, each child unit's
 * standings (already cached by the competition view) and the `points` OpenTrack may carry.
 */
import type { CombinedEvent } from '../../model/combined';
import { UnitSchema, unitKeyString, type UnitKey } from '../../model/opentrack';
import type { Store } from '../../store/store';
import type { CompetitionView } from '../competition-view';
import { buildCombined } from './combined';

export function combinedEvents(view: CompetitionView, store: Store): CombinedEvent[] {
  const { competition, people } = view.meta();
  if (!competition?.events.some((e) => e.parent)) return [];
  const points = new Map<string, Map<string, number>>();
  const dataPointsOf = (key: UnitKey, bib: string): number | null => {
    const k = unitKeyString(key);
    let byBib = points.get(k);
    if (!byBib) {
      byBib = new Map();
      const stored = store.units.get(view.competitionKey, key);
      const parsed = stored ? UnitSchema.safeParse(JSON.parse(stored.json)) : undefined;
      for (const r of parsed?.success ? (parsed.data.results ?? []) : []) {
        const n = Number(r.points);
        if (Number.isFinite(n) && n > 0) byBib.set(r.bib, n);
      }
      points.set(k, byBib);
    }
    return byBib.get(bib) ?? null;
  };
  return buildCombined({ competition, people, standingsOf: (key) => view.standings(key), dataPointsOf });
}
