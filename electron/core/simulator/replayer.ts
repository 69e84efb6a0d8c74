/**
 * Plays a Recording in real time, scaled by `speed`: each step changes the HTTP stand-in's copy of
 * a unit and/or sends a Pusher message, exactly as OpenTrack would during the meet.
 */
import type { Recording, RecordingStep } from '../model/recording';
import { overviewChannel, unitChannel } from '../model/competition-location';

export interface ReplaySink {
  setUnit(unit: Extract<RecordingStep, { kind: 'unit' }>['unit']): void;
  trigger(channel: string, event: string, data: unknown): void;
}

export interface ReplayerOptions {
  sink: ReplaySink;
  speed: number;
  /** Start over after the last step (the demo runs all day). */
  loop?: boolean;
  /** Wall-clock pause before looping. */
  loopPauseMs?: number;
  /** The loop went back to time 0 (a dashboard clears what the previous run raised). */
  onRestart?: () => void;
  onStep?: (step: RecordingStep, index: number) => void;
  onEnd?: () => void;
}

/** A timer never sleeps longer than this, so a stop() or a long gap never leaves a stale timer. */
const MAX_SLEEP_MS = 1_000;

export class Replayer {
  private index = 0;
  private startedWall = 0;
  private startedAt = 0;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly recording: Recording,
    private readonly opts: ReplayerOptions,
  ) {
    if (!(opts.speed > 0) || !Number.isFinite(opts.speed)) throw new RangeError(`replay speed must be a positive number (got ${opts.speed})`);
  }

  get stepIndex(): number {
    return this.index;
  }

  get total(): number {
    return this.recording.steps.length;
  }

  get finished(): boolean {
    return this.index >= this.total;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.clockFrom(this.index);
    this.tick();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Back to time 0: every unit's first copy is served (and pushed) again; a running replay plays on from there. */
  reset(): void {
    this.index = 0;
    const path = this.recording.competitionPath;
    for (const event of (this.recording.competition.events ?? []) as { units?: unknown[] }[]) {
      for (const unit of (event.units ?? []) as Extract<RecordingStep, { kind: 'unit' }>['unit'][]) {
        this.opts.sink.setUnit(unit);
        this.opts.sink.trigger(unitChannel(path, unit), 'unit', unit);
      }
    }
    if (!this.running) return;
    clearTimeout(this.timer);
    this.clockFrom(0);
    this.tick();
  }

  /** Step `index` is due now: no wait for the first step, nor for one after a pause. */
  private clockFrom(index: number): void {
    this.startedWall = Date.now();
    this.startedAt = this.recording.steps[index]?.atMs ?? 0;
  }

  private tick(): void {
    if (!this.running) return;
    const now = this.startedAt + (Date.now() - this.startedWall) * this.opts.speed;
    const steps = this.recording.steps;
    // At high speed many steps fall due between two timer ticks: run them all, in order.
    while (this.index < steps.length && steps[this.index]!.atMs <= now) {
      const step = steps[this.index]!;
      this.apply(step);
      this.opts.onStep?.(step, this.index);
      this.index++;
    }
    if (this.index >= steps.length) {
      this.opts.onEnd?.();
      if (!this.opts.loop) {
        this.running = false;
        return;
      }
      this.timer = setTimeout(() => {
        if (!this.running) return;
        this.reset();
        this.opts.onRestart?.();
      }, this.opts.loopPauseMs ?? 10_000);
      this.timer.unref();
      return;
    }
    const wait = (steps[this.index]!.atMs - now) / this.opts.speed;
    this.timer = setTimeout(() => this.tick(), Math.max(1, Math.min(MAX_SLEEP_MS, wait)));
    this.timer.unref();
  }

  private apply(step: RecordingStep): void {
    const path = this.recording.competitionPath;
    if (step.kind === 'unit') {
      this.opts.sink.setUnit(step.unit);
      if (step.push) this.opts.sink.trigger(unitChannel(path, step.unit), 'unit', step.unit);
    } else {
      this.opts.sink.trigger(overviewChannel(path), step.event, step.data);
    }
  }
}
