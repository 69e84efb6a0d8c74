/**
 * A meet of any size for the benches, from the demo meet's own units at their last state (real
 * OpenTrack shape and size: start lists, results with splits, field trials), each copy renamed to
 * a unit of its own.
 */
import { createDemoRecording } from '../electron/core/simulator/demo/meet';
import type { UnitKey } from '../electron/core/model/opentrack';

export type BenchUnit = Record<string, unknown> & UnitKey;

export const BENCH_PATH = '/x/2026/TST/bench-meet/';

/** The demo meet's units, each at its final state: 14 units of 0.9–4.2 KB. */
export function demoTemplates(): BenchUnit[] {
  const last = new Map<string, BenchUnit>();
  for (const s of createDemoRecording({ seed: 7 }).steps) {
    if (s.kind === 'unit') last.set(`${s.unit.eventId}/${s.unit.round}/${s.unit.heat}`, s.unit as BenchUnit);
  }
  return [...last.values()];
}

/** Unit `i` of a meet: a template's content under event `B{n}`, up to 8 heats an event. */
export function benchUnit(templates: BenchUnit[], i: number, version = 0): BenchUnit {
  const t = templates[i % templates.length]!;
  return {
    ...structuredClone(t),
    eventId: `B${String(Math.floor(i / 8)).padStart(3, '0')}`,
    round: 1,
    heat: (i % 8) + 1,
    dateModified: `2026-06-01T17:${String(version).padStart(2, '0')}:00Z`,
  } as BenchUnit;
}

/** A competition JSON listing (and embedding) the units, as OpenTrack's `…/json/` does. */
export function benchCompetition(units: BenchUnit[]): Record<string, unknown> {
  const events = new Map<string, BenchUnit[]>();
  for (const u of units) events.set(u.eventId, [...(events.get(u.eventId) ?? []), u]);
  return {
    id: 'bench',
    slug: 'bench-meet',
    fullName: 'Trackside Bench Meet',
    date: '2026-06-01',
    year: 2026,
    country: 'TST',
    type: 'TRACK',
    competitors: [],
    events: [...events].map(([eventId, us]) => ({
      eventId,
      eventCode: us[0]!.eventCode,
      name: us[0]!.eventName ?? `Event ${eventId}`,
      rounds: String(us.length),
      units: us,
    })),
    relayTeams: [],
    teams: [],
  };
}
