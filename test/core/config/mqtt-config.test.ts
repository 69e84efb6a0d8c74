/**
 * The --mqtt-* flags and their TRACKSIDE_MQTT_* variables: what a Config holds, and the one-line
 * refusals for values that cannot work.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseCommandLine } from '../../../electron/core/config/config';
import { topicLevel, Topics } from '../../../electron/core/outputs/mqtt/topics';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCommandLine(['--data-dir', '/tmp/trackside-mqtt-config', ...argv], env).config!;
const refusal = (argv: string[]) => {
  try {
    parse(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('mqtt configuration', () => {
  it('is off without a broker URL, whatever else is set', () => {
    expect(parse([]).mqtt).toBeUndefined();
    expect(parse(['--mqtt-username', 'x']).mqtt).toBeUndefined();
  });

  it('takes flags, or TRACKSIDE_MQTT_* variables under them', () => {
    const c = parse(['--mqtt-url', 'mqtts://broker.example:8883', '--mqtt-topic-prefix', '/venue/'], { TRACKSIDE_MQTT_USERNAME: 'u', TRACKSIDE_MQTT_PASSWORD: 'p', TRACKSIDE_MQTT_URL: 'mqtt://ignored:1883' });
    expect(c.mqtt).toMatchObject({ url: 'mqtts://broker.example:8883', username: 'u', password: 'p', topicPrefix: 'venue' });
    expect(c.mqtt!.clientId).toMatch(/^trackside-[A-Za-z0-9-]+-[0-9a-f]{8}$/);
    // The same data dir, the same id: a restart does not look like a second client to the broker.
    expect(parse(['--mqtt-url', 'ws://b:9001/']).mqtt!.clientId).toBe(c.mqtt!.clientId);
  });

  it('refuses what cannot reach a broker, in one line', () => {
    expect(refusal(['--mqtt-url', 'https://broker:8883'])).toBe('--mqtt-url must start with mqtt://, mqtts://, ws:// or wss:// (got https://)');
    expect(refusal(['--mqtt-url', 'mqtt://user:secret@broker'])).toBe('--mqtt-url must not carry a user name or password: use --mqtt-username and --mqtt-password');
    expect(refusal(['--mqtt-url', 'mqtt://b', '--mqtt-topic-prefix', 'a/#'])).toMatch(/^--mqtt-topic-prefix must not contain \+, #/);
  });

  it('escapes data in topic levels so an id never adds a level or a wildcard', () => {
    expect(topicLevel('F/01+#%')).toBe('F%2F01%2B%23%25');
    expect(new Topics('trackside', 'x-2026-TSD-demo').unit({ eventId: 'A/B', round: 1, heat: 2 })).toBe('trackside/x-2026-TSD-demo/units/A%2FB/1/2');
  });
});
