import type { ServerResponse } from 'node:http';
import type { Bus } from '../bus';
import type { Health } from '../model/api';
import type { Store } from '../store/store';
import type { CompetitionView } from './competition-view';
import type { WebhookIntake } from '../webhooks/intake';
import type { TriathlonPrograms } from '../triathlon/programs';
import type { Relay } from '../relay/relay';
import type { Graphics } from '../graphics/graphics';

/** What the HTTP layer reads from the core: nothing here writes the cache. */
export interface ServerContext {
  store: Store;
  bus: Bus;
  view: CompetitionView;
  health: () => Health;
  /** Incoming webhooks (`/hooks/…`). */
  webhooks: WebhookIntake;
  /** Triathlon programs built from incoming `timing.store` messages. */
  triathlon: TriathlonPrograms;
  /** Outbound webhooks to venue systems. */
  relay: Relay;
  /** What is on air in the broadcast overlays. */
  graphics: Graphics;
  /** Open SSE responses, so stop() can end them instead of waiting for clients to leave. */
  trackStream: (res: ServerResponse) => void;
  /** Built renderer (index.html and assets), if there is one. */
  rendererDir?: string;
}
