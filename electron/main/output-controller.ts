/**
 * Opens and closes the output window(s) on the dashboard's request. Requests come over IPC from a
 * page, so they are checked twice: the sender must be our own origin, and the arguments must
 * match the contract.
 */
import { BrowserWindow, ipcMain, screen, type IpcMainInvokeEvent } from 'electron';
import { guardWindow } from './window-guards';
import { IPC, type DisplayChoice } from '../preload/ipc-contract';
import {
  HIDE_CURSOR_CSS,
  OutputRequestSchema,
  chooseDisplay,
  outputRoles,
  outputUrl,
  outputWindowOptions,
} from './output-window';
import { isOwnOrigin } from './window-options';

export class OutputController {
  private windows: BrowserWindow[] = [];

  constructor(
    /** Read on every use: a restart on another port moves the console. */
    private readonly consoleUrl: () => string,
    private readonly preload: string,
  ) {}

  register(): void {
    ipcMain.handle(IPC.listDisplays, (event) => {
      this.assertOwn(event);
      return this.displays();
    });
    ipcMain.handle(IPC.openOutput, (event, request: unknown) => {
      this.assertOwn(event);
      return this.open(request);
    });
    ipcMain.handle(IPC.closeOutput, (event) => {
      this.assertOwn(event);
      this.close();
    });
  }

  displays(): DisplayChoice[] {
    const primary = screen.getPrimaryDisplay().id;
    return screen.getAllDisplays().map((d, i) => ({
      id: d.id,
      label: d.label || `Display ${i + 1}`,
      primary: d.id === primary,
      width: Math.round(d.bounds.width * d.scaleFactor),
      height: Math.round(d.bounds.height * d.scaleFactor),
      scaleFactor: d.scaleFactor,
    }));
  }

  /** Opens the window (or the fill and key pair), replacing any open one. Returns how many are open. */
  async open(raw: unknown): Promise<number> {
    const parsed = OutputRequestSchema.safeParse(raw ?? {});
    if (!parsed.success) throw new Error(`bad output request: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const req = parsed.data;
    this.close();
    const display = chooseDisplay(screen.getAllDisplays(), req.displayId, screen.getPrimaryDisplay().id);
    for (const role of outputRoles(req)) {
      const win = new BrowserWindow(outputWindowOptions({ preload: this.preload, display, width: req.width, height: req.height, keyColour: req.keyColour, role }));
      guardWindow(win, this.consoleUrl);
      win.webContents.on('did-finish-load', () => void win.webContents.insertCSS(HIDE_CURSOR_CSS));
      win.once('ready-to-show', () => win.showInactive());
      win.on('closed', () => (this.windows = this.windows.filter((w) => w !== win)));
      this.windows.push(win);
      await win.loadURL(outputUrl(this.consoleUrl(), req, role));
    }
    return this.windows.length;
  }

  close(): void {
    for (const w of this.windows) if (!w.isDestroyed()) w.close();
    this.windows = [];
  }

  private assertOwn(event: IpcMainInvokeEvent): void {
    const from = event.senderFrame?.url ?? '';
    if (!isOwnOrigin(from, this.consoleUrl())) throw new Error('refused: output windows are opened only from the console');
  }
}
