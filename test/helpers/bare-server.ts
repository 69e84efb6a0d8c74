/**
 * The console's real HTTP server and core parts on a temp SQLite file, without any source: for
 * tests of routes that do not need a meet playing (webhooks in, relay, triathlon).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Bus } from '../../electron/core/ingest/bus';
import { DEFAULT_WEBHOOK_MAX_BYTES, type WebhookConfig } from '../../electron/core/config/config';
import { Graphics } from '../../electron/core/outputs/graphics/graphics';
import { Relay, type RelayDeps } from '../../electron/core/outputs/relay/relay';
import { buildServer } from '../../electron/core/server/app';
import type { StreamRegistry } from '../../electron/core/server/journal-stream';
import { CompetitionView } from '../../electron/core/views/competition-view';
import { Store } from '../../electron/core/store/store';
import { TriathlonPrograms } from '../../electron/core/ingest/triathlon-programs';
import { TrackScoreBoards } from '../../electron/core/views/trackscore/leaderboards';
import { boardFeedRows } from '../../electron/core/views/feeds/board-feeds';
import { TriathlonSetup } from '../../electron/core/sources/triathlon/setup';
import { WebhookIngest } from '../../electron/core/ingest/webhooks';
import { TriathlonView } from '../../electron/core/views/triathlon/programs-view';
import { WebhookIntake } from '../../electron/core/sources/webhooks/intake';
import { ClubFlags } from '../../electron/core/outputs/graphics/club-flags';
import { join } from 'node:path';

export interface BareServer {
  url: string;
  view: CompetitionView;
  store: Store;
  bus: Bus;
  webhooks: WebhookIntake;
  triathlon: TriathlonPrograms;
  trackscore: TrackScoreBoards;
  triathlonSetup?: TriathlonSetup;
  relay: Relay;
  graphics: Graphics;
  app: FastifyInstance;
  logs: string[];
  close(): Promise<void>;
}

export interface BareServerOptions {
  webhooks?: Partial<WebhookConfig>;
  now?: () => number;
  relay?: Partial<RelayDeps>;
  /** The journal streams' registry (budget, stall limit); the server makes a default one without. */
  streams?: StreamRegistry;
  /** Club flags cached in the data dir, as the console has them. */
  clubFlags?: boolean;
  /** World Triathlon API (a stand-in's URL and key) for the set-up routes. */
  triathlonApi?: { base: string; key?: string };
}

export async function startBareServer(dataDir: string, opts: BareServerOptions = {}): Promise<BareServer> {
  const store = Store.open(dataDir);
  const bus = new Bus();
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const triathlon = new TriathlonPrograms(store.db);
  triathlon.rebuildIfStale(store.journal);
  const trackscore = TrackScoreBoards.fromJournal(store.journal, bus);
  const webhookIngest = new WebhookIngest(store, bus, triathlon);
  const triathlonSetup = opts.triathlonApi
    ? new TriathlonSetup({
        db: store.db,
        ingest: webhookIngest,
        apiKey: () => opts.triathlonApi!.key,
        apiBase: () => opts.triathlonApi!.base,
        token: () => opts.webhooks?.token,
        competition: () => 'test-competition',
        log,
        now: opts.now,
      })
    : undefined;
  const stopRankings = triathlonSetup?.followRankings(bus);
  const webhooks = new WebhookIntake({
    ingest: webhookIngest,
    config: { allow: {}, maxBytes: DEFAULT_WEBHOOK_MAX_BYTES, ...opts.webhooks },
    competition: () => 'test-competition',
    log,
    now: opts.now,
  });
  const view = new CompetitionView(store, 'test-competition', 'http://127.0.0.1/x/test/');
  const triathlonView = new TriathlonView(store.db);
  const relay = new Relay({ store, bus, log, eventName: () => undefined, holdBack: (row) => triathlonView.holdsBack(row), ...opts.relay });
  const graphics = new Graphics({ store, bus, view: () => view, log, feedRows: (feed) => boardFeedRows(feed, { view, store, triathlon: triathlonView, trackscore }) });
  const app = buildServer({
    store,
    bus,
    view,
    health: () => ({ status: 'ok', mode: 'live', startedAt: new Date().toISOString(), sources: {}, cache: {} }) as never,
    webhooks,
    triathlon: triathlonView,
    triathlonPrograms: triathlon,
    trackscore,
    triathlonSetup,
    relay,
    graphics,
    clubFlags: opts.clubFlags ? new ClubFlags(join(dataDir, 'flags'), log) : undefined,
    trackStream: () => {},
    streams: opts.streams,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  relay.start();
  graphics.start();
  const port = (app.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    view,
    store,
    bus,
    webhooks,
    triathlon,
    trackscore,
    triathlonSetup,
    relay,
    graphics,
    app,
    logs,
    async close() {
      await relay.stop();
      graphics.stop();
      trackscore.stop();
      stopRankings?.();
      await app.close();
      store.close();
    },
  };
}
