/** What every graphic on a page shares: its language. Provided once by OutputApp. */
import { inject, type InjectionKey } from 'vue';
import { translator, type Translator } from './messages';

export const TRANSLATOR: InjectionKey<Translator> = Symbol('translator');

export function useTranslator(): Translator {
  return inject(TRANSLATOR, translator('en'));
}

/** Record and qualification tags, each with its own colour on air. */
export function tagClass(tag: string): string {
  const bare = tag.replace(/^=/, '').toUpperCase();
  if (bare === 'Q') return 'tag-q';
  if (['WR', 'AR', 'NR', 'CR', 'NJR', 'NU20R', 'U20R', 'AJR', 'WJR'].includes(bare)) return 'tag-record';
  if (bare === 'MR') return 'tag-mr';
  if (bare === 'WL') return 'tag-wl';
  if (bare === 'PB') return 'tag-pb';
  if (bare === 'SB') return 'tag-sb';
  return 'tag-other';
}
