/**
 * Triathlon programs followed through incoming webhooks, for the Triathlon page. Bound while the
 * page is open; `timing.store` snapshots arrive every few seconds, so a 2 s refresh keeps up.
 */
import { defineStore } from 'pinia';
import type { TracksideClient } from '../api/client';
import type { ProgramSummary, ProgramView, RankingList } from '../../../electron/core/model/triathlon';

const REFRESH_MS = 2_000;

export const useTriathlonStore = defineStore('triathlon', {
  state: () => ({
    programs: [] as ProgramSummary[],
    selectedId: null as string | null,
    program: null as ProgramView | null,
    rankings: [] as RankingList[],
    error: null as string | null,
  }),
});

export function bindTriathlon(client: TracksideClient): () => void {
  const store = useTriathlonStore();
  const refresh = async () => {
    try {
      store.programs = (await client.triathlon.programs()).programs;
      if (!store.selectedId && store.programs[0]) store.selectedId = store.programs[0].progId;
      store.program = store.selectedId ? await client.triathlon.program(store.selectedId) : null;
      store.rankings = (await client.triathlon.rankings()).rankings;
      store.error = null;
    } catch (err) {
      store.error = (err as Error).message;
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  return () => clearInterval(timer);
}
