/**
 * Follows one OpenTrack competition: Pusher for live messages, HTTP for the initial load and for
 * catch-up. Pusher never replays what was missed, so every (re)connect is followed by a catch-up,
 * and a probe of the HTTP source notices a returning network within seconds instead of waiting for
 * pusher-js's own back-off.
 */
import type { Ingest, IngestOutcome } from '../../ingest/ingest';
import { DEFAULT_LIMITS } from '../../ingest/ingest';
import { unitKeyString, type UnitKey } from '../../model/opentrack';
import type { Logger } from '../../config/log';
import type { StoredUnitSummary } from '../../store/units';
import {
  competitionJsonUrl,
  competitionKey,
  overviewChannel,
  unitChannel,
  unitJsonUrl,
  unitKeyFromChannel,
  type CompetitionLocation,
} from '../../model/competition-location';
import { fetchText, HttpError, mapBounded, withRetry } from './http-client';
import { openPusherLink, type PusherLink } from './pusher-link';
import { utf8BytesOver } from '../../store/text-size';
import type { LinkMessage, PusherOptions } from './pusher-session';

export interface OpenTrackSourceOptions {
  location: CompetitionLocation;
  pusher: PusherOptions;
  /** The built pusher-worker.js: Pusher then runs in a worker thread (see pusher-link.ts). */
  pusherWorker?: string;
  ingest: Ingest;
  /** Units already cached for this competition (subscribed at once, even with the network gone). */
  cachedUnits: () => StoredUnitSummary[];
  /**
   * Only their keys, where the store can list those cheaply (the start path, the probe); read from
   * `cachedUnits` otherwise.
   */
  cachedKeys?: () => UnitKey[];
  log: Logger;
  /** While degraded, how often the HTTP source is probed (SPEC: notice a return within 5 s). */
  probeIntervalMs?: number;
  /**
   * How often units that can still change are polled while Pusher is connected but silent (push
   * may be switched off for the competition). Faster while Pusher is down; much slower while
   * messages flow, when polling only guards against a lost message.
   */
  pollIntervalMs?: number;
  concurrency?: number;
  /** Called once, the first time Pusher connects: the console now follows a live meet. */
  onLive?: () => void;
}

/** A `results_arrived` for a unit the competition does not list refreshes the list at most this often. */
export const UNKNOWN_UNIT_REFRESH_MS = 15_000;

export type CatchUpReason = 'startup' | 'reconnect' | 'poll' | 'results_arrived' | 'trimmed';

export interface CatchUpReport {
  reason: CatchUpReason;
  startedAt: string;
  durationMs: number;
  unitsFetched: number;
  unitsChanged: string[];
  failures: number;
}

export type HttpState = 'starting' | 'ok' | 'offline' | 'blocked' | 'error';

/** A Pusher `unit` message this close to Pusher's 10 KB cap may have been trimmed: confirm over HTTP. */
const NEAR_PUSHER_CAP = 9_000;
const PUSHER_KICK_INTERVAL_MS = 15_000;
/** OpenTrack builds the competition JSON on demand; big meets take a while. */
const COMPETITION_TIMEOUT_MS = 60_000;
const POLL_WITHOUT_PUSH_MS = 10_000;
/** Push counts as flowing when a message arrived this recently. */
const PUSH_QUIET_AFTER_MS = 120_000;
const POLL_WHILE_PUSH_FLOWS_MS = 300_000;

export class OpenTrackSource {
  readonly competition: string;
  private link?: PusherLink;
  private readonly subscribed = new Set<string>();
  private readonly etags = new Map<string, string>();
  private readonly abort = new AbortController();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  private pusherState = 'initialized';
  private everConnected = false;
  private pusherLastMessageAt: number | null = null;
  private pusherLastError: string | null = null;
  private httpState: HttpState = 'starting';
  private httpLastOkAt: number | null = null;
  private httpLastError: string | null = null;
  private offlineSince: number | null = null;
  private lastProbeAt = 0;
  private lastPollAt = Date.now();
  private lastPusherKickAt = Date.now();
  private probing = false;

