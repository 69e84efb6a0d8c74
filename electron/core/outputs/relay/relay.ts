/**
 * The outbound relay: every accepted journal row that matches an endpoint's filter becomes an
 * outbox row, and a scheduler delivers each one signed (Standard Webhooks), retrying on its
 * schedule, in order per unit. The journal cursor, the outbox and the attempt log are in SQLite,
 * so a restart carries on where the last run stopped (at least once: receivers dedupe on
 * webhook-id, which never changes for a message).
 */
import { randomBytes } from 'node:crypto';
import type { Bus } from '../../ingest/bus';
import type {
  AttemptLog,
  DeliveryNotice,
  Endpoint,
  EndpointInput,
  EndpointPatch,
  OutboxMessage,
  OutboxMessageDetail,
} from '../../model/relay';
import type { JournalRow } from '../../store/journal';
import type { Store } from '../../store/store';
import { systemClock, type Clock } from './clock';
import { deliver, type AttemptResult } from './deliver';
import { matchesFilter, messageFor, messageType, renderBody, type Names, type RelayMessage } from './messages';
import { RelayRepo, type EndpointRow, type MessageRow } from './repo';
import { delayBefore, parseRetryAfter, retriable } from './schedule';

export interface RelayDeps {
  store: Store;
  bus: Bus;
  log: (line: string) => void;
  /** Human names for messages (Slack/Discord text): the event's name from the competition. */
  eventName: (eventId: string) => string | undefined;
  athleteName?: (bib: string) => string | undefined;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Per attempt; 15 s by default. */
  timeoutMs?: number;
  /** Attempts in flight per endpoint. */
  concurrency?: number;
  /** How long stop() lets attempts in flight finish before cutting them off (wall time). */
  stopGraceMs?: number;
  /** Rows kept off air (sandbox triathlon timing the operator has not allowed): not relayed. */
  holdBack?: (row: JournalRow) => boolean;
}

