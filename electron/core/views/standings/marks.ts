/**
 * Reading athletics marks: times ("10.84", "8:32.69", "1:02:03.4"), distances and heights ("8.89").
 */

/** Seconds for a time string, or null when it is not a time (DNS, DQ, empty). */
export function parseTime(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = text.trim().replace(',', '.');
  if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(t)) return null;
  return t.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** Metres for a distance or height, or null for a foul, pass, retirement or anything else. */
export function parseDistance(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const t = String(text).trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

const STATUS_WORDS = ['DNS', 'DNF', 'DQ', 'NM', 'NH', 'DSQ', 'R'] as const;

/** The non-result written in a performance, place or note ("DNS", "dq"), if any. */
export function nonResultStatus(...texts: (string | number | null | undefined)[]): 'dns' | 'dnf' | 'dq' | 'no-mark' | 'retired' | null {
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const word = text.trim().toUpperCase();
    if (!STATUS_WORDS.includes(word as (typeof STATUS_WORDS)[number])) continue;
    if (word === 'DNS') return 'dns';
    if (word === 'DNF') return 'dnf';
    if (word === 'DQ' || word === 'DSQ') return 'dq';
    if (word === 'R') return 'retired';
    return 'no-mark';
  }
  return null;
}

/** Shared places: items equal under `compare` get the same place, the next one skips (1, 2, 2, 4). */
export function assignPlaces<T>(sorted: T[], compare: (a: T, b: T) => number): number[] {
  const places: number[] = [];
  sorted.forEach((item, i) => {
    places.push(i > 0 && compare(sorted[i - 1]!, item) === 0 ? places[i - 1]! : i + 1);
  });
  return places;
}
