/**
 * Every word the graphics put on air, in one catalogue. The key is the English text; `{name}`
 * marks a value filled in at run time. A page picks its language with `?lang=nb`; a missing
 * language or a missing message falls back to English, so a half-done translation never shows a
 * blank. To add a language, add a block here with the same keys (see docs/graphics.md).
 */
export const MESSAGES = {
  en: {
    Results: 'Results',
    Standings: 'Standings',
    'Start list': 'Start list',
    Athlete: 'Athlete',
    Team: 'Team',
    Time: 'Time',
    Mark: 'Mark',
    Best: 'Best',
    Bar: 'Bar',
    Wind: 'Wind',
    'Wind {wind}': 'Wind {wind}',
    Attempts: 'Attempts',
    Lane: 'Lane',
    PB: 'PB',
    SB: 'SB',
    'Next up': 'Next up',
    'Attempt {n}': 'Attempt {n}',
    Foul: 'Foul',
    Pass: 'Pass',
    Retired: 'Retired',
    Cleared: 'Cleared',
    Failed: 'Failed',
    Place: 'Place',
    'At {height}': 'At {height}',
    'wind {wind}': 'wind {wind}',
    Official: 'Official',
    Provisional: 'Provisional',
    Final: 'Final',
    Live: 'Live',
    'Round {n} of {m}': 'Round {n} of {m}',
    Winner: 'Winner',
    Winners: 'Joint winners',
    'Wind-aided': 'Wind-aided',
    'Team scores': 'Team scores',
    'Medal table': 'Medal table',
    Race: 'Race',
    Rankings: 'Rankings',
    Leaderboard: 'Leaderboard',
    Points: 'Points',
    Score: 'Score',
    Gold: 'Gold',
    Silver: 'Silver',
    Bronze: 'Bronze',
    Total: 'Total',
  },
  nb: {
    Results: 'Resultater',
    Standings: 'Stilling',
    'Start list': 'Startliste',
    Athlete: 'Utøver',
    Team: 'Klubb',
    Time: 'Tid',
    Mark: 'Resultat',
    Best: 'Beste',
    Bar: 'Høyde',
    Wind: 'Vind',
    'Wind {wind}': 'Vind {wind}',
    Attempts: 'Forsøk',
    Lane: 'Bane',
    PB: 'PR',
    SB: 'SB',
    'Next up': 'Neste øvelse',
    'Attempt {n}': 'Forsøk {n}',
    Foul: 'Ugyldig',
    Pass: 'Står over',
    Retired: 'Trukket',
    Cleared: 'Klart',
    Failed: 'Riv',
    Place: 'Plass',
    'At {height}': 'På {height}',
    'wind {wind}': 'vind {wind}',
    Official: 'Offisielt',
    Provisional: 'Foreløpig',
    Final: 'Ferdig',
    Live: 'Direkte',
    'Round {n} of {m}': 'Runde {n} av {m}',
    Winner: 'Vinner',
    Winners: 'Delt seier',
    'Wind-aided': 'Medvind',
    'Team scores': 'Lagpoeng',
    'Medal table': 'Medaljeoversikt',
    Race: 'Løp',
    Rankings: 'Rangering',
    Leaderboard: 'Resultatliste',
    Points: 'Poeng',
    Score: 'Poeng',
    Gold: 'Gull',
    Silver: 'Sølv',
    Bronze: 'Bronse',
    Total: 'Totalt',
  },
} as const;

export type MessageKey = keyof (typeof MESSAGES)['en'];
export type Language = keyof typeof MESSAGES;
export const LANGUAGES = Object.keys(MESSAGES) as Language[];

/** Record flags and their spoken form per language (PB is "PR", personlig rekord, in Norwegian). */
const TAGS: Partial<Record<Language, Record<string, string>>> = {
  nb: { PB: 'PR', '=PB': '=PR' },
};

export interface Translator {
  lang: Language;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Text the core wrote in English ("Round 2 of 6 · Wind +1.2"), each `·` part translated when known. */
  text: (english: string | null | undefined) => string;
  tag: (flag: string) => string;
}

export function pickLanguage(requested: string | null | undefined): Language {
  const code = (requested ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  // Norwegian without a written standard named: Bokmål, as most meets write it.
  const normal = code === 'no' || code === 'nn' ? 'nb' : code;
  return (LANGUAGES as string[]).includes(normal) ? (normal as Language) : 'en';
}

const fill = (template: string, vars: Record<string, string | number> = {}) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

/** Each English message with placeholders as a pattern, to read the core's text back into parts. */
const PATTERNS = (Object.keys(MESSAGES.en) as MessageKey[])
  .filter((k) => k.includes('{'))
  .map((k) => {
    const names: string[] = [];
    const source = k.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_, n: string) => {
      names.push(n);
      return '(.+?)';
    });
    return { key: k, names, re: new RegExp(`^${source}$`) };
  });

export function translator(lang: Language): Translator {
  const table: Record<string, string> = MESSAGES[lang];
  const t = (key: MessageKey, vars?: Record<string, string | number>) => fill(table[key] ?? MESSAGES.en[key], vars);
  const part = (p: string): string => {
    if (p in table) return table[p]!;
    for (const { key, names, re } of PATTERNS) {
      const m = re.exec(p);
      if (m) return t(key, Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])));
    }
    return p;
  };
  return {
    lang,
    t,
    text: (english) => (english ? english.split(' · ').map(part).join(' · ') : ''),
    tag: (flag) => TAGS[lang]?.[flag] ?? flag,
  };
}
