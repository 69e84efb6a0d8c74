/**
 * The `/data/` feeds that are not per unit or per vMix board, by name: the announcer's feeds
 * (combined, team scores, medals, splits) and the sports feeds (triathlon, TrackScore). One lookup
 * serves the `/data/` route and the graphics drawn from a feed, so a board and its feed can never
 * disagree.
 */
import type { Store } from '../../store/store';
import type { CompetitionView } from '../competition-view';
import type { TrackScoreBoards } from '../trackscore/leaderboards';
import type { TriathlonView } from '../triathlon/programs-view';
import { announcerFeed } from './announcer-feeds';
import { buildSportsFeed, sportsFeed } from './sports-feeds';
import { normaliseRows, type FeedRow } from './tabular';

export interface BoardFeedSources {
  view: CompetitionView | undefined;
  store: Store;
  triathlon: TriathlonView;
  trackscore: TrackScoreBoards;
}

/** The feed's columns and its rows (every column present), or undefined for a name no such feed has. */
export function boardFeed(feed: string, s: BoardFeedSources): { columns: readonly string[]; rows: FeedRow[] } | undefined {
  const announcer = announcerFeed(feed);
  if (announcer) return { columns: announcer.columns, rows: s.view ? normaliseRows(announcer.columns, announcer.rows({ view: s.view, store: s.store })) : [] };
  const sports = sportsFeed(feed);
  return sports && { columns: sports.columns, rows: buildSportsFeed(sports.name, s.triathlon, s.trackscore) };
}

export const boardFeedRows = (feed: string, s: BoardFeedSources): FeedRow[] => boardFeed(feed, s)?.rows ?? [];
