/**
 * The live side of the dashboard: the journal as it streams in, results and new-leader alerts,
 * and the attempt ticker. Binders feed it; the rules live in logic/moments.ts.
 */
import { defineStore } from 'pinia';
import type { CompetitionResponse, FeedItem } from '../../../electron/core/model/api';
import { markRaw } from 'vue';
import { waitingToAnnounce, attemptTick, describeItem, eventNamesOf, fieldEventIds, heatNamesOf, leaderChanges, resultAlert, withSharedWinner, type Alert, type Leaders, type Tick } from '../logic/moments';
import { clock } from '../format';

/** A feed line as shown, worked out once when the item arrives (payloads are not kept). */
export interface FeedEntry {
  seq: number;
  event: string;
  source: string;
  accepted: boolean;
  changed: boolean;
  catchUp: boolean;
  /** A unit update of a field event: its attempt is already a line of its own. */
  fieldUnit: boolean;
  time: string;
  text: string;
}

export const FEED_KEPT = 200;
export const ALERTS_KEPT = 30;
export const TICKS_KEPT = 12;

export const useFeedStore = defineStore('feed', {
  state: () => ({
    items: [] as FeedEntry[],
    lastSeq: 0,
    alerts: [] as Alert[],
    ticks: [] as Tick[],
    leaders: new Map() as Leaders,
  }),
  getters: {
    /** The alert on the strip: the newest one. */
    current(state): Alert | null {
      return state.alerts[0] ?? null;
    },
  },
  actions: {
    add(item: FeedItem, competition: CompetitionResponse | null) {
      if (item.seq <= this.lastSeq) return;
      this.lastSeq = item.seq;
      const names = eventNamesOf(competition);
      this.items.unshift(
        markRaw({
          seq: item.seq,
          event: item.event,
          source: item.source,
          accepted: item.accepted,
          changed: Boolean(item.changed),
          catchUp: Boolean(item.catchUp),
          fieldUnit: item.event === 'unit' && Boolean(item.unit && fieldEventIds(competition).has(item.unit.eventId)),
          time: clock(item.receivedAt),
          text: describeItem(item, names, heatNamesOf(competition)),
        }),
      );
      if (this.items.length > FEED_KEPT) this.items.length = FEED_KEPT;
      const alert = resultAlert(item, names);
      if (alert) this.pushAlerts([withSharedWinner(alert, competition)]);
      const tick = attemptTick(item, names);
      if (tick) {
        this.ticks.unshift(tick);
        if (this.ticks.length > TICKS_KEPT) this.ticks.length = TICKS_KEPT;
      }
    },
    /** A new competition snapshot: field events whose leader changed raise an alert. */
    competitionChanged(competition: CompetitionResponse, at = new Date().toISOString()) {
      const { alerts, leaders } = leaderChanges(this.leaders, competition, at);
      this.leaders = leaders;
      // A result alert raised before the standings were in learns of a shared first place now.
      if (this.alerts.some((a) => a.kind === 'result' && !a.tie)) this.alerts = this.alerts.map((a) => withSharedWinner(a, competition));
      this.pushAlerts(alerts);
    },
    pushAlerts(alerts: Alert[]) {
      if (!alerts.length) return;
      const known = new Set(this.alerts.map((a) => a.id));
      const fresh = alerts.filter((a) => !known.has(a.id));
      // Only the newest leader of a unit is worth announcing; the ones it overtook leave the queue.
      const led = new Set(fresh.filter((a) => a.kind === 'leader' && a.unit).map((a) => `${a.unit!.eventId}/${a.unit!.round}/${a.unit!.heat}`));
      if (led.size) {
        this.alerts = this.alerts.map((a) =>
          a.kind === 'leader' && a.unit && !a.announced && led.has(`${a.unit.eventId}/${a.unit.round}/${a.unit.heat}`) ? { ...a, superseded: true } : a,
        );
      }
      this.alerts.unshift(...fresh.reverse());
      if (this.alerts.length > ALERTS_KEPT) this.alerts.length = ALERTS_KEPT;
    },
    /**
     * The demo went back to its start: its results turn into start lists again, so the alerts,
     * attempts and leaders of the previous run would be lies. One notice says what happened.
     */
    demoRestarted(at = new Date().toISOString()) {
      // Only what came before the restart goes: the new run may already have raised its own.
      const since = (a: { at: string }) => a.at >= at;
      this.alerts = [
        ...this.alerts.filter(since),
        { id: `demo-restart-${at}`, kind: 'notice', at, title: 'Demo restarted', who: 'The demo meet plays again from the start', mark: '', late: false },
      ];
      this.ticks = this.ticks.filter(since);
      this.leaders = new Map();
    },
    /** The announcer called it out; `id` omitted: the oldest one waiting. */
    markAnnounced(id?: string) {
      const waiting = this.alerts.filter(waitingToAnnounce);
      const target = id ?? waiting[waiting.length - 1]?.id;
      if (target) this.alerts = this.alerts.map((a) => (a.id === target ? { ...a, announced: true } : a));
    },
    dismiss(id: string) {
      this.alerts = this.alerts.filter((a) => a.id !== id);
    },
  },
});
