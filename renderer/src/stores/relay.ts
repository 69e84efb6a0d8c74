/**
 * Outbound webhooks as the Webhooks page shows them. Bound while the page is open: endpoints and
 * the selected endpoint's outbox refresh every few seconds, and after every change the page makes.
 */
import { defineStore } from 'pinia';
import type { TracksideClient } from '../api/client';
import type { Endpoint, OutboxMessage, OutboxMessageDetail } from '../../../electron/core/model/relay';

const REFRESH_MS = 2_000;

export const useRelayStore = defineStore('relay', {
  state: () => ({
    endpoints: [] as Endpoint[],
    selectedId: null as string | null,
    messages: [] as OutboxMessage[],
    detail: null as OutboxMessageDetail | null,
    /** A secret just created or rotated: shown once, then gone. */
    revealed: null as { endpointId: string; secret: string } | null,
    error: null as string | null,
  }),
  getters: {
    selected(state): Endpoint | undefined {
      return state.endpoints.find((e) => e.id === state.selectedId);
    },
  },
});

/** Loads the page's data now and every few seconds; returns the cleanup. */
export function bindRelay(client: TracksideClient): () => void {
  const relay = useRelayStore();
  let stopped = false;
  const refresh = async () => {
    try {
      relay.endpoints = (await client.relay.endpoints()).endpoints;
      if (!relay.selectedId && relay.endpoints[0]) relay.selectedId = relay.endpoints[0].id;
      if (relay.selectedId && relay.endpoints.some((e) => e.id === relay.selectedId)) {
        relay.messages = (await client.relay.messages(relay.selectedId)).messages;
      } else {
        relay.messages = [];
      }
      if (relay.detail) relay.detail = await client.relay.message(relay.detail.id);
      relay.error = null;
    } catch (err) {
      relay.error = (err as Error).message;
    }
  };
  void refresh();
  const timer = setInterval(() => !stopped && void refresh(), REFRESH_MS);
  relayRefresh = refresh;
  return () => {
    stopped = true;
    clearInterval(timer);
    relayRefresh = undefined;
  };
}

let relayRefresh: (() => Promise<void>) | undefined;

/** Runs one of the page's changes, shows its error if any, and refreshes. */
export async function relayAction<T>(action: () => Promise<T>): Promise<T | undefined> {
  const relay = useRelayStore();
  try {
    const result = await action();
    relay.error = null;
    return result;
  } catch (err) {
    relay.error = (err as Error).message;
    return undefined;
  } finally {
    await relayRefresh?.();
  }
}
