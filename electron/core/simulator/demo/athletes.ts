/**
 * The demo meet's invented athletes and what each entered: bibs, clubs, and PB/SB per event (the
 * start lists show them, and results earn a `PB` / `SB` note by beating them).
 */
import { CLUBS, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, type Random } from './people';

export type Club = (typeof CLUBS)[number];

export interface Athlete {
  bib: string;
  firstName: string;
  lastName: string;
  gender: 'M' | 'F';
  club: Club;
}

export const fullName = (a: Pick<Athlete, 'firstName' | 'lastName'>): string => `${a.firstName} ${a.lastName}`;

/**
 * `perGender` men then `perGender` women, bibs from 101, no name twice. Clubs are dealt round the
 * table so every club has enough women for a relay squad.
 */
export function makeAthletes(rnd: Random, perGender: number): Athlete[] {
  const athletes: Athlete[] = [];
  const used = new Set<string>();
  let bib = 101;
  for (const gender of ['M', 'F'] as const) {
    const firstNames = gender === 'M' ? FIRST_NAMES_M : FIRST_NAMES_F;
    const clubs = rnd.shuffle(CLUBS);
    for (let n = 0; n < perGender; ) {
      const firstName = rnd.pick(firstNames);
      const lastName = rnd.pick(LAST_NAMES);
      const name = `${firstName} ${lastName}`;
      if (used.has(name)) continue;
      used.add(name);
      athletes.push({ bib: String(bib++), firstName, lastName, gender, club: clubs[n % clubs.length]! });
      n++;
    }
  }
  return athletes;
}

export interface EventEntry {
  eventId: string;
  eventCode: string;
  pb: string;
  sb: string;
}

/** Who entered what, with their bests: `eventsEntered` for the competition JSON. */
export class Entries {
  private readonly byBib = new Map<string, EventEntry[]>();

  enter(bib: string, entry: EventEntry): void {
    this.byBib.set(bib, [...(this.byBib.get(bib) ?? []), entry]);
  }

  of(bib: string): EventEntry[] {
    return this.byBib.get(bib) ?? [];
  }

  bests(bib: string, eventId: string): EventEntry | undefined {
    return this.of(bib).find((e) => e.eventId === eventId);
  }

  /** `n` athletes for an event, those entered in fewest events first, so everyone competes. */
  pick(pool: readonly Athlete[], n: number, rnd: Random): Athlete[] {
    const shuffled = rnd.shuffle(pool);
    return shuffled
      .map((athlete, i) => ({ athlete, i }))
      .sort((a, b) => this.of(a.athlete.bib).length - this.of(b.athlete.bib).length || a.i - b.i)
      .slice(0, n)
      .map(({ athlete }) => athlete);
  }
}
