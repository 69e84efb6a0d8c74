/**
 * The rows of any `/data/` feed a board is drawn from, by name: the announcer's feeds (combined,
 * team scores, medals, splits) and the sports feeds (triathlon, TrackScore). One lookup for the
 * graphics, so a board and its feed can never disagree.
 */
import type { Store } from '../../store/store';
import type { CompetitionView } from '../competition-view';
import type { TrackScoreBoards } from '../trackscore/leaderboards';
import type { TriathlonView } from '../triathlon/programs-view';
import { announcerFeed } from './announcer-feeds';
import { buildSportsFeed, sportsFeed } from './sports-feeds';
import type { FeedRow } from './tabular';

export interface BoardFeedSources {
  view: CompetitionView | undefined;
  store: Store;
  triathlon: TriathlonView;
  trackscore: TrackScoreBoards;
}

export function boardFeedRows(feed: string, s: BoardFeedSources): Partial<FeedRow>[] {
  const announcer = announcerFeed(feed);
  if (announcer) return s.view ? announcer.rows({ view: s.view, store: s.store }) : [];
  const sports = sportsFeed(feed);
  return sports ? buildSportsFeed(sports.name, s.triathlon, s.trackscore) : [];
}
