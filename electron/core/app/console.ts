/**
 * The composition root: builds the whole console from a Config and runs it. The Electron shell and
 * the headless entry both call createConsole(); so do the integration tests.
 */
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Bus } from '../ingest/bus';
import { ConfigError, type Config } from '../config/config';
import { overallStatus } from './health';
import { Ingest, DEFAULT_LIMITS } from '../ingest/ingest';
import { createLogger, type Logger } from '../config/log';
import type { Health } from '../model/api';
import type { Recording } from '../model/recording';
import { buildServer } from '../server/app';
import type { SettingsControl } from '../server/context';
import type { Db } from '../store/database';
import { CompetitionView } from '../views/competition-view';
import { StreamRegistry } from '../server/journal-stream';
import { ProcessMonitor } from './process-stats';
import { collectBigGarbage } from './big-garbage';
import { OpenTrackSource } from '../sources/opentrack/opentrack-source';
import { competitionKey, type CompetitionLocation } from '../model/competition-location';
import { Store } from '../store/store';
import { Checkpointer } from '../store/checkpointer';
import { lastDatabaseRecovery } from '../store/database';
import { Simulator } from '../simulator/simulator';
import { createDemoRecording } from '../simulator/demo/meet';
import { recordingFromDataDir } from '../simulator/recording-from-store';
import { WebhookIngest } from '../ingest/webhooks';
import { TriathlonView } from '../views/triathlon/programs-view';
import { RecordWatcher } from '../views/records/watcher';
import { WebhookIntake } from '../sources/webhooks/intake';
import { TriathlonPrograms } from '../ingest/triathlon-programs';
import { TrackScoreBoards } from '../views/trackscore/leaderboards';
import { TriathlonSetup } from '../sources/triathlon/setup';
import { Relay } from '../outputs/relay/relay';
import { Graphics } from '../outputs/graphics/graphics';
import { MqttOutput } from '../outputs/mqtt/mqtt-output';
import { boardFeedRows } from '../views/feeds/board-feeds';
import { prepareTemplatesDir } from '../outputs/templates/custom-templates';
import { ClubFlags } from '../outputs/graphics/club-flags';
import { EXAMPLE_TEMPLATE_HTML, EXAMPLE_TEMPLATE_NAME } from '../outputs/templates/template-client';

export interface ConsoleOptions {
  log?: Logger;
  /** Built renderer to serve at `/`. */
  rendererDir?: string;
  probeIntervalMs?: number;
  pollIntervalMs?: number;
  /** Replace the demo meet (tests use small recordings). */
  recording?: Recording;
  /** The settings routes, given this console's database and URL (the runner provides them). */
  settings?: (db: Db, url: () => string) => SettingsControl;
  /**
   * The folder of the built worker scripts (pusher-worker.js, checkpoint-worker.js): Pusher and WAL
   * checkpoints then run in worker threads, off the event loop. Without it (run from source) both
   * run in-process.
   */
  workerDir?: string;
}

export interface TracksideConsole {
  readonly config: Config;
  readonly store: Store;
  readonly bus: Bus;
  readonly ingest: Ingest;
  /** `http://host:port/` once started. */
  readonly url: string;
  readonly source?: OpenTrackSource;
  readonly simulator?: Simulator;
  readonly webhooks: WebhookIntake;
  readonly triathlon: TriathlonPrograms;
  readonly relay: Relay;
  readonly graphics: Graphics;
  /** Set once started with --mqtt-url. */
  readonly mqtt?: MqttOutput;
  start(): Promise<string>;
  stop(): Promise<void>;
  health(): Health;
}

