/**
 * Ingest: the only writer of the cache. Each message is validated, then journaled and applied in
 * one SQLite transaction, then announced on the bus. Bad input is journaled as rejected with a
 * reason and never throws: a live meet must survive anything a source sends.
 */
import type { z } from 'zod';
import type { Bus } from './bus';
import {
  CompetitionSchema,
  LatestAttemptSchema,
  ResultsArrivedSchema,
  UnitEnvelopeSchema,
  unitKeyString,
  type UnitKey,
} from '../model/opentrack';
import type { Store } from '../store/store';
import { utf8BytesOver } from '../store/text-size';
import type { JournalEntry } from '../store/journal';
import { contentHash, sameContent, stableHash } from './stable-hash';
import { fastCompetition, fastLatestAttempt, fastResultsArrived, fastUnitEnvelope, unitBibs, type UnitEnvelope } from './fast-validate';

/** Far above any real unit (Pusher caps at ~10 KB; big units are ~200 KB) and any competition. */
export const DEFAULT_LIMITS = { unitBytes: 4 * 1024 * 1024, messageBytes: 1024 * 1024, competitionBytes: 64 * 1024 * 1024 };

export interface IncomingMessage {
  source: string;
  channel: string;
  event: string;
  /** The payload as received, before any parsing. */
  raw: string;
  /**
   * The payload already parsed by the transport (pusher-js parses every message), `raw` being its
   * text: spares parsing it a second time. Leave out when there is only text.
   */
  json?: unknown;
  /**
   * For `unit`: the envelope and hash as `fastUnitEnvelope` and `contentHash` read `raw` where the
   * message arrived (the Pusher worker, off the event loop). The same checks ingest would run, so
   * it takes them as they are; without them, ingest runs them itself.
   */
  checked?: { unit: UnitEnvelope; hash: string; bibs?: string[] };
  competition: string;
  receivedAt?: number;
  /** For `unit`: the unit the channel or URL names; a payload for another unit is refused. */
  expectedUnit?: UnitKey;
  /** Fetched by catch-up after the source was unreachable: a change here happened while offline. */
  catchUp?: boolean;
  /**
   * Polls and catch-up fetch units that have usually not changed: journal those only when they
   * change, or the journal fills with copies.
   */
  journalOnlyChanges?: boolean;
  /**
   * When the fetch that produced this copy began. A copy requested before the cached one arrived
   * (say, a unit message over Pusher during a slow catch-up) is older news: it must not win.
   */
  requestedAt?: number;
}

export interface IngestOutcome {
  accepted: boolean;
  reason?: string;
  seq?: number;
  changed: boolean;
  unit?: UnitKey;
  /** For `competition`: the units it lists. */
  units?: UnitKey[];
  /** For `competition`: the copy of each unit it embeds, by unit key ("F01/1/1"). */
  embedded?: Map<string, unknown>;
}

export type Limits = typeof DEFAULT_LIMITS;

/**
 * Pusher messages that arrive together (one socket read, a burst after a reconnect) are written in
 * one transaction of at most this many: the commit, not the parsing, is most of a message's cost.
 */
export const MAX_BATCH = 64;

interface Queued {
  msg: IncomingMessage & { receivedAt: number };
  done?: (outcome: IngestOutcome) => void;
}

