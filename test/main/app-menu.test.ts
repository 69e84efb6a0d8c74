/**
 * The application menu lists every dashboard shortcut (from the dashboard's own table), presses
 * the key in the page when chosen, and never registers a bare letter as an accelerator, which
 * would swallow it while the operator types in the search box.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate, type MenuActions } from '../../electron/main/app-menu';
import { SHORTCUTS } from '../../electron/core/model/shortcuts';

const actions = (): MenuActions => ({
  sendKey: vi.fn(),
  openOutputWindow: vi.fn(),
  closeOutputWindow: vi.fn(),
  openInBrowser: vi.fn(),
  openDataFolder: vi.fn(),
  quit: vi.fn(),
});
const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)();

describe('application menu', () => {
  it('has one item per dashboard shortcut that presses its key', () => {
    const a = actions();
    const items = flatten(applicationMenuTemplate(a, { platform: 'linux', packaged: true }));
    for (const s of SHORTCUTS) {
      const item = items.find((i) => i.label?.startsWith(`${s.label}\t`));
      expect(item, s.label).toBeDefined();
      click(item!);
      expect(a.sendKey).toHaveBeenLastCalledWith(s.keys[0]);
    }
    expect(items.find((i) => i.label?.startsWith('Next unit'))!.label).toBe('Next unit\tJ / ↓');
  });

  it('registers no accelerator without a modifier', () => {
    const items = flatten(applicationMenuTemplate(actions(), { platform: 'linux', packaged: true }));
    const accelerators = items.map((i) => i.accelerator).filter(Boolean) as string[];
    expect(accelerators).toEqual(['CmdOrCtrl+Q']);
  });

  it('quits, opens the output window and the browser from the menu', () => {
    const a = actions();
    const items = flatten(applicationMenuTemplate(a, { platform: 'win32', packaged: true }));
    click(items.find((i) => i.label === 'Quit Trackside')!);
    click(items.find((i) => i.label?.startsWith('Open output window'))!);
    click(items.find((i) => i.label === 'Open in browser')!);
    expect(a.quit).toHaveBeenCalledOnce();
    expect(a.openOutputWindow).toHaveBeenCalledOnce();
    expect(a.openInBrowser).toHaveBeenCalledOnce();
  });

  it('offers developer tools only in a development run, and the app menu only on macOS', () => {
    const roles = (platform: NodeJS.Platform, packaged: boolean) =>
      flatten(applicationMenuTemplate(actions(), { platform, packaged })).map((i) => i.role).filter(Boolean);
    expect(roles('linux', true)).not.toContain('toggleDevTools');
    expect(roles('linux', false)).toContain('toggleDevTools');
    expect(roles('darwin', true)).toContain('appMenu');
    expect(roles('linux', true)).not.toContain('appMenu');
  });
});
