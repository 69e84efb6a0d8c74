/**
 * On-air graphics state, held in the core so every output shows the same thing: which graphic is
 * on air, for which unit, on which page, with what data. Outputs get a snapshot when they connect
 * and every change after (revision numbers let them ignore stale ones).
 *
 * Auto mode: each `results_arrived` puts the winner lower-third on air for N seconds and each
 * `latest_attempt` the attempt popup; what arrives while one is on air waits its turn (attempts:
 * only the newest few, older ones are stale news). Manual mode: only the operator takes and clears.
 */
import type { Bus } from '../../ingest/bus';
import { canonicalLatestAttempt } from '../../ingest/fast-validate';
import { collectUnits, unitHeaders, withStandings, type UnitHeader } from '../../views/feeds/feed-units';
import { attemptUnit, fieldStandingsUnit, latestResultUnit, nextStartListUnit, type FeedUnit } from '../../views/feeds/data-feeds';
import {
  FEED_BOARD_IDS,
  GRAPHIC_IDS,
  type GraphicData,
  type GraphicId,
  type GraphicState,
  type GraphicsMode,
  type GraphicsSnapshot,
} from '../../model/graphics';
import { LatestAttemptSchema, ResultsArrivedSchema, unitKeyString, type LatestAttempt, type ResultsArrived, type UnitKey } from '../../model/opentrack';
import { systemClock, type Clock } from '../relay/clock';
import type { CompetitionView } from '../../views/competition-view';
import type { JournalRow } from '../../store/journal';
import type { Store } from '../../store/store';
import { attemptData, nextUpData, tableData, winnerData } from './graphic-data';
import { FEED_BOARDS, feedBoardData } from './feed-boards';
import type { FeedRow } from '../../views/feeds/tabular';
import type { FeedBoardId } from '../../model/graphics';

const isFeedBoard = (id: GraphicId): id is FeedBoardId => (FEED_BOARD_IDS as readonly string[]).includes(id);

export interface GraphicsDeps {
  store: Store;
  bus: Bus;
  /** Standings and names of the followed competition (set once the console knows which). */
  view: () => CompetitionView | undefined;
  log: (line: string) => void;
  clock?: Clock;
  /** A `/data/` feed's rows, for the boards drawn from one (team scores, triathlon, TrackScore…). */
  feedRows?: (feed: string) => readonly Partial<FeedRow>[];
}

export type GraphicsEvent = { type: 'graphic'; graphic: GraphicState } | { type: 'mode'; mode: GraphicsMode };

export class GraphicsError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const CATALOG: Record<GraphicId, { name: string; description: string }> = {
  winner: { name: 'Winner lower third', description: 'The winner of the latest result, with their performance' },
  attempt: { name: 'Latest attempt', description: 'A jump or throw as it happens, with the athlete’s place and best' },
  'field-standings': { name: 'Field standings', description: 'Standings board of a jump or throw' },
  'race-results': { name: 'Race results', description: 'Results board, 8 per page' },
  'start-list': { name: 'Start list', description: 'Start list board, 8 per page' },
  'next-up': { name: 'Next up', description: 'The next event to start and its first entries' },
  'team-scores': { name: 'Team scores', description: 'Team points from finished finals, 8 per page' },
  medals: { name: 'Medal table', description: 'Gold, silver and bronze by team or nation' },
  'combined-standings': { name: 'Combined events', description: 'The combined event in progress: places, points, behind the leader' },
  'triathlon-race': { name: 'Triathlon race', description: 'Positions at the furthest split, gaps (sandbox data only when allowed)' },
  'triathlon-rankings': { name: 'Triathlon rankings', description: 'The ranking list published last, with movements' },
  'trackscore-leaderboard': { name: 'TrackScore leaderboard', description: 'The leaderboard updated last: rank, score, change' },
};

/**
 * Graphics follow their data at most this often: a busy meet must not recompute team tables per
 * message, nor a board per copy of a unit rewritten many times a second (see followUnit).
 */
const BOARD_REFRESH_MS = 1_000;
const UNIT_FOLLOW_MS = BOARD_REFRESH_MS;

