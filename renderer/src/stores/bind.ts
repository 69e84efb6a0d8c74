/**
 * Binds the meet store to the core: a snapshot first, then the SSE stream; each journal item that
 * touches the competition or the unit in focus refreshes just that. Returns the cleanup.
 */
import { watch } from 'vue';
import type { TracksideClient } from '../api/client';
import { useMeetStore } from './meet';
import type { FeedItem } from '../../../electron/core/model/api';

const HEALTH_EVERY_MS = 2_000;
const COMPETITION_DEBOUNCE_MS = 250;

export function bindMeetStore(client: TracksideClient): () => void {
  const store = useMeetStore();
  let closed = false;
  let closeStream: (() => void) | undefined;
  let competitionTimer: ReturnType<typeof setTimeout> | undefined;

  const report = (err: unknown) => {
    store.error = err instanceof Error ? err.message : String(err);
  };
  const refreshHealth = () => client.health().then((h) => (store.health = h), report);
  const refreshCompetition = () => client.competition().then((c) => (store.competition = c), report);
  const refreshSelected = async () => {
    const key = store.selected;
    if (!key) return;
    const [unit, standings] = await Promise.all([client.unit(key), client.standings(key)]).catch((err) => {
      report(err);
      return [null, null] as const;
    });
    if (store.selected === key) {
      store.unit = unit;
      store.standings = standings;
    }
  };
  const scheduleCompetition = () => {
    clearTimeout(competitionTimer);
    competitionTimer = setTimeout(() => void refreshCompetition(), COMPETITION_DEBOUNCE_MS);
  };
  const onItem = (item: FeedItem) => {
    store.addFeedItem(item);
    if (item.changed) scheduleCompetition();
    const s = store.selected;
    if (s && item.unit && item.unit.eventId === s.eventId && item.unit.round === s.round && item.unit.heat === s.heat) {
      void refreshSelected();
    }
  };

  void (async () => {
    await Promise.all([refreshHealth(), refreshCompetition()]);
    // Show the last items of the journal, then follow it live from there.
    const last = await lastItems(client, 50).catch(() => []);
    last.forEach((i) => store.addFeedItem(i));
    if (closed) return;
    closeStream = client.stream(store.lastSeq, {
      onItem,
      onOpen: () => {
        store.streamConnected = true;
        store.error = null;
      },
      onError: () => (store.streamConnected = false),
    });
  })();

  const healthTimer = setInterval(() => void refreshHealth(), HEALTH_EVERY_MS);
  const stopWatch = watch(
    () => store.selected,
    () => void refreshSelected(),
  );
  return () => {
    closed = true;
    clearInterval(healthTimer);
    clearTimeout(competitionTimer);
    stopWatch();
    closeStream?.();
  };
}

/** The newest `n` journal items, oldest first. */
async function lastItems(client: TracksideClient, n: number): Promise<FeedItem[]> {
  const health = await client.health();
  const lastSeq = Number(health.cache.lastSeq);
  const page = await client.feed(Math.max(0, lastSeq - n), n);
  return page.items;
}