export class Ingest {
  private queue: Queued[] = [];
  private flushScheduled = false;
  /** While a batch is being written: the bus events to announce once it is committed. */
  private deferred: (() => void)[] | undefined;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly limits: Limits = DEFAULT_LIMITS,
    private readonly log: (line: string) => void = (l) => console.warn(l),
  ) {}

  /**
   * Stores one message now and says what became of it. Anything queued by `submit` is written
   * first, so the journal keeps arrival order whichever way a message came in.
   */
  receive(msg: IncomingMessage): IngestOutcome {
    this.flush();
    return this.receiveOne(msg);
  }

  /**
   * For messages nobody waits on an answer for (Pusher): queued and written with whatever else
   * arrives in the same tick, in one transaction, at the latest when this tick's microtasks run.
   * `done` runs after the commit, as the bus events do: nothing downstream ever sees a row that
   * is not on disk.
   */
  submit(msg: IncomingMessage, done?: (outcome: IngestOutcome) => void): void {
    this.queue.push({ msg: { ...msg, receivedAt: msg.receivedAt ?? Date.now() }, done });
    if (this.queue.length >= MAX_BATCH) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Writes what `submit` queued. */
  flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    let outcomes: IngestOutcome[] | undefined;
    const deferred: (() => void)[] = [];
    if (batch.length > 1) {
      this.deferred = deferred;
      try {
        outcomes = this.store.transaction(() => batch.map((q) => this.dispatch(q.msg, q.msg.receivedAt)));
      } catch {
        // Storage failed somewhere in the batch, so none of it was written: store each message on
        // its own, as receive() would, and only the one that cannot be stored is lost.
        outcomes = undefined;
        deferred.length = 0;
      } finally {
        this.deferred = undefined;
      }
    }
    for (const announce of deferred) announce();
    batch.forEach((q, i) => {
      const outcome = outcomes?.[i] ?? this.receiveOne(q.msg);
      try {
        q.done?.(outcome);
      } catch (err) {
        this.log(`ingest: after ${q.msg.source} ${q.msg.channel} ${q.msg.event}: ${(err as Error).message}`);
      }
    });
  }

  private receiveOne(msg: IncomingMessage): IngestOutcome {
    const receivedAt = msg.receivedAt ?? Date.now();
    try {
      return this.dispatch(msg, receivedAt);
    } catch (err) {
      // Reaching here means storage failed (disk full, read-only dir): nothing was half-written
      // because every write below runs in one transaction.
      const reason = `could not store the message: ${(err as Error).message}`;
      this.log(`ingest: ${msg.source} ${msg.channel} ${msg.event}: ${reason}`);
      return { accepted: false, reason, changed: false };
    }
  }

  /** Validates and writes one message; storage errors propagate (to roll back a whole batch). */
  private dispatch(msg: IncomingMessage, receivedAt: number): IngestOutcome {
    switch (msg.event) {
      case 'unit':
        return this.receiveUnit(msg, receivedAt);
      case 'competition':
        return this.receiveCompetition(msg, receivedAt);
      case 'results_arrived':
        return this.receiveOverview(msg, receivedAt, ResultsArrivedSchema, fastResultsArrived);
      case 'latest_attempt':
        return this.receiveOverview(msg, receivedAt, LatestAttemptSchema, (json) => (fastLatestAttempt(json) ? json : undefined));
      default:
        return this.reject(msg, receivedAt, `unknown event "${msg.event}"`);
    }
  }

  /** One transaction per message, or the batch's own when one is being written. */
  private write<T>(fn: () => T): T {
    return this.deferred ? fn() : this.store.transaction(fn);
  }

  /** Bus events go out only once what they announce is committed. */
  private emit: Bus['emit'] = (event, ...args) => {
    if (this.deferred) this.deferred.push(() => this.bus.emit(event, ...args));
    else this.bus.emit(event, ...args);
  };

  private receiveOverview(msg: IncomingMessage, receivedAt: number, schema: z.ZodType, fast: (json: unknown) => unknown): IngestOutcome {
    const parsed = this.parse(msg, receivedAt, this.limits.messageBytes, schema, fast);
    if ('rejected' in parsed) return parsed.rejected;
    const data = parsed.value as { event_id?: string; round_no?: number; heat_no?: number };
    const unit =
      data.event_id !== undefined && data.round_no !== undefined && data.heat_no !== undefined
        ? { eventId: data.event_id, round: data.round_no, heat: data.heat_no }
        : undefined;
    const seq = this.append({ ...this.entry(msg, receivedAt), accepted: true, unitKey: unit && unitKeyString(unit) });
    return { accepted: true, seq, changed: false, unit };
  }

  private receiveUnit(msg: IncomingMessage, receivedAt: number): IngestOutcome {
    const parsed = msg.checked
      ? (this.sizeRejected(msg, receivedAt, this.limits.unitBytes) ?? { value: msg.checked.unit, json: msg.json })
      : this.parse(msg, receivedAt, this.limits.unitBytes, UnitEnvelopeSchema, fastUnitEnvelope);
    if ('rejected' in parsed) return parsed.rejected;
    const unit = parsed.value as z.infer<typeof UnitEnvelopeSchema>;
    const key: UnitKey = { eventId: unit.eventId, round: unit.round, heat: unit.heat };
    const expected = msg.expectedUnit;
    if (expected && unitKeyString(expected) !== unitKeyString(key)) {
      return this.reject(
        msg,
        receivedAt,
        `unit ${unitKeyString(key)} does not match its ${msg.source.endsWith('pusher') ? 'channel' : 'URL'} (${unitKeyString(expected)})`,
      );
    }
    const hash = msg.checked?.hash ?? contentHash(msg.raw);
    const cached = this.store.units.head(msg.competition, key);
    const changed = !cached || (cached.hash !== hash && this.contentDiffers(msg.competition, key, cached, unit, () => parsed.json ?? JSON.parse(msg.raw)));
    if (changed && cached && msg.requestedAt !== undefined && cached.changedAt > msg.requestedAt) {
      return { accepted: true, changed: false, unit: key, reason: 'superseded by a newer copy received during the request' };
    }
    if (!changed && msg.journalOnlyChanges) {
      this.store.units.touch(msg.competition, key, receivedAt);
      return { accepted: true, changed: false, unit: key };
    }
    const entry: JournalEntry = {
      ...this.entry(msg, receivedAt),
      accepted: true,
      unitKey: unitKeyString(key),
      changed,
      // "While offline" means news about something the console already had.
      catchUp: Boolean(msg.catchUp && cached),
    };
    const seq = this.write(() => {
      const seq = this.store.journal.append(entry);
      if (changed) {
        this.store.units.upsert({
          competition: msg.competition,
          ...key,
          json: msg.raw,
          // The journal row just written holds this very text: one copy of a 1 MB unit, not two.
          inJournal: true,
          hash,
          status: unit.status ?? undefined,
          resultsStatus: unit.resultsStatus ?? undefined,
          modified: unit.dateModified ?? undefined,
          source: msg.source,
          receivedAt,
          changedAt: receivedAt,
          seq,
          // A live message clears the offline flag; a catch-up change to a unit we had raises it.
          changedOffline: Boolean(msg.catchUp && cached),
        });
      } else {
        this.store.units.touch(msg.competition, key, receivedAt);
      }
      return seq;
    });
    this.emit('journal', { ...entry, seq });
    if (changed) {
      // The parsed copy is at hand unless the Pusher worker checked it, and then it sent the bibs.
      const bibs = msg.checked?.bibs ?? (parsed.json !== undefined ? unitBibs(parsed.json) : undefined);
      this.emit('unit', { competition: msg.competition, key, seq, ...(bibs ? { bibs } : {}) });
    }
    return { accepted: true, seq, changed, unit: key };
  }

  /**
   * The text differs from the cached copy's; is the content different too? OpenTrack bumps
   * `dateModified` on every change, which answers cheaply; otherwise compare the JSON itself.
   */
  private contentDiffers(
    competition: string,
    key: UnitKey,
    cached: { modified?: string },
    unit: { dateModified?: string | null },
    json: () => unknown,
  ): boolean {
    if (cached.modified && unit.dateModified && cached.modified !== unit.dateModified) return true;
    const stored = this.store.units.get(competition, key);
    return !stored || !sameContent(JSON.parse(stored.json), json());
  }

  private receiveCompetition(msg: IncomingMessage, receivedAt: number): IngestOutcome {
    // The parsed value is not used below, only whether the JSON is a competition at all.
    const parsed = this.parse(msg, receivedAt, this.limits.competitionBytes, CompetitionSchema, (json) => (fastCompetition(json) ? json : undefined));
    if ('rejected' in parsed) return parsed.rejected;
    const meta = competitionMeta(parsed.json as Record<string, unknown>);
    const metaText = JSON.stringify(meta);
    // Unit statuses change all meet long and each unit's own copy records them; the journal keeps a
    // competition only when what it lists (events, units, names, schedule) changed.
    const hash = stableHash(competitionStructure(meta));
    const units = embeddedUnits(parsed.json);
    const cached = this.store.competitions.get(msg.competition);
    const metaChanged = cached?.hash !== hash;
    if (!metaChanged && cached && cached.meta !== metaText) {
      this.store.competitions.refreshMeta(msg.competition, metaText, receivedAt);
    }
    // Units not cached yet are filled from the embedded copies, so one request gives an offline
    // console the whole meet; cached units are refreshed from their own URLs (the authority).
    const known = new Set(this.store.units.list(msg.competition).map(unitKeyString));
    const missing = units.filter((u) => !known.has(unitKeyString(u.key)));
    const embedded = new Map(units.map((u) => [unitKeyString(u.key), u.json]));
    if (!metaChanged && missing.length === 0 && msg.journalOnlyChanges) {
      return { accepted: true, changed: false, units: units.map((u) => u.key), embedded };
    }
    const entry: JournalEntry = {
      ...this.entry(msg, receivedAt),
      accepted: true,
      changed: metaChanged || missing.length > 0,
      catchUp: Boolean(msg.catchUp && cached),
    };
    const seq = this.write(() => {
      const seq = this.store.journal.append(entry);
      this.store.competitions.upsert({ key: msg.competition, url: msg.channel, meta: metaText, hash, receivedAt, seq });
      for (const u of missing) {
        const json = JSON.stringify(u.json);
        this.store.units.upsert({
          competition: msg.competition,
          ...u.key,
          json,
          hash: contentHash(json),
          modified: u.raw.dateModified ?? undefined,
          status: u.raw.status ?? undefined,
          resultsStatus: u.raw.resultsStatus ?? undefined,
          source: msg.source,
          receivedAt,
          changedAt: receivedAt,
          seq,
          changedOffline: false,
        });
      }
      return seq;
    });
    this.emit('journal', { ...entry, seq });
    if (metaChanged) this.emit('competition', msg.competition);
    for (const u of missing) this.emit('unit', { competition: msg.competition, key: u.key, seq, bibs: unitBibs(u.json) });
    return { accepted: true, seq, changed: metaChanged || missing.length > 0, units: units.map((u) => u.key), embedded };
  }

  /**
   * Size check, JSON parse and schema validation; a failure is journaled as rejected. `fast` reads
   * canonical payloads without zod's copy (see fast-validate); whatever it declines goes to zod.
   */
  private parse(
    msg: IncomingMessage,
    receivedAt: number,
    maxBytes: number,
    schema: z.ZodType,
    fast?: (json: unknown) => unknown,
  ): { value: unknown; json: unknown } | { rejected: IngestOutcome } {
    const tooLarge = this.sizeRejected(msg, receivedAt, maxBytes);
    if (tooLarge) return tooLarge;
    let json: unknown = msg.json;
    if (json === undefined) {
      try {
        json = JSON.parse(msg.raw);
      } catch (err) {
        return { rejected: this.reject(msg, receivedAt, `malformed JSON: ${(err as Error).message}`) };
      }
    }
    const quick = fast?.(json);
    if (quick !== undefined) return { value: quick, json };
    const result = schema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'payload';
      return { rejected: this.reject(msg, receivedAt, `invalid ${msg.event}: ${where}: ${issue?.message ?? 'does not match'}`) };
    }
    return { value: result.data, json };
  }

  private sizeRejected(msg: IncomingMessage, receivedAt: number, maxBytes: number): { rejected: IngestOutcome } | undefined {
    const bytes = utf8BytesOver(msg.raw, maxBytes);
    return bytes !== undefined ? { rejected: this.reject(msg, receivedAt, `payload too large: ${bytes} bytes (limit ${maxBytes})`) } : undefined;
  }

  private reject(msg: IncomingMessage, receivedAt: number, reason: string): IngestOutcome {
    this.log(`ingest: rejected ${msg.source} ${msg.channel} ${msg.event}: ${reason}`);
    const seq = this.append({ ...this.entry(msg, receivedAt), accepted: false, reason });
    return { accepted: false, reason, seq, changed: false };
  }

  private entry(msg: IncomingMessage, receivedAt: number): Omit<JournalEntry, 'accepted'> {
    return {
      source: msg.source,
      channel: msg.channel,
      event: msg.event,
      payload: msg.raw,
      receivedAt,
      competition: msg.competition,
      catchUp: msg.catchUp,
    };
  }

  private append(entry: JournalEntry): number {
    const seq = this.store.journal.append(entry);
    this.emit('journal', { ...entry, seq });
    return seq;
  }
}

