/**
 * In-process bus between ingest and everything downstream (SSE, later overlays and relay).
 * Typed so a listener cannot subscribe to an event name nobody emits.
 */
import { EventEmitter } from 'node:events';
import type { JournalRow } from '../store/journal';
import type { UnitKey } from '../model/opentrack';
import type { DeliveryNotice } from '../model/relay';
import type { RecordAlert } from '../model/records';

export interface BusEvents {
  /** A message was journaled (accepted or not). */
  journal: [row: JournalRow];
  /**
   * A unit's cached copy changed; `bibs`: the athletes the new copy lists (results and trials),
   * when ingest read them.
   */
  unit: [change: { competition: string; key: UnitKey; seq: number; bibs?: readonly string[] }];
  /** The competition's metadata changed. */
  competition: [key: string];
  /** A triathlon program's live timing or results changed (from an incoming webhook). */
  program: [change: { programId: string; seq: number }];
  /** The relay's state for an endpoint or message changed (delivered, failed, exhausted, disabled). */
  delivery: [notice: DeliveryNotice];
  /** A mark equalled or beat a record (views/records/watcher.ts). */
  record: [alert: RecordAlert];
}

export class Bus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every SSE client listens: the default warning at 10 is noise, not a leak.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends keyof BusEvents>(event: E, ...args: BusEvents[E]): void {
    for (const listener of this.emitter.listeners(event)) {
      try {
        (listener as (...a: BusEvents[E]) => void)(...args);
      } catch (err) {
        // One broken listener must not stop the others nor reach the ingest transaction.
        console.error(`bus listener for ${event} failed:`, err);
      }
    }
  }

  /** Subscribe; returns the function that unsubscribes. */
  on<E extends keyof BusEvents>(event: E, listener: (...args: BusEvents[E]) => void): () => void {
    this.emitter.on(event, listener as (...a: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...a: unknown[]) => void);
  }

  /**
   * Subscribe ahead of every listener already there: for a listener that only passes the event on
   * (a live stream's write), which must not wait behind one that computes (a graphic going on air).
   */
  onFirst<E extends keyof BusEvents>(event: E, listener: (...args: BusEvents[E]) => void): () => void {
    this.emitter.prependListener(event, listener as (...a: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...a: unknown[]) => void);
  }
}
