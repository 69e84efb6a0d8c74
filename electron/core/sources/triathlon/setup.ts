/**
 * Setting World Triathlon up from the console: the subscriptions this console needs, pointing at
 * its own /hooks/triathlon with its own token, and the programs it follows, whose current state is
 * loaded over the API when following starts and again at every start (a console that was down
 * missed messages the sender may have given up on). A loaded state goes through the same ingest as
 * a webhook (journal row, receipt, programs), so the journal stays the one record.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../store/database';
import type { WebhookIngest } from '../../ingest/webhooks';
import type { Bus } from '../../ingest/bus';
import type { JournalRow } from '../../store/journal';
import {
  SUBSCRIPTION_KINDS,
  type FollowResult,
  type SubscriptionKind,
  type SubscriptionView,
  type TriathlonSetupView,
} from '../../model/triathlon';
import { TriathlonApiClient, TriathlonApiError } from './api-client';

export interface TriathlonSetupDeps {
  db: Db;
  ingest: WebhookIngest;
  /** The API key, the base and this console's webhook token, read when used (settings may change). */
  apiKey: () => string | undefined;
  apiBase: () => string;
  token: () => string | undefined;
  competition: () => string | undefined;
  log: (line: string) => void;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Asked of the operator, who may not know why nothing happens: each says what to do. */