/** The units a competition JSON embeds that a unit message would be accepted as, each with its raw JSON. */
function embeddedUnits(json: unknown): { key: UnitKey; raw: UnitEnvelope; json: unknown }[] {
  const events = (json as { events?: unknown }).events;
  if (!Array.isArray(events)) return [];
  return events.flatMap((e: { units?: unknown }) =>
    (Array.isArray(e?.units) ? e.units : []).flatMap((u: unknown) => {
      const quick = fastUnitEnvelope(u);
      if (quick) return [{ key: { eventId: quick.eventId, round: quick.round, heat: quick.heat }, raw: quick, json: u }];
      const parsed = UnitEnvelopeSchema.safeParse(u);
      return parsed.success
        ? [{ key: { eventId: parsed.data.eventId, round: parsed.data.round, heat: parsed.data.heat }, raw: parsed.data, json: u }]
        : [];
    }),
  );
}

const STRUCTURAL_UNIT_FIELDS = ['eventId', 'round', 'heat', 'eventCode', 'eventName', 'roundName', 'heatName', 'scheduledStartTime'];

/** What a competition lists, without what changes as the meet runs. */
function competitionStructure(meta: Record<string, unknown>): Record<string, unknown> {
  const events = meta.events as Record<string, unknown>[];
  return {
    ...meta,
    events: events.map(({ status: _s, ...e }) => ({
      ...e,
      units: (e.units as Record<string, unknown>[]).map((u) =>
        Object.fromEntries(STRUCTURAL_UNIT_FIELDS.filter((f) => f in u).map((f) => [f, u[f]])),
      ),
    })),
  };
}

/** The competition JSON without per-unit results and trials: what the overview needs. */
export function competitionMeta(json: Record<string, unknown>): Record<string, unknown> {
  const events = Array.isArray(json.events) ? (json.events as Record<string, unknown>[]) : [];
  return {
    ...json,
    events: events.map((e) => ({
      ...e,
      units: Array.isArray(e.units)
        ? (e.units as Record<string, unknown>[]).map(({ results: _r, trials: _t, ...header }) => header)
        : [],
    })),
  };
}
