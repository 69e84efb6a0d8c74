/**
 * What the dashboard shows: the competition, each source's health, the live feed and the unit in
 * focus. Only binders (bind.ts) write here from the client; components read and select.
 */
import { defineStore } from 'pinia';
import type {
  CompetitionResponse,
  FeedItem,
  Health,
  StandingsResponse,
  UnitResponse,
} from '../../../electron/core/model/api';
import type { UnitKey } from '../../../electron/core/model/opentrack';

export const FEED_KEPT = 200;

export const useMeetStore = defineStore('meet', {
  state: () => ({
    competition: null as CompetitionResponse | null,
    health: null as Health | null,
    feed: [] as FeedItem[],
    lastSeq: 0,
    streamConnected: false,
    selected: null as UnitKey | null,
    unit: null as UnitResponse | null,
    standings: null as StandingsResponse | null,
    error: null as string | null,
  }),
  getters: {
    offline(state): boolean {
      return !state.streamConnected || state.health?.status === 'offline';
    },
    /** The newest time any source delivered something: "data as of". */
    dataAsOf(state): string | null {
      const times = Object.values(state.health?.sources ?? {})
        .map((s) => s.lastMessageAt)
        .filter((t): t is string => Boolean(t))
        .sort();
      return times[times.length - 1] ?? null;
    },
  },
  actions: {
    addFeedItem(item: FeedItem) {
      if (item.seq <= this.lastSeq) return;
      this.lastSeq = item.seq;
      this.feed.unshift(item);
      if (this.feed.length > FEED_KEPT) this.feed.length = FEED_KEPT;
    },
    select(key: UnitKey | null) {
      this.selected = key;
      this.unit = null;
      this.standings = null;
    },
  },
});