export class SetupError extends Error {
  constructor(
    message: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

const isHook = (url: string | null | undefined) => Boolean(url && /\/hooks\/triathlon(\?|$)/.test(url));

export class TriathlonSetup {
  private readonly now: () => number;

  constructor(private readonly deps: TriathlonSetupDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * World Triathlon's `ranking.publish` names a ranking (type, category, `ranking_id`, date) and
   * leaves the list to the Rankings API. With a key set, a publication without its list is
   * completed from the API and ingested like a message (channel `api:rankings`), so movements can
   * be shown and a rebuild from the journal has the list too.
   */
  followRankings(bus: Bus): () => void {
    return bus.on('journal', (row) => void this.completeRanking(row));
  }

  async completeRanking(row: JournalRow): Promise<boolean> {
    if (row.source !== 'triathlon' || !row.accepted || row.channel === 'api:rankings' || !/^rankings?\.publish$/.test(row.event) || !this.deps.apiKey()) return false;
    let payload: { ranking_id?: unknown; rankings?: unknown; last_updated?: unknown } | undefined;
    try {
      payload = (JSON.parse(row.payload) as { payload?: typeof payload }).payload;
    } catch {
      return false;
    }
    const id = payload?.ranking_id;
    if (!payload || (typeof id !== 'string' && typeof id !== 'number') || (Array.isArray(payload.rankings) && payload.rankings.length > 0)) return false;
    try {
      const full = await this.client().ranking(String(id));
      if (!full || typeof full !== 'object') return false;
      // The publication's own date: the list is what was published then.
      const completed = { ...(full as object), ...payload, rankings: (full as { rankings?: unknown }).rankings ?? [] };
      const raw = Buffer.from(JSON.stringify({ subscription: 'ranking.publish', payload: completed }));
      this.deps.ingest.accept({
        route: 'triathlon',
        channel: 'api:rankings',
        event: 'ranking.publish',
        raw,
        headers: {},
        receivedAt: this.now(),
        competition: this.deps.competition(),
        keyUsed: 'current',
        dedupeKey: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
        triathlon: { method: 'ranking.publish', payload: completed },
      });
      return true;
    } catch (err) {
      this.deps.log(`triathlon: could not load ranking ${String(id)}: ${(err as Error).message}`);
      return false;
    }
  }

  async view(): Promise<TriathlonSetupView> {
    const base = { configured: Boolean(this.deps.apiKey()), apiBase: this.deps.apiBase(), tokenSet: Boolean(this.deps.token()), followed: this.followed() };
    if (!base.configured) return { ...base, subscriptions: [], error: null };
    try {
      return { ...base, subscriptions: (await this.client().listSubscriptions()).map(toView), error: null };
    } catch (err) {
      return { ...base, subscriptions: [], error: (err as Error).message };
    }
  }

  async subscribe(kind: SubscriptionKind, hookUrl: string): Promise<SubscriptionView> {
    const token = this.deps.token();
    if (!token) throw new SetupError('set a webhook token first (Settings → Webhooks in): World Triathlon sends it back on every message');
    if (!isHook(hookUrl)) throw new SetupError('the URL must end in /hooks/triathlon', 400);
    const methods = SUBSCRIPTION_KINDS[kind];
    const existing = (await this.client().listSubscriptions()).map(toView).find((s) => s.url === hookUrl && methods.every((m) => s.methods.includes(m)));
    // Creating it twice would deliver every message twice: the console needs one of each.
    if (existing) return existing;
    return toView(await this.client().createSubscription({ url: hookUrl, methods, token }));
  }

  async unsubscribe(id: string): Promise<void> {
    await this.client().deleteSubscription(id);
  }

  /** Follow a program: remember it and load its current state now. */
  async follow(progId: string): Promise<FollowResult> {
    this.deps.db.prepare('INSERT INTO triathlon_follow (prog_id, since) VALUES (?, ?) ON CONFLICT (prog_id) DO NOTHING').run(progId, this.now());
    return this.load(progId);
  }

  unfollow(progId: string): void {
    this.deps.db.prepare('DELETE FROM triathlon_follow WHERE prog_id = ?').run(progId);
  }

  /** Loads every followed program again (at start: whatever was missed while the console was down). */
  async reloadFollowed(): Promise<FollowResult[]> {
    if (!this.deps.apiKey()) return [];
    const out: FollowResult[] = [];
    for (const f of this.followed()) out.push(await this.load(f.progId));
    return out;
  }

  async load(progId: string): Promise<FollowResult> {
    try {
      const payload = await this.client().liveTiming(progId);
      if (!payload || typeof payload !== 'object') throw new TriathlonApiError(`no live timing for program ${progId}`);
      const raw = Buffer.from(JSON.stringify({ subscription: 'timing.store', payload }));
      const result = this.deps.ingest.accept({
        route: 'triathlon',
        channel: 'api:live/timing',
        event: 'timing.store',
        raw,
        headers: {},
        receivedAt: this.now(),
        competition: this.deps.competition(),
        keyUsed: 'current',
        dedupeKey: `sha256:${createHash('sha256').update(raw).digest('hex')}`,
        triathlon: { method: 'timing.store', payload },
      });
      this.deps.db.prepare('UPDATE triathlon_follow SET loaded_at = ?, load_error = NULL WHERE prog_id = ?').run(this.now(), progId);
      const row = this.deps.db.prepare('SELECT changed FROM journal WHERE seq = ?').get(result.seq) as { changed: number } | undefined;
      return { progId, loaded: true, changed: row?.changed === 1, error: null };
    } catch (err) {
      const message = (err as Error).message;
      if (!(err instanceof SetupError)) this.deps.log(`triathlon: could not load program ${progId}: ${message}`);
      this.deps.db.prepare('UPDATE triathlon_follow SET load_error = ? WHERE prog_id = ?').run(message, progId);
      return { progId, loaded: false, changed: false, error: message };
    }
  }

  private followed(): TriathlonSetupView['followed'] {
    const rows = this.deps.db.prepare('SELECT * FROM triathlon_follow ORDER BY since').all() as { prog_id: string; since: number; loaded_at: number | null; load_error: string | null }[];
    return rows.map((r) => ({
      progId: r.prog_id,
      since: new Date(r.since).toISOString(),
      loadedAt: r.loaded_at === null ? null : new Date(r.loaded_at).toISOString(),
      loadError: r.load_error,
    }));
  }

  private client(): TriathlonApiClient {
    const apiKey = this.deps.apiKey();
    if (!apiKey) throw new SetupError('no World Triathlon API key is set (Settings → World Triathlon API key)');
    return new TriathlonApiClient({ base: this.deps.apiBase(), apiKey, fetch: this.deps.fetch });
  }
}

function toView(s: { id: string; url?: string | null; subscription?: string | null; retries?: number | null; retries_delay?: number | null }): SubscriptionView {
  return {
    id: s.id,
    url: s.url ?? null,
    methods: (s.subscription ?? '').split('|').map((m) => m.trim()).filter(Boolean),
    ours: isHook(s.url),
    retries: s.retries ?? null,
    retriesDelay: s.retries_delay ?? null,
  };
}
