/**
 * The console's configuration: one validated object built from CLI flags, `TRACKSIDE_*`
 * environment variables and the settings saved in the data dir (flag > env > saved > default).
 * Everything the core does is decided here, so tests and the Electron shell build a Config and
 * never touch argv.
 */
import { createHash } from 'node:crypto';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseCompetitionLocation, CompetitionUrlError, type CompetitionLocation } from '../model/competition-location';
import { AccessTokenSchema, type SavedSettings } from '../model/settings';
import { allowedHostsProblem, normaliseHost, splitHosts } from '../model/allowed-hosts';

/** OpenTrack's LIVE app key (SPEC §3); keys change by season, so it is only a default. */
export const OPENTRACK_LIVE_PUSHER_KEY = '2b94ba526eda8332e32a';
export const DEFAULT_PORT = 4710;
export const DEFAULT_OPENTRACK_BASE = 'https://data.opentrack.run';

export type ConsoleMode = 'live' | 'demo' | 'replay';

export interface PusherConfig {
  key: string;
  cluster: string;
  host?: string;
  port?: number;
  tls: boolean;
}

export interface Config {
  mode: ConsoleMode;
  /** Set in live mode; demo and replay build their own on a local stand-in. */
  competition?: CompetitionLocation;
  opentrackBase: string;
  pusher: PusherConfig;
  dataDir: string;
  host: string;
  port: number;
  demoSpeed: number;
  /** Data dir of an earlier run, in replay mode. */
  replayDir?: string;
  headless: boolean;
  webhooks: WebhookConfig;
  /** Required on every HTTP request but /hooks/* when set (LAN mode). */
  accessToken?: string;
  /** LAN mode: names and addresses other devices may use in the URL, besides loopback and the bound address. */
  allowedHosts: string[];
  /** Publishing to an MQTT broker; absent without --mqtt-url. */
  mqtt?: MqttConfig;
  /** World Triathlon's API, for setting up subscriptions and loading a program's current state. */
  triathlonApi: { key?: string; base: string };
}

export interface MqttConfig {
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://`; credentials never in it (they are below). */
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** A PEM file of the CA that signed the broker's certificate (a venue's own CA). */
  caFile?: string;
  topicPrefix: string;
}

export const MQTT_URL_SCHEMES = ['mqtt:', 'mqtts:', 'ws:', 'wss:'] as const;
export const DEFAULT_MQTT_TOPIC_PREFIX = 'trackside';

/** World Triathlon API v1 (its docs: base https://api.triathlon.org/v1, key in the `apikey` header). */
export const DEFAULT_TRIATHLON_API_BASE = 'https://api.triathlon.org/v1';

export type HookRoute = 'triathlon' | 'trackscore' | 'standard';
export const HOOK_ROUTES: readonly HookRoute[] = ['triathlon', 'trackscore', 'standard'];

export interface WebhookConfig {
  /** `/hooks/triathlon` shared token; without one the route answers 401 to everyone. */
  token?: string;
  /** `/hooks/trackscore` (hex HMAC key, as given) and `/hooks/standard` (`whsec_…`). */
  secret?: string;
  /** The token and secret being rotated out: still accepted until `rotationEndsAt`. */
  previousToken?: string;
  previousSecret?: string;
  /** Epoch ms; the previous token/secret stop working after it. */
  rotationEndsAt?: number;
  /** Per route, the source addresses allowed (CIDR); a route without a list accepts any address. */
  allow: Partial<Record<HookRoute, string[]>>;
  /** Largest body a hook route accepts, in bytes (413 above it). */
  maxBytes: number;
}

export const DEFAULT_WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;
/** Without --webhook-rotation-ends, the previous secret keeps working this long after start. */
export const DEFAULT_ROTATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A configuration problem the user can fix: printed as one line, exit code 2. */
export class ConfigError extends Error {
  readonly exitCode = 2;
}

