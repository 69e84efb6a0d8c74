/** A refused value is named the way the user set it: a flag, a TRACKSIDE_* variable, or a saved setting. */
import { describe, expect, it } from 'vitest';
import { ConfigError, configFrom, dataDirFrom, readCommandLine } from '../../../electron/core/config/config';
import type { SavedSettings } from '../../../electron/core/model/settings';

function refusal(argv: string[], env: NodeJS.ProcessEnv, saved: SavedSettings = {}): string {
  try {
    configFrom(readCommandLine(argv, env), env, saved);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('refusals name what the user set', () => {
  it('a flag as the flag', () => {
    expect(refusal(['--competition', 'nothing here'], {})).toMatch(/^--competition: expected an OpenTrack competition URL/);
    expect(refusal(['--port', 'x'], {})).toBe('--port must be a whole number from 0 to 65535');
  });

  it('an environment variable as the variable', () => {
    expect(refusal([], { TRACKSIDE_COMPETITION: 'nothing here' })).toMatch(/^TRACKSIDE_COMPETITION: expected an OpenTrack competition URL/);
    expect(refusal([], { TRACKSIDE_PORT: 'x' })).toBe('TRACKSIDE_PORT must be a whole number from 0 to 65535');
    expect(refusal(['--demo'], { TRACKSIDE_COMPETITION: 'x/2025/NOR/ser4' })).toBe('--demo and TRACKSIDE_COMPETITION cannot be used together');
    expect(() => dataDirFrom(readCommandLine([], { TRACKSIDE_DATA_DIR: ' ' }), { TRACKSIDE_DATA_DIR: ' ' })).toThrow(/^TRACKSIDE_DATA_DIR must not be empty$/);
  });

  it('a saved setting as the saved setting, with the way out', () => {
    const m = refusal([], {}, { competition: 'nothing here' });
    expect(m).toMatch(/^the saved competition: expected an OpenTrack competition URL/);
    expect(m).toMatch(/\(saved on the Settings page: start with --competition or --demo to set it aside, then change it there\)$/);
    expect(m).not.toMatch(/--competition:/);
    expect(refusal([], {}, { port: 70000 })).toBe(
      'the saved port must be a whole number from 0 to 65535 (saved on the Settings page: start with --port to set it aside, then change it there)',
    );
  });

  it('a flag over a bad saved value is all that counts', () => {
    expect(configFrom(readCommandLine(['--demo'], {}), {}, { competition: 'nothing here' }).mode).toBe('demo');
  });
});
