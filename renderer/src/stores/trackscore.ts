/**
 * TrackScore leaderboards for the TrackScore page. Bound while the page is open; a 2 s refresh
 * keeps up with score updates without a stream of its own.
 */
import { defineStore } from 'pinia';
import type { TracksideClient } from '../api/client';
import type { Alert, Board } from '../../../electron/core/model/trackscore';

const REFRESH_MS = 2_000;

export const useTrackScoreStore = defineStore('trackscore', {
  state: () => ({
    boards: [] as Board[],
    alerts: [] as Alert[],
    selectedId: null as string | null,
    error: null as string | null,
  }),
});

export function bindTrackScore(client: TracksideClient): () => void {
  const store = useTrackScoreStore();
  const refresh = async () => {
    try {
      const answer = await client.trackscore.boards();
      store.boards = answer.leaderboards;
      store.alerts = answer.alerts;
      if (!store.selectedId && store.boards[0]) store.selectedId = store.boards[0].leaderboardId;
      store.error = null;
    } catch (err) {
      store.error = (err as Error).message;
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  return () => clearInterval(timer);
}
