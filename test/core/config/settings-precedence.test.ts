/**
 * Saved settings as the lowest layer of the configuration: a flag wins over TRACKSIDE_*, which
 * wins over a saved setting, which wins over the default; and LAN mode never serves other
 * machines without an access token.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseCommandLine, readCommandLine } from '../../../electron/core/config/config';
import { overriddenBy } from '../../../electron/core/config/setting-fields';

const TOKEN = 'abcdefghijklmnop-0123456789';

function refusal(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('flag > env > saved setting > default', () => {
  it('takes the port from each layer in turn', () => {
    expect(parseCommandLine([], {}, {}).config!.port).toBe(4710);
    expect(parseCommandLine([], {}, { port: 5001 }).config!.port).toBe(5001);
    expect(parseCommandLine([], { TRACKSIDE_PORT: '5002' }, { port: 5001 }).config!.port).toBe(5002);
    expect(parseCommandLine(['--port', '5003'], { TRACKSIDE_PORT: '5002' }, { port: 5001 }).config!.port).toBe(5003);
  });

  it('says which flag or variable overrides a field', () => {
    expect(overriddenBy('port', readCommandLine(['--port', '5003'], { TRACKSIDE_PORT: '5002' }))).toBe('--port');
    expect(overriddenBy('port', readCommandLine([], { TRACKSIDE_PORT: '5002' }))).toBe('TRACKSIDE_PORT');
    expect(overriddenBy('port', readCommandLine([], {}))).toBeNull();
    expect(overriddenBy('competition', readCommandLine(['--demo'], {}))).toBe('--demo');
    expect(overriddenBy('lanMode', readCommandLine(['--host', '127.0.0.2'], {}))).toBe('--host');
  });

  it('follows a saved competition, unless the command line asks for the demo', () => {
    const saved = { competition: 'x/2025/NOR/ser4', opentrackBase: 'http://127.0.0.1:9000' };
    const live = parseCommandLine([], {}, saved).config!;
    expect(live.mode).toBe('live');
    expect(live.competition).toEqual({ base: 'http://127.0.0.1:9000', path: '/x/2025/NOR/ser4/', languagePrefix: '' });
    expect(parseCommandLine(['--demo'], {}, saved).config!.mode).toBe('demo');
    expect(parseCommandLine([], { TRACKSIDE_DEMO: '1' }, saved).config!.mode).toBe('demo');
  });

  it('applies saved Pusher, demo speed and webhook settings, each under its flag', () => {
    const saved = { pusherKey: 'saved-key', pusherCluster: 'us2', demoSpeed: 5, webhookToken: 'saved-token', webhookSecret: 'whsec_c2F2ZWQ=' };
    const config = parseCommandLine(['--pusher-key', 'flag-key'], {}, saved).config!;
    expect(config.pusher).toMatchObject({ key: 'flag-key', cluster: 'us2' });
    expect(config.demoSpeed).toBe(5);
    expect(config.webhooks).toMatchObject({ token: 'saved-token', secret: 'whsec_c2F2ZWQ=' });
  });

  it('never takes the data dir from the settings: there is no such setting', () => {
    expect(() => parseCommandLine([], {}, { dataDir: '/elsewhere' } as never)).not.toThrow();
    expect(parseCommandLine(['--data-dir', '/tmp/here'], {}, { dataDir: '/elsewhere' } as never).config!.dataDir).toBe('/tmp/here');
  });
});

describe('LAN mode and the access token', () => {
  it('refuses to serve beyond loopback without a token, in one line that says how to fix it', () => {
    for (const host of ['0.0.0.0', '192.168.1.20', '::']) {
      const err = refusal(() => parseCommandLine(['--host', host], {}));
      expect(err.exitCode).toBe(2);
      expect(err.message).not.toContain('\n');
      expect(err.message).toContain(`--host ${host}`);
      expect(err.message).toContain('--access-token');
    }
  });

  it('serves beyond loopback with a token from the flag or TRACKSIDE_ACCESS_TOKEN', () => {
    expect(parseCommandLine(['--host', '0.0.0.0', '--access-token', TOKEN], {}).config).toMatchObject({ host: '0.0.0.0', accessToken: TOKEN });
    expect(parseCommandLine(['--host', '0.0.0.0'], { TRACKSIDE_ACCESS_TOKEN: TOKEN }).config!.accessToken).toBe(TOKEN);
    // Loopback with a token: every request needs it there too (a tunnel looks local).
    expect(parseCommandLine(['--access-token', TOKEN], {}).config).toMatchObject({ host: '127.0.0.1', accessToken: TOKEN });
  });

  it('refuses a short token or one that would need escaping in a URL', () => {
    expect(refusal(() => parseCommandLine(['--access-token', 'short'], {})).message).toMatch(/--access-token must be at least 16 characters/);
    expect(refusal(() => parseCommandLine(['--access-token', 'has spaces and & more!!'], {})).message).toMatch(/--access-token may only contain/);
  });

  it('saved LAN mode binds every IPv4 interface with the saved token; LAN off ignores the saved token', () => {
    expect(parseCommandLine([], {}, { lanMode: true, accessToken: TOKEN }).config).toMatchObject({ host: '0.0.0.0', accessToken: TOKEN });
    const off = parseCommandLine([], {}, { lanMode: false, accessToken: TOKEN }).config!;
    expect(off).toMatchObject({ host: '127.0.0.1' });
    expect(off.accessToken).toBeUndefined();
    // The command line still wins: --host 127.0.0.1 keeps LAN mode off, with the saved token on.
    expect(parseCommandLine(['--host', '127.0.0.1'], {}, { lanMode: true, accessToken: TOKEN }).config).toMatchObject({ host: '127.0.0.1', accessToken: TOKEN });
  });
});
