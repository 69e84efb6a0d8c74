/**
 * A result's `note` read for display: qualification (`Q` by place, `q` by time), record and best
 * flags (`PB`, `=SB`, `NR`…), and whatever else the officials wrote (a rule number for a DQ).
 * OpenTrack writes these as free text, sometimes several in one note ("Q PB", "q, SB").
 */

/** Flags an announcer says out loud, from the most to the least remarkable. */
export const RECORD_FLAGS = ['WR', 'AR', 'NR', 'CR', 'MR', 'WL', 'PB', 'SB', 'NJR', 'NU20R', 'U20R', 'AJR', 'WJR'] as const;

export interface ReadNote {
  qualified: 'Q' | 'q' | null;
  /** Record and best flags, e.g. `PB` or `=PB` for an equalled best. */
  flags: string[];
  /** The rest of the note, as written. */
  other: string | null;
}

const FLAG_SET = new Set<string>(RECORD_FLAGS);

export function readNote(note: string | null | undefined): ReadNote {
  const read: ReadNote = { qualified: null, flags: [], other: null };
  if (!note) return read;
  const rest: string[] = [];
  for (const token of note.split(/[\s,;/]+/).filter(Boolean)) {
    if (token === 'Q' || token === 'q') {
      read.qualified = token;
      continue;
    }
    const upper = token.toUpperCase();
    const bare = upper.startsWith('=') ? upper.slice(1) : upper;
    if (FLAG_SET.has(bare)) read.flags.push(upper);
    else rest.push(token);
  }
  read.other = rest.length ? rest.join(' ') : null;
  return read;
}
