import { afterEach, describe, expect, it } from 'vitest';
import { Replayer, type ReplaySink } from '../../../electron/core/simulator/replayer';
import type { Recording } from '../../../electron/core/model/recording';
import { createDemoRecording } from '../../../electron/core/simulator/demo/meet';
import { waitUntil } from '../../helpers/wait';

const players: Replayer[] = [];
afterEach(() => players.splice(0).forEach((p) => p.stop()));

function play(recording: Recording, opts: Omit<ConstructorParameters<typeof Replayer>[1], 'sink'>, sink: ReplaySink = recordingSink()) {
  const r = new Replayer(recording, { ...opts, sink });
  players.push(r);
  return r;
}

/** Writes down every call, as `set T1/1/1` or `<event> <channel>`. */
function recordingSink() {
  const calls: string[] = [];
  return {
    calls,
    setUnit: (u: { eventId: string; round: number; heat: number; status?: unknown }) => calls.push(`set ${u.eventId}/${u.round}/${u.heat}`),
    trigger: (channel: string, event: string) => calls.push(`${event} ${channel}`),
  };
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

const small: Recording = {
  name: 'small',
  competitionPath: '/x/2026/TST/r/',
  competition: { events: [{ eventId: 'T1', units: [{ eventId: 'T1', round: 1, heat: 1 }] }] },
  steps: [
    { atMs: 0, kind: 'unit', unit: { eventId: 'T1', round: 1, heat: 1, status: 'a' }, push: true },
    { atMs: 500, kind: 'overview', event: 'latest_attempt', data: { bib: '1' } },
    { atMs: 1000, kind: 'unit', unit: { eventId: 'T1', round: 1, heat: 1, status: 'b' }, push: false },
  ],
};

describe('replayer', () => {
  it('plays every step in order onto the right channels, honouring push', async () => {
    const sink = recordingSink();
    const r = play(small, { speed: 10 }, sink);
    r.start();
    await waitUntil(() => r.finished, 10_000);
    expect(sink.calls).toEqual([
      'set T1/1/1',
      'unit x-2026-TST-r-overview-T1-1-1',
      'latest_attempt x-2026-TST-r-overview',
      'set T1/1/1',
    ]);
    expect(r.stepIndex).toBe(r.total);
  });

  it('scales time by speed', async () => {
    const r = play(small, { speed: 2 });
    const started = Date.now();
    r.start();
    await waitUntil(() => r.finished, 10_000);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(1_500);
  });

  it('plays the whole demo meet at 1000× in order, reporting each step and the end', async () => {
    const recording = createDemoRecording();
    const expected = recording.steps.flatMap((s) => {
      if (s.kind === 'overview') return [`${s.event} x-2026-TSD-trackside-demo-open-overview`];
      const key = `${s.unit.eventId}-${s.unit.round}-${s.unit.heat}`;
      const set = `set ${s.unit.eventId}/${s.unit.round}/${s.unit.heat}`;
      return s.push ? [set, `unit x-2026-TSD-trackside-demo-open-overview-${key}`] : [set];
    });
    const sink = recordingSink();
    const seen: number[] = [];
    let ended = 0;
    const r = play(recording, { speed: 1000, onStep: (_step, i) => seen.push(i), onEnd: () => ended++ }, sink);
    const started = Date.now();
    r.start();
    await waitUntil(() => ended === 1, 5_000, 'end of the demo');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(sink.calls).toEqual(expected);
    expect(seen).toEqual(recording.steps.map((_, i) => i));
    expect(r.stepIndex).toBe(recording.steps.length);
    await sleep(50);
    expect(ended).toBe(1);
  });

  it('stops cleanly mid-way and resumes where it stopped', async () => {
    const recording = createDemoRecording();
    const sink = recordingSink();
    const r = play(recording, { speed: 200 }, sink);
    r.start();
    await waitUntil(() => r.stepIndex > 20, 10_000);
    r.stop();
    const at = r.stepIndex;
    const calls = sink.calls.length;
    await sleep(150);
    expect(r.stepIndex).toBe(at);
    expect(sink.calls.length).toBe(calls);
    expect(r.finished).toBe(false);
    r.start();
    await waitUntil(() => r.stepIndex > at, 10_000);
  });

  it('serves the time-0 state again on reset()', () => {
    const recording = createDemoRecording();
    const units = (recording.competition.events as { units: unknown[] }[]).flatMap((e) => e.units);
    const served: unknown[] = [];
    const r = play(recording, { speed: 1 }, { setUnit: (u) => served.push(u), trigger: () => {} });
    r.reset();
    expect(served).toEqual(units);
    expect(r.stepIndex).toBe(0);
  });

  it('loops back to the start lists after the last step', async () => {
    const sink = recordingSink();
    const r = play(small, { speed: 100, loop: true, loopPauseMs: 20 }, sink);
    r.start();
    await waitUntil(() => sink.calls.filter((c) => c === 'latest_attempt x-2026-TST-r-overview').length >= 2, 10_000);
  });

  it('refuses a speed that is not a positive number', () => {
    for (const speed of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new Replayer(small, { speed, sink: recordingSink() })).toThrow(RangeError);
    }
  });
});
