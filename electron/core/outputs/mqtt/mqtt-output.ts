/**
 * Publishes the meet to an MQTT broker. Every accepted journal row becomes outbox rows (events,
 * and the newest retained state per topic) in the same transaction that moves the journal cursor;
 * rows leave the outbox only on the broker's PUBACK (QoS 1). So an outage or a kill -9 loses
 * nothing: the next connection sends what is left, in order (at least once: subscribers dedupe
 * on each event's `id`). After every connect, every retained state is published again from the
 * cache, so a broker that lost its store is whole again.
 */
import { readFileSync } from 'node:fs';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Bus } from '../../ingest/bus';
import type { MqttConfig } from '../../config/config';
import type { Graphics } from '../graphics/graphics';
import type { Health } from '../../model/api';
import type { CompetitionView } from '../../views/competition-view';
import type { JournalRow } from '../../store/journal';
import type { Store } from '../../store/store';
import type { TriathlonView } from '../../views/triathlon/programs-view';
import { describeBrokerError } from './broker-errors';
import { runControl } from './control';
import { MqttMessages } from './messages';
import { MqttOutbox } from './outbox';
import { Topics } from './topics';

export interface MqttOutputDeps {
  config: MqttConfig;
  store: Store;
  bus: Bus;
  view: CompetitionView;
  triathlon: TriathlonView;
  graphics: Graphics;
  /** The console's health, for the status topic. */
  health: () => Pick<Health, 'status' | 'mode' | 'startedAt' | 'sources'>;
  log: (line: string) => void;
  /** Longest wait between two connection attempts (tests shorten it). */
  maxRetryMs?: number;
  /** How often the status topic is checked for a change. */
  statusIntervalMs?: number;
}

export type MqttState = 'connecting' | 'connected' | 'disconnected' | 'error' | 'stopped';

export interface MqttHealth {
  state: MqttState;
  /** Broker URL (never credentials: they are not allowed in it). */
  url: string;
  clientId: string;
  topicRoot: string;
  /** Why the last connection failed or dropped, one line; null while connected. */
  lastError: string | null;
  /** Messages waiting for the broker. */
  backlog: number;
  connectedAt: string | null;
  lastPublishedAt: string | null;
  /** Acknowledged by the broker since start. */
  published: number;
}

/** Messages out at once without their PUBACK: enough to fill a LAN link, few to resend after a drop. */
const WINDOW = 256;
const CURSOR_PAGE = 500;
const FIRST_RETRY_MS = 500;
const DEFAULT_MAX_RETRY_MS = 5_000;
const STATUS_INTERVAL_MS = 5_000;
/** The status is published at least this often even when nothing changed, so `at` says the console is alive. */
const STATUS_HEARTBEAT_MS = 60_000;
const STOP_GRACE_MS = 1_500;

export class MqttOutput {
  readonly topics: Topics;
  private readonly outbox: MqttOutbox;
  private readonly messages: MqttMessages;
  private client?: MqttClient;
  /** Bumped on every new connection: callbacks of an older one are ignored. */
  private generation = 0;
  private running = false;
  private connected = false;
  private readonly inFlight = new Set<number>();
  private lastSentId = 0;
  private acked: number[] = [];
  private flushQueued = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer?: NodeJS.Timeout;
  private statusTimer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private lastStatus = '';
  private lastStatusAt = 0;
  private lastLogged = '';
  private readonly h: { state: MqttState; lastError: string | null; connectedAt: number | null; lastPublishedAt: number | null; published: number } = {
    state: 'connecting',
    lastError: null,
    connectedAt: null,
    lastPublishedAt: null,
    published: 0,
  };

