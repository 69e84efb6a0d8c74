/**
 * How long a test waits for a console process to start, or for a start to fail: a limit, not a
 * pause (the wait ends at the listening line or the exit). A cold start on a 2-core machine that
 * other test runs keep busy has taken more than 15 s, so the limit is generous.
 */
export const START_LIMIT_MS = 60_000;

/** Polls `check` until it returns a truthy value or the time is up. */
export async function waitUntil<T>(check: () => T | Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function getJson<T = any>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}
