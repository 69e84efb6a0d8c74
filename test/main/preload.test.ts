// @vitest-environment happy-dom
/**
 * The preload, with `electron` mocked: the page gets window controls and nothing else, and a menu
 * item's key reaches the dashboard's own keyboard handler (only keys the dashboard uses).
 */
import { describe, expect, it, vi } from 'vitest';
import { IPC } from '../../electron/preload/ipc-contract';
import { bindKeyboard } from '../../renderer/src/logic/keyboard';

const bridge = vi.hoisted(() => ({ exposed: {} as Record<string, any>, listeners: new Map<string, (...a: any[]) => void>(), invoked: [] as unknown[][] }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (bridge.exposed[name] = api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => void bridge.invoked.push(args),
    on: (channel: string, fn: (...a: any[]) => void) => bridge.listeners.set(channel, fn),
  },
}));

await import('../../electron/preload/index');

describe('preload bridge', () => {
  it('exposes only window controls, each one IPC call', async () => {
    const api = bridge.exposed.trackside;
    expect(Object.keys(api).sort()).toEqual(['closeOutput', 'isElectron', 'listDisplays', 'openOutput', 'toggleFullScreen']);
    await api.openOutput({ page: 'winner' });
    await api.toggleFullScreen();
    expect(bridge.invoked).toEqual([[IPC.openOutput, { page: 'winner' }], [IPC.toggleFullScreen]]);
  });

  it("presses a menu item's key through the dashboard's keyboard handler", () => {
    const run = vi.fn();
    const unbind = bindKeyboard(window, run);
    const press = bridge.listeners.get(IPC.pressKey)!;
    press({}, 'j');
    press({}, '3');
    press({}, 'ArrowUp');
    expect(run.mock.calls.map((c) => c[0])).toEqual(['next', 'page:relay', 'previous']);
    unbind();
  });

  it('ignores anything that is not one of the dashboard keys', () => {
    const seen: string[] = [];
    const listen = (e: KeyboardEvent) => seen.push(e.key);
    window.addEventListener('keydown', listen);
    const press = bridge.listeners.get(IPC.pressKey)!;
    for (const key of ['Enter', 'F12', '<img src=x>', 'jj', 42, undefined]) press({}, key);
    press({}, 'l');
    window.removeEventListener('keydown', listen);
    expect(seen).toEqual(['l']);
  });
});
