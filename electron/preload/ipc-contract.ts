import type { OutputRequest } from '../core/model/output-window';

/** A display the output window can go on, as the dashboard lists it. */
export interface DisplayChoice {
  id: number;
  label: string;
  primary: boolean;
  width: number;
  height: number;
  scaleFactor: number;
}

/** What the preload exposes as `window.trackside` in Electron windows (absent in a browser). */
export interface ShellApi {
  toggleFullScreen(): Promise<void>;
  /** Displays for the output window. */
  listDisplays(): Promise<DisplayChoice[]>;
  /** Opens (or replaces) the output window(s); resolves with how many windows are open. */
  openOutput(request: Partial<OutputRequest>): Promise<number>;
  closeOutput(): Promise<void>;
  readonly isElectron: true;
}

export const IPC = {
  toggleFullScreen: 'shell:toggle-full-screen',
  listDisplays: 'output:list-displays',
  openOutput: 'output:open',
  closeOutput: 'output:close',
  /** Main → page: a menu item was chosen; the page presses its key. */
  pressKey: 'shell:press-key',
} as const;

/** Keys the menu may press: the dashboard's single keys and the two arrows, nothing else. */
export const PRESSABLE_KEY = /^(?:[a-z0-9/?]|ArrowUp|ArrowDown|Escape)$/;
