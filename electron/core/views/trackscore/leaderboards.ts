/**
 * TrackScore leaderboards, one per `leaderboard_id`, rebuilt from the journal on start and kept up
 * from the bus. Order-independent: every value is a register that keeps the write with the latest
 * stamp (the event's own `version` when it has one, else its `created` time, then its id), so
 * events arriving late, twice or shuffled end in the same state as events in order.
 */
import type { Bus } from '../../ingest/bus';
import type { JournalRepo, JournalRow } from '../../store/journal';
import { TrackScoreEventSchema, type Alert, type Board, type BoardRow, type TrackScoreEvent } from '../../model/trackscore';

/** [version or created ms, id]: compared in that order. */
type Stamp = readonly [number, string];
const newer = (a: Stamp, b: Stamp | undefined) => !b || a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

class Register<T> {
  value: T | undefined;
  stamp: Stamp | undefined;
  set(value: T, stamp: Stamp): void {
    if (newer(stamp, this.stamp)) {
      this.value = value;
      this.stamp = stamp;
    }
  }
}

interface Entry {
  score: Register<number>;
  rankChange: Register<{ from: number | null; to: number | null }>;
  reportedRank: Register<number>;
}

interface BoardState {
  name: Register<string>;
  started: Register<number>;
  ended: Register<number>;
  entries: Map<string, Entry>;
  touched: number;
}

const ALERTS_KEPT = 50;
const ALERT_TYPES = new Set(['achievement.unlocked', 'milestone.reached']);

export class TrackScoreBoards {
  private readonly boards = new Map<string, BoardState>();
  private readonly names = new Map<string, Register<string>>();
  private readonly teamOf = new Map<string, Register<string>>();
  private readonly teamNames = new Map<string, Register<string>>();
  /** Competition started/ended without a leaderboard: applies to every board. */
  private readonly global = { started: new Register<number>(), ended: new Register<number>() };
  private readonly alerts = new Map<string, Alert & { sort: number }>();
  private readonly seen = new Set<string>();
  private unsubscribe?: () => void;

  /** Replays every accepted TrackScore message of the journal, then follows the bus. */
  static fromJournal(journal: JournalRepo, bus?: Bus, page = 500): TrackScoreBoards {
    const boards = new TrackScoreBoards();
    let after = 0;
    for (;;) {
      const rows = journal.afterFromSource(after, 'trackscore', page);
      if (rows.length === 0) break;
      for (const r of rows) {
        after = r.seq;
        boards.take(r);
      }
    }
    if (bus) boards.unsubscribe = bus.on('journal', (row) => boards.take(row));
    return boards;
  }

  stop(): void {
    this.unsubscribe?.();
  }

  take(row: JournalRow): void {
    if (row.source !== 'trackscore' || !row.accepted) return;
    let json: unknown;
    try {
      json = JSON.parse(row.payload);
    } catch {
      return;
    }
    const e = TrackScoreEventSchema.safeParse(json);
    if (e.success) this.apply(e.data, row.receivedAt, String(row.seq));
  }

  apply(e: TrackScoreEvent, receivedAt: number, fallbackId: string): void {
    const id = e.id ?? `seq:${fallbackId}`;
    // The intake dedupes on id already; this keeps a replay or a test feeding twice harmless too.
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const created = e.created ? Date.parse(e.created) : NaN;
    const at = Number.isFinite(created) ? created : receivedAt;
    const stamp: Stamp = [e.data.version ?? e.version ?? at, id];
    const d = e.data;
    const type = e.type ?? e.event ?? '';
    const board = d.leaderboard_id ? this.board(d.leaderboard_id) : undefined;
    if (board) board.touched = Math.max(board.touched, at);
    const label = d.name ?? d.display_name ?? d.title ?? null;
    switch (type) {
      case 'leaderboard.created':
      case 'leaderboard.updated':
        if (board && label) board.name.set(label, stamp);
        break;
      case 'participant.added':
      case 'participant.updated':
        if (d.participant_id) {
          if (label) this.reg(this.names, d.participant_id).set(label, stamp);
          if (d.team_id) this.reg(this.teamOf, d.participant_id).set(d.team_id, stamp);
          if (board) this.entry(board, d.participant_id);
        }
        break;
      case 'team.created':
        if (d.team_id && (label ?? d.team_name)) this.reg(this.teamNames, d.team_id).set((label ?? d.team_name)!, stamp);
        break;
      case 'team.member_added':
        if (d.team_id && d.participant_id) this.reg(this.teamOf, d.participant_id).set(d.team_id, stamp);
        break;
      case 'score.updated':
        if (board && d.participant_id) {
          const entry = this.entry(board, d.participant_id);
          const score = d.new_score ?? d.score;
          if (score !== null && score !== undefined) entry.score.set(score, stamp);
          if (d.rank_change) this.rankChange(entry, d.rank_change.old_rank ?? null, d.rank_change.new_rank ?? null, stamp);
        }
        break;
      case 'ranking.changed':
        if (board) {
          if (d.participant_id) this.rankChange(this.entry(board, d.participant_id), d.old_rank ?? null, d.new_rank ?? d.rank ?? null, stamp);
          for (const r of d.rankings ?? []) {
            if (!r.participant_id) continue;
            const entry = this.entry(board, r.participant_id);
            if (r.rank !== null && r.rank !== undefined) entry.reportedRank.set(r.rank, stamp);
            if (r.score !== null && r.score !== undefined) entry.score.set(r.score, stamp);
          }
        }
        break;
      case 'competition.started':
        (board ?? this.global).started.set(at, stamp);
        break;
      case 'competition.ended':
        (board ?? this.global).ended.set(at, stamp);
        break;
      default:
        break;
    }
    if (ALERT_TYPES.has(type)) {
      const what = d.achievement ?? d.milestone ?? d.title ?? d.name ?? d.description ?? type;
      this.alerts.set(id, {
        id,
        type,
        at: new Date(at).toISOString(),
        leaderboardId: d.leaderboard_id ?? null,
        participant: d.participant_id ?? null,
        text: what,
        sort: at,
      });
      if (this.alerts.size > ALERTS_KEPT * 4) this.trimAlerts();
    }
  }