  private catchUpRunning?: Promise<void>;
  private catchUpQueued?: CatchUpReason;
  private catchUpProgress: { done: number; total: number } | null = null;
  private lastCatchUp: CatchUpReport | null = null;
  private readonly pendingUnitFetches = new Map<string, NodeJS.Timeout>();
  /** Each unit's copy in the latest competition JSON: the fallback where a unit URL 404s. */
  private embedded = new Map<string, unknown>();
  /** The units the latest competition JSON lists. */
  private listedUnits = new Set<string>();
  /** `results_arrived` messages naming a unit neither listed nor cached. */
  private unknownUnitMessages = 0;
  private lastUnknownUnitRefreshAt = 0;
  private unknownUnitRefresh?: NodeJS.Timeout;

  constructor(private readonly opts: OpenTrackSourceOptions) {
    this.competition = competitionKey(opts.location);
  }

  /** Connects and loads; resolves when the first catch-up has finished (or failed: it keeps trying). */
  start(): Promise<void> {
    this.subscribe(overviewChannel(this.opts.location.path));
    for (const u of this.cachedKeys()) this.subscribe(unitChannel(this.opts.location.path, u));
    this.link = openPusherLink({
      pusher: this.opts.pusher,
      workerScript: this.opts.pusherWorker,
      log: (line) => this.opts.log.warn(line),
      onEvent: (e) => {
        if (this.stopped) return;
        if (e.type === 'state') this.onPusherState(e.current);
        else if (e.type === 'error') this.pusherLastError = e.message;
        else this.onPusherMessage(e.message);
      },
    });
    for (const name of this.subscribed) this.link.subscribe(name);
    this.timer = setInterval(() => this.tick(), 500);
    this.timer.unref();
    return this.catchUp('startup');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    clearInterval(this.timer);
    for (const t of this.pendingUnitFetches.values()) clearTimeout(t);
    clearTimeout(this.unknownUnitRefresh);
    this.link?.close();
    await this.catchUpRunning?.catch(() => undefined);
  }