export const DELIVERY_TIMEOUT_MS = 15_000;
export const DEFAULT_CONCURRENCY = 4;
export const STOP_GRACE_MS = 2_000;
const CURSOR_PAGE = 500;
/** Something due that nothing started (it should not happen): look again after this rather than never. */
const SAFETY_RECHECK_MS = 1_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class RelayError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export class Relay {
  private readonly repo: RelayRepo;
  private readonly clock: Clock;
  private readonly names: Names;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly busy = new Map<string, number>();
  /** Read for every journal row; dropped on every change to an endpoint. */
  private endpointCache?: EndpointRow[];
  private stopping = new AbortController();
  private unsubscribe?: () => void;
  private cancelTimer?: () => void;
  private running = false;

  constructor(readonly deps: RelayDeps) {
    this.repo = new RelayRepo(deps.store.db);
    this.clock = deps.clock ?? systemClock;
    this.names = { eventName: deps.eventName, athleteName: deps.athleteName };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    // A first start relays from now on; a later one picks up what the journal got while it was down.
    if (this.repo.cursor() === undefined) this.repo.setCursor(this.deps.store.journal.lastSeq());
    this.catchUp();
    this.unsubscribe = this.deps.bus.on('journal', (row) => this.onJournal(row));
    this.pump();
  }

  /**
   * Stops taking rows and starting attempts. Attempts in flight get a short grace to finish; then
   * they are cut off and not recorded, so the next start sends them again (same webhook-id: at
   * least once, as after a crash).
   */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.inFlight.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      Promise.allSettled([...this.inFlight.values()]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.deps.stopGraceMs ?? STOP_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (!finished) this.stopping.abort();
    await this.idle();
  }

  /** Resolves when no attempt is in flight (tests, and a clean shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  // Endpoints

  listEndpoints(): Endpoint[] {
    return this.repo.endpoints().map((e) => this.view(e));
  }

  getEndpoint(id: string): Endpoint {
    return this.view(this.mustEndpoint(id));
  }

  createEndpoint(input: EndpointInput): { endpoint: Endpoint; secret: string } {
    const secret = newSecret();
    const row: EndpointRow = {
      id: `ep_${randomBytes(9).toString('base64url')}`,
      ...input,
      secret,
      previousSecret: null,
      previousUntil: null,
      createdAt: this.clock.now(),
      disabledReason: null,
    };
    this.save(row);
    return { endpoint: this.view(row), secret };
  }

  updateEndpoint(id: string, patch: EndpointPatch): Endpoint {
    const current = this.mustEndpoint(id);
    const next: EndpointRow = { ...current, ...patch };
    if (patch.enabled === true) next.disabledReason = null;
    this.save(next);
    if (patch.enabled === true && !current.enabled) {
      // Whatever waited while it was off (after a 410, or switched off by hand) goes now, in order.
      this.repo.wakeEndpoint(id, this.clock.now());
      this.pump();
    }
    return this.view(next);
  }

  deleteEndpoint(id: string): void {
    if (!this.repo.deleteEndpoint(id)) throw new RelayError(404, `no endpoint ${id}`);
    this.endpointCache = undefined;
  }

  /** A new secret; the old one keeps signing alongside it for `overlapSeconds`. */
  rotateSecret(id: string, overlapSeconds: number): { secret: string; previousValidUntil: string } {
    const e = this.mustEndpoint(id);
    const until = this.clock.now() + overlapSeconds * 1000;
    const secret = newSecret();
    this.save({ ...e, secret, previousSecret: e.secret, previousUntil: until });
    return { secret, previousValidUntil: new Date(until).toISOString() };
  }

  sendTest(id: string): OutboxMessage {
    const e = this.mustEndpoint(id);
    // Queued behind a switched-off endpoint, a test would say nothing until someone turns it on.
    if (!e.enabled) throw new RelayError(409, `endpoint ${id} is disabled${e.disabledReason ? ` (${e.disabledReason})` : ''}: enable it first`);
    const message: RelayMessage = { type: 'relay.test', orderKey: 'relay.test', data: { message: 'Test message from Trackside' }, text: 'Trackside: test message' };
    const messageId = this.enqueueOne(e, message, null);
    this.pump();
    return this.messageView(this.repo.message(messageId)!);
  }

  summary(): { endpoints: number; enabled: number; backlog: number; failed: number } {
    return this.repo.summary();
  }

  // Messages

  listMessages(endpointId: string, limit: number, status?: MessageRow['status']): OutboxMessage[] {
    this.mustEndpoint(endpointId);
    return this.repo.messages(endpointId, limit, status).map((m) => this.messageView(m));
  }

  getMessage(id: number): OutboxMessageDetail {
    const m = this.mustMessage(id);
    const log: AttemptLog[] = this.repo.attempts(id).map((a) => ({
      attempt: a.attempt,
      startedAt: new Date(a.startedAt).toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error,
      nextAttemptAt: iso(a.nextAttemptAt),
    }));
    return { ...this.messageView(m), body: m.body, log };
  }

  /** A new attempt series for one message, same body and webhook-id; a pending message is left as it is. */
  resend(id: number): OutboxMessage {
    const m = this.mustMessage(id);
    if (m.status === 'pending') return this.messageView(m);
    this.repo.requeue(id, this.clock.now());
    this.pump();
    return this.messageView(this.repo.message(id)!);
  }

  /** Every message of the endpoint created since `since` that failed for good, sent again (same webhook-id). */
  recover(endpointId: string, since: number): number {
    this.mustEndpoint(endpointId);
    const failed = this.repo.failedCreatedSince(endpointId, since);
    const now = this.clock.now();
    this.deps.store.transaction(() => failed.forEach((m) => this.repo.requeue(m.id, now)));
    this.pump();
    return failed.length;
  }

  /** Messages that gave up (every attempt failed) since `since`, newest first. */
  failures(since: number, limit = 100): OutboxMessage[] {
    return this.repo.failedSince(since, limit).map((m) => this.messageView(m));
  }

  // Intake from the journal

  private onJournal(row: JournalRow): void {
    const cursor = this.repo.cursor() ?? 0;
    if (row.seq <= cursor) return;
    // A row in between never got queued (its queueing failed): read the journal from the cursor,
    // which brings this row too.
    if (row.seq !== cursor + 1) {
      this.catchUp();
      this.pump();
      return;
    }
    if (this.consider(row)) this.pump();
  }

  /** Queues every row after the cursor; the caller pumps once at the end, not once per row. */
  private catchUp(): void {
    let cursor = this.repo.cursor() ?? 0;
    for (;;) {
      const rows = this.deps.store.journal.after(cursor, CURSOR_PAGE);
      if (rows.length === 0) return;
      for (const row of rows) this.consider(row);
      cursor = rows[rows.length - 1]!.seq;
    }
  }

  /** Queues the row for every endpoint that wants it; true when something was queued. */
  private consider(row: JournalRow): boolean {
    try {
      const type = messageType(row);
      const held = type !== null && this.deps.holdBack?.(row) === true;
      const targets = type === null || held ? [] : this.endpoints().filter((e) => e.enabled && matchesFilter(type, e.filter));
      // Parsed only for an endpoint that wants it: this runs for every message the console receives.
      const message = targets.length > 0 ? messageFor(row, this.names) : null;
      // The outbox rows and the cursor move together: a crash leaves either both or neither.
      this.deps.store.transaction(() => {
        if (message) for (const e of targets) this.enqueueOne(e, message, row.seq);
        this.repo.setCursor(row.seq);
      });
      return message !== null;
    } catch (err) {
      this.deps.log(`relay: could not queue journal ${row.seq}: ${(err as Error).message}`);
      return false;
    }
  }

  private enqueueOne(e: EndpointRow, message: RelayMessage, seq: number | null): number {
    const now = this.clock.now();
    const webhookId = `msg_${randomBytes(12).toString('base64url')}`;
    // Rendered once: every attempt and every resend sends these exact bytes.
    const body = renderBody(e.format, { id: webhookId, type: message.type, created: new Date(now).toISOString(), data: message.data }, message.text);
    return this.repo.enqueue({ endpointId: e.id, webhookId, type: message.type, orderKey: message.orderKey, body, journalSeq: seq, createdAt: now });
  }

  // Delivery

  /** Starts every due attempt there is room for, endpoint by endpoint, then sets the timer for the next one. */
  private pump(): void {
    if (!this.running) return;
    const now = this.clock.now();
    const limit = this.deps.concurrency ?? DEFAULT_CONCURRENCY;
    for (const endpointId of this.repo.endpointsWithDue(now)) {
      const busy = this.busy.get(endpointId) ?? 0;
      if (busy >= limit) continue;
      // Messages in flight are still pending and due: ask for enough rows to step over them.
      for (const m of this.repo.due(endpointId, now, limit + busy)) {
        if ((this.busy.get(endpointId) ?? 0) >= limit) break;
        if (!this.inFlight.has(m.id)) this.launch(m);
      }
    }
    this.arm();
  }

  private launch(m: MessageRow): void {
    this.busy.set(m.endpointId, (this.busy.get(m.endpointId) ?? 0) + 1);
    const task = this.attempt(m)
      .catch((err: Error) => this.deps.log(`relay: message ${m.id}: the attempt could not be recorded: ${err.message}`))
      .finally(() => {
        this.inFlight.delete(m.id);
        this.busy.set(m.endpointId, (this.busy.get(m.endpointId) ?? 1) - 1);
        this.pump();
      });
    this.inFlight.set(m.id, task);
  }

  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const at = this.repo.nextDueAt();
    if (at === null) return;
    const now = this.clock.now();
    // Due but not started means it waits for an attempt in flight, whose end pumps again.
    if (at <= now && this.inFlight.size > 0) return;
    this.cancelTimer = this.clock.setTimer(() => this.pump(), at <= now ? SAFETY_RECHECK_MS : at - now);
  }

  private async attempt(m: MessageRow): Promise<void> {
    const endpoint = this.repo.endpoint(m.endpointId);
    if (!endpoint) return;
    const startedAt = this.clock.now();
    const secrets = [endpoint.secret];
    if (endpoint.previousSecret && endpoint.previousUntil !== null && startedAt < endpoint.previousUntil) secrets.push(endpoint.previousSecret);
    const result = await deliver(
      {
        url: endpoint.url,
        body: m.body,
        webhookId: m.webhookId,
        timestamp: Math.floor(startedAt / 1000),
        secrets,
        timeoutMs: this.deps.timeoutMs ?? DELIVERY_TIMEOUT_MS,
        stop: this.stopping.signal,
      },
      this.deps.fetch,
    );
    // Cut off by stop(): left due, so the next start sends it again.
    if (result.aborted) return;
    this.settle(m.id, startedAt, result);
  }

  private settle(messageId: number, startedAt: number, result: AttemptResult): void {
    // Read again: the endpoint may have been edited, disabled or deleted while the request was out.
    const m = this.repo.message(messageId);
    const endpoint = m && this.repo.endpoint(m.endpointId);
    if (!m || !endpoint || m.status !== 'pending') return;
    const attemptNo = m.attempts - m.seriesStart + 1;
    const now = this.clock.now();
    const code = result.statusCode;
    const base = { attempt: m.attempts + 1, startedAt, durationMs: result.durationMs, statusCode: code };
    if (code !== null && code >= 200 && code < 300) {
      this.repo.recordAttempt(m.id, { ...base, error: null, nextAttemptAt: null }, { status: 'delivered', deliveredAt: now });
      this.notify({ kind: 'delivered', endpointId: endpoint.id, messageId: m.id, at: now });
      return;
    }
    const error = result.error ?? (code !== null && code >= 300 && code < 400 ? `HTTP ${code} (redirects are not followed)` : `HTTP ${code}`);
    if (code === 410) {
      // Gone: the receiver asks us to stop. The message waits, paused with its endpoint.
      const reason = `the receiver answered 410 Gone at ${new Date(now).toISOString()}`;
      this.deps.store.transaction(() => {
        this.repo.recordAttempt(m.id, { ...base, error, nextAttemptAt: null }, { nextAttemptAt: now });
        this.repo.disableEndpoint(endpoint.id, reason);
      });
      this.endpointCache = undefined;
      this.deps.log(`relay: ${endpoint.url} answered 410 Gone; endpoint ${endpoint.id} disabled`);
      this.notify({ kind: 'disabled', endpointId: endpoint.id, messageId: m.id, at: now, detail: '410 Gone' });
      return;
    }
    const delay = retriable(endpoint.schedule, code) ? delayBefore(endpoint.schedule, attemptNo + 1, parseRetryAfter(result.retryAfter, now)) : null;
    if (delay === null) {
      this.repo.recordAttempt(m.id, { ...base, error, nextAttemptAt: null }, { status: 'failed', failedAt: now, nextAttemptAt: null });
      this.deps.log(`relay: message ${m.id} (${m.type}) to ${endpoint.url} failed after ${attemptNo} attempts: ${error}`);
      this.notify({ kind: 'exhausted', endpointId: endpoint.id, messageId: m.id, at: now, detail: error });
      return;
    }
    const next = now + delay;
    this.repo.recordAttempt(m.id, { ...base, error, nextAttemptAt: next }, { nextAttemptAt: next });
    this.notify({ kind: 'failed', endpointId: endpoint.id, messageId: m.id, at: now, detail: error });
  }

  private notify(n: DeliveryNotice): void {
    this.deps.bus.emit('delivery', n);
  }

  private endpoints(): EndpointRow[] {
    return (this.endpointCache ??= this.repo.endpoints());
  }

  private save(e: EndpointRow): void {
    this.repo.saveEndpoint(e);
    this.endpointCache = undefined;
  }

  // Views

  private view(e: EndpointRow): Endpoint {
    const s = this.repo.stats(e.id);
    const finished = s.delivered + s.failed;
    const sorted = [...s.latencies].sort((a, b) => a - b);
    return {
      id: e.id,
      url: e.url,
      description: e.description,
      filter: e.filter,
      enabled: e.enabled,
      format: e.format,
      schedule: e.schedule,
      createdAt: new Date(e.createdAt).toISOString(),
      disabledReason: e.disabledReason,
      previousSecretValidUntil: e.previousSecret && e.previousUntil !== null && e.previousUntil > this.clock.now() ? iso(e.previousUntil) : null,
      stats: {
        delivered: s.delivered,
        failed: s.failed,
        backlog: s.backlog,
        successRate: finished ? s.delivered / finished : null,
        medianLatencyMs: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : null,
        lastAttemptAt: iso(s.lastAttemptAt),
      },
    };
  }

  private messageView(m: MessageRow): OutboxMessage {
    return {
      id: m.id,
      endpointId: m.endpointId,
      webhookId: m.webhookId,
      type: m.type,
      orderKey: m.orderKey,
      createdAt: new Date(m.createdAt).toISOString(),
      status: m.status,
      attempts: m.attempts,
      nextAttemptAt: m.status === 'pending' ? iso(m.nextAttemptAt) : null,
      lastStatus: m.lastStatus,
      lastError: m.lastError,
      deliveredAt: iso(m.deliveredAt),
      failedAt: iso(m.failedAt),
    };
  }

  private mustEndpoint(id: string): EndpointRow {
    const e = this.repo.endpoint(id);
    if (!e) throw new RelayError(404, `no endpoint ${id}`);
    return e;
  }

  private mustMessage(id: number): MessageRow {
    const m = Number.isInteger(id) ? this.repo.message(id) : undefined;
    if (!m) throw new RelayError(404, `no message ${id}`);
    return m;
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
