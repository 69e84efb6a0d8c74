/**
 * A Pusher Channels (protocol 7) server on this machine: the transport of the demo meet and
 * replays, and the test double for integration tests. Clients are the real pusher-js; publishers
 * call trigger() in-process or POST /apps/{appId}/events signed like the official `pusher` SDK.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';

export interface PusherServerOptions {
  host?: string;
  /** 0 = any free port; after a stop(), start() reuses the port it had. */
  port?: number;
  appId?: string;
  key: string;
  secret?: string;
  activityTimeoutSec?: number;
  /** Pusher refuses events over 10 KB; the REST API here does the same (413). */
  maxRestEventBytes?: number;
}

interface PusherFrame {
  event?: unknown;
  data?: unknown;
  channel?: unknown;
}

const TIMESTAMP_TOLERANCE_S = 600;
const MAX_FRAME_BYTES = 64 * 1024;
const MAX_REST_BODY_BYTES = 1024 * 1024;

export class LocalPusherServer {
  private http?: Server;
  private wss?: WebSocketServer;
  private readonly subscriptions = new Map<WebSocket, Set<string>>();
  private readonly waiters = new Set<() => void>();
  private readonly sockets = new Map<string, WebSocket>();
  private nextSocket = 1;
  private host: string;
  private boundPort: number;
  readonly appId: string;
  readonly secret: string;