const ATTEMPT_QUEUE = 3;
const WINNER_QUEUE = 10;

interface Held {
  onAir: boolean;
  unit: UnitKey | null;
  page: number;
  revision: number;
  shownAt: number | null;
  hideAt: number | null;
  /** Data the operator (or CasparCG's update) set by hand: wins over computed data. */
  override: GraphicData | null;
  data: GraphicData | null;
  /** For the attempt popup: the attempt shown; for the winner: the message that called it. */
  attempt?: LatestAttempt;
  /** For the attempt popup: the unit its place and best were read from, when one was found. */
  attemptUnit?: string;
  arrived?: ResultsArrived;
  cancelHide?: () => void;
}

type Queued = { unit: UnitKey | null; attempt?: LatestAttempt; arrived?: ResultsArrived };

export class Graphics {
  private readonly clock: Clock;
  private readonly held = new Map<GraphicId, Held>();
  private readonly queues: Record<'winner' | 'attempt', Queued[]> = { winner: [], attempt: [] };
  private readonly listeners = new Set<(e: GraphicsEvent) => void>();
  private mode: GraphicsMode = { mode: 'auto', durations: { winner: 8, attempt: 6 } };
  private lastAttempt: LatestAttempt | undefined;
  private unsubscribe: (() => void)[] = [];

  constructor(readonly deps: GraphicsDeps) {
    this.clock = deps.clock ?? systemClock;
    for (const id of GRAPHIC_IDS) {
      this.held.set(id, { onAir: false, unit: null, page: 1, revision: 0, shownAt: null, hideAt: null, override: null, data: null });
    }
  }

  start(): void {
    this.unsubscribe.push(
      this.deps.bus.on('journal', (row) => {
        this.onJournal(row);
        if (row.accepted) this.refreshBoardsSoon();
      }),
      this.deps.bus.on('unit', (change) => {
        this.noteListed(change.key, change.seq, change.bibs);
        this.onUnit(change.key, change.bibs);
        this.refreshBoardsSoon();
      }),
    );
  }

  stop(): void {
    clearTimeout(this.boardRefresh);
    for (const f of this.following.values()) f.cancel?.();
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    for (const h of this.held.values()) h.cancelHide?.();
    this.listeners.clear();
  }

