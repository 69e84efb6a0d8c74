import type { ServerResponse } from 'node:http';
import type { Bus } from '../ingest/bus';
import type { Health } from '../model/api';
import type { Store } from '../store/store';
import type { StreamRegistry } from './journal-stream';
import type { CompetitionView } from '../views/competition-view';
import type { WebhookIntake } from '../sources/webhooks/intake';
import type { TriathlonView } from '../views/triathlon/programs-view';
import type { TriathlonPrograms } from '../ingest/triathlon-programs';
import type { TrackScoreBoards } from '../views/trackscore/leaderboards';
import type { TriathlonSetup } from '../sources/triathlon/setup';
import type { Relay } from '../outputs/relay/relay';
import type { Graphics } from '../outputs/graphics/graphics';
import type { ClubFlags } from '../outputs/graphics/club-flags';
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
  /** The triathlon writer, for the one operator choice it keeps (sandbox on air). */
  triathlonPrograms: TriathlonPrograms;
  /** TrackScore leaderboards built from `/hooks/trackscore`. */
  trackscore: TrackScoreBoards;
  /** World Triathlon set-up over its API (subscriptions, followed programs). */
  triathlonSetup?: TriathlonSetup;
  /** Outbound webhooks to venue systems. */
  relay: Relay;
  /** What is on air in the broadcast overlays. */
  graphics: Graphics;
  /** The journal streams' shared buffer budget (one per console; health reports it). */
  streams?: StreamRegistry;
  /** Record alerts; absent in servers built without one (tests of other routes). */
  records?: RecordWatcher;
  /** Open SSE responses, so stop() can end them instead of waiting for clients to leave. */
  trackStream: (res: ServerResponse) => void;
  /** Club flags from the competition's `flagUrl`s, cached in the data dir (`/flags/club/…`). */
  clubFlags?: ClubFlags;
  /** The operator's own graphics (`<data-dir>/templates/`), served under /output/custom/. */
  templatesDir?: string;
  /** Built renderer (index.html and assets), if there is one. */
  rendererDir?: string;
  /** Required on every request but /hooks/* when set (LAN mode). */
  accessToken?: string;
  /** The address the server binds to (default 127.0.0.1): the request guard allows it as a Host. */
  boundHost?: string;
  /** LAN mode: more names and addresses the request guard allows as a Host. */
  allowedHosts?: readonly string[];
  /** `/api/settings` and `/api/restart`; absent where no runner can restart the console. */
  settings?: SettingsControl;
}

/** The settings page's side of the core (implemented by settings/service.ts). */
export interface SettingsControl {
  /** Secrets never; the access token in use only with `revealToken` (the operator asked). */
  view(opts?: { revealToken?: boolean }): SettingsView;
  /** Throws SettingsInvalid (with per-field messages) and then saves nothing. */
  save(body: unknown): SettingsSaved;
  /** The Config a restart would start; throws ConfigError when the saved settings cannot make one. */
  planRestart(): Config;
  /** Restart now (call after the answer is sent: the server closes). */
  restart(): void;
}
