import type { Health } from '../model/api';

const GOOD = new Set(['ok', 'connected', 'playing', 'ready']);

/**
 * Overall status from the sources' states: `ok` when every source is up, `offline` when none
 * delivers (the console serves from cache alone), `degraded` in between.
 */
export function overallStatus(sources: Health['sources']): Health['status'] {
  const states = Object.values(sources).map((s) => s.state);
  if (states.every((s) => GOOD.has(s))) return 'ok';
  if (!states.some((s) => GOOD.has(s))) return 'offline';
  return 'degraded';
}