export function createConsole(config: Config, opts: ConsoleOptions = {}): TracksideConsole {
  const log = opts.log ?? createLogger('core');
  if (config.mode === 'replay' && config.replayDir && resolve(config.replayDir) === resolve(config.dataDir)) {
    throw new ConfigError('--replay must name another data dir than --data-dir (the replay would overwrite what it plays)');
  }
  const recording =
    config.mode === 'demo' ? (opts.recording ?? createDemoRecording()) : config.mode === 'replay' ? recordingFromDataDir(config.replayDir!) : undefined;
  const store = Store.open(config.dataDir);
  const checkpointer = Checkpointer.start(store.db, store.file, opts.workerDir && join(opts.workerDir, 'checkpoint-worker.js'), (line) => log.warn(line), {
    written: () => store.journal.appendedBytes,
  });
  const bus = new Bus();
  const ingest = new Ingest(store, bus, DEFAULT_LIMITS, (line) => log.warn(line));
  const triathlon = new TriathlonPrograms(store.db);
  const triathlonView = new TriathlonView(store.db);
  // Tables written by an older build of the triathlon model are rebuilt from the journal.
  // Said only when there was something to rebuild: a first start stays quiet.
  const rebuilt = triathlon.rebuildIfStale(store.journal);
  if (rebuilt > 0) log.info(`triathlon: programs and rankings rebuilt from ${rebuilt} journaled messages`);
  // TrackScore leaderboards live in memory: rebuilt from the journal at every start.
  const trackscore = TrackScoreBoards.fromJournal(store.journal, bus);
  let followedCompetition: string | undefined;
  const webhookIngest = new WebhookIngest(store, bus, triathlon);
  let stopRankings: (() => void) | undefined;
  const triathlonSetup = new TriathlonSetup({
    db: store.db,
    ingest: webhookIngest,
    apiKey: () => config.triathlonApi.key,
    apiBase: () => config.triathlonApi.base,
    token: () => config.webhooks.token,
    competition: () => followedCompetition,
    log: (line) => log.warn(line),
  });
  const webhooks = new WebhookIntake({
    ingest: webhookIngest,
    config: config.webhooks,
    competition: () => followedCompetition,
    log: (line) => log.warn(line),
  });
  let view: CompetitionView | undefined;
  const relay = new Relay({
    store,
    bus,
    holdBack: (row) => triathlonView.holdsBack(row),
    log: (line) => log.warn(line),
    eventName: (eventId) => view?.meta().competition?.events.find((e) => e.eventId === eventId)?.name ?? undefined,
    athleteName: (bib) => view?.meta().people.get(bib)?.name ?? undefined,
  });
  const graphics = new Graphics({
    store,
    bus,
    view: () => view,
    log: (line) => log.warn(line),
    feedRows: (feed) => boardFeedRows(feed, { view, store, triathlon: triathlonView, trackscore }),
  });
  const records = new RecordWatcher({ store, bus, view: () => view, log: (line) => log.warn(line) });
  const startedAt = new Date();
  const streams = new Set<ServerResponse>();
  const journalStreams = new StreamRegistry();
  const processMonitor = new ProcessMonitor();
  const stopCollecting = collectBigGarbage(bus);

  let simulator: Simulator | undefined;
  let source: OpenTrackSource | undefined;
  let server: FastifyInstance | undefined;
  let mqtt: MqttOutput | undefined;
  let url = '';

  // Webhook routes are listed once configured; they push, so silence is 'idle', never 'offline'.
  const webhookHealth = (): Health['sources'] =>
    Object.fromEntries(
      Object.entries(webhooks.health())
        .filter(([, h]) => h.state !== 'unconfigured')
        .map(([route, h]) => [`webhook-${route}`, h]),
    );
  // Said on the dashboard too, not only on stderr: an operator rarely sees the terminal.
  const cacheRecovery = (): { recovered?: { movedTo: string; reason: string } } => {
    const r = lastDatabaseRecovery();
    return r && r.file === store.file ? { recovered: { movedTo: r.movedTo, reason: r.reason } } : {};
  };
  const health = (): Health => {
    const followed = (source?.health() ?? {}) as Health['sources'];
    return {
      // The simulator is this machine's stand-in, not a source: only the followed sources decide.
      status: overallStatus(followed),
      mode: config.mode,
      startedAt: startedAt.toISOString(),
      sources: { ...followed, ...((simulator ? { simulator: simulator.health() } : {}) as Health['sources']), ...webhookHealth() },
      cache: { ...store.stats(), dataDir: config.dataDir, ...cacheRecovery(), checkpoints: checkpointer.stats() },
      relay: relay.summary(),
      streams: journalStreams.stats(),
      process: processMonitor.stats(),
      ...(mqtt ? { mqtt: mqtt.health() } : {}),
    };
  };

  return {
    config,
    store,
    bus,
    ingest,
    webhooks,
    triathlon,
    relay,
    graphics,
    get url() {
      return url;
    },
    get source() {
      return source;
    },
    get simulator() {
      return simulator;
    },
    get mqtt() {
      return mqtt;
    },
    health,

    async start() {
      let location: CompetitionLocation;
      let pusher = config.pusher;
      if (recording) {
        simulator = new Simulator(recording, { speed: config.demoSpeed, loop: config.mode === 'demo', log });
        const sim = await simulator.start();
        location = sim.location;
        pusher = { key: sim.pusherKey, cluster: 'eu', host: sim.pusherHost, port: sim.pusherPort, tls: false };
      } else {
        location = config.competition!;
      }
      const key = competitionKey(location);
      followedCompetition = key;
      view = new CompetitionView(store, key, `${location.base}${location.languagePrefix}${location.path}`);

      server = buildServer({
        store,
        bus,
        view,
        health,
        webhooks,
        triathlon: triathlonView,
        triathlonPrograms: triathlon,
        trackscore,
        triathlonSetup,
        relay,
        graphics,
        streams: journalStreams,
        records,
        rendererDir: opts.rendererDir,
        clubFlags: new ClubFlags(join(config.dataDir, 'flags'), (line) => log.warn(line)),
        templatesDir: prepareTemplatesDir(config.dataDir, { name: EXAMPLE_TEMPLATE_NAME, html: EXAMPLE_TEMPLATE_HTML }, (line) => log.warn(line)),
        accessToken: config.accessToken,
        boundHost: config.host,
        allowedHosts: config.allowedHosts,
        settings: opts.settings?.(store.db, () => url),
        trackStream: (res) => {
          streams.add(res);
          res.on('close', () => streams.delete(res));
        },
      });
      await server.listen({ host: config.host, port: config.port });
      const address = server.server.address() as AddressInfo;
      const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
      url = `http://${host}:${address.port}/`;

      relay.start();
      graphics.start();
      if (config.mqtt) {
        mqtt = new MqttOutput({ config: config.mqtt, store, bus, view, triathlon: triathlonView, graphics, health, log: (line) => log.warn(line) });
        mqtt.start();
      }
      // Programs followed before this start: load what was missed while the console was down.
      void triathlonSetup.reloadFollowed();
      stopRankings = triathlonSetup.followRankings(bus);
      records.start();
      source = new OpenTrackSource({
        location,
        pusher,
        ingest,
        cachedUnits: () => store.units.list(key),
        cachedKeys: () => store.units.keys(key),
        log,
        pusherWorker: opts.workerDir && join(opts.workerDir, 'pusher-worker.js'),
        probeIntervalMs: opts.probeIntervalMs,
        pollIntervalMs: opts.pollIntervalMs,
        // Following a live meet: WAL checkpoints off the loop from its first message on.
        onLive: () => checkpointer.startNow(),
      });
      const firstLoad = source.start();
      // The demo plays once the console holds the meet's first state, as a live meet would be followed.
      if (simulator) void firstLoad.then(() => simulator?.play());
      return url;
    },

    async stop() {
      await source?.stop();
      await simulator?.stop();
      await relay.stop();
      await mqtt?.stop();
      graphics.stop();
      trackscore.stop();
      stopRankings?.();
      records.stop();
      for (const res of streams) res.end();
      journalStreams.stop();
      processMonitor.stop();
      stopCollecting();
      await server?.close();
      await checkpointer.stop();
      store.close();
    },
  };
}
