import type { ServerResponse } from 'node:http';
import type { Bus } from '../bus';
import type { Health } from '../model/api';
import type { Store } from '../store/store';
import type { CompetitionView } from './competition-view';

/** What the HTTP layer reads from the core: nothing here writes the cache. */
export interface ServerContext {
  store: Store;
  bus: Bus;
  view: CompetitionView;
  health: () => Health;
  /** Open SSE responses, so stop() can end them instead of waiting for clients to leave. */
  trackStream: (res: ServerResponse) => void;
  /** Built renderer (index.html and assets), if there is one. */
  rendererDir?: string;
}
