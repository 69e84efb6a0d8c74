/**
 * The trust boundary's flags: `--allowed-hosts` (LAN mode only, exact names and addresses) and a
 * competition that must be an http(s) URL or a path.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseCommandLine } from '../../../electron/core/config/config';
import { parseCompetitionLocation } from '../../../electron/core/model/competition-location';

const TOKEN = 'trust-flags-token-0123456789';
const lan = ['--host', '0.0.0.0', '--access-token', TOKEN];

describe('--allowed-hosts', () => {
  it('takes names and addresses, normalised the way a browser sends Host', () => {
    const config = parseCommandLine([...lan, '--allowed-hosts', 'Trackside.Local, 192.168.1.20 ,[FE80::1],2001:db8::1'], {}).config!;
    expect(config.allowedHosts).toEqual(['trackside.local', '192.168.1.20', '[fe80::1]', '[2001:db8::1]']);
    expect(parseCommandLine(lan, { TRACKSIDE_ALLOWED_HOSTS: 'scoreboard.test' }).config!.allowedHosts).toEqual(['scoreboard.test']);
    expect(parseCommandLine([], {}).config!.allowedHosts).toEqual([]);
  });

  it.each([
    [['--allowed-hosts', 'trackside.local'], /needs an access token/],
    [[...lan, '--allowed-hosts', '*.venue.test'], /"\*\.venue\.test" is not a host name or address/],
    [[...lan, '--allowed-hosts', 'trackside.local:4710'], /not a host name or address/],
    [[...lan, '--allowed-hosts', 'http://trackside.local'], /not a host name or address/],
    [[...lan, '--allowed-hosts', ' , '], /must list names or addresses/],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseCommandLine(argv, {})).toThrow(ConfigError);
    expect(() => parseCommandLine(argv, {})).toThrow(message);
  });

  it('applies a saved list only in LAN mode, like the saved token', () => {
    const saved = { lanMode: true, accessToken: TOKEN, allowedHosts: 'trackside.local' };
    expect(parseCommandLine([], {}, saved).config!.allowedHosts).toEqual(['trackside.local']);
    expect(parseCommandLine([], {}, { ...saved, lanMode: false }).config!.allowedHosts).toEqual([]);
  });
});

describe('--competition', () => {
  it.each(['ftp://data.opentrack.run/x/2025/NOR/ser4/', 'file:///x/2025/NOR/ser4/', 'javascript:alert(1)//x/2025/NOR', '//evil.example/x/2025/NOR/ser4/', 'ws://data.opentrack.run/x/2025/NOR/ser4/'])(
    'refuses %s instead of turning it into an https URL',
    (competition) => {
      expect(() => parseCommandLine(['--competition', competition], {})).toThrow(/--competition: must be an http:\/\/ or https:\/\/ URL/);
    },
  );

  it('still takes http(s) URLs and paths', () => {
    expect(parseCompetitionLocation('HTTPS://data.opentrack.run/en-gb/x/2025/NOR/ser4/', 'https://data.opentrack.run')).toEqual({ base: 'https://data.opentrack.run', path: '/x/2025/NOR/ser4/', languagePrefix: '/en-gb' });
    expect(parseCompetitionLocation('x/2025/NOR/ser4', 'https://norway.opentrack.run').base).toBe('https://norway.opentrack.run');
    expect(parseCompetitionLocation('/x/2025/NOR/ser4/', 'http://127.0.0.1:9').path).toBe('/x/2025/NOR/ser4/');
  });
});
