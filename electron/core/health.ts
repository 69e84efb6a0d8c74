import type { Health } from './model/api';

/** Overall status from the sources' states: a console serving from cache is degraded, never down. */
export function overallStatus(sources: Health['sources']): Health['status'] {
  const states = Object.values(sources).map((s) => s.state);
  if (states.length === 0 || states.every((s) => s === 'ok' || s === 'connected' || s === 'playing')) return 'ok';
  if (states.every((s) => s === 'offline' || s === 'unavailable' || s === 'failed' || s === 'disconnected')) return 'offline';
  return 'degraded';
}
