/**
 * The combined-events `/data/` feed: one row per athlete of the combined event in progress, in
 * place order, with points, points behind and what the next discipline needs.
 */
import type { CombinedEvent } from '../../model/combined';
import type { FeedRow } from '../feeds/tabular';

export const COMBINED_COLUMNS = [
  'Place.Text', 'Bib.Text', 'Name.Text', 'Team.Text', 'Points.Text', 'Behind.Text', 'Last.Text', 'LastMark.Text',
  'LastPoints.Text', 'Next.Text', 'Needs.Text', 'Event.Text', 'After.Text',
] as const;

/** The event with a discipline under way; else the one furthest along that has started; else the first. */
export function currentCombined(events: readonly CombinedEvent[]): CombinedEvent | undefined {
  const live = events.find((e) => e.disciplines.some((d) => d.state === 'live'));
  if (live) return live;
  const started = events.filter((e) => e.disciplines.some((d) => d.state === 'done'));
  started.sort((a, b) => done(b) - done(a));
  return started[0] ?? events[0];
}

const done = (e: CombinedEvent) => e.disciplines.filter((d) => d.state === 'done').length;

export function combinedRows(event: CombinedEvent | undefined): Partial<FeedRow>[] {
  if (!event) return [];
  const lastIndex = event.disciplines.map((d) => d.state !== 'to come').lastIndexOf(true);
  const last = lastIndex >= 0 ? event.disciplines[lastIndex] : undefined;
  const next = event.disciplines.find((d) => d.eventId === event.next);
  return event.standings.map((a) => {
    const score = lastIndex >= 0 ? a.scores[lastIndex] : undefined;
    return {
      'Place.Text': a.place === null ? (a.out ? 'DNF' : '') : String(a.place),
      'Bib.Text': a.bib,
      'Name.Text': a.name ?? '',
      'Team.Text': a.team ?? '',
      'Points.Text': String(a.total),
      'Behind.Text': a.place === null || a.behind === 0 ? '' : `-${a.behind}`,
      'Last.Text': last?.name ?? last?.code ?? '',
      'LastMark.Text': score?.mark ?? '',
      'LastPoints.Text': score?.points == null ? '' : String(score.points),
      'Next.Text': next?.name ?? next?.code ?? '',
      'Needs.Text': a.needs.map((n) => n.text).join(' | '),
      'Event.Text': event.name ?? event.eventId,
      'After.Text': last ? `after ${lastIndex + 1} of ${event.disciplines.length}` : '',
    };
  });
}
