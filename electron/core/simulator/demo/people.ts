/**
 * Invented athletes and clubs for the demo meet. Every name here is made up; none is taken from
 * real results.
 */
export const FIRST_NAMES_M = [
  'Alden', 'Bram', 'Caspian', 'Dorian', 'Emrys', 'Fenn', 'Gideon', 'Halvard', 'Ivo', 'Jory', 'Kestrel', 'Lorcan',
  'Maddox', 'Nilo', 'Orrin', 'Pell', 'Quill', 'Rafferty', 'Soren', 'Tamsin', 'Ulric', 'Vale', 'Wystan', 'Yorick',
];
export const FIRST_NAMES_F = [
  'Aurelie', 'Briony', 'Calla', 'Delphine', 'Elowen', 'Fable', 'Greer', 'Honora', 'Isolde', 'Juniper', 'Kerensa',
  'Liora', 'Marisol', 'Nerys', 'Odessa', 'Perpetua', 'Rowena', 'Saffi', 'Tindra', 'Undine', 'Verity', 'Wren', 'Xanthe', 'Zinnia',
];
export const LAST_NAMES = [
  'Ashgrove', 'Brightwater', 'Cobblestone', 'Dunmore', 'Elderbrook', 'Fernhollow', 'Glimmerdale', 'Hawthorne-Vey',
  'Ironwood', 'Juniperhill', 'Kettlewell', 'Larkspur', 'Moorcroft', 'Nettlefield', 'Oakenshaw', 'Pebblestone',
  'Quarrington', 'Rookwood', 'Saltmarsh', 'Thistlewood', 'Underhay', 'Wildermoor', 'Yarrowby', 'Zephyrine',
];
export const CLUBS = [
  { id: 'HAC', name: 'Harbour AC' },
  { id: 'NFH', name: 'Northfield Harriers' },
  { id: 'RVS', name: 'Riverside Striders' },
  { id: 'VAL', name: 'Vale Athletic' },
  { id: 'SUM', name: 'Summit Track Club' },
  { id: 'CST', name: 'Coastline AC' },
];

/** Deterministic PRNG (mulberry32): the same seed gives the same meet. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min: number, max: number) => min + (max - min) * next(),
    int: (min: number, max: number) => Math.floor(min + (max - min + 1) * next()),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}

export type Random = ReturnType<typeof createRandom>;
