/** What the preload exposes as `window.trackside` in Electron windows (absent in a browser). */
export interface ShellApi {
  toggleFullScreen(): Promise<void>;
  readonly isElectron: true;
}
