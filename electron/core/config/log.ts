/**
 * One-line, timestamped logs on stderr (stdout carries only the "listening" line and what users ask for).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = Record<LogLevel, (message: string) => void>;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(scope: string, minLevel: LogLevel = 'info'): Logger {
  const min = ORDER[minLevel] ?? ORDER.info;
  const write = (level: LogLevel) => (message: string) => {
    if (ORDER[level] < min) return;
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} [${scope}] ${message}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** For tests and embedders that want silence. */
export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
