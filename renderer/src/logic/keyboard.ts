/**
 * Keyboard-first control for the stand. One table of shortcuts, shown in the help overlay and
 * the README, so what is documented is what is bound.
 */
import { PAGES, type PageId } from './pages';

export type PageAction = `page:${PageId}`;
export type ShortcutAction = 'next' | 'previous' | 'latest' | 'now' | 'announced' | 'search' | 'kind' | 'contrast' | 'large' | 'help' | 'escape' | PageAction;

export const SHORTCUTS: { keys: string[]; action: ShortcutAction; label: string }[] = [
  { keys: ['j', 'ArrowDown'], action: 'next', label: 'Next unit' },
  { keys: ['k', 'ArrowUp'], action: 'previous', label: 'Previous unit' },
  { keys: ['l'], action: 'latest', label: 'Jump to the latest result' },
  { keys: ['n'], action: 'now', label: 'Now & next: what is on, what starts next' },
  { keys: ['a'], action: 'announced', label: 'Mark the oldest result or leader to announce as done' },
  { keys: ['/'], action: 'search', label: 'Search by bib or name' },
  { keys: ['f'], action: 'kind', label: 'Filter: all → track → field' },
  { keys: ['c'], action: 'contrast', label: 'High-contrast theme' },
  { keys: ['t'], action: 'large', label: 'Larger type' },
  { keys: ['?'], action: 'help', label: 'Show these shortcuts' },
  { keys: ['Escape'], action: 'escape', label: 'Clear search / close' },
  ...PAGES.map((p) => ({ keys: [p.key], action: `page:${p.id}` as PageAction, label: `Page: ${p.label}` })),
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)));

/** The action for a key press, or null. Typing in a field only reaches Escape and the arrows. */
export function actionFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>, typing: boolean): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const action = BY_KEY.get(e.key) ?? null;
  if (typing && action !== 'escape' && e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return null;
  return action;
}

export function bindKeyboard(target: Window, run: (action: ShortcutAction) => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    const el = e.target as HTMLElement | null;
    const typing = Boolean(el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable));
    const action = actionFor(e, typing);
    if (!action) return;
    e.preventDefault();
    run(action);
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
