/**
 * The console under plain Node: what `npm start` runs when Electron cannot, and what a server or
 * a venue's spare laptop runs. Prints one line with the URL, then serves until SIGINT/SIGTERM.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ConfigError } from '../core/config/config';
import { RecordingError } from '../core/simulator/recording-from-store';
import { DataDirError } from '../core/store/database';
import { loadConfig, type LoadedConfig } from '../core/settings/load';
import { ListenError, startConsoleRunner, type ConsoleRunner } from '../core/settings/runner';

async function main(): Promise<void> {
  // The command line, then the settings saved in the data dir it names (the command line wins).
  let parsed: LoadedConfig;
  try {
    parsed = loadConfig(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`trackside: ${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof DataDirError) {
      process.stderr.write(`trackside: cannot use the data dir: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  for (const w of parsed.warnings) process.stderr.write(`trackside: ${w}\n`);
  if (parsed.print) {
    process.stdout.write(parsed.print);
    return;
  }
  const config = parsed.config!;
  let app: ConsoleRunner;
  try {
    // The runner restarts the console when the Settings page asks; each start prints the line again.
    app = await startConsoleRunner({
      argv: process.argv.slice(2),
      loaded: parsed,
      rendererDir: rendererDir(),
      onListening: ({ url }) => process.stdout.write(`Trackside listening on ${url}\n`),
      onRestartError: (message) => process.stderr.write(`trackside: restart: ${message}\n`),
      onFatal: (err) => {
        process.stderr.write(`trackside: cannot start again: ${err.message}\n`);
        process.exit(1);
      },
    });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof RecordingError) {
      process.stderr.write(`trackside: ${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof DataDirError) {
      // Read-only, no permission, disk full, not a directory: the user's to fix, so no stack trace.
      process.stderr.write(`trackside: cannot use the data dir: ${err.message}\n`);
      process.exit(1);
    }
    if (err instanceof ListenError) {
      process.stderr.write(`trackside: cannot start: ${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`trackside: cannot open the data dir ${config.dataDir}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}\n`);
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`trackside: ${signal}, stopping\n`);
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    app!.stop().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`trackside: stop failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
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
