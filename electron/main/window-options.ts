/**
 * BrowserWindow options in one place, so the security settings can be asserted by tests without
 * starting Electron.
 */
export interface SecureWindowOptions {
  width: number;
  height: number;
  title: string;
  backgroundColor: string;
  show: boolean;
  webPreferences: {
    preload: string;
    sandbox: true;
    contextIsolation: true;
    nodeIntegration: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    spellcheck: false;
    disableBlinkFeatures: 'Auxclick';
  };
}

/** Electron's security checklist, the same for every window Trackside opens. */
export function hardenedWebPreferences(preload: string): SecureWindowOptions['webPreferences'] {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
    // A middle click would open a link in a new window: refused anyway, but not even attempted.
    disableBlinkFeatures: 'Auxclick',
  };
}

export function dashboardWindowOptions(preload: string): SecureWindowOptions {
  return {
    width: 1366,
    height: 768,
    title: 'Trackside',
    backgroundColor: '#0b0f14',
    show: false,
    webPreferences: hardenedWebPreferences(preload),
  };
}

/** Only the console's own origin may be shown in a window; everything else is refused. */
export function isOwnOrigin(target: string, consoleUrl: string): boolean {
  try {
    return new URL(target).origin === new URL(consoleUrl).origin;
  } catch {
    return false;
  }
}
