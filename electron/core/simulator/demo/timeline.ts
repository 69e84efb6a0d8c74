/**
 * Collects what happens during the demo meet, in any order, and hands it back as a Recording's
 * steps: sorted by time, quiet stretches shortened, each unit copy stamped with the time it
 * changed.
 */
import type { RecordingStep } from '../../model/recording';
import { cloneUnit, type DemoUnit } from './units';

export class Timeline {
  private readonly steps: RecordingStep[] = [];

  /** A unit changed at `atMs`; `push: false` is a change the HTTP source has but Pusher lost. */
  unit(atMs: number, unit: DemoUnit, push = true): void {
    this.steps.push({ atMs, kind: 'unit', unit: cloneUnit(unit), push });
  }

  overview(atMs: number, event: string, data: Record<string, unknown>): void {
    this.steps.push({ atMs, kind: 'overview', event, data });
  }

  /**
   * The steps in time order. A gap longer than `maxGapMs` is shortened to it: an operator watching
   * the demo takes a minute of nothing for a broken feed. Steps at the same moment keep the order
   * they were recorded in (a unit before the overview message that announces it).
   */
  finish(opts: { maxGapMs: number; dateModifiedAt: (atMs: number) => string }): RecordingStep[] {
    const sorted = this.steps.map((step, i) => ({ step, i })).sort((a, b) => a.step.atMs - b.step.atMs || a.i - b.i);
    let previousOriginal = 0;
    let previousShifted = 0;
    return sorted.map(({ step }) => {
      const atMs = previousShifted + Math.min(step.atMs - previousOriginal, opts.maxGapMs);
      previousOriginal = step.atMs;
      previousShifted = atMs;
      if (step.kind === 'overview') return { ...step, atMs };
      return { ...step, atMs, unit: { ...step.unit, dateModified: opts.dateModifiedAt(atMs) } };
    });
  }
}
