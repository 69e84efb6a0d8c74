/**
 * Competition snapshots as the console's API builds them, made small and by hand for renderer
 * tests; standings come from the real core functions.
 */
import type { CompetitionResponse, EventSummary, LeaderSummary, UnitSummary } from '../../electron/core/model/api';

export function unitSummary(eventId: string, extra: Partial<UnitSummary> = {}): UnitSummary {
  return {
    eventId, round: 1, heat: 1, heatName: 'Heat 1', roundName: null, scheduledStartTime: '17:00', status: null, resultsStatus: null,
    receivedAt: '2026-11-22T17:00:00.000Z', cacheAgeMs: 1000, changedAt: '2026-11-22T17:00:00.000Z', changedWhileOffline: false,
    leader: null, entries: 0, ...extra,
  };
}

export function eventSummary(eventId: string, name: string, kind: EventSummary['kind'], units: UnitSummary[], extra: Partial<EventSummary> = {}): EventSummary {
  return { eventId, eventCode: null, kind, name, category: null, day: 1, parent: null, units, ...extra };
}

export function competition(events: EventSummary[]): CompetitionResponse {
  return { competition: { key: 'k', url: 'http://127.0.0.1/x/', fullName: 'Test Meet', receivedAt: null }, events };
}

export const leader = (bib: string, name: string, mark: string, shared = false): LeaderSummary => ({ bib, name, mark, shared });
