/**
 * The cached units as broadcast outputs see them (`FeedUnit`): naming from the competition (or the
 * unit's own copy when the competition does not list it), freshness, and standings. Shared by the
 * `/data/` feeds and the on-air graphics so both pick the same unit for "latest result". Filtered
 * to one unit, or to the units of one event code (what an attempt belongs to). Headers come first
 * so a caller can leave out units before paying for their standings.
 */
import type { CompetitionView } from '../competition-view';
import { UnitSchema, type Unit, type UnitKey } from '../../model/opentrack';
import type { Store } from '../../store/store';
import { sameEventCode, type FeedUnit, type FeedUnitHeader } from './data-feeds';

/** A cached unit's naming and freshness, before its standings are computed (the costly part). */
export interface UnitHeader extends FeedUnitHeader {
  hash: string;
}

export function collectUnits(store: Store, view: CompetitionView, only?: UnitKey | { eventCode: string }): FeedUnit[] {
  return withStandings(view, unitHeaders(store, view, only));
}

/** The units with their standings; a unit whose cached copy no longer validates is left out. */
export function withStandings(view: CompetitionView, headers: readonly UnitHeader[]): FeedUnit[] {
  const units: FeedUnit[] = [];
  for (const { hash, ...header } of headers) {
    const standings = view.standings(header, hash);
    if (standings) units.push({ ...header, standings });
  }
  return units;
}

export function unitHeaders(store: Store, view: CompetitionView, only?: UnitKey | { eventCode: string }): UnitHeader[] {
  const { competition } = view.meta();
  const stored =
    only && 'eventId' in only
      ? [store.units.summary(view.competitionKey, only)].filter((s) => s !== undefined)
      : store.units.list(view.competitionKey);
  const wantedCode = only && 'eventCode' in only ? only.eventCode : undefined;
  const headers: UnitHeader[] = [];
  for (const s of stored) {
    const event = competition?.events.find((e) => e.eventId === s.eventId);
    const listed = event?.units.find((u) => u.round === s.round && u.heat === s.heat);
    const header = listed ?? ownHeader(store, view, s);
    // Filtered before the standings: a unit of another event costs nothing, however big it is.
    if (wantedCode !== undefined && !sameEventCode(event?.eventCode ?? header?.eventCode ?? null, wantedCode)) continue;
    headers.push({
      eventId: s.eventId,
      round: s.round,
      heat: s.heat,
      eventCode: event?.eventCode ?? header?.eventCode ?? null,
      eventName: event?.name ?? header?.eventName ?? null,
      roundName: header?.roundName ?? null,
      heatName: header?.heatName ?? null,
      day: event?.day ?? header?.day ?? null,
      scheduledStartTime: header?.scheduledStartTime ?? null,
      // The unit's own copy is newer than the competition's list.
      status: s.status ?? header?.status ?? null,
      resultsStatus: s.resultsStatus ?? header?.resultsStatus ?? null,
      changedAt: s.changedAt,
      seq: s.seq ?? 0,
      hash: s.hash,
    });
  }
  return headers;
}

/** The naming fields of a cached unit the competition does not list. */
function ownHeader(store: Store, view: CompetitionView, key: UnitKey): Partial<Unit> | undefined {
  const json = store.units.get(view.competitionKey, key)?.json;
  if (!json) return undefined;
  try {
    const parsed = UnitHeaderSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const UnitHeaderSchema = UnitSchema.pick({
  eventCode: true,
  eventName: true,
  roundName: true,
  heatName: true,
  day: true,
  scheduledStartTime: true,
  status: true,
  resultsStatus: true,
});