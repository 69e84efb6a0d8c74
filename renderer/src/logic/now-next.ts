/**
 * "What is on now and what starts next": the units under way, and the next ones by the schedule
 * with a countdown. Pure, so the rules are tested without a browser.
 */
import type { CompetitionResponse, EventSummary, UnitSummary } from '../../../electron/core/model/api';
import { unitKeyOf, unitStatus, type UnitStatus } from './overview';

export interface ScheduledUnit {
  key: string;
  event: EventSummary;
  unit: UnitSummary;
  status: UnitStatus;
  /** "in 12 min", "due now", "8 min late"; null when the schedule is not today's (a replay, the demo). */
  countdown: string | null;
}

/** Beyond this the schedule is another day's (a replay, a rehearsal): a countdown would be nonsense. */
const SAME_DAY_MINUTES = 6 * 60;

/** Minutes from `now` to "HH:MM" today, or null when the time does not parse. */
export function minutesUntil(time: string | null, now: Date): number | null {
  const m = /^(\d{1,2}):(\d{2})/.exec(time ?? '');
  if (!m) return null;
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  return Math.round((at.getTime() - now.getTime()) / 60_000);
}

export function countdown(time: string | null, now: Date): string | null {
  const min = minutesUntil(time, now);
  if (min === null || Math.abs(min) > SAME_DAY_MINUTES) return null;
  if (min > 90) return `in ${Math.floor(min / 60)} h ${min % 60} min`;
  if (min > 0) return `in ${min} min`;
  if (min === 0) return 'due now';
  return `${-min} min late`;
}

const byTime = (a: ScheduledUnit, b: ScheduledUnit) =>
  (a.event.day ?? 1) - (b.event.day ?? 1) || (a.unit.scheduledStartTime || '99').localeCompare(b.unit.scheduledStartTime || '99') || a.key.localeCompare(b.key);

export function nowAndNext(competition: CompetitionResponse | null, now: Date, nextCount = 4): { live: ScheduledUnit[]; next: ScheduledUnit[] } {
  const all: ScheduledUnit[] = [];
  for (const event of competition?.events ?? []) {
    for (const unit of event.units) {
      all.push({ key: unitKeyOf(unit), event, unit, status: unitStatus(unit), countdown: countdown(unit.scheduledStartTime, now) });
    }
  }
  all.sort(byTime);
  const live = all.filter((u) => u.status.tone === 'live');
  const next = all.filter((u) => u.status.tone === 'scheduled' || u.status.tone === 'seeded').slice(0, nextCount);
  return { live, next };
}
