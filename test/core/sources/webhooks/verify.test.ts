/**
 * The verifiers against the Standard Webhooks test list and its published vector, and GitHub's
 * `sha256=` vector: a provider's correctly signed message is accepted, and nothing else is.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { verifyHexHmac, verifyStandard, verifyToken } from '../../../../electron/core/sources/webhooks/verify';
import { activeSecrets, activeTokens } from '../../../../electron/core/sources/webhooks/keys';
import type { WebhookConfig } from '../../../../electron/core/config/config';

const current = (value: string) => [{ name: 'current' as const, value }];

describe('Standard Webhooks', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const payload = Buffer.from('{"test": 2432232314}');
  const now = Date.now();
  const ts = Math.floor(now / 1000);
  const sign = (at = ts, body = payload, key = secret, msgId = id) => new Webhook(key).sign(msgId, new Date(at * 1000), body.toString());
  const headers = (over: Record<string, string | undefined> = {}) => ({
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': sign(),
    ...over,
  });

  it('matches the published vector', () => {
    const at = 1614265330;
    const verdict = verifyStandard(
      payload,
      { 'webhook-id': id, 'webhook-timestamp': String(at), 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' },
      current(secret),
      at * 1000,
    );
    expect(verdict).toEqual({ ok: true, key: 'current' });
  });

  it('accepts a valid signature, with or without the whsec_ prefix on the secret', () => {
    expect(verifyStandard(payload, headers(), current(secret), now).ok).toBe(true);
    expect(verifyStandard(payload, headers(), current(secret.slice('whsec_'.length)), now).ok).toBe(true);
  });

  it('refuses when any of the three headers is missing', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const v = verifyStandard(payload, headers({ [name]: undefined }), current(secret), now);
      expect(v, name).toMatchObject({ ok: false, reason: expect.stringContaining('missing') });
    }
  });

  it('refuses bad and partial signatures, and signatures of another version', () => {
    const good = sign();
    const bad = [
      'v1,' + Buffer.from('not the signature').toString('base64'),
      good.slice(0, -4),
      good.replace('v1,', 'v1,x'),
      good.replace('v1,', 'v2,'),
      good.slice('v1,'.length),
      'v1,',
      '',
    ];
    for (const signature of bad) {
      expect(verifyStandard(payload, headers({ 'webhook-signature': signature }), current(secret), now).ok, signature).toBe(false);
    }
  });

  it('accepts when one of several signatures is valid', () => {
    const several = ['v1,Ceo5qEr07ixe2NLpwHk3lLVKOKsfNXh3wGm00NnNqNM=', 'v2,abc', sign(), 'v1,AAAA'].join(' ');
    expect(verifyStandard(payload, headers({ 'webhook-signature': several }), current(secret), now).ok).toBe(true);
  });

  it('refuses a signature over another body or another id', () => {
    expect(verifyStandard(Buffer.from('{"test": 2432232315}'), headers(), current(secret), now).ok).toBe(false);
    expect(verifyStandard(payload, headers({ 'webhook-id': 'msg_other' }), current(secret), now).ok).toBe(false);
  });

  it('refuses timestamps more than 5 minutes old or ahead, and accepts within', () => {
    for (const [offset, ok] of [
      [-301, false],
      [301, false],
      [-299, true],
      [299, true],
      [-3600, false],
      [3600, false],
    ] as const) {
      const at = ts + offset;
      const v = verifyStandard(payload, headers({ 'webhook-timestamp': String(at), 'webhook-signature': sign(at) }), current(secret), now);
      expect(v.ok, `offset ${offset}`).toBe(ok);
    }
  });

  it('refuses timestamps that are not plain numbers (NaN, "123abc", negative, decimals)', () => {
    for (const t of ['NaN', 'abc', `${ts}abc`, '-5', `${ts}.5`, ' ', '1e9']) {
      expect(verifyStandard(payload, headers({ 'webhook-timestamp': t }), current(secret), now).ok, t).toBe(false);
    }
  });

  it('refuses everything without a secret configured, and says why', () => {
    expect(verifyStandard(payload, headers(), [], now)).toMatchObject({ ok: false, reason: expect.stringContaining('--webhook-secret') });
  });
});

describe('hex HMAC (TrackScore, GitHub)', () => {
  it("matches GitHub's documented vector", () => {
    const v = verifyHexHmac(
      Buffer.from('Hello, World!'),
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      current("It's a Secret to Everybody"),
    );
    expect(v).toEqual({ ok: true, key: 'current' });
  });

  it('keys with the secret exactly as given, whsec_ prefix included', () => {
    const body = Buffer.from('{"id":"evt_1"}');
    const secret = 'whsec_plain-text-secret';
    const asGiven = createHmac('sha256', secret).update(body).digest('hex');
    const stripped = createHmac('sha256', 'plain-text-secret').update(body).digest('hex');
    expect(verifyHexHmac(body, `sha256=${asGiven}`, current(secret)).ok).toBe(true);
    expect(verifyHexHmac(body, `sha256=${stripped}`, current(secret)).ok).toBe(false);
  });

  it('refuses missing, malformed and wrong signatures', () => {
    const body = Buffer.from('x');
    for (const header of [undefined, '', 'sha256=', 'sha1=abc', 'sha256=zz', `sha256=${'0'.repeat(64)}`, `sha256=${'a'.repeat(63)}`]) {
      expect(verifyHexHmac(body, header, current('k')).ok, String(header)).toBe(false);
    }
  });
});

describe('tokens and rotation', () => {
  const config = (over: Partial<WebhookConfig>): WebhookConfig => ({ allow: {}, maxBytes: 1024, ...over });

  it('accepts the token and refuses others, including a prefix of it', () => {
    const keys = activeTokens(config({ token: 'tok-123456' }), 0);
    expect(verifyToken('tok-123456', keys)).toEqual({ ok: true, key: 'current' });
    expect(verifyToken('tok-12345', keys).ok).toBe(false);
    expect(verifyToken('', keys).ok).toBe(false);
    expect(verifyToken(undefined, keys).ok).toBe(false);
  });

  it('accepts the previous token and secret until the rotation ends, then only the current', () => {
    const c = config({ token: 'new', previousToken: 'old', secret: 'new-s', previousSecret: 'old-s', rotationEndsAt: 1_000 });
    expect(verifyToken('old', activeTokens(c, 999))).toEqual({ ok: true, key: 'previous' });
    expect(verifyToken('old', activeTokens(c, 1_001)).ok).toBe(false);
    expect(verifyToken('new', activeTokens(c, 1_001))).toEqual({ ok: true, key: 'current' });
    expect(activeSecrets(c, 999).map((k) => k.name)).toEqual(['current', 'previous']);
    expect(activeSecrets(c, 1_001).map((k) => k.name)).toEqual(['current']);
  });

  it('refuses everyone when no token is configured', () => {
    expect(verifyToken('anything', activeTokens(config({}), 0))).toMatchObject({ ok: false, reason: expect.stringContaining('--webhook-token') });
  });
});