  constructor(private readonly opts: PusherServerOptions) {
    this.host = opts.host ?? '127.0.0.1';
    this.boundPort = opts.port ?? 0;
    this.appId = opts.appId ?? 'trackside';
    this.secret = opts.secret ?? 'trackside-secret';
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `ws://${this.host}:${this.boundPort}`;
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.http) return { host: this.host, port: this.boundPort };
    const http = createServer((req, res) => void this.onRest(req, res));
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    http.on('upgrade', (req, socket, head) => {
      const match = /^\/app\/([^/?]+)/.exec(req.url ?? '');
      if (!match) return socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, decodeURIComponent(match[1]!)));
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.boundPort, this.host, () => resolve());
    });
    this.boundPort = (http.address() as AddressInfo).port;
    this.http = http;
    this.wss = wss;
    return { host: this.host, port: this.boundPort };
  }

  async stop(): Promise<void> {
    const http = this.http;
    if (!http) return;
    this.http = undefined;
    for (const ws of this.subscriptions.keys()) ws.terminate();
    this.subscriptions.clear();
    this.sockets.clear();
    this.wss?.close();
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
  }

  trigger(channels: string | string[], event: string, data: unknown, exceptSocket?: WebSocket): number {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    let delivered = 0;
    for (const channel of Array.isArray(channels) ? channels : [channels]) {
      const frame = JSON.stringify({ event, channel, data: payload });
      for (const [ws, subscribed] of this.subscriptions) {
        if (ws !== exceptSocket && subscribed.has(channel) && ws.readyState === ws.OPEN) {
          ws.send(frame);
          delivered++;
        }
      }
    }
    return delivered;
  }

  subscriberCount(channel: string): number {
    let n = 0;
    for (const subscribed of this.subscriptions.values()) if (subscribed.has(channel)) n++;
    return n;
  }

  channels(): string[] {
    return [...new Set([...this.subscriptions.values()].flatMap((s) => [...s]))];
  }

  connectionCount(): number {
    return this.subscriptions.size;
  }

  /** A network drop as clients see it: sockets die without a close frame; the server stays up. */
  dropConnections(): void {
    for (const ws of this.subscriptions.keys()) ws.terminate();
    this.subscriptions.clear();
  }

  waitForSubscribers(channel: string, n = 1, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.subscriberCount(channel) < n) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${channel} has ${this.subscriberCount(channel)} subscribers, wanted ${n}, after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  private onConnection(ws: WebSocket, key: string): void {
    if (key !== this.opts.key) {
      send(ws, 'pusher:error', { code: 4001, message: `App key ${key} not in this cluster` });
      ws.close(4001, 'unknown app key');
      return;
    }
    this.subscriptions.set(ws, new Set());
    const socketId = `${this.nextSocket++}.${Math.floor(Math.random() * 1e6)}`;
    this.sockets.set(socketId, ws);
    send(ws, 'pusher:connection_established', { socket_id: socketId, activity_timeout: this.opts.activityTimeoutSec ?? 120 });
    ws.on('message', (raw, isBinary) => this.onFrame(ws, raw, isBinary));
    const forget = () => {
      this.subscriptions.delete(ws);
      this.sockets.delete(socketId);
    };
    ws.on('close', forget);
    // A client that sends an oversized frame gets an error from ws; it must not take the server down.
    ws.on('error', forget);
  }

  private onFrame(ws: WebSocket, raw: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let frame: PusherFrame;
    try {
      frame = JSON.parse(String(raw)) as PusherFrame;
    } catch {
      return send(ws, 'pusher:error', { code: null, message: 'frame is not JSON' });
    }
    if (typeof frame !== 'object' || frame === null) return;
    const data = typeof frame.data === 'string' ? safeParse(frame.data) : frame.data;
    const channel = (data as { channel?: unknown } | undefined)?.channel;
    switch (frame.event) {
      case 'pusher:ping':
        return send(ws, 'pusher:pong', {});
      case 'pusher:subscribe':
        if (typeof channel !== 'string' || channel.length === 0) return;
        if (/^(private|presence)-/.test(channel)) {
          return send(ws, 'pusher:error', { code: 4009, message: 'only public channels here' });
        }
        this.subscriptions.get(ws)?.add(channel);
        ws.send(JSON.stringify({ event: 'pusher_internal:subscription_succeeded', channel, data: '{}' }));
        this.waiters.forEach((w) => w());
        return;
      case 'pusher:unsubscribe':
        if (typeof channel === 'string') this.subscriptions.get(ws)?.delete(channel);
        return;
      default:
        // client-* events need private channels; anything else is ignored, as Pusher does.
        return;
    }
  }

  private async onRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/') {
      return reply(200, { server: 'trackside local pusher', appId: this.appId, connections: this.connectionCount() });
    }
    const events = `/apps/${this.appId}/events`;
    const batch = `/apps/${this.appId}/batch_events`;
    if (req.method !== 'POST' || (url.pathname !== events && url.pathname !== batch)) {
      return reply(404, { error: 'not found' });
    }
    const body = await readBody(req, MAX_REST_BODY_BYTES);
    if (body === null) return reply(413, { error: 'body too large' });
    const authError = this.checkSignature(req.method, url, body);
    if (authError) return reply(401, { error: authError });
    let parsed: { name?: unknown; channel?: unknown; channels?: unknown; data?: unknown; socket_id?: unknown; batch?: unknown };
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(400, { error: 'body is not JSON' });
    }
    const list = url.pathname === batch ? (Array.isArray(parsed.batch) ? parsed.batch : []) : [parsed];
    const limit = this.opts.maxRestEventBytes ?? 10_240;
    for (const e of list as (typeof parsed)[]) {
      const channels = Array.isArray(e.channels) ? e.channels : typeof e.channel === 'string' ? [e.channel] : [];
      if (typeof e.name !== 'string' || channels.length === 0 || typeof e.data !== 'string') {
        return reply(400, { error: 'each event needs name, channel(s) and string data' });
      }
      if (Buffer.byteLength(e.data) > limit) return reply(413, { error: `event data over ${limit} bytes` });
    }
    for (const e of list as (typeof parsed)[]) {
      const channels = (Array.isArray(e.channels) ? e.channels : [e.channel]) as string[];
      const except = typeof e.socket_id === 'string' ? this.sockets.get(e.socket_id) : undefined;
      this.trigger(channels, e.name as string, e.data as string, except);
    }
    return reply(200, {});
  }

  /** The official SDK signs `METHOD\npath\nsorted query` with HMAC-SHA256 (Pusher REST auth). */
  private checkSignature(method: string, url: URL, body: Buffer): string | null {
    const q = Object.fromEntries(url.searchParams);
    if (q.auth_key !== this.opts.key) return 'unknown auth_key';
    const timestamp = Number(q.auth_timestamp);
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > TIMESTAMP_TOLERANCE_S) {
      return 'auth_timestamp missing or out of range';
    }
    if (body.length > 0 && q.body_md5 !== createHash('md5').update(body).digest('hex')) return 'body_md5 does not match';
    const { auth_signature: signature, ...rest } = q;
    const query = Object.keys(rest)
      .sort()
      .map((k) => `${k}=${rest[k]}`)
      .join('&');
    const expected = createHmac('sha256', this.secret).update(`${method}\n${url.pathname}\n${query}`).digest('hex');
    const a = Buffer.from(expected);
    const b = Buffer.from(String(signature ?? ''));
    return a.length === b.length && timingSafeEqual(a, b) ? null : 'invalid signature';
  }
}

function send(ws: WebSocket, event: string, data: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, data: JSON.stringify(data) }));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}