  constructor(private readonly deps: MqttOutputDeps) {
    this.topics = new Topics(deps.config.topicPrefix, deps.view.competitionKey);
    this.outbox = new MqttOutbox(deps.store.db);
    this.messages = new MqttMessages({
      store: deps.store,
      view: deps.view,
      triathlon: deps.triathlon,
      topics: this.topics,
      leader: (u) => this.outbox.leader(u),
      setLeader: (u, l) => this.outbox.setLeader(u, l),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A first start publishes events from now on (the retained states carry what came before);
    // a later one picks up what the journal got while the console was down.
    if (this.outbox.cursor() === undefined) this.outbox.setCursor(this.deps.store.journal.lastSeq());
    this.catchUp();
    this.unsubscribe = this.deps.bus.on('journal', (row) => this.onJournal(row));
    this.connect();
    this.statusTimer = setInterval(() => this.publishStatus(false), this.deps.statusIntervalMs ?? STATUS_INTERVAL_MS);
    this.statusTimer.unref();
  }

  /** Says "offline" on the status topic (the last will covers a crash), then disconnects. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    clearTimeout(this.retryTimer);
    clearInterval(this.statusTimer);
    this.flush();
    const client = this.client;
    this.client = undefined;
    this.h.state = 'stopped';
    if (!client) return;
    if (this.connected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_GRACE_MS);
        client.publish(this.topics.status, this.offlinePayload('stopped'), { qos: 1, retain: true }, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.connected = false;
    this.generation++;
    await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
  }

  health(): MqttHealth {
    return {
      state: this.h.state,
      url: this.deps.config.url,
      clientId: this.deps.config.clientId,
      topicRoot: this.topics.root,
      lastError: this.h.lastError,
      backlog: this.outbox.backlog(),
      connectedAt: this.h.connectedAt === null ? null : new Date(this.h.connectedAt).toISOString(),
      lastPublishedAt: this.h.lastPublishedAt === null ? null : new Date(this.h.lastPublishedAt).toISOString(),
      published: this.h.published,
    };
  }

  // Intake from the journal

  private onJournal(row: JournalRow): void {
    const cursor = this.outbox.cursor() ?? 0;
    if (row.seq <= cursor) return;
    // A row in between never got queued (its queueing failed): read the journal from the cursor.
    if (row.seq !== cursor + 1) this.catchUp();
    else this.consider(row);
    this.pump();
  }

  private catchUp(): void {
    let cursor = this.outbox.cursor() ?? 0;
    for (;;) {
      const rows = this.deps.store.journal.after(cursor, CURSOR_PAGE);
      if (rows.length === 0) return;
      for (const row of rows) if (!this.consider(row)) return;
      cursor = rows[rows.length - 1]!.seq;
    }
  }

  /** Queues what the row publishes and moves the cursor past it, together; false if that failed. */
  private consider(row: JournalRow): boolean {
    let entries: ReturnType<MqttMessages['forRow']>;
    try {
      entries = this.messages.forRow(row);
    } catch (err) {
      // A row that cannot be read would stop the output for good: it is skipped, and said so.
      this.deps.log(`mqtt: journal ${row.seq} (${row.source} ${row.event}) not published: ${(err as Error).message}`);
      entries = [];
    }
    try {
      const now = Date.now();
      this.deps.store.transaction(() => {
        for (const e of entries) this.outbox.add(e, now);
        this.outbox.setCursor(row.seq);
      });
      return true;
    } catch (err) {
      // Storage failed (disk full): the cursor did not move, so the row is tried again with the next one.
      this.deps.log(`mqtt: could not queue journal ${row.seq}: ${(err as Error).message}`);
      return false;
    }
  }

  // Connection

  private connect(): void {
    if (!this.running) return;
    const { config } = this.deps;
    const generation = ++this.generation;
    this.h.state = 'connecting';
    let ca: Buffer | undefined;
    if (config.caFile) {
      try {
        ca = readFileSync(config.caFile);
      } catch (err) {
        this.fail(`cannot read the CA file ${config.caFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return;
      }
    }
    const options: IClientOptions = {
      clientId: config.clientId,
      username: config.username,
      password: config.password,
      ca,
      clean: true,
      // 5, for "retain as published": a retained command must be seen as one to be refused.
      protocolVersion: 5,
      // Reconnecting is ours: a fresh client per attempt, so nothing of a dead connection's queue is resent twice.
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      will: { topic: this.topics.status, payload: Buffer.from(this.offlinePayload('connection lost')), qos: 1, retain: true },
    };
    let client: MqttClient;
    try {
      client = connect(config.url, options);
    } catch (err) {
      this.fail(describeBrokerError(err as Error, config.url));
      return;
    }
    this.client = client;
    let failure: string | undefined;
    client.on('connect', () => {
      if (generation !== this.generation) return;
      this.onConnect(client);
    });
    client.on('error', (err) => {
      if (generation !== this.generation) return;
      failure = describeBrokerError(err, config.url);
    });
    client.on('message', (topic, payload, packet) => {
      if (generation !== this.generation) return;
      this.onControl(client, topic, payload, packet.retain);
    });
    client.on('close', () => {
      if (generation !== this.generation) return;
      const wasConnected = this.connected;
      this.connected = false;
      this.generation++;
      this.inFlight.clear();
      client.removeAllListeners();
      client.on('error', () => {});
      client.end(true);
      if (this.client === client) this.client = undefined;
      this.fail(failure ?? (wasConnected ? `the broker at ${new URL(config.url).host} closed the connection` : `could not connect to ${config.url}`), wasConnected);
    });
  }

  private fail(line: string, wasConnected = false): void {
    this.h.state = wasConnected ? 'disconnected' : 'error';
    this.h.lastError = line;
    if (line !== this.lastLogged) {
      this.deps.log(`mqtt: ${line}`);
      this.lastLogged = line;
    }
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), wasConnected ? FIRST_RETRY_MS : this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.deps.maxRetryMs ?? DEFAULT_MAX_RETRY_MS);
  }

  private onConnect(client: MqttClient): void {
    this.connected = true;
    this.retryMs = FIRST_RETRY_MS;
    this.lastLogged = '';
    Object.assign(this.h, { state: 'connected', lastError: null, connectedAt: Date.now() });
    this.lastSentId = 0;
    this.inFlight.clear();
    client.subscribe(this.topics.control, { qos: 1, rap: true }, (err) => {
      if (err) this.deps.log(`mqtt: could not subscribe to ${this.topics.control}: ${err.message}`);
    });
    this.publishStatus(true);
    this.heal(client);
    this.pump();
  }

  /** Every retained state again, from the cache, except those waiting in the outbox (they go next anyway). */
  private heal(client: MqttClient): void {
    let states;
    try {
      const waiting = this.outbox.waitingRetainedTopics();
      states = this.messages.retainedNow().filter((s) => !waiting.has(s.topic));
    } catch (err) {
      this.deps.log(`mqtt: could not read the retained states: ${(err as Error).message}`);
      return;
    }
    const generation = this.generation;
    for (const s of states) {
      client.publish(s.topic, s.payload, { qos: 1, retain: true }, (err) => {
        if (!err && generation === this.generation) this.h.lastPublishedAt = Date.now();
      });
    }
  }

  // Sending the outbox

  private pump(): void {
    const client = this.client;
    if (!this.running || !this.connected || !client) return;
    // Refill once half the window is free: one read for many PUBACKs, not one per message.
    if (this.inFlight.size > WINDOW / 2) return;
    const rows = this.outbox.after(this.lastSentId, WINDOW - this.inFlight.size);
    const generation = this.generation;
    for (const row of rows) {
      this.inFlight.add(row.id);
      this.lastSentId = row.id;
      client.publish(row.topic, row.payload, { qos: 1, retain: row.retain }, (err) => {
        if (generation !== this.generation) return;
        this.inFlight.delete(row.id);
        // A publish fails only with its connection; the row stays for the next one.
        if (err) return;
        this.acked.push(row.id);
        this.scheduleFlush();
      });
    }
  }

  private scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
      this.pump();
    });
  }

  private flush(): void {
    if (this.acked.length === 0) return;
    const ids = this.acked;
    this.acked = [];
    try {
      this.outbox.remove(ids);
      this.h.published += ids.length;
      this.h.lastPublishedAt = Date.now();
    } catch (err) {
      // Left in the outbox: sent again on the next connection (at least once).
      this.deps.log(`mqtt: could not mark ${ids.length} messages sent: ${(err as Error).message}`);
    }
  }

  // Status and control

  private statusBody(): Record<string, unknown> {
    const h = this.deps.health();
    return {
      online: true,
      state: 'online',
      clientId: this.deps.config.clientId,
      competition: this.deps.view.competitionKey,
      mode: h.mode,
      startedAt: h.startedAt,
      status: h.status,
      sources: Object.fromEntries(
        Object.entries(h.sources).map(([name, s]) => [name, { state: s.state, lastMessageAt: s.lastMessageAt ?? null, lastError: s.lastError ?? null }]),
      ),
    };
  }

  /** Published when the health it shows changed (or as a heartbeat), and on every connect. */
  private publishStatus(force: boolean): void {
    const client = this.client;
    if (!this.connected || !client) return;
    let body: Record<string, unknown>;
    try {
      body = this.statusBody();
    } catch (err) {
      this.deps.log(`mqtt: could not read the console's health: ${(err as Error).message}`);
      return;
    }
    const text = JSON.stringify(body);
    const now = Date.now();
    if (!force && text === this.lastStatus && now - this.lastStatusAt < STATUS_HEARTBEAT_MS) return;
    this.lastStatus = text;
    this.lastStatusAt = now;
    client.publish(this.topics.status, JSON.stringify({ ...body, at: new Date(now).toISOString() }), { qos: 1, retain: true });
  }

  private offlinePayload(reason: string): string {
    return JSON.stringify({ online: false, state: 'offline', reason, clientId: this.deps.config.clientId, competition: this.deps.view.competitionKey });
  }

  private onControl(client: MqttClient, topic: string, payload: Buffer, retained: boolean): void {
    // Only the one topic subscribed to is a command; anything else the broker sends is ignored.
    if (topic !== this.topics.control) return;
    // Empty is how MQTT deletes a retained message (ours, below): not a command.
    if (payload.length === 0) return;
    let reply;
    try {
      reply = runControl(this.deps.graphics, payload, retained);
    } catch (err) {
      reply = { id: null, ok: false, action: null, error: `the command failed: ${(err as Error).message}`, at: new Date().toISOString() };
    }
    if (!reply.ok) this.deps.log(`mqtt: refused a command on ${topic}: ${reply.error}`);
    // Left on the broker, a retained command would come back to every console on every connect.
    if (retained) client.publish(topic, '', { qos: 1, retain: true });
    client.publish(this.topics.replies, JSON.stringify(reply), { qos: 1, retain: false });
  }
}
