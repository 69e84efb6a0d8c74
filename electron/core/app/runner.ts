/**
 * Runs the console and restarts it in-process with the saved settings: stop everything, build
 * the Config again (flags and env still win), start again. When the new settings cannot start
 * (a port in use, a bad saved value), the previous Config serves again, so a typo on the
 * settings page never leaves a venue without its console.
 */
import { ConfigError, type Config } from '../config/config';
import { createConsole, type ConsoleOptions, type TracksideConsole } from './console';
import { RecordingError } from '../simulator/recording-from-store';
import { DataDirError } from '../store/database';
import { loadConfig, type LoadedConfig } from './load-config';
import { redirectMoved, type Moved } from './moved';
import { SettingsService } from './settings-service';

export interface Listening {
  /** `http://host:port/` as bound (e.g. `http://0.0.0.0:4710/` in LAN mode). */
  url: string;
  /** The URL for a window on this machine: loopback, with `?token=` when a token is required. */
  openUrl: string;
  config: Config;
}

export interface ConsoleRunnerOptions {
  /** argv without node and script. */
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** Built renderer to serve at `/`. */
  rendererDir?: string;
  /** After the first start and after every restart (the port, so the URL, may have changed). */
  onListening?: (listening: Listening) => void;
  /** A restart failed; the previous settings serve again. */
  onRestartError?: (message: string) => void;
  /** A restart failed and the previous settings could not start again either: nothing serves. */
  onFatal?: (err: Error) => void;
  /** A Config loaded already (to answer --help and print warnings first); else loaded here. */
  loaded?: LoadedConfig;
  /** For tests: probe/poll intervals, a small recording. */
  consoleOptions?: Omit<ConsoleOptions, 'rendererDir' | 'settings'>;
}

export interface ConsoleRunner {
  readonly url: string;
  readonly openUrl: string;
  readonly config: Config;
  readonly console: TracksideConsole;
  /** Resolves once the console serves again (new settings, or the previous ones after a failure). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The server could not listen (`cause.code` is e.g. EADDRINUSE). */
export class ListenError extends Error {
  constructor(
    readonly config: Config,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    super(cause.code === 'EADDRINUSE' ? `port ${config.port} is in use (try --port 0 or another port)` : cause.message);
  }
}

/** The console could not be built on its data dir for another reason than DataDirError says. */
export class ConsoleOpenError extends Error {
  constructor(
    readonly dataDir: string,
    override readonly cause: unknown,
  ) {
    super(`cannot open the data dir ${dataDir}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * Starts the console; throws ConfigError / RecordingError (the user's to fix: exit 2),
 * DataDirError, ConsoleOpenError or ListenError.
 */
export async function startConsoleRunner(opts: ConsoleRunnerOptions): Promise<ConsoleRunner> {
  const env = opts.env ?? process.env;
  const first = opts.loaded ?? loadConfig(opts.argv, env);
  if (!first.config) throw new ConfigError('nothing to run (--help or --version)');
  const cmd = first.cmd;
  let current: TracksideConsole;
  let config = first.config;
  let lastRestartError: string | null = null;
  let restarting: Promise<void> | undefined;
  let stopped = false;
  let moved: Moved | undefined;

  const launch = async (next: Config): Promise<TracksideConsole> => {
    let app: TracksideConsole;
    try {
      app = createConsole(next, {
        ...opts.consoleOptions,
        rendererDir: opts.rendererDir,
        settings: (db, url) =>
          new SettingsService({ db, cmd, env, running: next, url, lastRestartError: () => lastRestartError, restart: () => void restart() }),
      });
    } catch (err) {
      if (err instanceof ConfigError || err instanceof RecordingError || err instanceof DataDirError) throw err;
      throw new ConsoleOpenError(next.dataDir, err);
    }
    try {
      await app.start();
    } catch (err) {
      await app.stop().catch(() => undefined);
      throw new ListenError(next, err as NodeJS.ErrnoException);
    }
    return app;
  };
  const announce = () => opts.onListening?.({ url: current.url, openUrl: openUrl(current.url, config), config });

  current = await launch(config);
  announce();

  const restart = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    restarting ??= (async () => {
      const previous = config;
      // Read before stopping: settings that cannot even make a Config leave the console as it is.
      let next: Config;
      try {
        next = loadConfig(opts.argv, env).config!;
      } catch (err) {
        lastRestartError = (err as Error).message;
        opts.onRestartError?.(lastRestartError);
        return;
      }
      const was = new URL(current.url);
      await moved?.close();
      moved = undefined;
      await current.stop();
      try {
        current = await launch(next);
        config = next;
        lastRestartError = null;
        const now = new URL(current.url);
        if (now.port !== was.port) moved = await redirectMoved(previous.host, Number(was.port), Number(now.port));
      } catch (err) {
        lastRestartError = `the new settings did not start (${(err as Error).message}); running with the previous ones`;
        opts.onRestartError?.(lastRestartError);
        try {
          current = await launch(previous);
        } catch (again) {
          opts.onFatal?.(again as Error);
          throw again;
        }
      }
      announce();
    })().finally(() => (restarting = undefined));
    return restarting;
  };

  return {
    get url() {
      return current.url;
    },
    get openUrl() {
      return openUrl(current.url, config);
    },
    get config() {
      return config;
    },
    get console() {
      return current;
    },
    restart,
    async stop() {
      stopped = true;
      await restarting?.catch(() => undefined);
      await moved?.close();
      await current.stop();
    },
  };
}

/** A window on this machine reaches any bound address over loopback; the token rides along. */
export function openUrl(url: string, config: Pick<Config, 'accessToken' | 'host'>): string {
  const u = new URL(url);
  if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = u.hostname === '0.0.0.0' ? '127.0.0.1' : '[::1]';
  if (config.accessToken) u.searchParams.set('token', config.accessToken);
  return u.toString();
}
