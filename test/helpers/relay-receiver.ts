/**
 * A venue system for relay tests: a real HTTP server on 127.0.0.1 that answers as told, checks
 * each request's Standard Webhooks signature, and records what it received by webhook-id.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  webhookId: string;
  timestamp: number;
  signatures: string[];
  body: string;
  /** Which of the secrets given to `signedWith` signed it. */
  validFor: string[];
  answered: number;
}

export type Answer = { status: number; headers?: Record<string, string>; delayMs?: number } | ((r: Received) => { status: number; headers?: Record<string, string> });

export class Receiver {
  readonly requests: Received[] = [];
  private answers: Answer[] = [];
  private fallback: Answer = { status: 200 };
  private server?: Server;
  url = '';

  constructor(private readonly secrets: () => string[]) {}

  /** Listens on `port` (any free one by default); a stopped receiver can start again on its old port. */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => r());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** The next answers, in order; then `fallback` for every request after. */
  answer(...answers: Answer[]): this {
    this.answers.push(...answers);
    return this;
  }

  otherwise(answer: Answer): this {
    this.fallback = answer;
    return this;
  }

  /** Deliveries answered 2xx, per webhook-id. */
  delivered(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.requests) if (r.answered >= 200 && r.answered < 300) out.set(r.webhookId, (out.get(r.webhookId) ?? 0) + 1);
    return out;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Whether `secret` signed this request (for a secret the test learns after the request came). */
  static signedBy(r: Pick<Received, 'webhookId' | 'timestamp' | 'signatures' | 'body'>, secret: string): boolean {
    return r.signatures.includes(new Webhook(secret).sign(r.webhookId, new Date(r.timestamp * 1000), r.body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const webhookId = String(req.headers['webhook-id'] ?? '');
    const timestamp = Number(req.headers['webhook-timestamp']);
    const signatures = String(req.headers['webhook-signature'] ?? '').split(' ').filter(Boolean);
    // Tolerance is the receiver's own business and these tests move the clock by hours: check the maths only.
    // A secret not known yet (shown once, read by the test later) signs nothing: check with signedBy later.
    const received0 = { webhookId, timestamp, signatures, body };
    const validFor = this.secrets().filter((s) => s !== '' && Receiver.signedBy(received0, s));
    const received: Received = { webhookId, timestamp, signatures, body, validFor, answered: 0 };
    const next = this.answers.shift() ?? this.fallback;
    const a = typeof next === 'function' ? next(received) : next;
    received.answered = a.status;
    this.requests.push(received);
    const delay = 'delayMs' in a ? Number(a.delayMs ?? 0) : 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
    res.end('ok');
  }
}

/** A clock that moves only when told, firing the timers that fall due. */
export class FakeClock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  constructor(public t = Date.UTC(2026, 10, 22, 9, 0, 0)) {}

  now = (): number => this.t;

  setTimer = (fn: () => void, ms: number): (() => void) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  };

  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const d of due) d.fn();
  }
}
