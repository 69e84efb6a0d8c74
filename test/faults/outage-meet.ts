/**
 * A generated meet for the outage tests: track heats that get results and field pools that get
 * rounds, each with its own dateModified as OpenTrack stamps them.
 */
import { longJumpUnit, sprintUnit, type UnitJson } from '../helpers/fixtures';
import { getJson } from '../helpers/wait';
import type { OpenTrackStandIn } from '../../electron/core/simulator/opentrack-http';

export const keyOf = (u: { eventId: string; round: number; heat: number }) => `${u.eventId}/${u.round}/${u.heat}`;

export function trackHeat(i: number, results = false, minute = 0): UnitJson {
  const heat = (i % 4) + 1;
  const eventId = `T${String(Math.floor(i / 4) + 10).padStart(2, '0')}`;
  const bibs = [0, 1, 2, 3, 4, 5].map((k) => String(100 + i * 6 + k));
  return sprintUnit({
    eventId, eventName: `Event ${eventId}`, heat, heatName: `Heat ${heat}`, roundName: 'Heats',
    dateModified: `2026-06-01 17:${String(minute).padStart(2, '0')}:00`,
    ...(results
      ? {
          status: 'finished', resultsStatus: 'official',
          results: bibs.map((bib, k) => ({ bib, lane: k + 2, place: k + 1, performance: (10.2 + k * 0.11 + i / 100).toFixed(2) })),
        }
      : { results: bibs.map((bib, k) => ({ bib, lane: k + 2, order: k + 1 })) }),
  });
}

export function fieldPool(i: number, rounds = 0, minute = 0): UnitJson {
  const trials = rounds
    ? [1, 2].flatMap((bib) => Array.from({ length: rounds }, (_, r) => ({ bib: String(20 + bib), round: r + 1, result: (5.8 + r * 0.07 + bib / 10).toFixed(2) })))
    : [];
  return { ...longJumpUnit(trials), eventId: `F${String(i + 10).padStart(2, '0')}`, eventName: `Field ${i}`, dateModified: `2026-06-01 17:${String(minute).padStart(2, '0')}:00` };
}

/** Units in the cache that differ from the source's copy, or that the cache lacks. */
export async function differences(url: string, standIn: OpenTrackStandIn): Promise<string[]> {
  const { body } = await getJson<{ events: { units: { eventId: string; round: number; heat: number }[] }[] }>(`${url}api/competition`);
  const listed = new Set(body.events.flatMap((e) => e.units.map(keyOf)));
  const out: string[] = [];
  const source = standIn.units();
  for (const u of source) {
    if (!listed.has(keyOf(u))) {
      out.push(`${keyOf(u)} not listed`);
      continue;
    }
    const cached = await getJson(`${url}api/units/${keyOf(u)}`);
    if (cached.status !== 200 || JSON.stringify(cached.body.unit) !== JSON.stringify(u)) out.push(`${keyOf(u)} differs`);
  }
  for (const k of listed) if (!source.some((u) => keyOf(u) === k)) out.push(`${k} not in the source`);
  return out;
}

