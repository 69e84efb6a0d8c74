/**
 * Incoming webhooks: authenticate, then persist the request and its journal row in one SQLite
 * transaction, then answer. Providers retry on anything but 2xx (World Triathlon ten times over
 * hours), so a message is on disk before the answer says so, and a duplicate is answered 2xx too.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Bus } from '../bus';
import { HOOK_ROUTES, type HookRoute, type WebhookConfig } from '../config/config';
import {
  StandardEnvelopeSchema,
  TrackScoreEnvelopeSchema,
  TriathlonEnvelopeSchema,
  type HookAnswer,
  type HookRouteHealth,
} from '../model/webhooks';
import type { JournalEntry } from '../store/journal';
import type { Store } from '../store/store';
import type { TriathlonPrograms } from '../triathlon/programs';
import { SourceAllowlist } from './allowlist';
import { activeSecrets, activeTokens } from './keys';
import { ReceiptRepo, type ReceiptOutcome } from './receipts';
import { RefusalLog } from './refusal-log';
import { verifyHexHmac, verifyStandard, verifyToken, type Verdict } from './verify';

export interface WebhookIntakeDeps {
  store: Store;
  bus: Bus;
  config: WebhookConfig;
  /** The competition key the console follows, recorded on journal rows. */
  competition: () => string | undefined;
  triathlon: TriathlonPrograms;
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
  triathlon: '/hooks/triathlon',
  trackscore: '/hooks/trackscore',
  standard: '/hooks/standard',
};

interface Parsed {
  event: string;
  dedupeKey: string;
  /** For triathlon: the method and payload to apply. */
  triathlon?: { method: string; payload: unknown };
}

type Counters = Omit<HookRouteHealth, 'state' | 'lastMessageAt'> & { lastMessageAt: number | null };

export class WebhookIntake {
  private readonly receipts: ReceiptRepo;
  private readonly allowlists: Partial<Record<HookRoute, SourceAllowlist>>;
  private readonly refusals: RefusalLog;
  private readonly counters = Object.fromEntries(
    HOOK_ROUTES.map((r) => [r, { accepted: 0, duplicates: 0, malformed: 0, refused: 0, lastMessageAt: null }]),
  ) as Record<HookRoute, Counters>;
  private readonly now: () => number;

  constructor(readonly deps: WebhookIntakeDeps) {
    this.receipts = new ReceiptRepo(deps.store.db);
    this.now = deps.now ?? Date.now;
    this.allowlists = Object.fromEntries(
      Object.entries(deps.config.allow).map(([route, cidrs]) => [route, new SourceAllowlist(cidrs ?? [])]),
    );
    this.refusals = new RefusalLog(deps.log, this.now);
  }

  get receiptRepo(): ReceiptRepo {
    return this.receipts;
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
        return { event: env.data.type ?? env.data.event ?? 'trackscore', dedupeKey: id !== undefined ? `id:${id}` : bodyHash() };
      }
      case 'standard': {
        const env = StandardEnvelopeSchema.safeParse(json);
        if (!env.success) return { error: 'expected a JSON object' };
        return { event: env.data.type ?? 'standard', dedupeKey: `id:${header(req.headers, 'webhook-id')}` };
      }
    }
  }

  private persist(req: HookRequest, now: number, key: 'current' | 'previous', parsed: Parsed): HookResponse {
    const { store, bus } = this.deps;
    let programChange: { programId: string } | undefined;
    const result = store.transaction(() => {
      const duplicate = this.receipts.accepted(req.route, parsed.dedupeKey);
      const entry: JournalEntry = {
        ...this.entry(req, now, parsed.event),
        accepted: !duplicate,
        reason: duplicate ? 'duplicate' : undefined,
      };
      const seq = store.journal.append(entry);
      if (!duplicate && parsed.triathlon) {
        const applied = this.deps.triathlon.apply({ ...parsed.triathlon, receivedAt: now, seq });
        if (applied.changed && applied.programId) {
          programChange = { programId: applied.programId };
          store.journal.markChanged(seq);
        }
      }
      this.store(req, now, duplicate ? 'duplicate' : 'accepted', seq, key, parsed.dedupeKey);
      return { seq, duplicate, entry: { ...entry, changed: Boolean(programChange) } };
    });
    const c = this.counters[req.route];
    c.lastMessageAt = now;
    if (result.duplicate) c.duplicates++;
    else c.accepted++;
    bus.emit('journal', { ...result.entry, seq: result.seq });
    if (programChange) bus.emit('program', { programId: programChange.programId, seq: result.seq });
    return { status: 200, body: result.duplicate ? { ok: true, seq: result.seq, duplicate: true } : { ok: true, seq: result.seq } };
  }

  /** Authenticated but unreadable: journaled as refused and the request kept whole for inspection. */
  private keepAside(req: HookRequest, now: number, key: 'current' | 'previous', reason: string): HookResponse {
    const { store, bus } = this.deps;
    const entry: JournalEntry = { ...this.entry(req, now, 'malformed'), accepted: false, reason };
    const seq = store.transaction(() => {
      const seq = store.journal.append(entry);
      this.store(req, now, 'malformed', seq, key);
      return seq;
    });
    this.counters[req.route].malformed++;
    this.counters[req.route].lastMessageAt = now;
    this.deps.log(`webhooks: ${HOOK_PATH[req.route]}: kept aside (journal ${seq}): ${reason}`);
    bus.emit('journal', { ...entry, seq });
    return { status: 400, body: { ok: false, seq, error: reason } };
  }

  private store(req: HookRequest, now: number, outcome: ReceiptOutcome, seq: number, key: 'current' | 'previous', dedupeKey?: string): void {
    this.receipts.add({
      route: req.route,
      receivedAt: now,
      remoteAddress: req.remoteAddress,
      headers: storableHeaders(req.headers),
      body: req.raw,
      outcome,
      dedupeKey,
      keyUsed: key,
      journalSeq: seq,
    });
  }

  private entry(req: HookRequest, now: number, event: string): Omit<JournalEntry, 'accepted'> {
    return {
      source: req.route,
      channel: HOOK_PATH[req.route],
      event,
      // The journal holds text; a body that is not UTF-8 is kept byte for byte in the receipt.
      payload: req.raw.toString('utf8'),
      receivedAt: now,
      competition: this.deps.competition(),
    };
  }
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