const FLAGS = {
  competition: { type: 'string' },
  'pusher-key': { type: 'string' },
  'pusher-cluster': { type: 'string' },
  'pusher-host': { type: 'string' },
  'pusher-port': { type: 'string' },
  'pusher-tls': { type: 'string' },
  'opentrack-base': { type: 'string' },
  'data-dir': { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'access-token': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  demo: { type: 'boolean' },
  'demo-speed': { type: 'string' },
  replay: { type: 'string' },
  headless: { type: 'boolean' },
  'webhook-token': { type: 'string' },
  'webhook-secret': { type: 'string' },
  'webhook-previous-token': { type: 'string' },
  'webhook-previous-secret': { type: 'string' },
  'webhook-rotation-ends': { type: 'string' },
  'webhook-allow-triathlon': { type: 'string' },
  'webhook-allow-trackscore': { type: 'string' },
  'webhook-allow-standard': { type: 'string' },
  'webhook-max-bytes': { type: 'string' },
  'mqtt-url': { type: 'string' },
  'mqtt-client-id': { type: 'string' },
  'mqtt-username': { type: 'string' },
  'mqtt-password': { type: 'string' },
  'mqtt-ca': { type: 'string' },
  'mqtt-topic-prefix': { type: 'string' },
  'triathlon-api-key': { type: 'string' },
  'triathlon-api-base': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export type FlagName = keyof typeof FLAGS;
type RawFlags = Partial<Record<FlagName, string | boolean>>;
/** Where a flag's value came from: the command line or a TRACKSIDE_* variable. */
export type FlagOrigin = 'flag' | 'env';

export const envName = (flag: string): string => `TRACKSIDE_${flag.toUpperCase().replace(/-/g, '_')}`;
const ENV_TO_FLAG = new Map<string, FlagName>(
  (Object.keys(FLAGS) as FlagName[]).filter((f) => f !== 'help' && f !== 'version').map((f) => [envName(f), f]),
);

const port = (flag: string) =>
  z
    .string()
    .regex(/^\d+$/, `--${flag} must be a whole number from 0 to 65535`)
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, `--${flag} must be a whole number from 0 to 65535`);

const httpUrl = (flag: string) =>
  z.string().refine((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, `--${flag} must be an http(s) URL`);

const bool = (flag: string) =>
  z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .refine((s) => ['true', 'false', '1', '0', 'yes', 'no'].includes(s), `--${flag} must be true or false`)
    .transform((s) => ['true', '1', 'yes'].includes(s));

const nonEmpty = (flag: string) => z.string().trim().min(1, `--${flag} must not be empty`);

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Trackside');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Trackside');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'trackside');
}

export interface ParsedCommandLine {
  config?: Config;
  /** `--help` / `--version` asked: print this and exit 0. */
  print?: string;
  warnings: string[];
}

export const USAGE = `Usage: trackside [options]

Follows an OpenTrack competition live (or the built-in demo meet) and serves it on a local URL.

  --competition <url|path>  OpenTrack competition, e.g. https://data.opentrack.run/x/2025/NOR/ser4/
  --opentrack-base <url>    host for a competition given as a path (default https://data.opentrack.run)
  --pusher-key <key>        Pusher app key (default OpenTrack LIVE key)
  --pusher-cluster <name>   Pusher cluster (default eu)
  --pusher-host <host>      Pusher host override (for a local or self-hosted Pusher server)
  --pusher-port <port>      Pusher port override
  --pusher-tls <bool>       use TLS for Pusher (default true; false with a local --pusher-host)
  --data-dir <dir>          where the SQLite cache lives (default ${defaultDataDir()})
  --host <host>             address to serve on (default 127.0.0.1)
  --port <port>             port to serve on (default ${DEFAULT_PORT}; 0 = any free port)
  --access-token <token>    required on every request (header, ?token= or cookie); needed to
                            serve beyond this machine (--host 0.0.0.0 or a LAN address)
  --allowed-hosts <names>   with --access-token: names or addresses other devices use in the URL,
                            comma-separated, e.g. trackside.local (others are refused with 421)
  --demo                    play the built-in demo meet (the default without --competition)
  --demo-speed <x>          playback speed of the demo or replay (default 1)
  --replay <data dir>       replay a meet recorded earlier in that data dir
  --headless                never open Electron windows; serve the console only
  --webhook-token <token>   token for incoming World Triathlon-style webhooks
  --webhook-secret <secret> secret for incoming signed webhooks (TrackScore HMAC key; whsec_… for Standard Webhooks)
  --webhook-previous-token <t>   old token, still accepted during a rotation
  --webhook-previous-secret <s>  old secret, still accepted during a rotation
  --webhook-rotation-ends <time> when the old token/secret stop working (ISO time; default 24 h after start)
  --webhook-allow-<route> <cidrs> source addresses allowed on /hooks/<route> (triathlon, trackscore,
                            standard), comma-separated CIDR, e.g. 203.0.113.0/24,2001:db8::/32
  --webhook-max-bytes <n>   largest webhook body accepted (default 5242880)
  --mqtt-url <url>          publish the meet to an MQTT broker: mqtt://, mqtts://, ws:// or wss://
                            host:port, e.g. mqtt://venue-box:1883 (see docs/mqtt.md)
  --mqtt-client-id <id>     MQTT client id (default trackside-<host name>-<data dir hash>)
  --mqtt-username <name>    MQTT user name
  --mqtt-password <secret>  MQTT password
  --mqtt-ca <file>          PEM file of the CA that signed the broker's TLS certificate
  --mqtt-topic-prefix <p>   first topic level (default trackside)
  --triathlon-api-key <key> World Triathlon API key: set up subscriptions and load programs from the console
  --triathlon-api-base <url> World Triathlon API base (default ${DEFAULT_TRIATHLON_API_BASE})
  -h, --help                show this help
  Every flag can also be set as TRACKSIDE_<FLAG>, e.g. TRACKSIDE_DATA_DIR.
  Settings saved on the dashboard's Settings page apply where neither a flag nor a variable does.
`;

