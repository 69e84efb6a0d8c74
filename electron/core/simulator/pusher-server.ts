/**
 * A Pusher Channels (protocol 7) server on this machine: the transport of the demo meet and
 * replays, and the test double for integration tests. Clients are the real pusher-js; publishers
 * call trigger() in-process or POST /apps/{appId}/events signed like the official `pusher` SDK.
 * Public channels only: nothing here needs private or presence channels.
 */
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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

interface Client {
  socketId: string;
  channels: Set<string>;
}

interface RestEvent {
  name: string;
  channels: string[];
  data: string;
  socketId?: string;
}

/** Pusher's own window for auth_timestamp; beyond it a signed URL cannot be replayed. */
const TIMESTAMP_TOLERANCE_S = 600;
/** Pusher caps client frames at 10 KB; a little headroom, but a flood must not buffer megabytes. */
const MAX_FRAME_BYTES = 64 * 1024;
const MAX_REST_BODY_BYTES = 1024 * 1024;
const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]{1,200}$/;

export class LocalPusherServer {
  readonly appId: string;
  readonly secret: string;
  private readonly host: string;
  private boundPort: number;
  private http?: Server;
  private starting?: Promise<{ host: string; port: number }>;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, clientTracking: false });
  private readonly clients = new Map<WebSocket, Client>();
  private readonly waiters = new Set<() => void>();
  private nextSocket = 1;

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

  start(): Promise<{ host: string; port: number }> {
    if (this.http) return Promise.resolve({ host: this.host, port: this.boundPort });
    this.starting ??= this.listen().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    const http = this.http;
    if (!http) return;
    this.http = undefined;
    this.dropConnections();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  /** Delivers to every subscriber as Pusher would; returns how many distinct sockets got it. */
  trigger(channels: string | string[], event: string, data: unknown): number {
    return this.deliver(Array.isArray(channels) ? channels : [channels], event, encodeData(data));
  }

  subscriberCount(channel: string): number {
    let n = 0;
    for (const client of this.clients.values()) if (client.channels.has(channel)) n++;
    return n;
  }

  channels(): string[] {
    return [...new Set([...this.clients.values()].flatMap((c) => [...c.channels]))];
  }

  connectionCount(): number {
    return this.clients.size;
  }

  /** A network drop as clients see it: sockets die without a close frame; the server stays up. */
  dropConnections(): void {
    for (const ws of this.clients.keys()) ws.terminate();
    this.clients.clear();
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

  private async listen(): Promise<{ host: string; port: number }> {
    const http = createServer((req, res) => {
      this.onRest(req, res).catch(() => reply(res, 500, { error: 'internal error' }));
    });
    http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.boundPort, this.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    // Past listen(), server errors concern single connections; they must not become uncaught.
    http.on('error', () => {});
    this.boundPort = (http.address() as AddressInfo).port;
    this.http = http;
    return { host: this.host, port: this.boundPort };
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const key = safeDecode(/^\/app\/([^/?]+)/.exec(req.url ?? '')?.[1]);
    if (key === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, key));
  }

  private onConnection(ws: WebSocket, key: string): void {
    // Errors (oversized or invalid frames) are followed by a close; swallowing them keeps the server up.
    ws.on('error', () => {});
    if (key !== this.opts.key) {
      // Close code 4001 is what makes pusher-js give up instead of retrying forever.
      send(ws, pusherError(4001, `App key ${key} does not exist`));
      ws.close(4001, 'Application does not exist');
      return;
    }
    // pusher-js and the SDK both insist on socket ids shaped like "123.456".
    const socketId = `${randomInt(1, 1e9)}.${this.nextSocket++}`;
    this.clients.set(ws, { socketId, channels: new Set() });
    const activityTimeout = this.opts.activityTimeoutSec ?? 120;
    send(ws, { event: 'pusher:connection_established', data: JSON.stringify({ socket_id: socketId, activity_timeout: activityTimeout }) });
    ws.on('message', (raw, isBinary) => this.onFrame(ws, raw, isBinary));
    ws.on('close', () => this.clients.delete(ws));
  }

  private onFrame(ws: WebSocket, raw: RawData, isBinary: boolean): void {
    const client = this.clients.get(ws);
    if (!client || isBinary) return;
    const answer = this.answerFrame(client, safeParse(raw.toString()));
    if (answer) send(ws, answer);
  }

  /** What Pusher would say back to one client frame, if anything. */
  private answerFrame(client: Client, frame: unknown): Record<string, unknown> | undefined {
    if (!isRecord(frame)) return pusherError(null, 'frame is not a JSON object');
    const data = typeof frame.data === 'string' ? safeParse(frame.data) : frame.data;
    const channel = isRecord(data) ? data.channel : undefined;
    switch (frame.event) {
      case 'pusher:ping':
        return { event: 'pusher:pong', data: '{}' };
      case 'pusher:subscribe':
        if (typeof channel !== 'string' || !CHANNEL_NAME.test(channel)) return pusherError(null, 'invalid channel name');
        if (/^(private|presence)-/.test(channel)) return pusherError(4009, 'only public channels here');
        client.channels.add(channel);
        queueMicrotask(() => this.waiters.forEach((check) => check()));
        return { event: 'pusher_internal:subscription_succeeded', channel, data: '{}' };
      case 'pusher:unsubscribe':
        if (typeof channel === 'string') client.channels.delete(channel);
        return undefined;
      default:
        // client-* events need private channels; anything else is ignored, as Pusher does.
        return undefined;
    }
  }

  private deliver(channels: string[], event: string, data: string, exceptSocketId?: string): number {
    const reached = new Set<WebSocket>();
    for (const channel of new Set(channels)) {
      const frame = JSON.stringify({ event, channel, data });
      for (const [ws, client] of this.clients) {
        if (client.socketId === exceptSocketId || !client.channels.has(channel)) continue;
        if (send(ws, frame)) reached.add(ws);
      }
    }
    return reached.size;
  }

  private async onRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && url.pathname === '/') {
      const status = { server: 'trackside local pusher', appId: this.appId, connections: this.connectionCount() };
      return reply(res, 200, { ...status, channels: this.channels().length });
    }
    const isBatch = url.pathname === `/apps/${this.appId}/batch_events`;
    if (!isBatch && url.pathname !== `/apps/${this.appId}/events`) return reply(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'POST only' });
    const body = await readBody(req, MAX_REST_BODY_BYTES);
    if (body === null) return reply(res, 413, { error: `body over ${MAX_REST_BODY_BYTES} bytes` });
    const authError = this.checkSignature(url, body);
    if (authError) return reply(res, 401, { error: authError });
    const parsed = safeParse(body.toString('utf8'));
    if (parsed === undefined) return reply(res, 400, { error: 'body is not JSON' });
    const given: unknown[] = isBatch ? (isRecord(parsed) && Array.isArray(parsed.batch) ? parsed.batch : [undefined]) : [parsed];
    const events = given.map(toRestEvent).filter((e): e is RestEvent => e !== undefined);
    if (events.length !== given.length) return reply(res, 400, { error: 'each event needs name, channel(s) and string data' });
    const limit = this.opts.maxRestEventBytes ?? 10_240;
    // All or nothing: one oversized event refuses the whole batch, so a publisher never sees half of one.
    if (events.some((e) => Buffer.byteLength(e.data) > limit)) return reply(res, 413, { error: `event data over ${limit} bytes` });
    for (const e of events) this.deliver(e.channels, e.name, e.data, e.socketId);
    return reply(res, 200, {});
  }

  /**
   * The official SDK (lib/requests.js) signs `POST\n/apps/{id}/events\n` + every other query
   * param as k=v, sorted by key, joined by & (values not URL-encoded), HMAC-SHA256 with the secret.
   */
  private checkSignature(url: URL, body: Buffer): string | null {
    const q = Object.fromEntries(url.searchParams);
    if (q.auth_key !== this.opts.key) return 'unknown auth_key';
    if (q.auth_version !== '1.0') return 'auth_version must be 1.0';
    const timestamp = Number(q.auth_timestamp);
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > TIMESTAMP_TOLERANCE_S) {
      return 'auth_timestamp missing or more than 600 s off';
    }
    if (q.body_md5 !== createHash('md5').update(body).digest('hex')) return 'body_md5 does not match the body';
    const { auth_signature: signature = '', ...signed } = q;
    const query = Object.keys(signed)
      .sort()
      .map((k) => `${k}=${signed[k]}`)
      .join('&');
    const expected = Buffer.from(createHmac('sha256', this.secret).update(`POST\n${url.pathname}\n${query}`).digest('hex'));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'invalid signature';
  }
}

/** pusher:error data goes as an object, as Pusher and soketi send it; pusher-js reads either form. */
function pusherError(code: number | null, message: string): Record<string, unknown> {
  return { event: 'pusher:error', data: { code, message } };
}

function encodeData(data: unknown): string {
  return typeof data === 'string' ? data : (JSON.stringify(data) ?? 'null');
}

/** Sends if the socket is still open; a socket mid-close is as good as gone. */
function send(ws: WebSocket, message: string | Record<string, unknown>): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  return true;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function toRestEvent(value: unknown): RestEvent | undefined {
  if (!isRecord(value) || typeof value.name !== 'string' || typeof value.data !== 'string') return undefined;
  const channels = Array.isArray(value.channels) ? value.channels : [value.channel];
  if (channels.length === 0 || !channels.every((c): c is string => typeof c === 'string')) return undefined;
  const socketId = typeof value.socket_id === 'string' ? value.socket_id : undefined;
  return { name: value.name, channels, data: value.data, socketId };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function safeDecode(text: string | undefined): string | undefined {
  try {
    return text === undefined ? undefined : decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Resolves null when over maxBytes, but still drains the body so the 413 reaches the caller. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}
