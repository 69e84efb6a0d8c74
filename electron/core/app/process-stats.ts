/**
 * How the console's own process is doing, for /api/health and the benches: memory, and how long
 * the event loop was held up (one Node loop serves the dashboard, every overlay and ingest, so a
 * stall there is a frozen graphic on air).
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The delay figures cover this window; each window starts a fresh histogram. */
const WINDOW_MS = 10_000;

export interface ProcessStats {
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  /** p99 and max event-loop delay over the last full window (the current one until it fills). */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

export class ProcessMonitor {
  private current: IntervalHistogram;
  private last: { p99: number; max: number } | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.current = monitorEventLoopDelay({ resolution: 10 });
    this.current.enable();
    this.timer = setInterval(() => this.rotate(), WINDOW_MS);
    this.timer.unref();
  }

  stats(): ProcessStats {
    const m = process.memoryUsage();
    const figures = this.last ?? this.figures(this.current);
    return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external, eventLoopDelayP99Ms: figures.p99, eventLoopDelayMaxMs: figures.max };
  }

  stop(): void {
    clearInterval(this.timer);
    this.current.disable();
  }

  private rotate(): void {
    this.last = this.figures(this.current);
    this.current.disable();
    this.current = monitorEventLoopDelay({ resolution: 10 });
    this.current.enable();
  }

  private figures(h: IntervalHistogram): { p99: number; max: number } {
    // Nanoseconds; an empty histogram reports huge sentinels.
    if (h.count === 0) return { p99: 0, max: 0 };
    return { p99: Math.round(h.percentile(99) / 1e4) / 100, max: Math.round(h.max / 1e4) / 100 };
  }
}
