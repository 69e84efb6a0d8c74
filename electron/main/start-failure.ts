/**
 * What a console that cannot start says, and its exit code: the same in the headless console and
 * the desktop app. 2 for what the user typed (a flag, a recording), 1 for what the machine refused.
 */
import { ConfigError } from '../core/config/config';
import { ConsoleOpenError, ListenError } from '../core/app/runner';
import { RecordingError } from '../core/simulator/recording-from-store';
import { DataDirError } from '../core/store/database';
import { AlreadyRunningError } from '../core/store/data-dir-lock';

export interface StartFailure {
  /** One line, without the `trackside: ` prefix. */
  message: string;
  exitCode: 1 | 2;
}

export function startFailure(err: unknown): StartFailure {
  if (err instanceof ConfigError || err instanceof RecordingError) return { message: err.message, exitCode: 2 };
  if (err instanceof AlreadyRunningError) return { message: err.message, exitCode: 1 };
  // Read-only, no permission, disk full, not a directory: the user's to fix, so no stack trace.
  if (err instanceof DataDirError) return { message: `cannot use the data dir: ${err.message}`, exitCode: 1 };
  if (err instanceof ListenError) return { message: `cannot start: ${err.message}`, exitCode: 1 };
  if (err instanceof ConsoleOpenError) {
    return { message: `cannot open the data dir ${err.dataDir}: ${(err.cause as Error | undefined)?.message ?? err.message}`, exitCode: 1 };
  }
  // Not foreseen (a bug, or a machine doing something new): still one line, naming the error.
  const e = err as Error | undefined;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(err);
  return { message: `cannot start: ${text.split('\n')[0]}`, exitCode: 1 };
}
