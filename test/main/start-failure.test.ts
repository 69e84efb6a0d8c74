/** One line and the right exit code for each way a start can fail, in both entries. */
import { describe, expect, it } from 'vitest';
import { startFailure } from '../../electron/main/start-failure';
import { ConfigError, parseCommandLine } from '../../electron/core/config/config';
import { ConsoleOpenError, ListenError } from '../../electron/core/app/runner';
import { DataDirError } from '../../electron/core/store/database';
import { RecordingError } from '../../electron/core/simulator/recording-from-store';

const config = parseCommandLine(['--port', '4710', '--data-dir', '/tmp/x']).config!;

describe('start failures', () => {
  it('exits 2 for what the user typed', () => {
    expect(startFailure(new ConfigError('--port must be a whole number from 0 to 65535'))).toEqual({ message: '--port must be a whole number from 0 to 65535', exitCode: 2 });
    expect(startFailure(new RecordingError('no trackside.db in /nope')).exitCode).toBe(2);
  });

  it('exits 1 with one line for what the machine refused', () => {
    expect(startFailure(new DataDirError('/data is read-only'))).toEqual({ message: 'cannot use the data dir: /data is read-only', exitCode: 1 });
    const busy = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(startFailure(new ListenError(config, busy))).toEqual({ message: 'cannot start: port 4710 is in use (try --port 0 or another port)', exitCode: 1 });
    expect(startFailure(new ConsoleOpenError('/data', new Error('SQLITE_BUSY')))).toEqual({ message: 'cannot open the data dir /data: SQLITE_BUSY', exitCode: 1 });
  });

  it('names an error nobody foresaw on one line, without its stack', () => {
    const f = startFailure(new TypeError('x is undefined\nsecond line'));
    expect(f).toEqual({ message: 'cannot start: TypeError: x is undefined', exitCode: 1 });
  });
});
