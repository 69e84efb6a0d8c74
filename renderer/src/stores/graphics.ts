/**
 * What is on air, as the core says: the snapshot first, then each change. Overlays, the dashboard's
 * on-air page and its previews all read this one store, so they cannot disagree with each other.
 */
import { defineStore } from 'pinia';
import type { TracksideClient } from '../api/client';
import type { GraphicState, GraphicsMode } from '../../../electron/core/model/graphics';

export const useGraphicsStore = defineStore('graphics', {
  state: () => ({
    byId: {} as Record<string, GraphicState>,
    order: [] as string[],
    mode: null as GraphicsMode | null,
    /** A snapshot has arrived since the page loaded. */
    ready: false,
    connected: false,
  }),
  getters: {
    list(state): GraphicState[] {
      return state.order.map((id) => state.byId[id]).filter((g): g is GraphicState => Boolean(g));
    },
  },
  actions: {
    snapshot(graphics: GraphicState[], mode: GraphicsMode) {
      this.byId = Object.fromEntries(graphics.map((g) => [g.id, g]));
      this.order = graphics.map((g) => g.id);
      this.mode = mode;
      this.ready = true;
    },
    /** A change: older revisions arriving late (two tabs, a slow reconnect) never win. */
    change(g: GraphicState) {
      const held = this.byId[g.id];
      if (held && held.revision > g.revision) return;
      this.byId[g.id] = g;
      if (!this.order.includes(g.id)) this.order.push(g.id);
    },
  },
});

/** Follows the core's graphics stream into the store; returns the cleanup. */
export function bindGraphics(client: TracksideClient): () => void {
  const store = useGraphicsStore();
  return client.graphics.stream({
    onSnapshot: (s) => store.snapshot(s.graphics, { mode: s.mode, durations: s.durations }),
    onGraphic: (g) => store.change(g),
    onMode: (m) => (store.mode = m),
    onOpen: () => (store.connected = true),
    // Keep showing what is on air: a graphic must not vanish because the console restarted.
    onError: () => (store.connected = false),
  });
}
