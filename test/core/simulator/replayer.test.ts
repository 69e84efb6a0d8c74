import { afterEach, describe, expect, it } from 'vitest';
import { Replayer } from '../../../electron/core/simulator/replayer';
import type { Recording } from '../../../electron/core/model/recording';
import { createDemoRecording } from '../../../electron/core/simulator/demo/meet';
import { waitUntil } from '../../helpers/wait';

const players: Replayer[] = [];
afterEach(() => players.splice(0).forEach((p) => p.stop()));

function sink() {
  const calls: string[] = [];
  return {
    calls,
    setUnit: (u: { eventId: string; round: number; heat: number }) => calls.push(`set ${u.eventId}/${u.round}/${u.heat}`),
    trigger: (channel: string, event: string) => calls.push(`${event} ${channel}`),
  };
}

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
    const s = sink();
    const r = new Replayer(small, { sink: s, speed: 10 });
    players.push(r);
    r.start();
    await waitUntil(() => r.finished, 2_000);
    expect(s.calls).toEqual([
      'set T1/1/1',
      'unit x-2026-TST-r-overview-T1-1-1',
      'latest_attempt x-2026-TST-r-overview',
      'set T1/1/1',
    ]);
  });

  it('scales time by speed', async () => {
    const s = sink();
    const r = new Replayer(small, { sink: s, speed: 2 });
    players.push(r);
    const started = Date.now();
    r.start();
    await waitUntil(() => r.finished, 3_000);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(1_500);
  });

  it('plays the whole demo meet at 1000× in seconds and stops when told', async () => {
    const recording = createDemoRecording();
    let n = 0;
    const r = new Replayer(recording, { sink: { setUnit: () => {}, trigger: () => n++ }, speed: 1000 });
    players.push(r);
    r.start();
    await waitUntil(() => r.finished, 5_000);
    expect(r.stepIndex).toBe(recording.steps.length);
    expect(n).toBe(recording.steps.filter((s) => s.kind === 'overview' || s.push).length);

    const again = new Replayer(recording, { sink: { setUnit: () => {}, trigger: () => {} }, speed: 1 });
    players.push(again);
    again.start();
    again.stop();
    const at = again.stepIndex;
    await new Promise((res) => setTimeout(res, 100));
    expect(again.stepIndex).toBe(at);
  });

  it('loops back to the start lists after the last step', async () => {
    const s = sink();
    const r = new Replayer(small, { sink: s, speed: 100, loop: true, loopPauseMs: 20 });
    players.push(r);
    r.start();
    await waitUntil(() => s.calls.filter((c) => c === 'latest_attempt x-2026-TST-r-overview').length >= 2, 3_000);
  });
});
