/**
 * TODO(issue 5, helper D): on-air graphics state, kept in the core so every output shows the same.
 */
import type { Bus } from '../bus';
import type { CompetitionView } from '../server/competition-view';
import type { Store } from '../store/store';

export interface GraphicsDeps {
  store: Store;
  bus: Bus;
  /** Standings and names of the followed competition (set once the console knows which). */
  view: () => CompetitionView | undefined;
  log: (line: string) => void;
}

export class Graphics {
  constructor(readonly deps: GraphicsDeps) {}
  start(): void {}
  stop(): void {}
}
