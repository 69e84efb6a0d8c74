/**
 * A recorded meet: what a source looked like at the start and what happened after, in time order.
 * The built-in demo meet and `--replay <data dir>` both produce one; the simulator plays it through
 * a local Pusher-protocol server and a local OpenTrack-shaped HTTP server.
 */
import type { UnitKey } from './opentrack';

export type RecordingStep =
  /**
   * The source's copy of a unit changes: the simulated HTTP source serves it from now on and, when
   * `push` is true, it is also sent as the `unit` event on the unit's Pusher channel.
   */
  | { atMs: number; kind: 'unit'; unit: Record<string, unknown> & UnitKey; push: boolean }
  /** A message on the competition's overview channel (`results_arrived`, `latest_attempt`). */
  | { atMs: number; kind: 'overview'; event: string; data: Record<string, unknown> };

export interface Recording {
  /** Shown in logs: "demo meet", or the data dir replayed. */
  name: string;
  /** Path of the competition on the simulated host, ending in `/`, e.g. `/x/2026/TSD/trackside-open/`. */
  competitionPath: string;
  /** The competition JSON as the source serves it at time 0, units embedded. */
  competition: Record<string, unknown>;
  /** Ascending by `atMs` (milliseconds after the start at speed 1). */
  steps: RecordingStep[];
}