/** The command line and environment, merged (a flag wins) but not yet validated into a Config. */
export interface CommandLine {
  flags: RawFlags;
  origin: Partial<Record<FlagName, FlagOrigin>>;
  warnings: string[];
  /** `--help` / `--version` asked. */
  print?: string;
}

/** Parse argv (without node and script) and env into a Config, or throw ConfigError. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env, saved: SavedSettings = {}): ParsedCommandLine {
  const cmd = readCommandLine(argv, env);
  if (cmd.print) return { print: cmd.print, warnings: cmd.warnings };
  return { config: configFrom(cmd, env, saved), warnings: cmd.warnings };
}

export function readCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  const warnings: string[] = [];
  let cli: RawFlags;
  try {
    cli = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values as RawFlags;
  } catch (err) {
    const first = (err as Error).message.split('\n')[0] ?? '';
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(first);
    throw new ConfigError(
      ambiguous
        ? `${ambiguous[1]} needs a value; for a value starting with '-', write ${ambiguous[1]}=<value>`
        : `${first} (see --help)`,
    );
  }
  if (cli.help) return { flags: {}, origin: {}, warnings, print: USAGE };
  if (cli.version) return { flags: {}, origin: {}, warnings, print: 'trackside 0.1.0\n' };

  const flags: RawFlags = {};
  const origin: CommandLine['origin'] = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('TRACKSIDE_') || value === undefined) continue;
    const flag = ENV_TO_FLAG.get(name);
    if (!flag) {
      // `npm start`'s own switch (scripts/start/desktop.mjs), not the console's.
      if (name === 'TRACKSIDE_INSTALL_ELECTRON') continue;
      warnings.push(`warning: ignoring unknown environment variable ${name}`);
      continue;
    }
    flags[flag] = FLAGS[flag].type === 'boolean' ? parseEnvBoolean(name, value) : value;
    origin[flag] = 'env';
  }
  for (const [name, value] of Object.entries(cli) as [FlagName, string | boolean | undefined][]) {
    if (value === undefined) continue;
    flags[name] = value;
    origin[name] = 'flag';
  }
  return { flags, origin, warnings };
}

/** The data dir cannot be a setting (the settings live in it): flags, env and the default only. */
export function dataDirFrom(cmd: CommandLine, env: NodeJS.ProcessEnv = process.env): string {
  const dir = cmd.flags['data-dir'];
  return namingOrigins(cmd.origin, () => resolve(check(nonEmpty('data-dir'), typeof dir === 'string' ? dir : defaultDataDir(env))));
}

/** The Config from the command line over the saved settings. */
export function configFrom(cmd: CommandLine, env: NodeJS.ProcessEnv = process.env, saved: SavedSettings = {}): Config {
  const fromSaved = savedAsFlags(saved, cmd.origin);
  const origins: Partial<Record<FlagName, FlagOrigin | 'saved'>> = {};
  for (const flag of Object.keys(fromSaved) as FlagName[]) origins[flag] = 'saved';
  Object.assign(origins, cmd.origin);
  return namingOrigins(origins, () => buildConfig({ ...fromSaved, ...cmd.flags }, env));
}

