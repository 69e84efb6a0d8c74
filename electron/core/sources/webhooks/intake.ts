/**
 * Incoming webhooks: authenticate and parse here, then ingest persists the request and its journal
 * row in one SQLite transaction (ingest/webhooks.ts), then answer. Providers retry on anything but 2xx (World Triathlon ten times over
 * hours), so a message is on disk before the answer says so, and a duplicate is answered 2xx too.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HOOK_ROUTES, type HookRoute, type WebhookConfig } from '../../config/config';
import {
  StandardEnvelopeSchema,
  TrackScoreEnvelopeSchema,
  TriathlonEnvelopeSchema,
  type HookAnswer,
  type HookRouteHealth,
} from '../../model/webhooks';
import type { WebhookIngest, WebhookMessage } from '../../ingest/webhooks';
import { ROUTES } from '../../model/routes';
import type { ReceiptRepo } from '../../store/webhook-receipts';
import { SourceAllowlist } from './allowlist';
import { activeSecrets, activeTokens } from './keys';
import { RefusalLog } from './refusal-log';
import { verifyHexHmac, verifyStandard, verifyToken, type Verdict } from './verify';

export interface WebhookIntakeDeps {
  /** Writes what this intake accepts or keeps aside (journal, receipt, programs) in one transaction. */
  ingest: WebhookIngest;
  config: WebhookConfig;
  /** The competition key the console follows, recorded on journal rows. */
  competition: () => string | undefined;
  log: (line: string) => void;
  now?: () => number;
}

export interface HookRequest {
  route: HookRoute;
  raw: Buffer;
  headers: IncomingHttpHeaders;
  /** `?token=` of the request URL (World Triathlon may put its token there). */
  queryToken?: string;
  remoteAddress?: string;
}

export interface HookResponse {
  status: 200 | 400 | 401 | 403 | 413 | 503;
  body: HookAnswer;
}

