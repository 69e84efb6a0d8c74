/**
 * The console under plain Node: what `npm start` runs when Electron cannot, and what a server or
 * a venue's spare laptop runs. Prints one line with the URL, then serves until SIGINT/SIGTERM.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadConfig, type LoadedConfig } from '../core/app/load-config';
import { startConsoleRunner, type ConsoleRunner } from '../core/app/runner';
import { startFailure } from './start-failure';
import { lockDataDir, type DataDirLock } from '../core/store/data-dir-lock';

function fail(err: unknown): never {
  const { message, exitCode } = startFailure(err);
  process.stderr.write(`trackside: ${message}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  // The command line, then the settings saved in the data dir it names (the command line wins).
  let parsed: LoadedConfig;
  let lock: DataDirLock | undefined;
  try {
    // The lock first: a second console must not even read (or move aside) a cache another one uses.
    parsed = loadConfig(process.argv.slice(2), process.env, (dataDir) => (lock = lockDataDir(dataDir)));
  } catch (err) {
    fail(err);
  }
  for (const w of parsed.warnings) process.stderr.write(`trackside: ${w}\n`);
  if (parsed.print) {
    process.stdout.write(parsed.print);
    return;
  }
  let app: ConsoleRunner | undefined;

  // Listening for Ctrl+C before the URL is printed: a signal right after it must still stop cleanly.
  let stopping = false;
  const stopAndExit = () => {
    app!.stop().then(
      () => {
        lock?.release();
        process.exit(0);
      },
      (err) => {
        process.stderr.write(`trackside: stop failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`trackside: ${signal}, stopping\n`);
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    if (app) stopAndExit();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  try {
    // The runner restarts the console when the Settings page asks; each start prints the line again.
    app = await startConsoleRunner({
      argv: process.argv.slice(2),
      loaded: parsed,
      rendererDir: rendererDir(),
      // The worker scripts are built beside this entry.
      consoleOptions: { workerDir: dirname(fileURLToPath(import.meta.url)) },
      onListening: ({ url, openUrl }) => {
        lock?.setUrl(openUrl);
        process.stdout.write(`Trackside listening on ${url}\n`);
      },
      onRestartError: (message) => process.stderr.write(`trackside: restart: ${message}\n`),
      onFatal: (err) => {
        process.stderr.write(`trackside: cannot start again: ${err.message}\n`);
        process.exit(1);
      },
    });
  } catch (err) {
    fail(err);
  }
  if (stopping) stopAndExit();
}

/** out/main/headless.js → out/renderer */
function rendererDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

process.on('unhandledRejection', (err) => {
  // A bug somewhere must not take the console down during a meet: log it and keep serving.
  process.stderr.write(`trackside: unhandled rejection: ${(err as Error)?.stack ?? String(err)}\n`);
});

void main();
