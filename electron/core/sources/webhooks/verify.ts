/**
 * Authentication of incoming webhooks, one function per scheme. Each works on the raw bytes as
 * they arrived (never re-serialised JSON) and compares in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ActiveKey, KeyName } from './keys';

export type Verdict = { ok: true; key: KeyName } | { ok: false; reason: string };

/** Equal-length digests, so neither the content nor the length of a secret leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** World Triathlon style: a shared token in a header or the query. */
export function verifyToken(given: string | undefined, keys: readonly ActiveKey[]): Verdict {
  if (keys.length === 0) return { ok: false, reason: 'no token configured (--webhook-token)' };
  if (!given) return { ok: false, reason: 'missing token' };
  // Check every key so the time taken does not say which one nearly matched.
  let match: KeyName | undefined;
  for (const k of keys) if (sameSecret(given, k.value) && !match) match = k.name;
  return match ? { ok: true, key: match } : { ok: false, reason: 'wrong token' };
}

const HEX_SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/** TrackScore / GitHub style: `sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the secret's UTF-8 bytes. */
export function verifyHexHmac(raw: Buffer, header: string | undefined, keys: readonly ActiveKey[]): Verdict {
  if (keys.length === 0) return { ok: false, reason: 'no secret configured (--webhook-secret)' };
  if (!header) return { ok: false, reason: 'missing signature' };
  const m = HEX_SIGNATURE.exec(header.trim());
  if (!m) return { ok: false, reason: 'malformed signature (expected sha256=<64 hex digits>)' };
  const given = Buffer.from(m[1]!, 'hex');
  let match: KeyName | undefined;
  for (const k of keys) {
    const expected = createHmac('sha256', Buffer.from(k.value, 'utf8')).update(raw).digest();
    if (timingSafeEqual(expected, given) && !match) match = k.name;
  }
  return match ? { ok: true, key: match } : { ok: false, reason: 'bad signature' };
}

export const STANDARD_TOLERANCE_S = 5 * 60;

export interface StandardHeaders {
  'webhook-id'?: string;
  'webhook-timestamp'?: string;
  'webhook-signature'?: string;
}

/**
 * Standard Webhooks, with the `standardwebhooks` package doing the signing maths. The timestamp is
 * checked here first: the package reads it with parseInt, which would take "123abc" as 123.
 */
export function verifyStandard(raw: Buffer, headers: StandardHeaders, keys: readonly ActiveKey[], nowMs: number): Verdict {
  if (keys.length === 0) return { ok: false, reason: 'no secret configured (--webhook-secret)' };
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  if (!/^\d{1,12}$/.test(timestamp.trim())) return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
  const seconds = Number(timestamp.trim());
  const now = Math.floor(nowMs / 1000);
  if (now - seconds > STANDARD_TOLERANCE_S) return { ok: false, reason: 'message timestamp too old' };
  if (seconds - now > STANDARD_TOLERANCE_S) return { ok: false, reason: 'message timestamp too new' };
  const expected = new Set<string>();
  let match: KeyName | undefined;
  for (const k of keys) {
    let signer: Webhook;
    try {
      signer = new Webhook(k.value);
    } catch {
      continue;
    }
    const mine = signer.sign(id, new Date(seconds * 1000), raw.toString('utf8')).slice('v1,'.length);
    expected.add(mine);
    for (const part of signature.split(' ')) {
      const [version, sig] = part.split(',');
      if (version !== 'v1' || !sig) continue;
      const a = Buffer.from(sig);
      const b = Buffer.from(mine);
      if (a.length === b.length && timingSafeEqual(a, b) && !match) match = k.name;
    }
  }
  if (expected.size === 0) return { ok: false, reason: 'the configured secret is not a valid Standard Webhooks secret (whsec_<base64>)' };
  return match ? { ok: true, key: match } : { ok: false, reason: 'no matching signature' };
}
