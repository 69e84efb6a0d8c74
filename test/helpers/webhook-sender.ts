/**
 * A results provider pushing to the console's webhook routes as fast as the console takes them:
 * signed Standard Webhooks (`/hooks/standard`) and TrackScore-style (`/hooks/trackscore`) messages
 * from several connections at once, recording every message the console acknowledged (2xx).
 */
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const WEBHOOK_SECRET = `whsec_${Buffer.from('trackside-fault-tests-secret-0001').toString('base64')}`;

export interface SentMessage {
  id: string;
  route: 'standard' | 'trackscore';
  body: string;
}

export interface Ack extends SentMessage {
  status: number;
  seq: number;
  duplicate: boolean;
}

/** The request a provider would send for `msg`, signed with `secret`. */
export function signedRequest(msg: SentMessage, secret = WEBHOOK_SECRET, now = new Date()): { path: string; headers: Record<string, string> } {
  if (msg.route === 'standard') {
    return {
      path: '/hooks/standard',
      headers: {
        'content-type': 'application/json',
        'webhook-id': msg.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(msg.id, now, msg.body),
      },
    };
  }
  return {
    path: '/hooks/trackscore',
    headers: {
      'content-type': 'application/json',
      'x-trackscore-signature': `sha256=${createHmac('sha256', secret).update(msg.body).digest('hex')}`,
    },
  };
}

export function message(id: string, route: SentMessage['route'], n: number): SentMessage {
  const data = { bib: String(100 + (n % 400)), mark: `${(10 + (n % 300) / 100).toFixed(2)}`, note: 'fault-test' };
  const body = route === 'standard' ? JSON.stringify({ type: 'result.recorded', timestamp: new Date().toISOString(), data }) : JSON.stringify({ id, type: 'result', ...data });
  return { id, route, body };
}

/** Sends one message; resolves with the answer, or undefined when the connection failed. */
export async function send(baseUrl: string, msg: SentMessage, secret = WEBHOOK_SECRET, timeoutMs = 10_000): Promise<Ack | undefined> {
  const { path, headers } = signedRequest(msg, secret);
  try {
    const res = await fetch(new URL(path, baseUrl), { method: 'POST', headers, body: msg.body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json: { seq?: number; duplicate?: boolean } = {};
    try {
      json = JSON.parse(text);
    } catch {
      // a 5xx from a dying process may have no JSON
    }
    return { ...msg, status: res.status, seq: Number(json.seq ?? 0), duplicate: Boolean(json.duplicate) };
  } catch {
    return undefined;
  }
}

/**
 * `connections` loops, each sending the next message as soon as the last was answered, until
 * `stop()` or a connection fails `failuresToStop` times in a row (the console is gone). Bounded by
 * `maxMessages` and `maxMs` whatever happens.
 */
export function flood(
  baseUrl: string,
  opts: { prefix: string; connections?: number; maxMessages?: number; maxMs?: number; failuresToStop?: number },
): { acks: Ack[]; answers: Map<number, number>; sent: () => number; stop: () => void; done: Promise<void> } {
  const acks: Ack[] = [];
  const answers = new Map<number, number>();
  const connections = opts.connections ?? 8;
  const maxMessages = opts.maxMessages ?? 100_000;
  const deadline = Date.now() + (opts.maxMs ?? 60_000);
  let n = 0;
  let stopped = false;
  const loop = async () => {
    let failures = 0;
    while (!stopped && n < maxMessages && Date.now() < deadline && failures < (opts.failuresToStop ?? 3)) {
      const i = n++;
      const msg = message(`${opts.prefix}-${i}`, i % 2 ? 'trackscore' : 'standard', i);
      const ack = await send(baseUrl, msg);
      if (!ack) {
        failures++;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      failures = 0;
      answers.set(ack.status, (answers.get(ack.status) ?? 0) + 1);
      if (ack.status >= 200 && ack.status < 300) acks.push(ack);
    }
  };
  const done = Promise.all(Array.from({ length: connections }, loop)).then(() => undefined);
  return { acks, answers, sent: () => n, stop: () => (stopped = true), done };
}
