/**
 * One client of `/api/stream`. The journal is the buffer, not the socket: a client that cannot take
 * more (the socket's buffer is full) stops getting live frames and later catches up from the journal
 * where it left off, in slices that yield to the event loop. So a slow or stalled reader holds at
 * most one socket buffer and one slice of memory (shared with every reader at the same place),
 * never the meet, and loses nothing.
 */
import type { ServerResponse } from 'node:http';
import type { Bus } from '../ingest/bus';
import type { JournalRepo, JournalRow } from '../store/journal';
import { sseChunksAfter, toSseFrame } from './feed-item';

/** Rows per journal read while catching up. */
const SLICE_ROWS = 50;
/** Payload bytes per journal read while catching up: one read never holds a big page of giant units. */
const SLICE_BYTES = 256 * 1024;
/**
 * Catch-up work per turn of the event loop, across all streams. One pump serves every stream that
 * is behind, round robin, and yields once this is spent: a hundred readers starting from seq 0 must
 * not take turns for seconds while /api/health and live frames wait.
 */
const PUMP_MS = 4;
/**
 * One pass through the event loop, catch-up included, aims at this: a pass that already served
 * requests and ingested a big unit since the last turn leaves the pump less, down to PUMP_MIN_MS
 * (at least one slice, so catching up never stops). A pass of 4 ms of catch-up on top of 8 ms of
 * other work was a late 10 ms tick for every overlay's timers.
 */
const PASS_MS = 6;
const PUMP_MIN_MS = 0.5;

export interface StreamStats {
  open: number;
  catchingUp: number;
  bufferedBytes: number;
  /** Streams ended because their reader stalled past STALL_DROP_MS or the buffers passed the budget. */
  dropped: number;
}

/**
 * All open journal streams: their buffered bytes have one budget, and a reader that has not taken
 * a byte for a long time is ended (its EventSource reconnects with Last-Event-ID and resumes).
 */
export class StreamRegistry {
  private readonly streams = new Set<JournalStream>();
  private droppedCount = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** Total bytes all streams may hold in socket buffers together. */
    readonly budgetBytes = 32 * 1024 * 1024,
    /** A reader that takes nothing for this long is ended. */
    readonly stallDropMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.enforce(), 1_000);
    this.timer.unref();
  }

  private readonly behind = new Set<JournalStream>();
  private pumping = false;
  /** When the pump last yielded (0: not pumping). */
  private lastTurnEnd = 0;

  add(stream: JournalStream): void {
    this.streams.add(stream);
  }

  remove(stream: JournalStream): void {
    this.streams.delete(stream);
    this.behind.delete(stream);
  }

  /** The stream is behind the journal and its socket takes more: it gets slices from the pump. */
  wantsCatchUp(stream: JournalStream): void {
    this.behind.add(stream);
    if (!this.pumping) {
      this.pumping = true;
      setImmediate(() => this.pump());
    }
  }

  private pump(): void {
    const start = performance.now();
    // What the loop did since the last turn (requests, ingest) is part of this pass through it.
    const others = this.lastTurnEnd > 0 ? start - this.lastTurnEnd : 0;
    const until = start + Math.max(PUMP_MIN_MS, Math.min(PUMP_MS, PASS_MS - others));
    while (this.behind.size > 0 && performance.now() < until) {
      for (const s of [...this.behind]) {
        if (s.catchUpSlice() !== 'more') this.behind.delete(s);
        if (performance.now() >= until) break;
      }
    }
    this.lastTurnEnd = performance.now();
    if (this.behind.size > 0) setImmediate(() => this.pump());
    else {
      this.pumping = false;
      this.lastTurnEnd = 0;
    }
  }

  stats(): StreamStats {
    let catchingUp = 0;
    let bufferedBytes = 0;
    for (const s of this.streams) {
      if (s.catchingUp) catchingUp++;
      bufferedBytes += s.bufferedBytes;
    }
    return { open: this.streams.size, catchingUp, bufferedBytes, dropped: this.droppedCount };
  }

  /** Ends stalled readers; over budget, ends the ones holding most until within it. */
  enforce(): void {
    const now = this.now();
    let total = 0;
    for (const s of this.streams) {
      if (s.stalledSince !== null && now - s.stalledSince >= this.stallDropMs) this.drop(s);
      else total += s.bufferedBytes;
    }
    if (total <= this.budgetBytes) return;
    const biggest = [...this.streams].sort((a, b) => b.bufferedBytes - a.bufferedBytes);
    for (const s of biggest) {
      if (total <= this.budgetBytes) break;
      total -= s.bufferedBytes;
      this.drop(s);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private drop(s: JournalStream): void {
    this.droppedCount++;
    s.end();
  }
}

export class JournalStream {
  private lastSent: number;
  private live = false;
  private closed = false;
  /** Since when the socket has refused more (null while it takes what it is given). */
  stalledSince: number | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly journal: JournalRepo,
    bus: Bus,
    private readonly registry: StreamRegistry,
    /** The last seq the client has; undefined: start from now. */
    resumeFrom: number | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSent = resumeFrom ?? journal.lastSeq();
    this.unsubscribe = bus.onFirst('journal', (row) => {
      if (this.live) this.send(row);
      // Not live: the row is in the journal, where the catch-up will find it.
    });
    registry.add(this);
    res.on('close', () => this.close());
    res.on('drain', () => {
      this.stalledSince = null;
      if (!this.live && !this.closed) registry.wantsCatchUp(this);
    });
    if (resumeFrom === undefined) this.live = true;
    else registry.wantsCatchUp(this);
  }

  get catchingUp(): boolean {
    return !this.live;
  }

  get bufferedBytes(): number {
    return this.res.writableLength;
  }

  end(): void {
    this.res.destroy();
    this.close();
  }

  private send(row: JournalRow): void {
    if (row.seq <= this.lastSent || this.closed) return;
    this.write(row.seq, toSseFrame(this.journal, row));
  }

  private write(seq: number, frame: Buffer): void {
    this.lastSent = seq;
    if (!this.res.write(frame)) {
      // The socket is full: live frames stop here; after 'drain' the journal fills the gap.
      this.live = false;
      this.stalledSince ??= this.now();
    }
  }

  /**
   * One slice of catching up: `more` while behind, `done` when level with the journal (now live:
   * in this same tick, so every later row reaches it through the bus), `stalled` at a full socket
   * (it asks again on 'drain').
   */
  catchUpSlice(): 'more' | 'done' | 'stalled' {
    if (this.closed) return 'done';
    const chunks = sseChunksAfter(this.journal, this.lastSent, SLICE_ROWS, SLICE_BYTES);
    try {
      for (const { seq, bytes } of chunks) {
        this.write(seq, bytes);
        if (this.stalledSince !== null) return 'stalled';
      }
    } finally {
      this.flush();
    }
    if (chunks.length > 0) return 'more';
    this.live = true;
    return 'done';
  }

  /**
   * Node's HTTP response corks its socket on a write and sends on the next tick: the slice's bytes
   * would go out after the pump had stopped counting, a hundred readers' worth at once. Sent here,
   * the copy into the kernel is part of the slice and of the pump's turn.
   */
  private flush(): void {
    this.res.socket?.uncork();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.registry.remove(this);
  }
}
