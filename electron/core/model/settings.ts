/**
 * Settings contracts shared by core and renderer: what a venue operator can save in the data dir
 * instead of typing flags, and how the settings page sees it. One schema per field, so the page,
 * the PUT route and the store agree on what is valid.
 */
import { z } from 'zod';
import { httpUrlSchema } from './http-url';
import { allowedHostsProblem } from './allowed-hosts';

const httpUrl = httpUrlSchema('must be an http:// or https:// URL');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Goes into `?token=` and a cookie as it is, so only characters that never need escaping. */
export const ACCESS_TOKEN_MIN = 16;
export const AccessTokenSchema = z
  .string()
  .trim()
  .min(ACCESS_TOKEN_MIN, `must be at least ${ACCESS_TOKEN_MIN} characters (use Generate)`)
  .max(256, 'must be at most 256 characters')
  .regex(/^[A-Za-z0-9._~-]+$/, 'may only contain letters, digits and . _ ~ -');

export const SETTING_FIELD_SCHEMAS = {
  competition: text(2000),
  opentrackBase: httpUrl,
  demoSpeed: z.number({ error: 'must be a number' }).gt(0, 'must be greater than 0').max(10000, 'must be at most 10000'),
  pusherKey: text(200),
  pusherCluster: text(100),
  port: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be from 0 to 65535').max(65535, 'must be from 0 to 65535'),
  lanMode: z.boolean({ error: 'must be on or off' }),
  accessToken: AccessTokenSchema,
  /** LAN mode: the names and addresses other devices may use in the URL (the request guard's list). */
  allowedHosts: text(2000).superRefine((v, ctx) => {
    const problem = allowedHostsProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  webhookToken: text(500),
  webhookSecret: text(500),
  webhookPreviousToken: text(500),
  webhookPreviousSecret: text(500),
  /** When the previous token/secret stop working; set to 24 h after saving one unless given. */
  webhookRotationEnds: z
    .string()
    .trim()
    .refine((s) => Number.isFinite(Date.parse(s)), 'must be a date and time, e.g. 2026-06-01T18:00:00Z'),
  mqttUrl: text(2000).refine((s) => mqttBrokerUrl(s), 'must be a broker URL: mqtt://, mqtts://, ws:// or wss://host:port, without a user name or password'),
  mqttClientId: text(200),
  mqttUsername: text(500),
  mqttPassword: text(500),
  /** A path to a PEM file on this machine. */
  mqttCa: text(2000),
  mqttTopicPrefix: text(200).refine((s) => !/[+#\u0000]/.test(s), 'must not contain +, # or NUL (they are MQTT wildcards)'),
  /** World Triathlon API key (sent as the `apikey` header): lets the console set up its own subscriptions. */
  triathlonApiKey: text(500),
  /** World Triathlon API base, `https://api.triathlon.org/v1` unless a stand-in is used. */
  triathlonApiBase: httpUrl,
} as const;

/** mqtt://, mqtts://, ws:// or wss:// with a host and no credentials in it (they have their own fields). */
function mqttBrokerUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return ['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(u.protocol) && u.hostname !== '' && !u.username && !u.password;
  } catch {
    return false;
  }
}

export type SettingField = keyof typeof SETTING_FIELD_SCHEMAS;
export const SETTING_FIELDS = Object.keys(SETTING_FIELD_SCHEMAS) as SettingField[];
export const SettingFieldSchema = z.enum(SETTING_FIELDS as [SettingField, ...SettingField[]]);

const F = SETTING_FIELD_SCHEMAS;

/** What is saved in the data dir; an absent field falls back to the flag/env default. */
export const SavedSettingsSchema = z
  .object({
    competition: F.competition.optional(),
    opentrackBase: F.opentrackBase.optional(),
    demoSpeed: F.demoSpeed.optional(),
    pusherKey: F.pusherKey.optional(),
    pusherCluster: F.pusherCluster.optional(),
    port: F.port.optional(),
    lanMode: F.lanMode.optional(),
    accessToken: F.accessToken.optional(),
    allowedHosts: F.allowedHosts.optional(),
    webhookToken: F.webhookToken.optional(),
    webhookSecret: F.webhookSecret.optional(),
    webhookPreviousToken: F.webhookPreviousToken.optional(),
    webhookPreviousSecret: F.webhookPreviousSecret.optional(),
    webhookRotationEnds: F.webhookRotationEnds.optional(),
    mqttUrl: F.mqttUrl.optional(),
    mqttClientId: F.mqttClientId.optional(),
    mqttUsername: F.mqttUsername.optional(),
    mqttPassword: F.mqttPassword.optional(),
    mqttCa: F.mqttCa.optional(),
    mqttTopicPrefix: F.mqttTopicPrefix.optional(),
    triathlonApiKey: F.triathlonApiKey.optional(),
    triathlonApiBase: F.triathlonApiBase.optional(),
  })
  .strict();
export type SavedSettings = z.infer<typeof SavedSettingsSchema>;

/**
 * `PUT /api/settings`: a field left out is kept (so the page never has to know a secret to save
 * the rest), `null` clears it back to the default.
 */
export const SettingsPatchSchema = z
  .object({
    competition: F.competition.nullable().optional(),
    opentrackBase: F.opentrackBase.nullable().optional(),
    demoSpeed: F.demoSpeed.nullable().optional(),
    pusherKey: F.pusherKey.nullable().optional(),
    pusherCluster: F.pusherCluster.nullable().optional(),
    port: F.port.nullable().optional(),
    lanMode: F.lanMode.nullable().optional(),
    accessToken: F.accessToken.nullable().optional(),
    allowedHosts: F.allowedHosts.nullable().optional(),
    webhookToken: F.webhookToken.nullable().optional(),
    webhookSecret: F.webhookSecret.nullable().optional(),
    webhookPreviousToken: F.webhookPreviousToken.nullable().optional(),
    webhookPreviousSecret: F.webhookPreviousSecret.nullable().optional(),
    webhookRotationEnds: F.webhookRotationEnds.nullable().optional(),
    mqttUrl: F.mqttUrl.nullable().optional(),
    mqttClientId: F.mqttClientId.nullable().optional(),
    mqttUsername: F.mqttUsername.nullable().optional(),
    mqttPassword: F.mqttPassword.nullable().optional(),
    mqttCa: F.mqttCa.nullable().optional(),
    mqttTopicPrefix: F.mqttTopicPrefix.nullable().optional(),
    triathlonApiKey: F.triathlonApiKey.nullable().optional(),
    triathlonApiBase: F.triathlonApiBase.nullable().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** Secrets are written, never read back: the view says only whether one is saved. */
export const SECRET_FIELDS: readonly SettingField[] = ['accessToken', 'webhookToken', 'webhookSecret', 'webhookPreviousToken', 'webhookPreviousSecret', 'mqttPassword', 'triathlonApiKey'];

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const SettingFieldViewSchema = z.object({
  /** The saved value; always null for a secret. */
  value: Scalar.nullable(),
  /** Whether something is saved (the only thing said about a secret). */
  set: z.boolean(),
  secret: z.boolean(),
  /** The flag that sets this field, e.g. `--port`. */
  flag: z.string(),
  /** `--port` or `TRACKSIDE_PORT` when the command line or environment decides it now. */
  overriddenBy: z.string().nullable(),
  /** What the running console uses (null for a secret, or when unset). */
  running: Scalar.nullable(),
  /** The saved value differs from what runs: a restart would change it. */
  pending: z.boolean(),
});
export type SettingFieldView = z.infer<typeof SettingFieldViewSchema>;

export const SettingsViewSchema = z.object({
  fields: z.record(SettingFieldSchema, SettingFieldViewSchema),
  /** Some saved change waits for a restart. */
  restartNeeded: z.boolean(),
  /** Why the saved settings cannot start a console now (then a restart keeps the running one). */
  problem: z.string().nullable(),
  /** Why the last restart went back to the previous settings, if it did. */
  lastRestartError: z.string().nullable(),
  url: z.string(),
  lan: z.object({
    /** The console answers other machines now (bound beyond loopback, token required). */
    active: z.boolean(),
    /** `http://<address>:<port>/` for each non-internal address of this machine. */
    urls: z.array(z.string()),
    /** The access token, only on `GET /api/settings?reveal=token` (to a request that already presented it). */
    token: z.string().nullable(),
  }),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const SettingsSavedSchema = z.object({
  settings: SettingsViewSchema,
  /** Fields this save changed that take effect only after a restart. */
  restartFor: z.array(SettingFieldSchema),
  /** Fields this save changed that a flag or variable overrides anyway. */
  overridden: z.array(SettingFieldSchema),
});
export type SettingsSaved = z.infer<typeof SettingsSavedSchema>;

export const SettingsErrorSchema = z.object({
  error: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
});
export type SettingsError = z.infer<typeof SettingsErrorSchema>;

export const RestartAcceptedSchema = z.object({
  restarting: z.literal(true),
  /** The port the console will listen on (0: any free port, the URL is not known yet). */
  port: z.number(),
});
export type RestartAccepted = z.infer<typeof RestartAcceptedSchema>;

/** A refused settings change: a message per field; nothing was saved. The server answers it as 400. */
export class SettingsInvalid extends Error {
  constructor(readonly fields: Record<string, string>) {
    super('Some settings are not valid; nothing was saved');
  }
}
