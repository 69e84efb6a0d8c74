/**
 * The demo's units, with the keys a real OpenTrack unit carries (SPEC §8) so every view meets the
 * same shape it meets live: track units have `distance`, `windAssistance` (sprints only) and split
 * settings and no `trials`; field units have `trials` and `rounds`; HJ/PV add `heights`.
 */
import type { UnitKey } from '../../model/opentrack';

export interface SplitRow {
  distance: number;
  elapsedTime: string;
  lapTime: string;
}

/** One row of `results`: the start list before the event, the result after it. */
export interface ResultRow {
  bib: string;
  lane?: number;
  order?: number;
  place?: number;
  performance?: string;
  rawTime?: string;
  note?: string;
  weight?: string;
  splits?: SplitRow[];
}

/** One attempt: `round` (attempt number) and `wind` for jumps and throws, `height` for HJ/PV. */
export interface TrialRow {
  bib: string;
  round?: number;
  height?: string;
  result: string;
  wind?: number;
}

export type DemoUnit = UnitKey & {
  [key: string]: unknown;
  eventCode: string;
  eventName: string;
  heatName: string;
  status: string;
  resultsStatus: string;
  results: ResultRow[];
  trials?: TrialRow[];
};

export interface UnitPlan {
  eventId: string;
  eventCode: string;
  eventName: string;
  round: number;
  heat: number;
  roundName: string;
  heatName: string;
  /** "17:05" */
  scheduledStartTime: string;
}

function baseUnit(plan: UnitPlan, results: ResultRow[]): DemoUnit {
  return {
    id: `tsd-${plan.eventId}-${plan.round}-${plan.heat}`.toLowerCase(),
    eventId: plan.eventId,
    eventCode: plan.eventCode,
    eventName: plan.eventName,
    round: plan.round,
    heat: plan.heat,
    roundName: plan.roundName,
    heatName: plan.heatName,
    day: 1,
    scheduledStartTime: plan.scheduledStartTime,
    status: 'scheduled',
    resultsStatus: '',
    published: true,
    results,
  };
}

export interface TrackSettings {
  distance: number;
  /** Wind is measured for straight sprints and hurdles only. */
  windGauge: boolean;
  /** First split and every split after it, as OpenTrack's `splitsStart` / `splitsLap`. */
  splitsStart?: number;
  splitsLap?: number;
}

export function trackUnit(plan: UnitPlan, settings: TrackSettings, startList: ResultRow[]): DemoUnit {
  const unit = baseUnit(plan, startList);
  unit.distance = settings.distance;
  unit.precision = 2;
  unit.splitDistances = [];
  unit.splitsStart = settings.splitsStart ?? 200;
  unit.splitsLap = settings.splitsLap ?? 200;
  if (settings.windGauge) unit.windAssistance = '';
  return unit;
}

/** Jumps and throws: up to `attempts` rounds of trials; throws list the implement's weight. */
export function horizontalUnit(plan: UnitPlan, bibs: string[], attempts: number, weight?: string): DemoUnit {
  const results = bibs.map((bib, i): ResultRow => (weight ? { bib, order: i + 1, weight } : { bib, order: i + 1 }));
  const unit = baseUnit(plan, results);
  unit.rounds = attempts;
  unit.trials = [];
  return unit;
}

/** HJ/PV: the bar's progression is known in advance (`heights`), attempts are per height. */
export function verticalUnit(plan: UnitPlan, bibs: string[], heights: string[]): DemoUnit {
  const unit = baseUnit(plan, bibs.map((bib, i) => ({ bib, order: i + 1 })));
  unit.heights = heights;
  unit.initialHeight = heights[0];
  unit.plannedHeights = [];
  unit.trials = [];
  return unit;
}

/** The same unit with nothing shared, so a recorded step never changes after it is taken. */
export function cloneUnit(unit: DemoUnit): DemoUnit {
  return structuredClone(unit);
}
