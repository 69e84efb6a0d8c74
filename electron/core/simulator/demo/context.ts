/**
 * What every part of the demo meet shares while it is being written: the timeline, the seeded
 * randomness, the entries and the names the overview messages carry.
 */
import type { Random } from './people';
import type { Entries, EventEntry } from './athletes';
import type { Timeline } from './timeline';

export interface MeetContext {
  timeline: Timeline;
  rnd: Random;
  entries: Entries;
  /** An athlete's full name, or a relay team's name, as `winner_name` / `athlete_name` carry it. */
  nameOf(bib: string): string;
}

const EPSILON = 1e-9;

/**
 * `PB`, `=PB` or `SB` when a mark beats (or equals) the athlete's entered bests, as OpenTrack
 * notes it; nothing otherwise.
 */
export function recordNote(mark: number, bests: EventEntry | undefined, read: (text: string) => number | null, higherIsBetter: boolean): string | undefined {
  if (!bests) return undefined;
  const beats = (other: number | null) => other !== null && (higherIsBetter ? mark > other + EPSILON : mark < other - EPSILON);
  const pb = read(bests.pb);
  if (beats(pb)) return 'PB';
  if (pb !== null && Math.abs(mark - pb) < EPSILON) return '=PB';
  if (beats(read(bests.sb))) return 'SB';
  return undefined;
}
