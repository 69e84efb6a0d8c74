/**
 * The Announcer page: combined events (and records, teams, notes as they come). Bound while the
 * page is open and refreshed every 2 s, like the Triathlon page: the answers are small.
 */
import { defineStore } from 'pinia';
import type { TracksideClient } from '../api/client';
import type { CombinedEvent } from '../../../electron/core/model/combined';

const REFRESH_MS = 2_000;

export type AnnouncerTab = 'combined' | 'records' | 'teams' | 'notes';

export const useAnnouncerStore = defineStore('announcer', {
  state: () => ({
    tab: 'combined' as AnnouncerTab,
    combined: [] as CombinedEvent[],
    selectedCombined: null as string | null,
    error: null as string | null,
  }),
});

export function bindAnnouncer(client: TracksideClient): () => void {
  const store = useAnnouncerStore();
  const refresh = async () => {
    try {
      store.combined = (await client.announcer.combined()).events;
      if (!store.combined.some((e) => e.eventId === store.selectedCombined)) store.selectedCombined = store.combined[0]?.eventId ?? null;
      store.error = null;
    } catch (err) {
      store.error = (err as Error).message;
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  return () => clearInterval(timer);
}
