/**
 * One delivery attempt: POST the stored body, signed for this attempt, redirects not followed.
 */
import { Webhook } from 'standardwebhooks';

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  retryAfter: string | null;
  /** Cut short because the relay is stopping: not an answer from the receiver, so not an attempt. */
  aborted?: boolean;
}

export interface SignedRequest {
  url: string;
  body: string;
  webhookId: string;
  /** Seconds since the epoch: fresh for every attempt. */
  timestamp: number;
  /** Every secret to sign with: the current one, and during a rotation the previous one. */
  secrets: string[];
  timeoutMs: number;
  /** Aborts the request when the relay stops. */
  stop?: AbortSignal;
}

export function signatures(req: Pick<SignedRequest, 'body' | 'webhookId' | 'timestamp' | 'secrets'>): string {
  return req.secrets.map((s) => new Webhook(s).sign(req.webhookId, new Date(req.timestamp * 1000), req.body)).join(' ');
}

export async function deliver(req: SignedRequest, fetchImpl: typeof fetch = fetch): Promise<AttemptResult> {
  const started = performance.now();
  try {
    const res = await fetchImpl(req.url, {
      method: 'POST',
      body: req.body,
      redirect: 'manual',
      signal: req.stop ? AbortSignal.any([AbortSignal.timeout(req.timeoutMs), req.stop]) : AbortSignal.timeout(req.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Trackside/0.1 (+relay)',
        'webhook-id': req.webhookId,
        'webhook-timestamp': String(req.timestamp),
        'webhook-signature': signatures(req),
      },
    });
    const durationMs = Math.round(performance.now() - started);
    // The status is the answer; the body is not read, so a receiver that streams megabytes back costs nothing.
    await res.body?.cancel().catch(() => undefined);
    return { statusCode: res.status, error: null, durationMs, retryAfter: res.headers.get('retry-after') };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (req.stop?.aborted) return { statusCode: null, error: 'the relay stopped', durationMs: Math.round(performance.now() - started), retryAfter: null, aborted: true };
    const error = e.name === 'TimeoutError' ? `timed out after ${req.timeoutMs} ms` : (e.cause?.code ?? e.message);
    return { statusCode: null, error, durationMs: Math.round(performance.now() - started), retryAfter: null };
  }
}
