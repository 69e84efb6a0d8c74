import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bus } from '../../../electron/core/ingest/bus';
import { Ingest, MAX_BATCH } from '../../../electron/core/ingest/ingest';
import { Store } from '../../../electron/core/store/store';
import type { JournalRow } from '../../../electron/core/store/journal';
import { tempDir } from '../../helpers/temp-dir';

const COMP = 'x-2026-TST-meet';
const unit = (extra: Record<string, unknown> = {}) => ({
  eventId: 'T01', eventCode: '100', round: 1, heat: 1, status: 'finished', resultsStatus: 'provisional',
  results: [{ bib: '7', place: 1, performance: '10.51' }], ...extra,
});

let dir: ReturnType<typeof tempDir>;
let store: Store;
let bus: Bus;
let ingest: Ingest;
let journaled: JournalRow[];

beforeEach(() => {
  dir = tempDir();
  store = Store.open(dir.path);
  bus = new Bus();
  ingest = new Ingest(store, bus, undefined, () => {});
  journaled = [];
  bus.on('journal', (row) => journaled.push(row));
});
afterEach(() => {
  store.close();
  dir.remove();
});

const send = (event: string, raw: string, extra: Partial<Parameters<Ingest['receive']>[0]> = {}) =>
  ingest.receive({ source: 'opentrack-pusher', channel: 'ch', event, raw, competition: COMP, ...extra });

describe('ingest', () => {
  it('journals a unit and caches it exactly as received, in one step', () => {
    const raw = JSON.stringify(unit(), null, 2);
    const outcome = send('unit', raw);
    expect(outcome).toMatchObject({ accepted: true, changed: true, unit: { eventId: 'T01', round: 1, heat: 1 } });
    const cached = store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!;
    expect(cached.json).toBe(raw);
    expect(cached).toMatchObject({ status: 'finished', resultsStatus: 'provisional', seq: outcome.seq });
    expect(journaled.map((r) => [r.event, r.accepted, r.changed])).toEqual([['unit', true, true]]);
  });

  it('keeps a unit message\'s text once, in the journal, and the cache reads it from there after a restart too', () => {
    const key = { eventId: 'T01', round: 1, heat: 1 };
    const copies = [1, 2, 3].map((v) =>
      JSON.stringify(unit({ results: Array.from({ length: 2_000 }, (_, i) => ({ bib: String(i), place: i + 1, performance: `${10 + v}.${i}`, name: 'Ålesund-Ærø' })) })),
    );
    for (const raw of copies) expect(send('unit', raw).changed).toBe(true);
    const stored = store.db
      .prepare('SELECT (SELECT SUM(octet_length(payload)) FROM journal) + (SELECT IFNULL(SUM(octet_length(json)), 0) FROM units) AS bytes')
      .get() as { bytes: number };
    expect(stored.bytes).toBe(copies.reduce((n, raw) => n + Buffer.byteLength(raw), 0));
    expect(store.units.get(COMP, key)!.json).toBe(copies[2]);
    store.close();
    store = Store.open(dir.path);
    expect(store.units.get(COMP, key)!.json).toBe(copies[2]);
  });

  it('sees the same unit re-serialised as unchanged', () => {
    send('unit', JSON.stringify(unit()));
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(unit()).reverse()));
    expect(send('unit', reordered).changed).toBe(false);
    const quiet = send('unit', reordered, { journalOnlyChanges: true });
    expect(quiet).toMatchObject({ accepted: true, changed: false });
    expect(quiet.seq).toBeUndefined();
    expect(journaled).toHaveLength(2);
  });

  it.each([
    ['truncated JSON', 'unit', '{"eventId":"T01","round":1,', /malformed JSON/],
    ['wrong types', 'unit', JSON.stringify({ eventId: 'T01', round: 'first', heat: 1 }), /invalid unit: round/],
    ['results not a list', 'unit', JSON.stringify({ ...unit(), results: { bib: 1 } }), /invalid unit: results/],
    ['unknown event', 'my_event', '{}', /unknown event "my_event"/],
    ['results_arrived without ids', 'results_arrived', '{"winner_name":"A"}', /invalid results_arrived: event_id/],
    ['latest_attempt of nothing', 'latest_attempt', '[]', /invalid latest_attempt/],
  ])('journals %s as rejected with a reason and leaves the cache alone', (_name, event, raw, reason) => {
    send('unit', JSON.stringify(unit()));
    const before = store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.json;
    const outcome = send(event, raw);
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toMatch(reason);
    const row = store.journal.get(outcome.seq!)!;
    expect(row).toMatchObject({ accepted: false, payload: raw, event });
    expect(row.reason).toMatch(reason);
    expect(store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.json).toBe(before);
  });

  it('refuses a 10 MB payload but keeps it in the journal for inspection', () => {
    const raw = JSON.stringify(unit({ padding: 'x'.repeat(10 * 1024 * 1024) }));
    const outcome = send('unit', raw);
    expect(outcome).toMatchObject({ accepted: false });
    expect(outcome.reason).toMatch(/payload too large: \d+ bytes/);
    expect(store.journal.get(outcome.seq!)!.payload.length).toBe(raw.length);
    expect(store.units.count()).toBe(0);
  });

  it('refuses a unit that does not match the channel it came on', () => {
    const outcome = send('unit', JSON.stringify(unit()), { expectedUnit: { eventId: 'F02', round: 1, heat: 1 } });
    expect(outcome.reason).toMatch(/unit T01\/1\/1 does not match its channel \(F02\/1\/1\)/);
  });

  it('marks a unit changed by catch-up as changed while offline, and a live update clears it', () => {
    send('unit', JSON.stringify(unit()));
    send('unit', JSON.stringify(unit({ resultsStatus: 'official' })), { source: 'opentrack-http', catchUp: true, journalOnlyChanges: true });
    expect(store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.changedOffline).toBe(true);
    send('unit', JSON.stringify(unit({ resultsStatus: 'official', status: 'done' })));
    expect(store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.changedOffline).toBe(false);
  });

  it('fills uncached units from a competition JSON, and keeps metadata without results', () => {
    const competition = { fullName: 'Test Meet', competitors: [], events: [{ eventId: 'T01', eventCode: '100', units: [unit()] }] };
    const outcome = send('competition', JSON.stringify(competition), { source: 'opentrack-http' });
    expect(outcome).toMatchObject({ accepted: true, changed: true, units: [{ eventId: 'T01', round: 1, heat: 1 }] });
    expect(JSON.parse(store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.json)).toEqual(unit());
    const meta = JSON.parse(store.competitions.get(COMP)!.meta);
    expect(meta.fullName).toBe('Test Meet');
    expect(meta.events[0].units[0].results).toBeUndefined();
    expect(send('competition', JSON.stringify(competition), { journalOnlyChanges: true }).seq).toBeUndefined();
  });

  it('reports a storage failure as a rejection instead of throwing', () => {
    store.db.close();
    const outcome = send('unit', JSON.stringify(unit()));
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toMatch(/could not store the message/);
    store = Store.open(dir.path);
  });
});

