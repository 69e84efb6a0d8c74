/**
 * What the tray says about the console: one glance at the task bar tells the operator whether the
 * meet is flowing, without the window in front. Pure, from the same health the dashboard shows.
 */
import type { Health } from '../core/model/api';

export type TrayLevel = Health['status'];

export interface TrayStatus {
  level: TrayLevel;
  tooltip: string;
  /** One line per source, for the tray menu. */
  lines: string[];
}

const LEVEL_TEXT: Record<TrayLevel, string> = { ok: 'live', degraded: 'degraded', offline: 'offline — serving the cache' };

export function trayStatus(health: Health): TrayStatus {
  const lines = Object.entries(health.sources).map(([name, s]) => {
    const error = s.lastError ? ` (${s.lastError})` : '';
    return `${name}: ${s.state}${error}`;
  });
  const failed = health.relay?.failed ?? 0;
  if (failed > 0) lines.push(`webhooks out: ${failed} failed for good`);
  const units = health.cache.units;
  return {
    level: health.status,
    tooltip: `Trackside — ${LEVEL_TEXT[health.status]} · ${units} unit${units === 1 ? '' : 's'} cached${failed > 0 ? ` · ${failed} deliveries failed` : ''}`,
    lines,
  };
}
