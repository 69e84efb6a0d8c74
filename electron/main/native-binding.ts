/**
 * Which better-sqlite3 binary Electron loads. npm builds better-sqlite3 for Node's ABI, which
 * Electron (a different Node, ABI 140 for Electron 45) refuses to load; so a second copy built for
 * Electron lives in `native/electron/`, with a manifest saying which Electron it was built for.
 * A packaged app is different: electron-builder rebuilds the package itself for Electron, so the
 * package's own binary is the right one there.
 *
 * Pure: the file system is passed in, so every case is tested under plain Node.
 */
import { join } from 'node:path';
import { z } from 'zod';

export const NATIVE_DIR = join('native', 'electron');
export const NATIVE_FILE = 'better_sqlite3.node';
export const MANIFEST_FILE = 'manifest.json';

/** Written by `npm run native:electron` beside the binary. */
export const NativeManifestSchema = z.object({
  electron: z.string(),
  /** `process.versions.modules` of that Electron: what actually decides whether it loads. */
  abi: z.string(),
  platform: z.string(),
  arch: z.string(),
  builtAt: z.string().optional(),
});
export type NativeManifest = z.infer<typeof NativeManifestSchema>;

export interface NativeBindingEnv {
  /** `process.versions.electron`; undefined under plain Node. */
  electron?: string;
  /** `process.versions.modules`. */
  abi: string;
  platform: string;
  arch: string;
  isPackaged: boolean;
  /** The project (or app) root: where `native/` is. */
  appRoot: string;
  exists(path: string): boolean;
  readText(path: string): string;
}

export type NativeBindingChoice =
  /** Use better-sqlite3's own binary (plain Node, or a packaged app rebuilt for Electron). */
  | { kind: 'package' }
  | { kind: 'file'; path: string }
  /** Electron cannot open the cache: say why and how to fix it. */
  | { kind: 'missing'; why: string };

export const NATIVE_FIX = 'run `npm run native:electron` on a machine with internet (see README, Desktop app)';

export function chooseNativeBinding(env: NativeBindingEnv): NativeBindingChoice {
  if (!env.electron || env.isPackaged) return { kind: 'package' };
  const dir = join(env.appRoot, NATIVE_DIR);
  const binary = join(dir, NATIVE_FILE);
  if (!env.exists(binary)) {
    return { kind: 'missing', why: `better-sqlite3 is not built for Electron here (${join(NATIVE_DIR, NATIVE_FILE)} is missing); ${NATIVE_FIX}` };
  }
  const manifestPath = join(dir, MANIFEST_FILE);
  let manifest: NativeManifest;
  try {
    manifest = NativeManifestSchema.parse(JSON.parse(env.readText(manifestPath)));
  } catch {
    return { kind: 'missing', why: `${join(NATIVE_DIR, MANIFEST_FILE)} is missing or unreadable, so the Electron build of better-sqlite3 cannot be trusted; ${NATIVE_FIX}` };
  }
  // A copy built for another Electron or another machine crashes on load or refuses with a cryptic
  // NODE_MODULE_VERSION error; catching it here lets `npm start` say so and serve headless instead.
  if (manifest.abi !== env.abi || manifest.platform !== env.platform || manifest.arch !== env.arch) {
    return {
      kind: 'missing',
      why: `better-sqlite3 in ${NATIVE_DIR} was built for Electron ${manifest.electron} (ABI ${manifest.abi}, ${manifest.platform}-${manifest.arch}), this is Electron ${env.electron} (ABI ${env.abi}, ${env.platform}-${env.arch}); ${NATIVE_FIX}`,
    };
  }
  return { kind: 'file', path: binary };
}

/**
 * The exit code the Electron shell uses when it cannot run here but the console could run
 * headless; `npm start` answers it by starting the headless console (EX_TEMPFAIL).
 */
export const EXIT_USE_HEADLESS = 75;
