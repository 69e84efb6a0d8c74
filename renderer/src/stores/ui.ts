/**
 * How this screen is set up: filters, search, theme and type size. Kept in localStorage so a
 * laptop that restarts mid-meet comes back the way the announcer left it.
 */
import { defineStore } from 'pinia';
import type { KindFilter, StatusFilter } from '../logic/overview';
import { hashFor, pageFromHash, type PageId } from '../logic/pages';

const SAVED = 'trackside.ui';

export type Pane = 'overview' | 'unit' | 'feed';

interface Saved {
  kind: KindFilter;
  status: StatusFilter;
  contrast: boolean;
  large: boolean;
}

function load(): Partial<Saved> {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(SAVED) ?? '{}') as Partial<Saved>;
  } catch {
    return {};
  }
}

export const useUiStore = defineStore('ui', {
  state: () => {
    const saved = load();
    return {
      kind: saved.kind ?? ('all' as KindFilter),
      status: saved.status ?? ('all' as StatusFilter),
      search: '',
      contrast: saved.contrast ?? false,
      large: saved.large ?? false,
      helpOpen: false,
      /** On a tablet or phone, the pane on screen: the meet list, the unit (or now/next), or the alerts. */
      pane: 'unit' as Pane,
      page: pageFromHash(globalThis.location?.hash ?? '') as PageId,
    };
  },
  actions: {
    save() {
      const { kind, status, contrast, large } = this;
      try {
        globalThis.localStorage?.setItem(SAVED, JSON.stringify({ kind, status, contrast, large } satisfies Saved));
      } catch {
        // A browser source with storage disabled still works, it just forgets.
      }
    },
    setKind(kind: KindFilter) {
      this.kind = kind;
      this.save();
    },
    setStatus(status: StatusFilter) {
      this.status = status;
      this.save();
    },
    toggleContrast() {
      this.contrast = !this.contrast;
      this.save();
    },
    /** Also called when the hash changes (back button, a pasted link), so the two never disagree. */
    openPage(page: PageId) {
      this.page = page;
      if (globalThis.location && pageFromHash(globalThis.location.hash) !== page) globalThis.location.hash = hashFor(page);
    },
    showPane(pane: Pane) {
      this.pane = pane;
    },
    toggleLarge() {
      this.large = !this.large;
      this.save();
    },
  },
});
