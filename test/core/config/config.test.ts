import { describe, expect, it } from 'vitest';
import { ConfigError, OPENTRACK_LIVE_PUSHER_KEY, parseCommandLine } from '../../../electron/core/config/config';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCommandLine(argv, env);

describe('command line and TRACKSIDE_* environment', () => {
  it('defaults to the demo meet on 127.0.0.1:4710 with OpenTrack LIVE Pusher settings', () => {
    const { config } = parse([]);
    expect(config).toMatchObject({ mode: 'demo', host: '127.0.0.1', port: 4710, demoSpeed: 1, headless: false });
    expect(config!.pusher).toEqual({ key: OPENTRACK_LIVE_PUSHER_KEY, cluster: 'eu', host: undefined, port: undefined, tls: true });
  });

  it('takes a full competition URL, setting the base from its origin and keeping a language prefix', () => {
    const { config } = parse(['--competition', 'https://norway.opentrack.run/en-gb/x/2025/NOR/ser4/']);
    expect(config!.mode).toBe('live');
    expect(config!.competition).toEqual({ base: 'https://norway.opentrack.run', path: '/x/2025/NOR/ser4/', languagePrefix: '/en-gb' });
  });

  it('resolves a competition path against --opentrack-base', () => {
    const { config } = parse(['--competition', 'x/2025/NOR/ser4', '--opentrack-base', 'http://127.0.0.1:9000/']);
    expect(config!.competition).toEqual({ base: 'http://127.0.0.1:9000', path: '/x/2025/NOR/ser4/', languagePrefix: '' });
  });

  it('reads every flag from TRACKSIDE_<FLAG>, and a flag wins over the environment', () => {
    const { config, warnings } = parse(['--port', '5000'], {
      TRACKSIDE_PORT: '6000',
      TRACKSIDE_DATA_DIR: '/tmp/ts-data',
      TRACKSIDE_PUSHER_TLS: 'false',
      TRACKSIDE_HEADLESS: '1',
      TRACKSIDE_DEMO_SPEED: '20',
    });
    expect(config).toMatchObject({ port: 5000, dataDir: '/tmp/ts-data', headless: true, demoSpeed: 20 });
    expect(config!.pusher.tls).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('warns once per unknown TRACKSIDE_ variable and carries on', () => {
    const { config, warnings } = parse([], { TRACKSIDE_COLOUR: 'blue', PATH: '/bin' });
    expect(config!.mode).toBe('demo');
    expect(warnings).toEqual(['warning: ignoring unknown environment variable TRACKSIDE_COLOUR']);
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['--port', 'eighty'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--pusher-tls', 'maybe'], /--pusher-tls must be true or false/],
    [['--demo-speed', '0'], /--demo-speed must be greater than 0/],
    [['--demo-speed=-2'], /--demo-speed must be a positive number/],
    [['--demo-speed', '-2'], /--demo-speed needs a value/],
    [['--opentrack-base', 'ftp://x'], /--opentrack-base must be an http\(s\) URL/],
    [['--competition', 'https://data.opentrack.run/en-gb/'], /--competition: expected an OpenTrack competition URL/],
    [['--demo', '--competition', 'x/2025/NOR/ser4'], /cannot be used together/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('refuses %j with one clear line (exit code 2)', (argv, message) => {
    let error: unknown;
    try {
      parse(argv);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('answers --help without building a config', () => {
    expect(parse(['--help']).print).toContain('--competition <url|path>');
  });
});
