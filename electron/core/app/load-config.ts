/**
 * One way to a Config for a real run: the command line and environment, then the settings saved
 * in the data dir they name. The headless entry, the Electron shell and every restart use it.
 */
import { configFrom, dataDirFrom, readCommandLine, type CommandLine, type Config } from '../config/config';
import type { SavedSettings } from '../model/settings';
import { readSavedSettings } from '../store/settings';

export interface LoadedConfig {
  /** Absent when `print` is set (--help, --version). */
  config?: Config;
  cmd: CommandLine;
  saved: SavedSettings;
  warnings: string[];
  print?: string;
}

/**
 * Throws ConfigError for anything the user can fix; DataDirError (store/database) when the data dir is unusable.
 * `beforeReadingSaved` runs once the data dir is known and before its cache is opened (the entries take the data dir's lock there).
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, beforeReadingSaved?: (dataDir: string) => void): LoadedConfig {
  const cmd = readCommandLine(argv, env);
  if (cmd.print) return { cmd, saved: {}, warnings: cmd.warnings, print: cmd.print };
  const warnings = [...cmd.warnings];
  const dataDir = dataDirFrom(cmd, env);
  beforeReadingSaved?.(dataDir);
  const saved = readSavedSettings(dataDir, (line) => warnings.push(line));
  return { config: configFrom(cmd, env, saved), cmd, saved, warnings };
}
