/**
 * Keyboard-first control for the stand. The shortcut table lives in the core's model, where the
 * desktop app's menu reads it too, so what is documented is what is bound.
 */
import { SHORTCUTS, type ShortcutAction } from '../../../electron/core/model/shortcuts';

export { SHORTCUTS, type ShortcutAction };

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