  list(): Board[] {
    return [...this.boards.keys()].map((id) => this.view(id)!).sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  }

  recentAlerts(leaderboardId?: string): Alert[] {
    return [...this.alerts.values()]
      .filter((a) => !leaderboardId || a.leaderboardId === leaderboardId || a.leaderboardId === null)
      .sort((a, b) => b.sort - a.sort || b.id.localeCompare(a.id))
      .slice(0, ALERTS_KEPT)
      .map(({ sort: _sort, ...a }) => ({ ...a, participant: a.participant ? (this.names.get(a.participant)?.value ?? a.participant) : null }));
  }

  view(leaderboardId: string): Board | undefined {
    const b = this.boards.get(leaderboardId);
    if (!b) return undefined;
    const started = b.started.value ?? this.global.started.value ?? null;
    const ended = b.ended.value ?? this.global.ended.value ?? null;
    return {
      leaderboardId,
      name: b.name.value ?? leaderboardId,
      // Ended wins over started whatever the arrival order: a competition does not restart by a late message.
      state: ended !== null ? 'ended' : started !== null ? 'started' : 'not started',
      startedAt: started !== null ? new Date(started).toISOString() : null,
      endedAt: ended !== null ? new Date(ended).toISOString() : null,
      updatedAt: b.touched ? new Date(b.touched).toISOString() : null,
      rows: this.rows(b),
      alerts: this.recentAlerts(leaderboardId),
    };
  }

  /** By score, highest first (ties share a rank); with no scores at all, by the ranks reported. */
  private rows(b: BoardState): BoardRow[] {
    const rows = [...b.entries].map(([pid, e]) => ({
      participantId: pid,
      name: this.names.get(pid)?.value ?? pid,
      team: ((t) => (t ? (this.teamNames.get(t)?.value ?? t) : null))(this.teamOf.get(pid)?.value),
      score: e.score.value ?? null,
      reported: e.reportedRank.value ?? e.rankChange.value?.to ?? null,
      change: e.rankChange.value && e.rankChange.value.from !== null && e.rankChange.value.to !== null ? e.rankChange.value.from - e.rankChange.value.to : null,
    }));
    const anyScore = rows.some((r) => r.score !== null);
    rows.sort((x, y) =>
      anyScore
        ? (y.score ?? -Infinity) - (x.score ?? -Infinity) || x.name.localeCompare(y.name)
        : (x.reported ?? Infinity) - (y.reported ?? Infinity) || x.name.localeCompare(y.name),
    );
    let rank = 0;
    return rows.map((r, i) => {
      const tie = i > 0 && (anyScore ? r.score !== null && r.score === rows[i - 1]!.score : r.reported !== null && r.reported === rows[i - 1]!.reported);
      if (!tie) rank = i + 1;
      const ranked = anyScore ? r.score !== null : r.reported !== null;
      return { rank: ranked ? rank : null, participantId: r.participantId, name: r.name, team: r.team, score: r.score, change: r.change };
    });
  }

  private rankChange(entry: Entry, from: number | null, to: number | null, stamp: Stamp): void {
    entry.rankChange.set({ from, to }, stamp);
    if (to !== null) entry.reportedRank.set(to, stamp);
  }

  private board(id: string): BoardState {
    let b = this.boards.get(id);
    if (!b) this.boards.set(id, (b = { name: new Register(), started: new Register(), ended: new Register(), entries: new Map(), touched: 0 }));
    return b;
  }

  private entry(b: BoardState, pid: string): Entry {
    let e = b.entries.get(pid);
    if (!e) b.entries.set(pid, (e = { score: new Register(), rankChange: new Register(), reportedRank: new Register() }));
    return e;
  }

  private reg(map: Map<string, Register<string>>, key: string): Register<string> {
    let r = map.get(key);
    if (!r) map.set(key, (r = new Register()));
    return r;
  }

  private trimAlerts(): void {
    const keep = [...this.alerts.values()].sort((a, b) => b.sort - a.sort).slice(0, ALERTS_KEPT);
    this.alerts.clear();
    for (const a of keep) this.alerts.set(a.id, a);
  }
}