/** How a saved setting is named to the user, by the flag it stands for. */
const SAVED_NAMES: Partial<Record<FlagName, string>> = {
  competition: 'competition',
  'opentrack-base': 'OpenTrack host',
  'demo-speed': 'demo speed',
  'pusher-key': 'Pusher key',
  'pusher-cluster': 'Pusher cluster',
  port: 'port',
  host: 'LAN mode',
  'access-token': 'access token',
  'webhook-token': 'webhook token',
  'webhook-secret': 'webhook secret',
  'webhook-previous-token': 'previous webhook token',
  'webhook-previous-secret': 'previous webhook secret',
  'webhook-rotation-ends': 'webhook rotation end',
};

/**
 * Validation messages are written with flag names; a value the user set another way (a
 * TRACKSIDE_* variable, the Settings page) is named the way they set it, so nobody hunts for a
 * --competition flag they never typed.
 */
function namingOrigins<T>(origins: Partial<Record<FlagName, FlagOrigin | 'saved'>>, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    let savedFlag: FlagName | undefined;
    const message = err.message.replace(/--([a-z][a-z-]*)/g, (whole, name: string) => {
      const flag = name as FlagName;
      const origin = origins[flag];
      if (origin === 'env') return envName(flag);
      if (origin === 'saved') {
        savedFlag ??= flag;
        return `the saved ${SAVED_NAMES[flag] ?? flag}`;
      }
      return whole;
    });
    if (savedFlag === undefined) throw message === err.message ? err : new ConfigError(message);
    const override = savedFlag === 'competition' ? '--competition or --demo' : `--${savedFlag}`;
    throw new ConfigError(`${message} (saved on the Settings page: start with ${override} to set it aside, then change it there)`);
  }
}

/** The host LAN mode binds to: every IPv4 interface (IPv6-only networks can still use --host ::). */
export const LAN_HOST = '0.0.0.0';

/**
 * Saved settings as the flags they stand for, the lowest layer under env and flags. A saved
 * competition steps aside when the command line asks for the demo or a replay, so the command
 * line wins there too instead of conflicting. The saved access token applies only with LAN mode
 * on: switching LAN off brings back a plain loopback console.
 */
function savedAsFlags(saved: SavedSettings, origin: CommandLine['origin']): RawFlags {
  const f: RawFlags = {};
  const put = (flag: FlagName, value: string | number | undefined) => {
    if (value !== undefined) f[flag] = String(value);
  };
  if (!origin.demo && !origin.replay) put('competition', saved.competition);
  put('opentrack-base', saved.opentrackBase);
  put('demo-speed', saved.demoSpeed);
  put('pusher-key', saved.pusherKey);
  put('pusher-cluster', saved.pusherCluster);
  put('port', saved.port);
  if (saved.lanMode) {
    put('host', LAN_HOST);
    put('access-token', saved.accessToken);
    put('allowed-hosts', saved.allowedHosts);
  }
  put('webhook-token', saved.webhookToken);
  put('webhook-secret', saved.webhookSecret);
  put('webhook-previous-token', saved.webhookPreviousToken);
  put('webhook-previous-secret', saved.webhookPreviousSecret);
  put('webhook-rotation-ends', saved.webhookRotationEnds);
  put('mqtt-url', saved.mqttUrl);
  put('mqtt-client-id', saved.mqttClientId);
  put('mqtt-username', saved.mqttUsername);
  put('mqtt-password', saved.mqttPassword);
  put('mqtt-ca', saved.mqttCa);
  put('mqtt-topic-prefix', saved.mqttTopicPrefix);
  put('triathlon-api-key', saved.triathlonApiKey);
  put('triathlon-api-base', saved.triathlonApiBase);
  return f;
}