  subscribe(listener: (e: GraphicsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): GraphicsSnapshot {
    return { ...this.mode, graphics: this.list() };
  }

  list(): GraphicState[] {
    return GRAPHIC_IDS.map((id) => this.state(id));
  }

  get(id: GraphicId): GraphicState {
    return this.state(id);
  }

  getMode(): GraphicsMode {
    return this.mode;
  }

  setMode(change: { mode?: 'auto' | 'manual'; durations?: Partial<GraphicsMode['durations']> }): GraphicsMode {
    this.mode = { mode: change.mode ?? this.mode.mode, durations: { ...this.mode.durations, ...change.durations } };
    this.emit({ type: 'mode', mode: this.mode });
    if (this.mode.mode === 'manual') {
      // Nothing takes air by itself any more, so nothing waits either.
      for (const id of ['winner', 'attempt'] as const) {
        if (this.queues[id].length === 0) continue;
        this.queues[id] = [];
        this.changed(id);
      }
    }
    return this.mode;
  }

  /** Takes a graphic to air. Without a unit: the one the graphic is about now (latest result, …). */
  show(id: GraphicId, opts: { unit?: UnitKey; seconds?: number } = {}): GraphicState {
    const h = this.held.get(id)!;
    const unit = opts.unit ?? this.defaultUnit(id);
    const attempt = id === 'attempt' ? this.lastAttempt : undefined;
    const data = this.compute(id, unit ?? null, 1, { attempt }, h);
    if (!data) throw new GraphicsError(409, `nothing to show on ${CATALOG[id].name} yet${unit ? ` for ${unitKeyString(unit)}` : ''}`);
    h.cancelHide?.();
    Object.assign(h, { onAir: true, unit: unit ?? null, page: 1, override: null, data, attempt, shownAt: this.clock.now(), hideAt: null, cancelHide: undefined });
    if (opts.seconds) this.hideAfter(id, opts.seconds);
    return this.changed(id);
  }

  hide(id: GraphicId): GraphicState {
    const h = this.held.get(id)!;
    h.cancelHide?.();
    Object.assign(h, { onAir: false, hideAt: null, cancelHide: undefined });
    const state = this.changed(id);
    if (id === 'winner' || id === 'attempt') this.playNext(id);
    return this.held.get(id)!.onAir ? this.state(id) : state;
  }

  hideAll(): GraphicState[] {
    this.queues.winner = [];
    this.queues.attempt = [];
    for (const id of GRAPHIC_IDS) if (this.held.get(id)!.onAir) this.hide(id);
    return this.list();
  }

  toggle(id: GraphicId, opts: { unit?: UnitKey; seconds?: number } = {}): GraphicState {
    return this.held.get(id)!.onAir ? this.hide(id) : this.show(id, opts);
  }

  update(id: GraphicId, change: { unit?: UnitKey; page?: number; data?: GraphicData }): GraphicState {
    const h = this.held.get(id)!;
    if (change.unit) h.unit = change.unit;
    if (change.page) h.page = change.page;
    if (change.data) h.override = change.data;
    if (change.unit || change.page) h.data = this.compute(id, h.unit, h.page, h) ?? h.data;
    return this.changed(id);
  }

  /** The next page; after the last, back to the first (a results board loops until taken off). */
  next(id: GraphicId): GraphicState {
    const h = this.held.get(id)!;
    if ((id === 'winner' || id === 'attempt') && this.queues[id].length) {
      h.cancelHide?.();
      this.playNext(id);
      return this.state(id);
    }
    const pages = h.data?.kind === 'table' ? h.data.pages : 1;
    h.page = h.page >= pages ? 1 : h.page + 1;
    h.data = this.compute(id, h.unit, h.page, h) ?? h.data;
    return this.changed(id);
  }

  /** How the graphic would look if taken now, without taking it. */
  preview(id: GraphicId, unit?: UnitKey): GraphicState {
    const u = unit ?? this.defaultUnit(id) ?? null;
    const data = this.compute(id, u, 1, { attempt: this.lastAttempt });
    return { ...this.state(id), onAir: false, unit: u, page: 1, pages: data?.kind === 'table' ? data.pages : 1, data, shownAt: null, hideAt: null };
  }

  // Auto mode and live data

  private onJournal(row: JournalRow): void {
    if (!row.accepted) return;
    if (row.event === 'latest_attempt') {
      // Canonical attempts (all of them, from OpenTrack) are read without zod's copy: less garbage
      // on the path every attempt takes.
      const json = safeJson(row.payload);
      const quick = canonicalLatestAttempt(json) as LatestAttempt | undefined;
      const parsed = quick ? { success: true as const, data: quick } : LatestAttemptSchema.safeParse(json);
      if (!parsed.success) return;
      this.lastAttempt = parsed.data;
      if (this.mode.mode === 'auto') this.enqueue('attempt', { unit: null, attempt: parsed.data }, ATTEMPT_QUEUE);
    } else if (row.event === 'results_arrived' && this.mode.mode === 'auto') {
      const parsed = ResultsArrivedSchema.safeParse(safeJson(row.payload));
      if (!parsed.success) return;
      const a = parsed.data;
      this.enqueue('winner', { unit: { eventId: String(a.event_id), round: Number(a.round_no), heat: Number(a.heat_no) }, arrived: a }, WINNER_QUEUE);
    }
  }

  private enqueue(id: 'winner' | 'attempt', item: Queued, cap: number): void {
    const h = this.held.get(id)!;
    if (!h.onAir) {
      this.air(id, item);
      return;
    }
    this.queues[id].push(item);
    if (this.queues[id].length > cap) this.queues[id].splice(0, this.queues[id].length - cap);
    this.changed(id);
  }

  private air(id: 'winner' | 'attempt', item: Queued): void {
    const h = this.held.get(id)!;
    const data = this.compute(id, item.unit, 1, item, h);
    if (!data) return;
    h.cancelHide?.();
    Object.assign(h, { onAir: true, unit: item.unit, page: 1, override: null, data, attempt: item.attempt, arrived: item.arrived, shownAt: this.clock.now() });
    this.hideAfter(id, this.mode.durations[id]);
    this.changed(id);
  }

  private playNext(id: 'winner' | 'attempt'): void {
    const next = this.queues[id].shift();
    if (next) this.air(id, next);
    else if (this.held.get(id)!.onAir) {
      const h = this.held.get(id)!;
      Object.assign(h, { onAir: false, hideAt: null, cancelHide: undefined });
      this.changed(id);
    }
  }

  private hideAfter(id: GraphicId, seconds: number): void {
    const h = this.held.get(id)!;
    h.hideAt = this.clock.now() + seconds * 1000;
    h.cancelHide = this.clock.setTimer(() => {
      h.cancelHide = undefined;
      if (id === 'winner' || id === 'attempt') this.playNext(id);
      else this.hide(id);
    }, seconds * 1000);
  }

  private boardRefresh?: NodeJS.Timeout;

  /** Feed boards on air follow their feed, once a second at most. */
  private refreshBoardsSoon(): void {
    if (this.boardRefresh) return;
    this.boardRefresh = setTimeout(() => {
      this.boardRefresh = undefined;
      for (const id of FEED_BOARD_IDS) {
        const h = this.held.get(id)!;
        if (!h.onAir || h.override) continue;
        const data = this.compute(id, null, h.page, h);
        if (data && JSON.stringify(data) !== JSON.stringify(h.data)) {
          h.data = data;
          this.changed(id);
        }
      }
    }, BOARD_REFRESH_MS);
    this.boardRefresh.unref?.();
  }

  private onUnit(key: UnitKey, bibs?: readonly string[]): void {
    for (const id of GRAPHIC_IDS) {
      if (isFeedBoard(id)) continue;
      const h = this.held.get(id)!;
      if (!h.onAir || h.override) continue;
      // Boards follow their unit; the attempt popup's place and best move with the standings of its
      // own event (any other unit's change leaves it as it is).
      if (h.unit && unitKeyString(h.unit) !== unitKeyString(key) && id !== 'attempt') continue;
      if (id === 'attempt' && h.attempt && !this.sameEvent(key, h.attempt.event_code)) continue;
      // A copy that does not list the athlete, of a unit other than the one the popup read, cannot
      // move the athlete's place or best: nothing to recompute (a flood of other units costs nothing).
      if (id === 'attempt' && h.attempt && bibs && !bibs.includes(String(h.attempt.bib)) && h.attemptUnit !== unitKeyString(key)) continue;
      this.followUnit(id);
    }
  }

  /** Whom each unit's latest copy lists (by the journal seq of that copy), as ingest said. */
  private readonly listed = new Map<string, { seq: number; bibs: ReadonlySet<string> }>();

  private noteListed(key: UnitKey, seq: number, bibs?: readonly string[]): void {
    if (bibs) this.listed.set(unitKeyString(key), { seq, bibs: new Set(bibs) });
    else this.listed.delete(unitKeyString(key));
  }

  /** False only for a unit whose cached copy is known not to list the bib. */
  private mayList(u: UnitHeader, bib: string): boolean {
    const known = this.listed.get(unitKeyString(u));
    return !known || known.seq !== u.seq || known.bibs.has(bib);
  }

  private readonly following = new Map<GraphicId, { lastAt: number; cancel?: () => void }>();

  /**
   * A change to a graphic's unit shows at once; more changes within UNIT_FOLLOW_MS are shown
   * together once it has passed. A unit rewritten many times a second (a flood, a broken upstream)
   * then costs one recompute a second, not one per message, and no viewer reads faster.
   */
  private followUnit(id: GraphicId): void {
    const f = this.following.get(id) ?? { lastAt: -Infinity };
    this.following.set(id, f);
    if (f.cancel) return; // one is due already and will see this change too
    const wait = f.lastAt + UNIT_FOLLOW_MS - this.clock.now();
    const recompute = () => {
      f.cancel = undefined;
      f.lastAt = this.clock.now();
      const h = this.held.get(id)!;
      if (!h.onAir || h.override) return;
      const data = this.compute(id, h.unit, h.page, h, h);
      if (data && JSON.stringify(data) !== JSON.stringify(h.data)) {
        h.data = data;
        this.changed(id);
      }
    };
    if (wait <= 0) recompute();
    else f.cancel = this.clock.setTimer(recompute, wait);
  }

  // Data

  private units(): FeedUnit[] {
    const view = this.deps.view();
    return view ? collectUnits(this.deps.store, view) : [];
  }

  private defaultUnit(id: GraphicId): UnitKey | undefined {
    const units = this.units();
    const pick =
      id === 'winner' || id === 'race-results'
        ? latestResultUnit(units)
        : id === 'field-standings'
          ? fieldStandingsUnit(units)
          : id === 'start-list' || id === 'next-up'
            ? nextStartListUnit(units)
            : undefined;
    return pick && { eventId: pick.eventId, round: pick.round, heat: pick.heat };
  }

  /** Whether a unit belongs to the event with this code (as the competition names it). */
  private sameEvent(key: UnitKey, eventCode: string): boolean {
    const event = this.deps.view()?.meta().competition?.events.find((e) => e.eventId === key.eventId);
    return event?.eventCode == null || event.eventCode === eventCode;
  }

  /** `into`: the held graphic the data goes on air in (the attempt popup notes which unit it read). */
  private compute(
    id: GraphicId,
    unit: UnitKey | null,
    page: number,
    from: { attempt?: LatestAttempt; arrived?: ResultsArrived },
    into?: Held,
  ): GraphicData | null {
    if (isFeedBoard(id)) return feedBoardData(id, this.deps.feedRows?.(FEED_BOARDS[id].feed) ?? [], page);
    const view = this.deps.view();
    if (id === 'attempt') return from.attempt && view ? this.attemptNow(view, from.attempt, into) : null;
    // Every graphic but the attempt popup reads its own unit, not the standings of the whole meet.
    const units = unit && view ? collectUnits(this.deps.store, view, unit) : [];
    const feedUnit = unit ? units.find((u) => u.eventId === unit.eventId && u.round === unit.round && u.heat === unit.heat) : undefined;
    const people = view?.meta().people;
    switch (id) {
      case 'winner':
        return winnerData(feedUnit, from.arrived, people, units);
      case 'next-up':
        return feedUnit ? nextUpData(feedUnit, people, units) : null;
      default:
        return feedUnit ? tableData(id, feedUnit, page, people, units) : null;
    }
  }

  /**
   * The attempt popup looks across its event's units for the athlete. Units whose latest copy is
   * known not to list them are named but their standings never computed: in a flood of big
   * copies of other flights, those are what would hold the loop up as each attempt goes on air.
   */
  private attemptNow(view: CompetitionView, attempt: LatestAttempt, into?: Held): GraphicData {
    const eventUnits = unitHeaders(this.deps.store, view, { eventCode: attempt.event_code });
    const bib = String(attempt.bib);
    const units = withStandings(view, eventUnits.filter((u) => this.mayList(u, bib)));
    const read = attemptUnit(attempt, units);
    if (into) into.attemptUnit = read && unitKeyString(read);
    return attemptData(attempt, units, view.meta().people, eventUnits);
  }

  private state(id: GraphicId): GraphicState {
    const h = this.held.get(id)!;
    const data = h.override ?? h.data;
    return {
      id,
      ...CATALOG[id],
      onAir: h.onAir,
      unit: h.unit,
      page: h.page,
      pages: data?.kind === 'table' ? data.pages : 1,
      revision: h.revision,
      shownAt: h.shownAt === null ? null : new Date(h.shownAt).toISOString(),
      hideAt: h.onAir && h.hideAt !== null ? new Date(h.hideAt).toISOString() : null,
      queued: id === 'winner' || id === 'attempt' ? this.queues[id].length : 0,
      data,
    };
  }

  private changed(id: GraphicId): GraphicState {
    this.held.get(id)!.revision++;
    const graphic = this.state(id);
    this.emit({ type: 'graphic', graphic });
    return graphic;
  }

  private emit(e: GraphicsEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.deps.log(`graphics: a listener failed: ${(err as Error).message}`);
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