  health(): Record<string, Record<string, unknown>> {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      'opentrack-pusher': {
        state: this.pusherState,
        lastMessageAt: iso(this.pusherLastMessageAt),
        lastError: this.pusherLastError,
        channels: this.subscribed.size,
      },
      'opentrack-http': {
        state: this.httpState,
        lastMessageAt: iso(this.httpLastOkAt),
        lastError: this.httpLastError,
        url: competitionJsonUrl(this.opts.location),
        offlineSince: iso(this.offlineSince),
        catchUp: this.catchUpProgress,
        lastCatchUp: this.lastCatchUp,
        unknownUnitMessages: this.unknownUnitMessages,
      },
    };
  }

  /** Fetches the competition and its units; concurrent calls share one run, and one more follows. */
  catchUp(reason: CatchUpReason): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.catchUpRunning) {
      if (this.catchUpQueued !== 'reconnect' && this.catchUpQueued !== 'startup') this.catchUpQueued = reason;
      return this.catchUpRunning;
    }
    this.catchUpRunning = this.runCatchUp(reason)
      .catch((err) => this.opts.log.warn(`catch-up (${reason}) failed: ${(err as Error).message}`))
      .finally(() => {
        this.catchUpRunning = undefined;
        const queued = this.catchUpQueued;
        this.catchUpQueued = undefined;
        if (queued && !this.stopped) void this.catchUp(queued);
      });
    return this.catchUpRunning;
  }

  private async runCatchUp(reason: CatchUpReason): Promise<void> {
    const started = Date.now();
    const wasOffline = reason === 'reconnect' || reason === 'startup';
    const units = await this.fetchCompetition(wasOffline);
    this.listedUnits = new Set(units.map(unitKeyString));
    for (const key of units) this.subscribe(unitChannel(this.opts.location.path, key));

    const cached = new Map(this.opts.cachedUnits().map((u) => [unitKeyString(u), u]));
    const settled = (k: UnitKey) => cached.get(unitKeyString(k))?.resultsStatus === 'official';
    // After an outage anything may have changed; a routine poll (or a refresh for a unit the list
    // did not have) only asks about units still live.
    const toFetch = (reason === 'poll' || reason === 'results_arrived' ? units.filter((k) => !settled(k)) : units).sort(
      (a, b) => Number(settled(a)) - Number(settled(b)),
    );
    const changed: string[] = [];
    let failures = 0;
    this.catchUpProgress = { done: 0, total: toFetch.length };
    // Once the host is unreachable the rest would only fail too, each after its retries (5,000
    // of them for a big meet started offline), and the fetches still waiting out a back-off would
    // hold up the catch-up the probe starts when the host answers: give up on all of them.
    const giveUp = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, giveUp.signal]);
    await mapBounded(toFetch, this.opts.concurrency ?? 6, async (key) => {
      if (this.stopped) return;
      if (giveUp.signal.aborted) {
        failures++;
        return;
      }
      const outcome = await this.fetchUnit(key, wasOffline, signal);
      if (!outcome && this.httpState === 'offline') giveUp.abort();
      if (!outcome) failures++;
      else if (outcome.changed) changed.push(unitKeyString(key));
      this.catchUpProgress!.done++;
    });
    this.catchUpProgress = null;
    this.lastCatchUp = {
      reason,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      unitsFetched: toFetch.length - failures,
      unitsChanged: changed,
      failures,
    };
    if (failures === 0) this.offlineSince = null;
    if (changed.length > 0 || reason !== 'poll') {
      this.opts.log.info(
        `catch-up (${reason}): ${toFetch.length - failures}/${toFetch.length} units in ${Date.now() - started} ms, ${changed.length} changed`,
      );
    }
  }

  /**
   * Returns the units the competition lists. When the competition JSON cannot be had (it is slow to
   * generate and large), the cached list stands in so the units themselves are still refreshed.
   */
  private async fetchCompetition(catchUp: boolean): Promise<UnitKey[]> {
    const url = competitionJsonUrl(this.opts.location);
    const cachedList = () => this.cachedKeys();
    try {
      const res = await withRetry(() => fetchText(url, { etag: this.etags.get(url), timeoutMs: COMPETITION_TIMEOUT_MS }), {
        attempts: 3,
        baseDelayMs: 500,
        signal: this.abort.signal,
      });
      this.httpOk();
      if (res.kind === 'body') {
        const outcome = this.opts.ingest.receive({
          source: 'opentrack-http',
          channel: new URL(url).pathname,
          event: 'competition',
          raw: res.text,
          competition: this.competition,
          journalOnlyChanges: true,
          catchUp,
        });
        if (outcome.accepted) {
          if (res.etag) this.etags.set(url, res.etag);
          this.embedded = outcome.embedded ?? new Map();
          return outcome.units ?? [];
        }
      }
    } catch (err) {
      const cached = cachedList();
      if (cached.length === 0) {
        this.httpFailed(err);
        throw err;
      }
      this.opts.log.warn(`competition JSON unavailable (${(err as Error).message}); refreshing the ${cached.length} cached units`);
    }
    return cachedList();
  }

  /** GETs one unit and ingests it; resolves to undefined when it could not be fetched. */
  private async fetchUnit(key: UnitKey, catchUp: boolean, signal = this.abort.signal): Promise<IngestOutcome | undefined> {
    const url = unitJsonUrl(this.opts.location, key);
    const requestedAt = Date.now();
    try {
      const res = await withRetry(
        // Above the ingest limit on purpose: an oversized unit reaches ingest and is journaled as refused.
        () => fetchText(url, { etag: this.etags.get(url), maxBytes: DEFAULT_LIMITS.unitBytes * 4 }),
        { attempts: 3, baseDelayMs: 300, signal },
      );
      this.httpOk();
      if (res.kind === 'not-modified') return { accepted: true, changed: false, unit: key };
      const outcome = this.receiveHttpUnit(key, res.text, url, catchUp, requestedAt);
      if (outcome.accepted && res.etag) this.etags.set(url, res.etag);
      return outcome;
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) {
        this.httpOk();
        return this.useEmbeddedCopy(key, url, catchUp, requestedAt);
      }
      this.httpFailed(err);
      return undefined;
    }
  }

  /** A host that serves no per-unit JSON still embeds each unit in the competition JSON. */
  private useEmbeddedCopy(key: UnitKey, url: string, catchUp: boolean, requestedAt: number): IngestOutcome {
    const copy = this.embedded.get(unitKeyString(key));
    if (copy === undefined) {
      this.opts.log.warn(`unit ${unitKeyString(key)} not found at ${url}; keeping the cached copy`);
      return { accepted: true, changed: false, unit: key };
    }
    return this.receiveHttpUnit(key, JSON.stringify(copy), competitionJsonUrl(this.opts.location), catchUp, requestedAt);
  }

  private receiveHttpUnit(key: UnitKey, raw: string, url: string, catchUp: boolean, requestedAt: number): IngestOutcome {
    return this.opts.ingest.receive({
      source: 'opentrack-http',
      channel: new URL(url).pathname,
      event: 'unit',
      raw,
      competition: this.competition,
      expectedUnit: key,
      journalOnlyChanges: true,
      catchUp,
      requestedAt,
    });
  }

  /** Several messages about one unit arrive together: fetch it once, shortly after the last. */
  private scheduleUnitFetch(key: UnitKey, delayMs = 300): void {
    const id = unitKeyString(key);
    clearTimeout(this.pendingUnitFetches.get(id));
    const timer = setTimeout(() => {
      this.pendingUnitFetches.delete(id);
      if (!this.stopped) void this.fetchUnit(key, false);
    }, delayMs);
    timer.unref();
    this.pendingUnitFetches.set(id, timer);
  }

  private subscribe(channelName: string): void {
    if (this.subscribed.has(channelName)) return;
    this.subscribed.add(channelName);
    this.link?.subscribe(channelName);
  }

  private onPusherMessage({ channel, event, raw, json, checked }: LinkMessage): void {
    this.pusherLastMessageAt = Date.now();
    const unitKey = unitKeyFromChannel(this.opts.location.path, channel);
    // Queued: messages that arrive together are committed together (see Ingest.submit).
    this.opts.ingest.submit(
      {
        source: 'opentrack-pusher',
        channel,
        event,
        raw,
        ...(json !== undefined ? { json } : {}),
        ...(checked ? { checked } : {}),
        competition: this.competition,
        expectedUnit: unitKey ?? undefined,
      },
      (outcome) => {
        if (this.stopped) return;
        if (unitKey && event === 'unit' && (!outcome.accepted || utf8BytesOver(raw, NEAR_PUSHER_CAP - 1) !== undefined)) {
          // Trimmed or broken copy: the unit's URL has the whole thing.
          this.scheduleUnitFetch(unitKey, 0);
        } else if (event === 'results_arrived' && outcome.accepted && outcome.unit) {
          this.onResultsArrived(outcome.unit);
        }
      },
    );
  }

  /**
   * A unit the competition lists (or the cache holds) is subscribed and fetched. Any other id is
   * upstream's word only: a flood of invented ids must not become a flood of subscriptions and
   * fetches, so it asks for one competition refresh (at most every UNKNOWN_UNIT_REFRESH_MS), which
   * subscribes whatever units really are new.
   */
  private onResultsArrived(unit: UnitKey): void {
    const channel = unitChannel(this.opts.location.path, unit);
    // Subscribed already: every cached unit (at start) and every listed one (at each catch-up).
    if (this.subscribed.has(channel) || this.listedUnits.has(unitKeyString(unit))) {
      this.subscribe(channel);
      this.scheduleUnitFetch(unit);
      return;
    }
    this.unknownUnitMessages++;
    if (this.unknownUnitRefresh) return; // one is due already and will see this unit too
    const wait = Math.max(0, this.lastUnknownUnitRefreshAt + UNKNOWN_UNIT_REFRESH_MS - Date.now());
    this.unknownUnitRefresh = setTimeout(() => {
      this.unknownUnitRefresh = undefined;
      this.lastUnknownUnitRefreshAt = Date.now();
      if (!this.stopped) void this.catchUp('results_arrived');
    }, wait);
    this.unknownUnitRefresh.unref();
  }

  private cachedKeys(): UnitKey[] {
    return this.opts.cachedKeys?.() ?? this.opts.cachedUnits().map(({ eventId, round, heat }) => ({ eventId, round, heat }));
  }

  private onPusherState(state: string): void {
    const previous = this.pusherState;
    this.pusherState = state;
    // Our own disconnect at stop (Ctrl+C, a restart) is not an outage: nothing to warn about or probe.
    if (this.stopped) return;
    if (state === 'connected') {
      this.pusherLastError = null;
      if (this.everConnected && previous !== 'connected') void this.catchUp('reconnect');
      if (!this.everConnected) this.opts.onLive?.();
      this.everConnected = true;
    } else if (previous === 'connected') {
      this.offlineSince ??= Date.now();
      this.opts.log.warn(`Pusher ${state}; probing ${this.opts.location.base}`);
      // Is it only push, or the whole network? Ask the HTTP source now rather than at the next poll.
      void this.probe();
    }
  }

  private get probeInterval(): number {
    return this.opts.probeIntervalMs ?? 2_000;
  }

  private tick(): void {
    if (this.stopped) return;
    const now = Date.now();
    if (this.httpState !== 'ok') {
      if (now - this.lastProbeAt >= this.probeInterval) void this.probe();
    } else if (this.pusherState !== 'connected') {
      // The host answers but push does not: nudge pusher-js now and then, and poll faster meanwhile.
      if (now - this.lastPusherKickAt >= PUSHER_KICK_INTERVAL_MS) this.kickPusher();
      if (now - this.lastPollAt >= Math.min(this.pollInterval, POLL_WITHOUT_PUSH_MS)) this.poll(now);
    } else {
      const flowing = this.pusherLastMessageAt !== null && now - this.pusherLastMessageAt < PUSH_QUIET_AFTER_MS;
      const interval = flowing ? Math.max(this.pollInterval, POLL_WHILE_PUSH_FLOWS_MS) : this.pollInterval;
      if (now - this.lastPollAt >= interval) this.poll(now);
    }
  }

  private get pollInterval(): number {
    return this.opts.pollIntervalMs ?? 30_000;
  }

  private poll(now: number): void {
    this.lastPollAt = now;
    if (!this.catchUpRunning) void this.catchUp('poll');
  }

  /** One cheap request; when the source answers again, cut Pusher's back-off short and catch up. */
  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    this.lastProbeAt = Date.now();
    const first = this.cachedKeys()[0];
    const probeUrl = first ? unitJsonUrl(this.opts.location, first) : competitionJsonUrl(this.opts.location);
    try {
      const timeoutMs = first ? Math.max(1_000, this.probeInterval * 2) : COMPETITION_TIMEOUT_MS;
      await fetchText(probeUrl, { etag: this.etags.get(probeUrl), timeoutMs });
    } catch (err) {
      // Any HTTP answer but a server error means the host is reachable again.
      if (!(err instanceof HttpError) || err.status === 0 || err.status >= 500) {
        this.httpFailed(err);
        return;
      }
    } finally {
      this.probing = false;
    }
    if (this.stopped) return;
    const wasDown = this.httpState !== 'ok';
    this.httpOk();
    if (this.pusherState !== 'connected') this.kickPusher();
    if (wasDown) {
      this.opts.log.info(`${this.opts.location.base} answers again; catching up`);
      void this.catchUp('reconnect');
    }
  }

  /** pusher-js may be waiting out a long back-off: start it over now that the host answers. */
  private kickPusher(): void {
    if (!this.link) return;
    this.lastPusherKickAt = Date.now();
    this.link.reconnect();
  }

  private httpOk(): void {
    this.httpState = 'ok';
    this.httpLastOkAt = Date.now();
    this.httpLastError = null;
  }

  private httpFailed(err: unknown): void {
    const status = err instanceof HttpError ? err.status : 0;
    const next: HttpState = status === 0 ? 'offline' : status === 403 ? 'blocked' : 'error';
    if (this.httpState !== next) this.opts.log.warn(`OpenTrack HTTP ${next}: ${(err as Error).message}`);
    this.httpState = next;
    this.httpLastError = (err as Error).message;
    this.offlineSince ??= Date.now();
  }
}