/** Headers that carry credentials: never stored, never logged. */
const SECRET_HEADERS = new Set(['triathlon-token', 'authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

export const HOOK_PATH: Record<HookRoute, string> = {
  triathlon: ROUTES.hookTriathlon.path,
  trackscore: ROUTES.hookTrackscore.path,
  standard: ROUTES.hookStandard.path,
};

/**
 * TrackScore signs the body, and the body carries the event's own time (`created`); a retry is the
 * same event with `meta.delivery_attempt` raised, so `created` stays the original time. A message
 * is judged on that time: refused when it claims to be from the future (beyond clock skew) or older
 * than the retry window, unless its id was already accepted (then it is a late retry of something
 * held, answered 200 as a duplicate). TrackScore does not publish its retry schedule; 72 h covers
 * the common ones (Standard Webhooks' ~27 h, Stripe's 3 days), so no legitimate retry is refused,
 * while a captured message replayed later is (and within the window, dedupe on id stops it).
 */
export const TRACKSCORE_RETRY_WINDOW_MS = 72 * 3600_000;
export const TRACKSCORE_CLOCK_SKEW_MS = 5 * 60_000;

interface Parsed {
  event: string;
  dedupeKey: string;
  /** The event's own time (TrackScore `created`), for the replay check. */
  createdAt?: number | null;
  /** For triathlon: the method and payload to apply. */
  triathlon?: { method: string; payload: unknown };
}

type Counters = Omit<HookRouteHealth, 'state' | 'lastMessageAt'> & { lastMessageAt: number | null };

export class WebhookIntake {
  private readonly allowlists: Partial<Record<HookRoute, SourceAllowlist>>;
  private readonly refusals: RefusalLog;
  private readonly counters = Object.fromEntries(
    HOOK_ROUTES.map((r) => [r, { accepted: 0, duplicates: 0, malformed: 0, refused: 0, lastMessageAt: null }]),
  ) as Record<HookRoute, Counters>;
  private readonly now: () => number;

  constructor(readonly deps: WebhookIntakeDeps) {
    this.now = deps.now ?? Date.now;
    this.allowlists = Object.fromEntries(
      Object.entries(deps.config.allow).map(([route, cidrs]) => [route, new SourceAllowlist(cidrs ?? [])]),
    );
    this.refusals = new RefusalLog(deps.log, this.now);
  }

  get receiptRepo(): ReceiptRepo {
    return this.deps.ingest.receipts;
  }

  /** Checked before the body is read: an address outside the route's allowlist gets 403. */
  allows(route: HookRoute, remoteAddress: string | undefined): boolean {
    const list = this.allowlists[route];
    return !list || list.allows(remoteAddress);
  }

  /** For refusals the HTTP layer decides (403, 413): counted and logged the same way. */
  refused(route: HookRoute, status: number, reason: string, remoteAddress?: string): void {
    this.counters[route].refused++;
    this.refusals.note(route, status, reason, remoteAddress);
  }

  receive(req: HookRequest): HookResponse {
    const now = this.now();
    const verdict = this.authenticate(req, now);
    if (!verdict.ok) {
      this.refused(req.route, 401, verdict.reason, req.remoteAddress);
      return { status: 401, body: { ok: false, error: `unauthorised: ${verdict.reason}` } };
    }
    const parsed = this.parse(req);
    try {
      if ('error' in parsed) return this.keepAside(req, now, verdict.key, parsed.error);
      const stale = this.judgeTime(req.route, parsed, now);
      if (stale) {
        this.refused(req.route, 401, stale, req.remoteAddress);
        return { status: 401, body: { ok: false, error: `unauthorised: ${stale}` } };
      }
      return this.persist(req, now, verdict.key, parsed);
    } catch (err) {
      // Only storage fails here (disk full, read-only dir). 503 makes the provider retry later.
      this.deps.log(`webhooks: ${HOOK_PATH[req.route]}: could not store the message: ${(err as Error).message}`);
      return { status: 503, body: { ok: false, error: 'could not store the message; retry later' } };
    }
  }

  health(): Record<HookRoute, HookRouteHealth> {
    const configured: Record<HookRoute, boolean> = {
      triathlon: Boolean(this.deps.config.token),
      trackscore: Boolean(this.deps.config.secret),
      standard: Boolean(this.deps.config.secret),
    };
    return Object.fromEntries(
      HOOK_ROUTES.map((r) => {
        const c = this.counters[r];
        return [
          r,
          {
            state: !configured[r] ? 'unconfigured' : c.lastMessageAt ? 'ok' : 'idle',
            lastMessageAt: c.lastMessageAt ? new Date(c.lastMessageAt).toISOString() : null,
            accepted: c.accepted,
            duplicates: c.duplicates,
            malformed: c.malformed,
            refused: c.refused,
          },
        ];
      }),
    ) as Record<HookRoute, HookRouteHealth>;
  }

  private authenticate(req: HookRequest, now: number): Verdict {
    const { config } = this.deps;
    switch (req.route) {
      case 'triathlon':
        return verifyToken(header(req.headers, 'triathlon-token') ?? req.queryToken, activeTokens(config, now));
      case 'trackscore':
        return verifyHexHmac(
          req.raw,
          header(req.headers, 'x-trackscore-signature') ?? header(req.headers, 'x-hub-signature-256'),
          activeSecrets(config, now),
        );
      case 'standard':
        return verifyStandard(
          req.raw,
          {
            'webhook-id': header(req.headers, 'webhook-id'),
            'webhook-timestamp': header(req.headers, 'webhook-timestamp'),
            'webhook-signature': header(req.headers, 'webhook-signature'),
          },
          activeSecrets(config, now),
          now,
        );
    }
  }

  /** Why the message's own time makes it a replay, or undefined when it may be taken. */
  private judgeTime(route: HookRoute, parsed: Parsed, now: number): string | undefined {
    if (route !== 'trackscore' || parsed.createdAt === undefined) return undefined;
    if (parsed.createdAt === null) return 'unreadable created timestamp';
    if (parsed.createdAt > now + TRACKSCORE_CLOCK_SKEW_MS) return 'created timestamp is in the future';
    if (parsed.createdAt < now - TRACKSCORE_RETRY_WINDOW_MS && !this.deps.ingest.receipts.accepted(route, parsed.dedupeKey)) {
      return 'created timestamp is older than the retry window';
    }
    return undefined;
  }

  private parse(req: HookRequest): Parsed | { error: string } {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(req.raw));
    } catch (err) {
      return { error: `malformed JSON: ${(err as Error).message}` };
    }
    const bodyHash = () => `sha256:${createHash('sha256').update(req.raw).digest('hex')}`;
    switch (req.route) {
      case 'triathlon': {
        const env = TriathlonEnvelopeSchema.safeParse(json);
        if (!env.success) return { error: 'not a subscription message: expected {"subscription": "<method>", "payload": {…}}' };
        return { event: env.data.subscription, dedupeKey: bodyHash(), triathlon: { method: env.data.subscription, payload: env.data.payload } };
      }
      case 'trackscore': {
        const env = TrackScoreEnvelopeSchema.safeParse(json);
        if (!env.success) return { error: 'expected a JSON object' };
        const id = env.data.id;
        const created = (json as { created?: unknown }).created;
        const createdAt = created === undefined || created === null ? undefined : readEventTime(created);
        return { event: env.data.type ?? env.data.event ?? 'trackscore', dedupeKey: id !== undefined ? `id:${id}` : bodyHash(), createdAt };
      }
      case 'standard': {
        const env = StandardEnvelopeSchema.safeParse(json);
        if (!env.success) return { error: 'expected a JSON object' };
        return { event: env.data.type ?? 'standard', dedupeKey: `id:${header(req.headers, 'webhook-id')}` };
      }
    }
  }

  private persist(req: HookRequest, now: number, key: 'current' | 'previous', parsed: Parsed): HookResponse {
    const result = this.deps.ingest.accept({ ...this.message(req, now, parsed.event, key), dedupeKey: parsed.dedupeKey, triathlon: parsed.triathlon });
    const c = this.counters[req.route];
    c.lastMessageAt = now;
    if (result.duplicate) c.duplicates++;
    else c.accepted++;
    return { status: 200, body: result.duplicate ? { ok: true, seq: result.seq, duplicate: true } : { ok: true, seq: result.seq } };
  }

  /** Authenticated but unreadable: journaled as refused and the request kept whole for inspection. */
  private keepAside(req: HookRequest, now: number, key: 'current' | 'previous', reason: string): HookResponse {
    const seq = this.deps.ingest.keepAside(this.message(req, now, 'malformed', key), reason);
    this.counters[req.route].malformed++;
    this.counters[req.route].lastMessageAt = now;
    this.deps.log(`webhooks: ${HOOK_PATH[req.route]}: kept aside (journal ${seq}): ${reason}`);
    return { status: 400, body: { ok: false, seq, error: reason } };
  }

  private message(req: HookRequest, now: number, event: string, keyUsed: 'current' | 'previous'): WebhookMessage {
    return {
      route: req.route,
      channel: HOOK_PATH[req.route],
      event,
      raw: req.raw,
      headers: storableHeaders(req.headers),
      remoteAddress: req.remoteAddress,
      receivedAt: now,
      competition: this.deps.competition(),
      keyUsed,
    };
  }
}

/** TrackScore documents ISO times; epoch seconds or milliseconds are read too. Unreadable → null. */
function readEventTime(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v < 1e12 ? v * 1000 : v;
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  const text = Array.isArray(v) ? v[0] : v;
  return text === undefined || text === '' ? undefined : text;
}

export function storableHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || SECRET_HEADERS.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
