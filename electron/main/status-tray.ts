/**
 * The tray icon: its colour and tooltip follow the sources' state, so an operator with the window
 * behind OBS still sees the moment the feed drops. Polls the in-process core (no HTTP).
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { Health } from '../core/model/api';
import { trayStatus, type TrayLevel } from './tray-status';

export interface StatusTrayOptions {
  /** Where tray-ok.png, tray-degraded.png and tray-offline.png are. */
  iconDir: string;
  health(): Health;
  show(): void;
  openInBrowser(): void;
  quit(): void;
  intervalMs?: number;
}

export class StatusTray {
  private level: TrayLevel | undefined;
  private menuKey = '';
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly tray: Tray,
    private readonly opts: StatusTrayOptions,
  ) {
    tray.on('click', opts.show);
    this.refresh();
    this.timer = setInterval(() => this.refresh(), opts.intervalMs ?? 2_000);
  }

  /** Some Linux desktops have no tray: the console works the same without one. */
  static create(opts: StatusTrayOptions): StatusTray | undefined {
    try {
      return new StatusTray(new Tray(StatusTray.icon(opts.iconDir, 'ok')), opts);
    } catch {
      return undefined;
    }
  }

  private static icon(dir: string, level: TrayLevel) {
    return nativeImage.createFromPath(join(dir, `tray-${level}.png`));
  }

  refresh(): void {
    let status;
    try {
      status = trayStatus(this.opts.health());
    } catch {
      return;
    }
    if (status.level !== this.level) {
      this.level = status.level;
      this.tray.setImage(StatusTray.icon(this.opts.iconDir, status.level));
    }
    this.tray.setToolTip(status.tooltip);
    // Rebuilding the menu while it is open closes it on some desktops: only when it changed.
    const key = status.lines.join('\n');
    if (key === this.menuKey) return;
    this.menuKey = key;
    const items: MenuItemConstructorOptions[] = [
      { label: 'Show Trackside', click: this.opts.show },
      { label: 'Open in browser', click: this.opts.openInBrowser },
      { type: 'separator' },
      ...status.lines.map((line) => ({ label: line, enabled: false })),
      { type: 'separator' },
      { label: 'Quit', click: this.opts.quit },
    ];
    this.tray.setContextMenu(Menu.buildFromTemplate(items));
  }

  destroy(): void {
    clearInterval(this.timer);
    this.tray.destroy();
  }
}