/** Loopback addresses: only this machine can reach them (a tunnel aside, hence the token anyway). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

function parseEnvBoolean(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', ''].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}

function check<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigError(result.error.issues[0]?.message ?? 'invalid value');
  return result.data;
}

function buildConfig(f: RawFlags, env: NodeJS.ProcessEnv): Config {
  const str = (name: FlagName) => (typeof f[name] === 'string' ? (f[name] as string) : undefined);
  const opentrackBase = check(httpUrl('opentrack-base'), str('opentrack-base') ?? DEFAULT_OPENTRACK_BASE).replace(/\/+$/, '');

  let competition: CompetitionLocation | undefined;
  const competitionArg = str('competition');
  if (competitionArg !== undefined) {
    try {
      competition = parseCompetitionLocation(check(nonEmpty('competition'), competitionArg), opentrackBase);
    } catch (err) {
      if (err instanceof CompetitionUrlError) throw new ConfigError(`--competition: ${err.message}`);
      throw err;
    }
  }
  const replayArg = str('replay');
  if (f.demo && competition) throw new ConfigError('--demo and --competition cannot be used together');
  if (replayArg !== undefined && competition) throw new ConfigError('--replay and --competition cannot be used together');
  if (replayArg !== undefined && f.demo) throw new ConfigError('--replay and --demo cannot be used together');
  const mode: ConsoleMode = competition ? 'live' : replayArg !== undefined ? 'replay' : 'demo';

  const pusherHost = str('pusher-host') !== undefined ? check(nonEmpty('pusher-host'), str('pusher-host')) : undefined;
  const pusherPort = str('pusher-port') !== undefined ? check(port('pusher-port'), str('pusher-port')) : undefined;
  const pusherTls = str('pusher-tls') !== undefined ? check(bool('pusher-tls'), str('pusher-tls')) : true;
  const host = check(nonEmpty('host'), str('host') ?? '127.0.0.1');
  const tokenArg = str('access-token');
  const tokenCheck = tokenArg === undefined ? undefined : AccessTokenSchema.safeParse(tokenArg);
  if (tokenCheck && !tokenCheck.success) {
    throw new ConfigError(`--access-token ${(tokenCheck.error.issues[0]?.message ?? 'is not valid').replace(' (use Generate)', '; e.g. openssl rand -hex 24')}`);
  }
  const accessToken = tokenCheck?.data;
  if (!isLoopbackHost(host) && !accessToken) {
    throw new ConfigError(
      `--host ${host} serves other machines, so it needs an access token: add --access-token "$(openssl rand -hex 24)" (or TRACKSIDE_ACCESS_TOKEN), or turn on LAN mode on the Settings page, or serve on --host 127.0.0.1`,
    );
  }
  const allowedHosts = allowedHostsFrom(str('allowed-hosts'), accessToken);
  const demoSpeed = check(
    z
      .string()
      .regex(/^\d*\.?\d+$/, '--demo-speed must be a positive number, e.g. 1, 0.5 or 20')
      .transform(Number)
      .refine((n) => n > 0 && n <= 10000, '--demo-speed must be greater than 0 and at most 10000'),
    str('demo-speed') ?? '1',
  );

  const dataDir = resolve(check(nonEmpty('data-dir'), str('data-dir') ?? defaultDataDir(env)));
  return {
    mode,
    competition,
    opentrackBase,
    pusher: {
      key: check(nonEmpty('pusher-key'), str('pusher-key') ?? OPENTRACK_LIVE_PUSHER_KEY),
      cluster: check(nonEmpty('pusher-cluster'), str('pusher-cluster') ?? 'eu'),
      host: pusherHost,
      port: pusherPort,
      tls: pusherTls,
    },
    dataDir,
    host,
    port: check(port('port'), str('port') ?? String(DEFAULT_PORT)),
    demoSpeed,
    replayDir: replayArg !== undefined ? resolve(check(nonEmpty('replay'), replayArg)) : undefined,
    headless: Boolean(f.headless),
    webhooks: buildWebhookConfig(str),
    accessToken,
    allowedHosts,
    mqtt: buildMqttConfig(str, dataDir),
    triathlonApi: {
      key: str('triathlon-api-key') !== undefined ? check(nonEmpty('triathlon-api-key'), str('triathlon-api-key')) : undefined,
      base: check(httpUrl('triathlon-api-base'), str('triathlon-api-base') ?? DEFAULT_TRIATHLON_API_BASE).replace(/\/+$/, ''),
    },
  };
}

/**
 * Extra names only with a token: without one, a name reached through a tunnel or the LAN would
 * open the whole console to whoever can reach it.
 */
function allowedHostsFrom(text: string | undefined, accessToken: string | undefined): string[] {
  if (text === undefined) return [];
  const problem = allowedHostsProblem(text);
  if (problem) throw new ConfigError(`--allowed-hosts: ${problem}`);
  if (!accessToken) {
    throw new ConfigError('--allowed-hosts lets other devices in by name, so it needs an access token: add --access-token "$(openssl rand -hex 24)" (LAN mode)');
  }
  return [...new Set(splitHosts(text).map((h) => normaliseHost(h)!))];
}