describe('ingest ordering', () => {
  it('an HTTP copy requested before a newer Pusher copy arrived does not overwrite it', () => {
    const d = tempDir();
    const s = Store.open(d.path);
    const i = new Ingest(s, new Bus(), undefined, () => {});
    const requestedAt = Date.now() - 1_000;
    i.receive({ source: 'opentrack-pusher', channel: 'ch', event: 'unit', raw: JSON.stringify(unit({ resultsStatus: 'official' })), competition: COMP });
    const late = i.receive({
      source: 'opentrack-http', channel: '/u', event: 'unit', raw: JSON.stringify(unit()), competition: COMP, requestedAt, journalOnlyChanges: true,
    });
    expect(late).toMatchObject({ accepted: true, changed: false });
    expect(JSON.parse(s.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.json).resultsStatus).toBe('official');
    s.close();
    d.remove();
  });
});

describe('ingest of Pusher messages that arrive together', () => {
  const settle = () => new Promise((r) => setImmediate(r));
  const pusherMsg = (event: string, raw: string) => ({ source: 'opentrack-pusher', channel: 'ch', event, raw, competition: COMP });
  const attempt = (round: number) => JSON.stringify({ event_code: 'LJ', bib: '7', round, result: '7.01' });

  it('journals them in arrival order, announcing each only once it is committed', async () => {
    const outcomes: { accepted: boolean; seq?: number }[] = [];
    ingest.submit(pusherMsg('unit', JSON.stringify(unit())), (o) => outcomes.push(o));
    ingest.submit(pusherMsg('latest_attempt', attempt(1)), (o) => outcomes.push(o));
    ingest.submit(pusherMsg('latest_attempt', '{broken'), (o) => outcomes.push(o));
    // Not yet on disk: nothing is announced, and no reader can see it.
    expect(journaled).toEqual([]);
    expect(store.journal.lastSeq()).toBe(0);
    await settle();
    expect(journaled.map((r) => [r.seq, r.event, r.accepted])).toEqual([[1, 'unit', true], [2, 'latest_attempt', true], [3, 'latest_attempt', false]]);
    expect(outcomes.map((o) => [o.seq, o.accepted])).toEqual([[1, true], [2, true], [3, false]]);
    expect(store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.seq).toBe(1);
  });

  it('writes queued messages before one that is received directly, so the journal keeps arrival order', () => {
    ingest.submit(pusherMsg('latest_attempt', attempt(1)));
    ingest.submit(pusherMsg('latest_attempt', attempt(2)));
    const direct = ingest.receive({ ...pusherMsg('unit', JSON.stringify(unit())), source: 'opentrack-http' });
    expect(direct.seq).toBe(3);
    expect(journaled.map((r) => [r.seq, r.source])).toEqual([[1, 'opentrack-pusher'], [2, 'opentrack-pusher'], [3, 'opentrack-http']]);
  });

  it('commits a long burst in batches, every message stored once', async () => {
    for (let i = 0; i < 3 * MAX_BATCH + 5; i++) ingest.submit(pusherMsg('latest_attempt', attempt(i)));
    await settle();
    expect(store.journal.lastSeq()).toBe(3 * MAX_BATCH + 5);
    expect(journaled.map((r) => JSON.parse(r.payload).round)).toEqual(Array.from({ length: 3 * MAX_BATCH + 5 }, (_, i) => i));
  });

  it('loses only the message that cannot be stored when storage fails inside a batch', async () => {
    store.db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON journal WHEN NEW.payload LIKE '%"round":2%'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const outcomes: { accepted: boolean; reason?: string }[] = [];
    for (const r of [1, 2, 3]) ingest.submit(pusherMsg('latest_attempt', attempt(r)), (o) => outcomes.push(o));
    await settle();
    expect(outcomes.map((o) => o.accepted)).toEqual([true, false, true]);
    expect(outcomes[1]!.reason).toMatch(/could not store the message: disk I\/O error/);
    expect(journaled.map((r) => JSON.parse(r.payload).round)).toEqual([1, 3]);
    expect(store.journal.after(0, 10).map((r) => JSON.parse(r.payload).round)).toEqual([1, 3]);
  });
});

