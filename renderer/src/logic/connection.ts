/**
 * The connection state in the words of a stadium: "OpenTrack live", "Results server", "Offline
 * since 17:42 — showing data as of 17:41:58", which host does not answer and why. Pure, so the
 * wording is tested without a browser.
 */
import type { Health } from '../../../electron/core/model/api';

export type ChipTone = 'good' | 'warn' | 'bad';

export interface SourceChip {
  key: string;
  label: string;
  state: string;
  tone: ChipTone;
  /** What failed, for the tooltip. */
  detail: string;
}

const LABELS: Record<string, string> = {
  'opentrack-pusher': 'OpenTrack live',
  'opentrack-http': 'Results server',
  simulator: 'Demo meet',
  'webhook-triathlon': 'Triathlon feed',
  'webhook-trackscore': 'TrackScore feed',
  'webhook-standard': 'Webhooks in',
};

/** Source states as an operator says them. */
const STATE_WORDS: Record<string, string> = {
  ok: 'ok',
  connected: 'connected',
  connecting: 'connecting…',
  initialized: 'starting…',
  playing: 'playing',
  ready: 'ready',
  listening: 'listening',
  idle: 'waiting',
  offline: 'no answer',
  unavailable: 'no answer',
  disconnected: 'disconnected',
  failed: 'failed',
  blocked: 'refused (403)',
  error: 'error',
};

const GOOD = new Set(['ok', 'connected', 'playing', 'listening', 'idle', 'ready']);
const BAD = new Set(['offline', 'unavailable', 'failed', 'disconnected', 'blocked', 'error']);

export function sourceChips(health: Health | null): SourceChip[] {
  return Object.entries(health?.sources ?? {}).map(([key, s]) => ({
    key,
    label: LABELS[key] ?? key.replace(/^webhook-/, '').replace(/[-_]/g, ' '),
    state: STATE_WORDS[s.state] ?? s.state,
    tone: GOOD.has(s.state) ? 'good' : BAD.has(s.state) ? 'bad' : 'warn',
    detail: s.lastError ?? '',
  }));
}

/** The host of a URL, or the URL itself when it does not parse. */
export function hostOf(url: unknown): string | null {
  if (typeof url !== 'string' || !url) return null;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** "ECONNREFUSED", "HTTP 503", "fetch failed": shortened to what a person can act on. */
function reasonOf(error: string | null | undefined): string | null {
  if (!error) return null;
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(error)) return 'name not found: no internet?';
  if (/ECONNREFUSED/i.test(error)) return 'connection refused';
  if (/ETIMEDOUT|timeout|aborted/i.test(error)) return 'no answer in time';
  if (/ENETUNREACH|EHOSTUNREACH/i.test(error)) return 'network unreachable';
  if (/TimeoutError|AbortError/.test(error)) return 'no answer in time';
  if (/\b(TypeError|fetch failed|ECONNRESET|EPIPE)\b/.test(error)) return 'connection failed';
  const http = /\bHTTP ([1-5]\d\d)\b/.exec(error);
  if (http) return `answered HTTP ${http[1]}`;
  // "cannot reach host: CODE": the host is said already, the code is the reason.
  const rest = error.replace(/^cannot reach [^:]+(:\d+)?: /, '');
  return rest.length > 60 ? `${rest.slice(0, 57)}…` : rest;
}

export interface OfflineNotice {
  headline: string;
  /** Which host failed and why, when known. */
  detail: string | null;
}

export interface ClockFormat {
  hm: (iso: string) => string;
  hms: (iso: string) => string;
}

/**
 * What the offline banner says. Never "as of —": with no data received at all it says so, and
 * when the console itself is out of reach that is what it says.
 */
export function offlineNotice(health: Health | null, streamConnected: boolean, dataAsOf: string | null, fmt: ClockFormat, lostAt: string | null = null): OfflineNotice | null {
  if (!streamConnected) {
    return {
      headline: lostAt ? `Console out of reach since ${fmt.hm(lostAt)} — showing the screen as it was` : 'Console out of reach — reconnecting',
      detail: 'This screen reconnects by itself; the console keeps recording meanwhile.',
    };
  }
  if (health?.status !== 'offline') return null;
  const http = health.sources['opentrack-http'] as (Health['sources'][string] & { url?: unknown; offlineSince?: unknown }) | undefined;
  const since = typeof http?.offlineSince === 'string' ? http.offlineSince : null;
  const data = dataAsOf ? `showing data as of ${fmt.hms(dataAsOf)}` : 'no data received yet';
  const headline = `Offline${since ? ` since ${fmt.hm(since)}` : ''} — ${data}`;
  const failed = Object.entries(health.sources).find(([, s]) => BAD.has(s.state));
  const host = hostOf(http?.url) ?? (failed ? LABELS[failed[0]] ?? failed[0] : null);
  const reason = reasonOf(http?.lastError ?? failed?.[1].lastError);
  const failure = reason?.startsWith('answered') ? reason.replace('answered', 'answers') : reason ? `does not answer (${reason})` : 'does not answer';
  const detail = host ? `${host} ${failure}. Catching up automatically when it returns.` : 'Catching up automatically when the source returns.';
  return { headline, detail };
}
