/**
 * World Triathlon API v1, the few calls the console needs. From its documentation: the key goes
 * in the `apikey` header; Create Subscription takes `url`, `subscription` (methods separated by
 * `|`), `token` (sent back in the `triathlon-token` header of every webhook), `notifications`,
 * `retries` and `retries_delay` (default 10 and 60 s); live timing of a program is
 * `live/timing/{prog_id}` and answers the latest full timing message; a `ranking.publish` names
 * the ranking and the recipient asks the Rankings API for the list. Answers are read as
 * `{status, data}` with `data` optional. The list and delete paths follow the same resource
 * (`GET /subscriptions`, `DELETE /subscriptions/{id}`), and `GET /rankings/{ranking_id}` for the
 * full list: verified only against the stand-in.
 */
import { z } from 'zod';
import { ApiSubscriptionSchema, type ApiSubscription } from '../../model/triathlon';

const TIMEOUT_MS = 15_000;

export class TriathlonApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface TriathlonApiOptions {
  base: string;
  apiKey: string;
  fetch?: typeof fetch;
}

export class TriathlonApiClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: TriathlonApiOptions) {
    this.fetch = opts.fetch ?? fetch;
  }

  async listSubscriptions(): Promise<ApiSubscription[]> {
    const data = await this.request('GET', '/subscriptions');
    const list = z.array(z.unknown()).safeParse(data);
    if (!list.success) throw new TriathlonApiError('the subscription list is not a list');
    return list.data.flatMap((s) => {
      const parsed = ApiSubscriptionSchema.safeParse(s);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async createSubscription(input: { url: string; methods: readonly string[]; token: string }): Promise<ApiSubscription> {
    // The documented defaults, sent explicitly so the console's retry expectations are on record.
    const data = await this.request('POST', '/subscriptions', {
      url: input.url,
      subscription: input.methods.join('|'),
      token: input.token,
      notifications: false,
      retries: 10,
      retries_delay: 60,
    });
    const parsed = ApiSubscriptionSchema.safeParse(data);
    if (!parsed.success) throw new TriathlonApiError('the API did not answer with the created subscription');
    return parsed.data;
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.request('DELETE', `/subscriptions/${encodeURIComponent(id)}`);
  }

  /** The latest full timing message of a program (the same object a `timing.store` webhook carries). */
  async liveTiming(progId: string): Promise<unknown> {
    return this.request('GET', `/live/timing/${encodeURIComponent(progId)}`);
  }

  /** A ranking list in full (`ranking_id`, `ranking_name`, `rankings[]`): the publish message only names it. */
  async ranking(rankingId: string): Promise<unknown> {
    return this.request('GET', `/rankings/${encodeURIComponent(rankingId)}`);
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetch(`${this.opts.base}${path}`, {
        method,
        headers: { apikey: this.opts.apiKey, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new TriathlonApiError(`World Triathlon API unreachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new TriathlonApiError(`World Triathlon API answered ${res.status} with something that is not JSON`, res.status);
    }
    if (!res.ok) {
      const message = (json as { message?: unknown } | null)?.message;
      const hint = res.status === 401 || res.status === 403 ? ' (check the API key)' : '';
      throw new TriathlonApiError(`World Triathlon API answered ${res.status}${typeof message === 'string' ? `: ${message.slice(0, 200)}` : ''}${hint}`, res.status);
    }
    return json && typeof json === 'object' && 'data' in json ? (json as { data: unknown }).data : json;
  }
}
