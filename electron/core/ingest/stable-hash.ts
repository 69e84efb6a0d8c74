import { createHash, hash } from 'node:crypto';

/**
 * Hash of a payload's text as received. The one-shot `crypto.hash` skips the Hash object's setup,
 * which costs more than hashing a 2 KB unit; same sha256, so hashes already cached still compare.
 */
export const contentHash: (text: string) => string =
  typeof hash === 'function'
    ? (text) => hash('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text).digest('hex');

/**
 * A hash of a JSON value that ignores key order and whitespace, for values compared rarely (the
 * competition's metadata on each catch-up).
 */
export function stableHash(value: unknown): string {
  return contentHash(stableStringify(value));
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/**
 * Same JSON content, whatever the key order: Pusher and HTTP may serialise one unit differently,
 * and that must not look like a change. Stops at the first difference.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameContent(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  if (keys.length !== Object.keys(bo).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && sameContent(ao[k], bo[k]));
}
