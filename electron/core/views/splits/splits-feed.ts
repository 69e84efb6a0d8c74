/** The `/data/splits` feed: the newest race of 800 m and up that has splits, one row per split. */
import { UnitSchema } from '../../model/opentrack';
import type { Store } from '../../store/store';
import type { CompetitionView } from '../competition-view';
import type { FeedRow } from '../feeds/tabular';
import { computeSplits } from './splits';

export function latestSplits(view: CompetitionView, store: Store): Partial<FeedRow>[] {
  const { competition, people } = view.meta();
  const newest = store.units.list(view.competitionKey).sort((a, b) => b.changedAt - a.changedAt || (b.seq ?? 0) - (a.seq ?? 0));
  for (const u of newest) {
    const stored = store.units.get(view.competitionKey, u);
    if (!stored || !stored.json.includes('"splits"')) continue;
    const parsed = UnitSchema.safeParse(JSON.parse(stored.json));
    if (!parsed.success) continue;
    const event = competition?.events.find((e) => e.eventId === u.eventId);
    const splits = computeSplits({ ...parsed.data, eventCode: parsed.data.eventCode ?? event?.eventCode }, people);
    if (!splits.distanceRace || !splits.leaders.length) continue;
    return splits.leaders.map((l) => ({
      'Distance.Text': `${l.distance} m`,
      'Leader.Text': l.name ?? '',
      'Bib.Text': l.bib,
      'Team.Text': people.get(l.bib)?.team ?? '',
      'Time.Text': l.elapsed,
      'Lap.Text': l.lap ?? '',
      'Event.Text': event?.name ?? parsed.data.eventName ?? u.eventId,
      'Heat.Text': parsed.data.heatName ?? '',
    }));
  }
  return [];
}
