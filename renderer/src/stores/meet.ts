/**
 * What the dashboard knows about the meet: the competition, each source's health, the athletes
 * for search and the unit in focus. Only binders (bind.ts) write here from the client; components
 * read and select.
 */
import { defineStore } from 'pinia';
import type {
  Athlete,
  CompetitionResponse,
  Health,
  StandingsResponse,
  UnitResponse,
} from '../../../electron/core/model/api';
import type { UnitKey } from '../../../electron/core/model/opentrack';

export const useMeetStore = defineStore('meet', {
  state: () => ({
    competition: null as CompetitionResponse | null,
    health: null as Health | null,
    athletes: [] as Athlete[],
    streamConnected: false,
    /** When this screen lost the console's stream, while it is lost. */
    streamLostAt: null as string | null,
    selected: null as UnitKey | null,
    unit: null as UnitResponse | null,
    standings: null as StandingsResponse | null,
    /** When the unit in focus last changed on screen, so a change can be highlighted. */
    unitUpdatedAt: 0,
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
    /** Units fetched so far by the catch-up in progress, if one is running. */
    catchUp(state): { done: number; total: number } | null {
      for (const s of Object.values(state.health?.sources ?? {})) {
        const c = (s as { catchUp?: { done: number; total: number } | null }).catchUp;
        if (c && c.total > 0) return c;
      }
      return null;
    },
  },
  actions: {
    select(key: UnitKey | null) {
      if (key && this.selected && key.eventId === this.selected.eventId && key.round === this.selected.round && key.heat === this.selected.heat) return;
      this.selected = key;
      this.unit = null;
      this.standings = null;
    },
  },
});
