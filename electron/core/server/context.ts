import type { ServerResponse } from 'node:http';
import type { Bus } from '../ingest/bus';
import type { Health } from '../model/api';
import type { Store } from '../store/store';
import type { CompetitionView } from '../views/competition-view';
import type { WebhookIntake } from '../sources/webhooks/intake';
import type { TriathlonView } from '../views/triathlon/programs-view';
import type { Relay } from '../outputs/relay/relay';
import type { Graphics } from '../outputs/graphics/graphics';
import type { RecordWatcher } from '../views/records/watcher';
import type { Config } from '../config/config';
import type { SettingsSaved, SettingsView } from '../model/settings';

/** What the HTTP layer reads from the core: nothing here writes the cache. */
export interface ServerContext {
  store: Store;
  bus: Bus;
  view: CompetitionView;
  health: () => Health;
  /** Incoming webhooks (`/hooks/…`). */
  webhooks: WebhookIntake;
  /** Triathlon programs built from incoming `timing.store` messages. */
  triathlon: TriathlonView;
  /** Outbound webhooks to venue systems. */
  relay: Relay;
  /** What is on air in the broadcast overlays. */
  graphics: Graphics;
  /** Record alerts; absent in servers built without one (tests of other routes). */
  records?: RecordWatcher;
  /** Open SSE responses, so stop() can end them instead of waiting for clients to leave. */
  trackStream: (res: ServerResponse) => void;
  /** Built renderer (index.html and assets), if there is one. */
  rendererDir?: string;
  /** Required on every request but /hooks/* when set (LAN mode). */
  accessToken?: string;
  /** `/api/settings` and `/api/restart`; absent where no runner can restart the console. */
  settings?: SettingsControl;
}

/** The settings page's side of the core (implemented by settings/service.ts). */
export interface SettingsControl {
  view(): SettingsView;
  /** Throws SettingsInvalid (with per-field messages) and then saves nothing. */
  save(body: unknown): SettingsSaved;
  /** The Config a restart would start; throws ConfigError when the saved settings cannot make one. */
  planRestart(): Config;
  /** Restart now (call after the answer is sent: the server closes). */
  restart(): void;
}
