/** Time for the relay, injectable so a test runs a 38-hour retry schedule in seconds. */
export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    // Node timers overflow above ~24.8 days; the relay re-arms after every change anyway.
    const t = setTimeout(fn, Math.min(Math.max(0, ms), 2 ** 31 - 1));
    t.unref?.();
    return () => clearTimeout(t);
  },
};
