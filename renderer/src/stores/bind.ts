/**
 * Binds the stores to the core: snapshots first, then the SSE stream. Each journal item goes to
 * the feed; one that changed something refreshes the competition and, if it touches the unit in
 * focus, that unit. Refreshes are throttled, not debounced, so a steady stream of 50 messages a
 * second still refreshes several times a second. Returns the cleanup.
 */
import { watch } from 'vue';
import type { TracksideClient } from '../api/client';
import { useMeetStore } from './meet';
import { useFeedStore } from './feed';
import type { FeedItem } from '../../../electron/core/model/api';
import { eventNamesOf, recordAlerts, resultAlert } from '../logic/moments';
import type { UnitKey } from '../../../electron/core/model/opentrack';

const HEALTH_EVERY_MS = 2_000;
const COMPETITION_EVERY_MS = 300;
const UNIT_EVERY_MS = 150;
const ATHLETES_EVERY_MS = 5_000;
const FEED_BACKLOG = 50;

/** Runs `task` at most once per `ms`, and once more after a call that came in while it ran. */
export function throttled(task: () => Promise<unknown>, ms: number): { run: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let again = false;
  let running = false;
  const fire = async () => {
    timer = undefined;
    running = true;
    again = false;
    try {
      await task();
    } finally {
      running = false;
      if (again) schedule();
    }
  };
  const schedule = () => {
    if (timer) return;
    if (running) {
      again = true;
      return;
    }
    timer = setTimeout(() => void fire(), ms);
  };
  return {
    run: schedule,
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
      again = false;
    },
  };
}

/** A frame's worth of waiting: also the flush when the page is hidden and frames stop. */
const FRAME_FALLBACK_MS = 100;

/**
 * Collects stream items and hands them over once per animation frame: a burst of messages (or a
 * backlog after the page was busy) becomes one render instead of one render per message.
 */
export function frameBatcher<T>(apply: (items: T[]) => void): { push: (item: T) => void; cancel: () => void } {
  let queue: T[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = timer = undefined;
    const items = queue;
    queue = [];
    if (items.length) apply(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (timer !== undefined) return;
      frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flush) : undefined;
      timer = setTimeout(flush, FRAME_FALLBACK_MS);
    },
    cancel() {
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(timer);
      queue = [];
    },
  };
}

const sameUnit = (a: UnitKey | null, b: UnitKey | undefined) => Boolean(a && b && a.eventId === b.eventId && a.round === b.round && a.heat === b.heat);

export function bindStores(client: TracksideClient): () => void {
  const meet = useMeetStore();
  const feed = useFeedStore();
  let closed = false;
  let closeStream: (() => void) | undefined;
  let wasConnected = false;

  const report = (err: unknown) => {
    meet.error = err instanceof Error ? err.message : String(err);
  };
  let demoRestartSeen: string | null | undefined;
  const refreshHealth = () =>
    client.health().then((h) => {
      // The demo loops: a new restart time means it started over (the first answer only tells
      // where we are; a restart before this page opened left nothing stale on it).
      const restartedAt = (h.sources.simulator as { restartedAt?: unknown } | undefined)?.restartedAt;
      if (typeof restartedAt === 'string' && demoRestartSeen !== undefined && restartedAt !== demoRestartSeen) feed.demoRestarted(restartedAt);
      if (h.sources.simulator) demoRestartSeen = typeof restartedAt === 'string' ? restartedAt : null;
      meet.health = h;
    }, report);
  const refreshCompetitionNow = () =>
    client.competition().then((c) => {
      meet.competition = c;
      feed.competitionChanged(c);
    }, report);
  const refreshAthletesNow = () => client.athletes().then((a) => (meet.athletes = a.athletes), report);
  const refreshSelectedNow = async () => {
    const key = meet.selected;
    if (!key) return;
    try {
      const [unit, standings] = await Promise.all([client.unit(key), client.standings(key)]);
      if (sameUnit(meet.selected, key)) {
        meet.unit = unit;
        meet.standings = standings;
        meet.unitUpdatedAt = Date.now();
      }
    } catch (err) {
      report(err);
    }
  };
  const competition = throttled(refreshCompetitionNow, COMPETITION_EVERY_MS);
  const athletes = throttled(refreshAthletesNow, ATHLETES_EVERY_MS);
  const selected = throttled(refreshSelectedNow, UNIT_EVERY_MS);

  /** A result in: its records (NR, CR…) join the announcer's queue once the standings say so. */
  const findRecords = async (item: FeedItem) => {
    const alert = resultAlert(item, eventNamesOf(meet.competition));
    if (!alert?.unit) return;
    try {
      const standings = await client.standings(alert.unit);
      feed.pushAlerts(recordAlerts(standings, { title: alert.title, unit: alert.unit, at: alert.at, late: alert.late }));
    } catch (err) {
      report(err);
    }
  };
  const apply = (items: FeedItem[]) => {
    for (const item of items) {
      feed.add(item, meet.competition);
      if (item.event === 'results_arrived' && item.accepted) void findRecords(item);
      if (!item.changed) continue;
      competition.run();
      athletes.run();
      if (sameUnit(meet.selected, item.unit)) selected.run();
    }
  };
  const batch = frameBatcher(apply);

  void (async () => {
    await Promise.all([refreshHealth(), refreshCompetitionNow(), refreshAthletesNow()]);
    // Show the last items of the journal, then follow it live from there.
    const backlog = await lastItems(client, FEED_BACKLOG).catch(() => []);
    backlog.forEach((i) => feed.add(i, meet.competition));
    if (closed) return;
    closeStream = client.stream(feed.lastSeq, {
      onItem: batch.push,
      onOpen: () => {
        meet.streamConnected = true;
        meet.streamLostAt = null;
        meet.error = null;
        // Back after a drop: the stream replays what was missed; the snapshots catch up too.
        if (wasConnected) {
          void refreshHealth();
          competition.run();
          selected.run();
        }
        wasConnected = true;
      },
      onError: () => {
        meet.streamConnected = false;
        meet.streamLostAt ??= new Date().toISOString();
      },
    });
  })();

  const healthTimer = setInterval(() => void refreshHealth(), HEALTH_EVERY_MS);
  const stopWatch = watch(
    () => meet.selected,
    () => void refreshSelectedNow(),
  );
  return () => {
    closed = true;
    clearInterval(healthTimer);
    competition.cancel();
    athletes.cancel();
    selected.cancel();
    batch.cancel();
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
