/**
 * `/data/` feeds for what the announcer says next (combined events, team scores, medals, splits):
 * each a fixed column list and a function from the cache to rows. Served beside the vMix feeds of
 * ./data-feeds.ts by server/routes/data.ts, in JSON, CSV and XML alike.
 */
import type { Store } from '../../store/store';
import type { CompetitionView } from '../competition-view';
import { combinedEvents } from '../combined/combined-view';
import { COMBINED_COLUMNS, combinedRows, currentCombined } from '../combined/combined-feed';
import { teamsView } from '../teams/teams-view';
import { latestSplits } from '../splits/splits-feed';
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
  {
    name: 'splits',
    description: 'The most recent race of 800 m and up with splits: the leader, time and lap at each split',
    columns: ['Distance.Text', 'Leader.Text', 'Bib.Text', 'Team.Text', 'Time.Text', 'Lap.Text', 'Event.Text', 'Heat.Text'],
    rows: ({ view, store }) => latestSplits(view, store),
  },
  {
    name: 'team-scores',
    description: 'Team scores from finished finals with the points scheme set on the Announcer page (default 8-7-6-5-4-3-2-1)',
    columns: ['Place.Text', 'Team.Text', 'Points.Text', 'Scorers.Text', 'Events.Text'],
    rows: ({ view, store }) => {
      const t = teamsView(view, store);
      return t.teams.map((r) => ({
        'Place.Text': String(r.place), 'Team.Text': r.team, 'Points.Text': String(r.points), 'Scorers.Text': String(r.scorers), 'Events.Text': String(t.events),
      }));
    },
  },
  {
    name: 'medals',
    description: 'Medal table from finished finals, by team or by nation as set on the Announcer page',
    columns: ['Place.Text', 'Name.Text', 'Gold.Text', 'Silver.Text', 'Bronze.Text', 'Total.Text'],
    rows: ({ view, store }) =>
      teamsView(view, store).medals.map((m) => ({
        'Place.Text': String(m.place), 'Name.Text': m.name, 'Gold.Text': String(m.gold), 'Silver.Text': String(m.silver),
        'Bronze.Text': String(m.bronze), 'Total.Text': String(m.total),
      })),
  },
];

for (const c of ANNOUNCER_FEEDS.flatMap((f) => f.columns)) {
  if (!XML_NAME.test(c)) throw new Error(`feed column ${c} is not a valid XML element name`);
}

export function announcerFeed(name: string): AnnouncerFeed | undefined {
  return ANNOUNCER_FEEDS.find((f) => f.name === name);
}
