/**
 * A triathlon followed through `/hooks/triathlon` (real HTTP, real SQLite): positions at the latest
 * segment with gaps, the newest snapshot kept when an older one arrives late, final results, and
 * what survives a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProgramListSchema, ProgramViewSchema } from '../../../electron/core/model/triathlon';
import { seconds } from '../../../electron/core/views/triathlon/positions';
import { startBareServer, type BareServer } from '../../helpers/bare-server';
import { tempDir } from '../../helpers/temp-dir';
import { FIELD, envelope, resultsStore, timingStore } from '../../helpers/triathlon';

const TOKEN = 'tri-secret';
let dir: ReturnType<typeof tempDir>;
let server: BareServer;

beforeEach(async () => {
  dir = tempDir();
  server = await startBareServer(dir.path, { webhooks: { token: TOKEN } });
});
afterEach(async () => {
  await server.close();
  dir.remove();
});

const send = (method: string, payload: unknown) =>
  fetch(`${server.url}/hooks/triathlon`, { method: 'POST', headers: { 'triathlon-token': TOKEN, 'content-type': 'application/json' }, body: envelope(method, payload) });
const view = async (id = '4242') => ProgramViewSchema.parse(await (await fetch(`${server.url}/api/triathlon/programs/${id}`)).json());

describe('triathlon programs', () => {
  it('ranks athletes at the furthest segment reached, with the gap to the first there', async () => {
    expect((await send('timing.store', timingStore({ date: '2026-06-01 10:21:33' }))).status).toBe(200);
    const v = await view();
    expect(v.segments).toEqual(['Swim', 'T1', 'Bike', 'T2', 'Run']);
    expect(v.latestSegment).toBe('Bike');
    expect(v.positions.map((p) => [p.position, p.name, p.segment, p.time, p.behind, p.status])).toEqual([
      [1, 'Ida Fjordvik', 'Bike', '1:15:10', null, null],
      [2, 'Mara Quillon', 'Bike', '1:15:42', '+32', null],
      [3, 'Teo Brask', 'T1', '19:01', null, null],
      [null, 'Lou Harrow', 'Swim', '19:10', null, 'DNF'],
    ]);
    expect(v.positions[0]!.splits.slice(0, 3)).toEqual([
      { segment: 'Swim', time: '18:02' },
      { segment: 'T1', time: '18:40' },
      { segment: 'Bike', time: '1:15:10' },
    ]);
  });

  it('keeps the newest snapshot by its date when an older one arrives late, and journals both', async () => {
    const later = FIELD.map((a) => ({ ...a, times: [...a.times, '1:16:00'] }));
    await send('timing.store', timingStore({ date: '2026-06-01 10:30:00', athletes: later }));
    const late = await send('timing.store', timingStore({ date: '2026-06-01 10:21:33' }));
    expect(late.status).toBe(200);
    const v = await view();
    expect(v.snapshotDate).toBe('2026-06-01 10:30:00');
    expect(v.latestSegment).toBe('T2');
    const rows = server.store.journal.after(0, 10);
    expect(rows.map((r) => [r.event, r.accepted, r.changed])).toEqual([
      ['timing.store', true, true],
      ['timing.store', true, false],
    ]);
  });

  it('shows final results over live timing once results arrive, and live again after results.destroy', async () => {
    await send('timing.store', timingStore({ date: '2026-06-01 10:21:33' }));
    await send('results.store', resultsStore());
    let v = await view();
    expect(v.final).toBe(true);
    expect(v.positions.map((p) => [p.position, p.name, p.time, p.behind, p.status])).toEqual([
      [1, 'Mara Quillon', '1:52:10', null, null],
      [2, 'Ida Fjordvik', '1:52:31', '+21', null],
      [null, 'Lou Harrow', '', null, 'DNF'],
    ]);
    await send('results.destroy', { prog_id: '4242' });
    v = await view();
    expect(v.final).toBe(false);
  });

  it('takes names from program and event messages, with ids as numbers or strings', async () => {
    await send('program.update', { prog_id: 4242, event_id: '777', prog_name: 'Elite Women', prog_date: '2026-06-01', prog_time: '10:00:00' });
    await send('event.update', { event_id: 777, event_title: 'Harbour City Triathlon' });
    const list = ProgramListSchema.parse(await (await fetch(`${server.url}/api/triathlon/programs`)).json());
    expect(list.programs).toEqual([expect.objectContaining({ progId: '4242', name: 'Elite Women', eventTitle: 'Harbour City Triathlon', startsAt: '2026-06-01 10:00:00' })]);
  });

  it('journals bad payloads with a reason and changes nothing; 404 for an unknown program', async () => {
    expect((await send('timing.store', { date: '2026-06-01 10:00:00' })).status).toBe(200); // no prog_id
    expect((await send('timing.store', { prog_id: '1', date: 'yesterday' })).status).toBe(200);
    expect((await fetch(`${server.url}/api/triathlon/programs/1`)).status).toBe(404);
    expect(server.triathlon.apply({ method: 'timing.store', payload: { date: 'x' }, receivedAt: 0, seq: 0 })).toMatchObject({ changed: false, reason: expect.stringMatching(/invalid timing.store/) });
    expect(server.triathlon.apply({ method: 'timing.store', payload: { prog_id: '1', date: 'yesterday' }, receivedAt: 0, seq: 0 })).toMatchObject({ changed: false, reason: expect.stringMatching(/unreadable date/) });
  });

  it('still has the program after a restart', async () => {
    await send('timing.store', timingStore({ date: '2026-06-01 10:21:33' }));
    await server.close();
    server = await startBareServer(dir.path, { webhooks: { token: TOKEN } });
    expect((await view()).positions).toHaveLength(4);
  });
});

describe('times', () => {
  it('reads h:mm:ss, mm:ss and seconds', () => {
    expect(seconds('1:02:03')).toBe(3723);
    expect(seconds('18:21')).toBe(1101);
    expect(seconds('58.4')).toBe(58.4);
    expect(seconds('')).toBeNull();
    expect(seconds('DNF')).toBeNull();
  });
});
