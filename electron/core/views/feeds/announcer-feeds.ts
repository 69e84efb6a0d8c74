/**
 * `/data/` feeds for what the announcer says next (combined events, team scores, medals, splits):
 * each a fixed column list and a function from the cache to rows. Served beside the vMix feeds of
 * ./data-feeds.ts by server/routes/data.ts, in JSON, CSV and XML alike.
 */
import type { Store } from '../../store/store';
import type { CompetitionView } from '../competition-view';
import { combinedEvents } from '../combined/combined-view';
import { COMBINED_COLUMNS, combinedRows, currentCombined } from '../combined/combined-feed';
import { XML_NAME, type FeedRow } from './tabular';

export interface AnnouncerFeedSource {
  view: CompetitionView;
  store: Store;
}

export interface AnnouncerFeed {
  name: string;
  description: string;
  columns: readonly string[];
  rows(source: AnnouncerFeedSource): Partial<FeedRow>[];
}

export const ANNOUNCER_FEEDS: AnnouncerFeed[] = [
  {
    name: 'combined',
    description: 'The combined event in progress: place, points, behind the leader, last discipline, what the next one needs',
    columns: COMBINED_COLUMNS,
    rows: ({ view, store }) => combinedRows(currentCombined(combinedEvents(view, store))),
  },
];

for (const c of ANNOUNCER_FEEDS.flatMap((f) => f.columns)) {
  if (!XML_NAME.test(c)) throw new Error(`feed column ${c} is not a valid XML element name`);
}

export function announcerFeed(name: string): AnnouncerFeed | undefined {
  return ANNOUNCER_FEEDS.find((f) => f.name === name);
}
