/**
 * A local stand-in of the World Triathlon API endpoints the console uses, and of its webhook
 * sender: `apikey` header, `GET|POST /v1/subscriptions`, `DELETE /v1/subscriptions/{id}`,
 * `GET /v1/live/timing/{prog_id}`, `GET /v1/rankings/{ranking_id}`, answers as `{status, data}`. `publish()` POSTs
 * `{"subscription": method, "payload": …}` to every subscription that asked for the method, with
 * its token in the `triathlon-token` header, as World Triathlon does. Listens on 127.0.0.1 only.
 * Shapes not in the public docs (list and delete paths, the answer envelope) are this stand-in's
 * reading, and the README says so.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInSubscription {
  id: string;
  url: string;
  subscription: string;
  token: string | null;
  notifications: boolean;
  retries: number;
  retries_delay: number;
  created_at: string;
}

export interface Delivery {
  subscriptionId: string;
  url: string;
  method: string;
  status: number | null;
}

export class TriathlonApiStandIn {
  readonly subscriptions = new Map<string, StandInSubscription>();
  /** ranking_id → the full ranking, as the Rankings API answers it. */
  readonly rankings = new Map<string, unknown>();
  /** prog_id → the latest timing message, as the live timing endpoint answers it. */
  readonly timing = new Map<string, unknown>();
  readonly requests: { method: string; path: string; apikey: string | null }[] = [];
  readonly deliveries: Delivery[] = [];
  private server?: Server;
  private nextId = 1;
  url = '';

  constructor(readonly apiKey: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Sends a message to every subscription of `method`, once (a retry is another call). */
  async publish(method: string, payload: unknown): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const s of this.subscriptions.values()) {
      if (!s.subscription.split('|').includes(method)) continue;
      let status: number | null = null;
      try {
        const res = await fetch(s.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(s.token ? { 'triathlon-token': s.token } : {}) },
          body: JSON.stringify({ subscription: method, payload }),
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = null;
      }
      const d = { subscriptionId: s.id, url: s.url, method, status };
      this.deliveries.push(d);
      out.push(d);
    }
    return out;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const apikey = typeof req.headers.apikey === 'string' ? req.headers.apikey : null;
    this.requests.push({ method: req.method ?? '', path: url.pathname, apikey });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (apikey !== this.apiKey) return send(401, { status: 'error', message: 'Invalid API key' });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = url.pathname.replace(/^\/v1/, '');
    if (path === '/subscriptions' && req.method === 'GET') return send(200, { status: 'success', data: [...this.subscriptions.values()] });
    if (path === '/subscriptions' && req.method === 'POST') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { status: 'error', message: 'Malformed JSON' });
      }
      if (typeof body.url !== 'string' || typeof body.subscription !== 'string' || !body.subscription) {
        return send(422, { status: 'error', message: 'url and subscription are required' });
      }
      const s: StandInSubscription = {
        id: String(this.nextId++),
        url: body.url,
        subscription: body.subscription,
        token: typeof body.token === 'string' ? body.token : null,
        notifications: body.notifications === true,
        retries: typeof body.retries === 'number' ? body.retries : 10,
        retries_delay: typeof body.retries_delay === 'number' ? body.retries_delay : 60,
        created_at: new Date().toISOString(),
      };
      this.subscriptions.set(s.id, s);
      return send(201, { status: 'success', data: s });
    }
    const one = /^\/subscriptions\/([^/]+)$/.exec(path);
    if (one && req.method === 'DELETE') {
      if (!this.subscriptions.delete(decodeURIComponent(one[1]!))) return send(404, { status: 'error', message: 'Subscription not found' });
      return send(200, { status: 'success', data: null });
    }
    const timing = /^\/live\/timing\/([^/]+)$/.exec(path);
    if (timing && req.method === 'GET') {
      const data = this.timing.get(decodeURIComponent(timing[1]!));
      return data === undefined ? send(404, { status: 'error', message: 'No timing for this program' }) : send(200, { status: 'success', data });
    }
    const ranking = /^\/rankings\/([^/]+)$/.exec(path);
    if (ranking && req.method === 'GET') {
      const data = this.rankings.get(decodeURIComponent(ranking[1]!));
      return data === undefined ? send(404, { status: 'error', message: 'No such ranking' }) : send(200, { status: 'success', data });
    }
    send(404, { status: 'error', message: 'Not found' });
  }
}
