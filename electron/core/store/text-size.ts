/**
 * Whether a text is over a size limit in UTF-8 bytes, and by how much, without counting the bytes
 * of a text that cannot be: UTF-8 takes 1 to 3 bytes per UTF-16 unit, so most texts need no count
 * at all (a count walks the whole text, and these are checked on every message).
 */
export function utf8BytesOver(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text);
  return bytes > limit ? bytes : undefined;
}