describe('ingest after a failed write', () => {
  it('stores a unit whose batch was rolled back as the change it is, not as a copy it already has', async () => {
    send('unit', JSON.stringify(unit()));
    // The unit's new copy is written, then a later message in the same batch fails: all of it rolls back.
    store.db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON journal WHEN NEW.payload LIKE '%"bib":"9"%'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const outcomes: { accepted: boolean; changed: boolean }[] = [];
    const msg = (event: string, raw: string) => ({ source: 'opentrack-pusher', channel: 'ch', event, raw, competition: COMP });
    ingest.submit(msg('unit', JSON.stringify(unit({ resultsStatus: 'official' }))), (o) => outcomes.push(o));
    ingest.submit(msg('latest_attempt', JSON.stringify({ event_code: 'LJ', bib: '9', round: 1, result: 'x' })), (o) => outcomes.push(o));
    await new Promise((r) => setImmediate(r));
    expect(outcomes.map((o) => [o.accepted, o.changed])).toEqual([[true, true], [false, false]]);
    expect(JSON.parse(store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.json).resultsStatus).toBe('official');
    expect(journaled.filter((r) => r.event === 'unit').map((r) => r.changed)).toEqual([true, true]);
  });
});

describe('ingest of a message the transport already parsed', () => {
  it('journals its text and caches it exactly as when it arrives as text', () => {
    const value = unit({ resultsStatus: 'official' });
    const outcome = ingest.receive({ source: 'opentrack-pusher', channel: 'ch', event: 'unit', raw: JSON.stringify(value), json: value, competition: COMP });
    expect(outcome).toMatchObject({ accepted: true, changed: true, unit: { eventId: 'T01', round: 1, heat: 1 } });
    expect(store.units.get(COMP, { eventId: 'T01', round: 1, heat: 1 })!.json).toBe(JSON.stringify(value));
    expect(store.journal.get(outcome.seq!)!.payload).toBe(JSON.stringify(value));
    // The same unit as text afterwards is no news.
    expect(send('unit', JSON.stringify(value)).changed).toBe(false);
    const bad = ingest.receive({ source: 'opentrack-pusher', channel: 'ch', event: 'unit', raw: '{"round":"x"}', json: { round: 'x' }, competition: COMP });
    expect(bad.reason).toMatch(/invalid unit: eventId/);
  });
});