function buildMqttConfig(str: (name: FlagName) => string | undefined, dataDir: string): MqttConfig | undefined {
  const url = str('mqtt-url');
  // The other MQTT settings wait, unused, until a broker is named (a saved password stays saved).
  if (url === undefined || url.trim() === '') return undefined;
  const problem = mqttUrlProblem(url.trim());
  if (problem) throw new ConfigError(`--mqtt-url ${problem}`);
  const optional = (name: FlagName) => (str(name) !== undefined ? check(nonEmpty(name), str(name)) : undefined);
  const topicPrefix = check(
    z
      .string()
      .trim()
      .min(1, '--mqtt-topic-prefix must not be empty')
      .max(200, '--mqtt-topic-prefix must be at most 200 characters')
      .refine((p) => !/[+#\u0000]/.test(p), '--mqtt-topic-prefix must not contain +, # or NUL (they are MQTT wildcards)')
      .transform((p) => p.replace(/^\/+|\/+$/g, ''))
      .refine((p) => p.length > 0, '--mqtt-topic-prefix must not be only slashes'),
    str('mqtt-topic-prefix') ?? DEFAULT_MQTT_TOPIC_PREFIX,
  );
  const clientId = optional('mqtt-client-id') ?? defaultMqttClientId(dataDir);
  const caFile = optional('mqtt-ca');
  return { url: url.trim(), clientId, username: optional('mqtt-username'), password: optional('mqtt-password'), caFile: caFile && resolve(caFile), topicPrefix };
}

/** Why an MQTT broker URL cannot be used, or null. Shared with the Settings page's check. */
export function mqttUrlProblem(text: string): string | null {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return `must be a broker URL such as mqtt://venue-box:1883 (got "${text}")`;
  }
  if (!(MQTT_URL_SCHEMES as readonly string[]).includes(u.protocol)) {
    return `must start with mqtt://, mqtts://, ws:// or wss:// (got ${u.protocol}//)`;
  }
  if (!u.hostname) return 'must name the broker host, e.g. mqtt://venue-box:1883';
  // A password in the URL would show up in health, logs and the Settings page.
  if (u.username || u.password) return 'must not carry a user name or password: use --mqtt-username and --mqtt-password';
  return null;
}

/** Stable across restarts of one data dir, different for two consoles on one machine: a broker drops the older of two clients sharing an id. */
export function defaultMqttClientId(dataDir: string): string {
  const host = hostname().replace(/[^A-Za-z0-9-]/g, '').slice(0, 20) || 'host';
  return `trackside-${host}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
}

function buildWebhookConfig(str: (name: FlagName) => string | undefined): WebhookConfig {
  const optional = (name: FlagName) => (str(name) !== undefined ? check(nonEmpty(name), str(name)) : undefined);
  const ends = str('webhook-rotation-ends');
  let rotationEndsAt: number | undefined;
  if (ends !== undefined) {
    rotationEndsAt = Date.parse(ends);
    if (!Number.isFinite(rotationEndsAt)) {
      throw new ConfigError('--webhook-rotation-ends must be a date and time, e.g. 2026-06-01T18:00:00Z');
    }
  }
  const previousToken = optional('webhook-previous-token');
  const previousSecret = optional('webhook-previous-secret');
  if ((previousToken || previousSecret) && rotationEndsAt === undefined) rotationEndsAt = Date.now() + DEFAULT_ROTATION_WINDOW_MS;
  const allow: WebhookConfig['allow'] = {};
  for (const route of HOOK_ROUTES) {
    const flag = `webhook-allow-${route}` as FlagName;
    const list = str(flag);
    if (list === undefined) continue;
    const cidrs = list.split(',').map((c) => c.trim()).filter(Boolean);
    const bad = cidrs.find((c) => !isCidr(c));
    if (bad !== undefined || cidrs.length === 0) {
      throw new ConfigError(`--${flag} must be comma-separated addresses or CIDR ranges, e.g. 203.0.113.0/24 (got "${bad ?? list}")`);
    }
    allow[route] = cidrs;
  }
  const maxBytes = check(
    z
      .string()
      .regex(/^\d+$/, '--webhook-max-bytes must be a whole number of bytes')
      .transform(Number)
      .refine((n) => n >= 1024 && n <= 256 * 1024 * 1024, '--webhook-max-bytes must be between 1024 and 268435456'),
    str('webhook-max-bytes') ?? String(DEFAULT_WEBHOOK_MAX_BYTES),
  );
  return { token: optional('webhook-token'), secret: optional('webhook-secret'), previousToken, previousSecret, rotationEndsAt, allow, maxBytes };
}

/** An IPv4/IPv6 address, optionally with a prefix length in range. */
function isCidr(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d+$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
