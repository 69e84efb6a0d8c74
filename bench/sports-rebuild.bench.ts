/**
 * Rebuilding triathlon programs and TrackScore leaderboards from the journal at start: a race day
 * of 4 programs × 60 athletes × 40 full timing snapshots (160 snapshots of ~20 KB) and 20,000
 * TrackScore events on 10 boards, journaled through the real ingest. The figures are the two
 * rebuilds, the first view of a program and the dashboard's 2 s poll once snapshots are parsed; the
 * baseline is the same machine paging the same journal and parsing every payload, doing nothing
 * with it (the ratio says what validating and applying cost over reading). Goal: both rebuilds
 * together within 3 s, so a restart mid-race is not a wait, and the poll within 50 ms.
 */
import { expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Bus } from '../electron/core/ingest/bus';
import { TriathlonPrograms } from '../electron/core/ingest/triathlon-programs';
import { WebhookIngest } from '../electron/core/ingest/webhooks';
import { Store } from '../electron/core/store/store';
import { TrackScoreBoards } from '../electron/core/views/trackscore/leaderboards';
import { TriathlonView } from '../electron/core/views/triathlon/programs-view';
import { tempDir } from '../test/helpers/temp-dir';
import { machine, report } from './report';

const PROGRAMS = 4;
const ATHLETES = 60;
const SNAPSHOTS = 40;
const TS_EVENTS = 20_000;
const GOAL_MS = 3_000;
const GOAL_POLL_MS = 50;
const SEGMENTS = Array.from({ length: SNAPSHOTS }, (_, i) => (i === 0 ? 'Swim' : i === 1 ? 'T1' : i < 20 ? `Bike Lap ${i - 1}` : i === 20 ? 'T2' : i < SNAPSHOTS - 1 ? `Run Lap ${i - 20}` : 'Finish'));

const clock = (s: number) => `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

function snapshot(prog: number, upTo: number): unknown {
  return {
    prog_id: String(7000 + prog),
    prog_name: `Program ${prog}`,
    date: new Date(Date.UTC(2026, 5, 1, 8 + prog, 0, upTo * 60)).toISOString(),
    sandbox: false,
    status: 'live',
    segments: SEGMENTS.map((name, i) => ({ segment_id: String(i + 1), segment_name: name, segment_order: String(i + 1) })),
    athletes: Array.from({ length: ATHLETES }, (_, a) => ({
      athlete_id: String(prog * 1000 + a),
      athlete_first: `First${a}`,
      athlete_last: `Last${a}`,
      athlete_noc: 'TST',
      start_num: String(a + 1),
      segments: Array.from({ length: upTo }, (_, s) => ({ segment_id: String(s + 1), split_time: clock(600 + s * 170 + ((a * 7 + s * 13) % 90)) })),
    })),
  };
}

it('rebuilds a race day of triathlon and TrackScore from the journal', () => {
  const dir = tempDir();
  try {
    const store = Store.open(dir.path);
    const bus = new Bus();
    const triathlon = new TriathlonPrograms(store.db);
    const ingest = new WebhookIngest(store, bus, triathlon);
    const accept = (route: 'triathlon' | 'trackscore', body: string, extra: object = {}) =>
      ingest.accept({
        route,
        channel: `/hooks/${route}`,
        event: 'bench',
        raw: Buffer.from(body),
        headers: {},
        receivedAt: Date.now(),
        keyUsed: 'current',
        dedupeKey: `sha256:${createHash('sha256').update(body).digest('hex')}`,
        ...extra,
      });
    for (let s = 1; s <= SNAPSHOTS; s++) {
      for (let p = 0; p < PROGRAMS; p++) {
        const payload = snapshot(p, s);
        accept('triathlon', JSON.stringify({ subscription: 'timing.store', payload }), { triathlon: { method: 'timing.store', payload } });
      }
    }
    const t0 = Date.parse('2026-06-01T10:00:00Z');
    for (let i = 0; i < TS_EVENTS; i++) {
      const body = JSON.stringify({
        id: `wh_${i}`,
        type: i % 50 === 0 ? 'achievement.unlocked' : 'score.updated',
        created: new Date(t0 + i * 100).toISOString(),
        data: { leaderboard_id: `lb_${i % 10}`, participant_id: `p_${i % 400}`, new_score: i, rank_change: { old_rank: 3, new_rank: 2 } },
      });
      accept('trackscore', body);
    }
    const rows = store.journal.lastSeq();

    let t = performance.now();
    let parsed = 0;
    for (let after = 0; ; ) {
      const page = store.journal.after(after, 500);
      if (!page.length) break;
      for (const r of page) {
        JSON.parse(r.payload);
        parsed++;
        after = r.seq;
      }
    }
    const baselineMs = performance.now() - t;

    t = performance.now();
    store.db.transaction(() => triathlon.rebuild(store.journal))();
    const triMs = performance.now() - t;
    t = performance.now();
    const boards = TrackScoreBoards.fromJournal(store.journal);
    const tsMs = performance.now() - t;
    const views = new TriathlonView(store.db);
    t = performance.now();
    const view = views.view('7000')!;
    const viewMs = performance.now() - t;
    // What the dashboard asks every 2 s once the snapshots are parsed: the list and one program.
    views.list();
    t = performance.now();
    views.list();
    views.view('7000');
    const pollMs = performance.now() - t;
    store.close();

    expect(parsed).toBe(rows);
    expect(view.latestSegment).toBe('Finish');
    expect(boards.list()).toHaveLength(10);
    const total = triMs + tsMs;
    const ratio = total / baselineMs;
    process.stdout.write(`sports rebuild: ${rows} journal rows on ${machine()}; baseline ${baselineMs.toFixed(0)} ms, triathlon ${triMs.toFixed(0)} ms, trackscore ${tsMs.toFixed(0)} ms, one program view ${viewMs.toFixed(1)} ms (first), the dashboard's 2 s poll ${pollMs.toFixed(1)} ms\n`);
    report('sports-rebuild', `${total.toFixed(0)}ms`, ratio, `<=${GOAL_MS}ms`, total <= GOAL_MS);
    report('sports-poll', `${pollMs.toFixed(1)}ms`, pollMs / GOAL_POLL_MS, `<=${GOAL_POLL_MS}ms`, pollMs <= GOAL_POLL_MS);
  } finally {
    dir.remove();
  }
});
