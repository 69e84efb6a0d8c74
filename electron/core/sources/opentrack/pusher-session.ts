/**
 * pusher-js, connected and subscribed, turning each message into what ingest takes: the payload's
 * text, and for a `unit` its envelope and hash, checked where the message was read. The same code
 * runs in the Pusher worker (see pusher-worker.ts) and, where no worker can run, in-process.
 */
import type Pusher from 'pusher-js';
import { fastUnitEnvelope, unitBibs, type UnitEnvelope } from '../../ingest/fast-validate';
import { contentHash } from '../../ingest/stable-hash';

export interface PusherOptions {
  key: string;
  cluster: string;
  host?: string;
  port?: number;
  tls: boolean;
}

/** A `unit` payload already read by the checks ingest runs first, and hashed as ingest would. */
export interface CheckedUnit {
  unit: UnitEnvelope;
  hash: string;
  /** The bibs it lists (see unitBibs). */
  bibs: string[];
}

export interface LinkMessage {
  channel: string;
  event: string;
  /** The payload's text. */
  raw: string;
  /** The payload as pusher-js parsed it; only in-process (a worker sends text, not objects). */
  json?: unknown;
  checked?: CheckedUnit;
}

export type LinkEvent =
  | { type: 'state'; current: string }
  | { type: 'error'; message: string }
  | { type: 'message'; message: LinkMessage };

export interface PusherSession {
  subscribe(channel: string): void;
  /** Starts over now (pusher-js may be waiting out a long back-off). */
  reconnect(): void;
  close(): void;
}

export function startPusherSession(PusherClass: typeof Pusher, p: PusherOptions, emit: (e: LinkEvent) => void): PusherSession {
  const pusher = new PusherClass(p.key, {
    cluster: p.cluster,
    ...(p.host ? { wsHost: p.host, httpHost: p.host } : {}),
    ...(p.port ? { wsPort: p.port, wssPort: p.port } : {}),
    forceTLS: p.tls,
    enabledTransports: ['ws', 'wss'],
    disableStats: true,
    // Pusher's own 120 s (plus a 30 s pong wait) would leave a silent Wi-Fi drop unnoticed for
    // 2.5 minutes while health says "ok"; a ping after 30 s of silence costs nothing.
    activityTimeout: 30_000,
    pongTimeout: 10_000,
  });
  pusher.connection.bind('state_change', (s: { current: string }) => emit({ type: 'state', current: s.current }));
  pusher.connection.bind('error', (err: unknown) => emit({ type: 'error', message: describePusherError(err) }));
  const subscribed = new Set<string>();
  return {
    subscribe(channelName) {
      if (subscribed.has(channelName)) return;
      subscribed.add(channelName);
      pusher.subscribe(channelName).bind_global((event: string, data: unknown) => {
        if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) return;
        emit({ type: 'message', message: linkMessage(channelName, event, data) });
      });
    },
    reconnect() {
      pusher.disconnect();
      pusher.connect();
    },
    close() {
      pusher.disconnect();
    },
  };
}

/** pusher-js hands over parsed JSON, or the raw string when it does not parse. */
export function linkMessage(channel: string, event: string, data: unknown): LinkMessage {
  if (typeof data === 'string') return { channel, event, raw: data };
  const raw = JSON.stringify(data ?? null);
  const message: LinkMessage = { channel, event, raw, json: data ?? null };
  if (event === 'unit') {
    const unit = fastUnitEnvelope(data);
    // Anything the quick check declines goes to ingest unchecked, and through zod there.
    if (unit) message.checked = { unit, hash: contentHash(raw), bibs: unitBibs(data) };
  }
  return message;
}

function describePusherError(err: unknown): string {
  const e = err as { error?: { data?: { message?: string; code?: number } }; type?: string };
  return e?.error?.data?.message ?? e?.type ?? String(err);
}
