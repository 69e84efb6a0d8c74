/**
 * The application menu, built from the dashboard's own shortcut table so the menu, the help overlay
 * and the README list the same keys. The keys are shown, not registered: a single-letter
 * accelerator would swallow that letter while the operator types a name into the search box.
 * Choosing an item sends the key to the page, which runs it through its usual keyboard handler.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { SHORTCUTS } from '../core/model/shortcuts';

export interface MenuActions {
  /** Press this key in the dashboard. */
  sendKey(key: string): void;
  openOutputWindow(): void;
  closeOutputWindow(): void;
  openInBrowser(): void;
  openDataFolder(): void;
  quit(): void;
}

const keyLabel = (key: string): string =>
  ({ ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc' })[key] ?? (key.length === 1 ? key.toUpperCase() : key);

export function applicationMenuTemplate(actions: MenuActions, opts: { platform: NodeJS.Platform; packaged: boolean }): MenuItemConstructorOptions[] {
  const shortcutItems: MenuItemConstructorOptions[] = SHORTCUTS.map((s) => ({
    label: `${s.label}\t${s.keys.map(keyLabel).join(' / ')}`,
    click: () => actions.sendKey(s.keys[0]!),
  }));
  const mac = opts.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open in browser', click: actions.openInBrowser },
        { label: 'Open data folder', click: actions.openDataFolder },
        { type: 'separator' },
        { label: 'Quit Trackside', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...shortcutItems,
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        // Developer tools only in a development run: an operator's copy has nothing to debug.
        ...(opts.packaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: 'Output',
      submenu: [
        { label: 'Open output window (1920×1080, green key)', click: actions.openOutputWindow },
        { label: 'Close output window', click: actions.closeOutputWindow },
      ],
    },
    { role: 'windowMenu' },
  ];
  return template;
}
