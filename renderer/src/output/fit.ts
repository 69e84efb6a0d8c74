/**
 * One fitting rule for every graphic. An element marked `data-fit` holds text that may be cut: it
 * shrinks until it fits, down to a floor (`data-fit-floor`, a share of its own size, 0.7 unless
 * told), and past the floor CSS cuts it with an ellipsis. Elements that share `data-fit-group`
 * (a column's names) end at the same size, so a board's names never jump between sizes row to row.
 * Places, marks, winds, series and tags are not marked: CSS keeps them whole (`.keep`), and the
 * layout gives them their natural width first.
 */
export const DEFAULT_FLOOR = 0.7;

interface Measured {
  el: HTMLElement;
  base: number;
  scale: number;
  floor: number;
}

function overflowRatio(el: HTMLElement): number {
  const { clientWidth, scrollWidth } = el;
  if (clientWidth <= 0 || scrollWidth <= clientWidth + 0.5) return 1;
  return clientWidth / scrollWidth;
}

/** Fits every `[data-fit]` element under `root` (and root itself when marked). */
export function fitAll(root: HTMLElement): void {
  const els = [...(root.matches('[data-fit]') ? [root] : []), ...root.querySelectorAll<HTMLElement>('[data-fit]')];
  if (els.length === 0) return;
  // Start from the stylesheet's size each time: the text may have become shorter.
  for (const el of els) el.style.fontSize = '';
  const measured: Measured[] = els.map((el) => {
    const floor = Number(el.dataset.fitFloor) > 0 ? Number(el.dataset.fitFloor) : DEFAULT_FLOOR;
    return { el, base: parseFloat(getComputedStyle(el).fontSize) || 16, scale: 1, floor };
  });
  // Text width is close to linear in font size, but padding and letter spacing are not: a few rounds.
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const m of measured) {
      const ratio = overflowRatio(m.el);
      if (ratio >= 1 || m.scale <= m.floor) continue;
      m.scale = Math.max(m.floor, m.scale * ratio * 0.995);
      m.el.style.fontSize = `${(m.base * m.scale).toFixed(2)}px`;
      changed = true;
    }
    if (!changed) break;
  }
  applyGroups(measured);
}

/**
 * A group ends at the smallest size its members needed, except members that did not fit even at
 * the floor: they are cut anyway, and one absurd name must not make every other name small.
 */
function applyGroups(measured: Measured[]): void {
  const groups = new Map<string, number>();
  const cut = new Set<Measured>();
  for (const m of measured) {
    const g = m.el.dataset.fitGroup;
    if (!g) continue;
    if (m.scale <= m.floor && overflowRatio(m.el) < 1) cut.add(m);
    else groups.set(g, Math.min(groups.get(g) ?? 1, m.scale));
  }
  for (const m of measured) {
    const g = m.el.dataset.fitGroup;
    if (g && groups.has(g) && !cut.has(m)) m.scale = groups.get(g)!;
    m.el.style.fontSize = m.scale < 1 ? `${(m.base * m.scale).toFixed(2)}px` : '';
  }
}

const observers = new WeakMap<HTMLElement, MutationObserver>();

/**
 * `v-fit` on a graphic's root: fits after it renders, after each update, once fonts load, and when
 * content arrives later by itself (a board's next page enters after the old one has left).
 */
export const vFit = {
  mounted(el: HTMLElement) {
    fitAll(el);
    void document.fonts?.ready.then(() => el.isConnected && fitAll(el));
    let queued = false;
    const observer = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        if (el.isConnected) fitAll(el);
      });
    });
    // Text and elements only: the sizes fitAll itself writes are attributes, so it never wakes itself.
    observer.observe(el, { childList: true, subtree: true, characterData: true });
    observers.set(el, observer);
  },
  updated(el: HTMLElement) {
    fitAll(el);
  },
  unmounted(el: HTMLElement) {
    observers.get(el)?.disconnect();
    observers.delete(el);
  },
};
