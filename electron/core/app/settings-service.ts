/**
 * What the settings routes do: show the saved settings beside what runs (secrets as "set" only),
 * validate and save a change as a whole, and hand a restart to the runner.
 */
import type { Db } from '../store/database';
import { ConfigError, DEFAULT_OPENTRACK_BASE, LAN_HOST, configFrom, isLoopbackHost, type CommandLine, type Config } from '../config/config';
import {
  SECRET_FIELDS,
  SETTING_FIELDS,
  SettingsInvalid,
  SettingsPatchSchema,
  type SavedSettings,
  type SettingField,
  type SettingFieldView,
  type SettingsPatch,
  type SettingsSaved,
  type SettingsView,
} from '../model/settings';
import { parseCompetitionLocation, CompetitionUrlError } from '../model/competition-location';
import { FIELD_FLAGS, configValue, overriddenBy } from '../config/setting-fields';
import { lanUrls } from '../config/lan';
import { SettingsRepo } from '../store/settings';

/** A refused change, with a message per field; nothing was saved. */

export interface SettingsDeps {
  db: Db;
  /** The command line and environment the console runs with (they win over saved settings). */
  cmd: CommandLine;
  env: NodeJS.ProcessEnv;
  /** The Config running now. */
  running: Config;
  /** The URL the console listens on. */
  url: () => string;
  lastRestartError: () => string | null;
  /** Restarts with the saved settings; undefined where nothing can restart the console. */
  restart?: () => void;
}

export class SettingsService {
  private readonly repo: SettingsRepo;

  constructor(private readonly deps: SettingsDeps) {
    this.repo = new SettingsRepo(deps.db);
  }

  get canRestart(): boolean {
    return Boolean(this.deps.restart);
  }

  view(opts: { revealToken?: boolean } = {}): SettingsView {
    const { cmd, env, running } = this.deps;
    const saved = this.repo.read();
    let next: Config | undefined;
    let problem: string | null = null;
    try {
      next = configFrom(cmd, env, saved);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problem = err.message;
    }
    const fields = {} as Record<SettingField, SettingFieldView>;
    for (const field of SETTING_FIELDS) {
      const secret = SECRET_FIELDS.includes(field);
      const value = saved[field];
      const now = configValue(running, field);
      fields[field] = {
        value: secret || value === undefined ? null : value,
        set: value !== undefined,
        secret,
        flag: `--${FIELD_FLAGS[field][0]}`,
        overriddenBy: overriddenBy(field, cmd),
        running: secret ? null : now,
        // Without a saved end, each start computes its own default (24 h after start): not a change.
        pending: next !== undefined && configValue(next, field) !== now && (field !== 'webhookRotationEnds' || value !== undefined),
      };
    }
    const actualPort = Number(new URL(this.deps.url() || 'http://127.0.0.1/').port || 80);
    const lanActive = !isLoopbackHost(running.host);
    // Before LAN mode is on, the addresses it would serve: every IPv4 interface on the next port.
    const lanHost = lanActive ? running.host : LAN_HOST;
    const lanPort = lanActive || !next || next.port === 0 ? actualPort : next.port;
    return {
      fields,
      restartNeeded: SETTING_FIELDS.some((f) => fields[f].pending),
      problem,
      lastRestartError: this.deps.lastRestartError(),
      url: this.deps.url(),
      lan: {
        active: lanActive,
        urls: lanUrls(lanHost, lanPort),
        // Only when asked: every request that reaches this already presented the token, but an
        // answer that carries it should be one the operator meant to see (and not end up in logs).
        token: opts.revealToken ? (running.accessToken ?? null) : null,
      },
    };
  }

  /** Validates the whole change, then saves all of it; throws SettingsInvalid and saves nothing. */
  save(body: unknown): SettingsSaved {
    const parsed = SettingsPatchSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fields[key] ??= 'is not a setting';
        else fields[String(issue.path[0] ?? 'body')] ??= issue.message;
      }
      throw new SettingsInvalid(fields);
    }
    const before = this.repo.read();
    const patch = withRotationWindow(parsed.data, before);
    const after = apply(before, patch);
    const fields = crossCheck(after);
    if (Object.keys(fields).length > 0) throw new SettingsInvalid(fields);
    this.repo.write(patch);
    const changed = SETTING_FIELDS.filter((f) => before[f] !== after[f]);
    const overridden = changed.filter((f) => overriddenBy(f, this.deps.cmd) !== null);
    const view = this.view();
    return {
      settings: view,
      restartFor: changed.filter((f) => view.fields[f].pending),
      overridden,
    };
  }

  /** The Config a restart would start with; throws ConfigError (the console keeps running). */
  planRestart(): Config {
    if (!this.deps.restart) throw new ConfigError('this console cannot restart itself; stop and start it again');
    return configFrom(this.deps.cmd, this.deps.env, this.repo.read());
  }

  restart(): void {
    this.deps.restart?.();
  }
}

/** Rotation starts when an old token or secret is saved: it works for 24 h from then, not from each restart. */
export const ROTATION_WINDOW_MS = 24 * 60 * 60 * 1000;
function withRotationWindow(patch: SettingsPatch, saved: SavedSettings, now = Date.now()): SettingsPatch {
  if (patch.webhookRotationEnds !== undefined) return patch;
  const startsRotation = (['webhookPreviousToken', 'webhookPreviousSecret'] as const).some((f) => patch[f] && patch[f] !== saved[f]);
  if (startsRotation) return { ...patch, webhookRotationEnds: new Date(now + ROTATION_WINDOW_MS).toISOString() };
  const after = apply(saved, patch);
  if (!after.webhookPreviousToken && !after.webhookPreviousSecret && saved.webhookRotationEnds) return { ...patch, webhookRotationEnds: null };
  return patch;
}

function apply(saved: SavedSettings, patch: SettingsPatch): SavedSettings {
  const next: Record<string, unknown> = { ...saved };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next as SavedSettings;
}

/** Rules across fields, checked on the settings as they would be saved. */
function crossCheck(s: SavedSettings): Record<string, string> {
  const fields: Record<string, string> = {};
  if (s.lanMode && !s.accessToken) fields.accessToken = 'LAN mode needs an access token (use Generate)';
  if (s.competition !== undefined) {
    try {
      parseCompetitionLocation(s.competition, s.opentrackBase ?? DEFAULT_OPENTRACK_BASE);
    } catch (err) {
      if (!(err instanceof CompetitionUrlError)) throw err;
      fields.competition = err.message;
    }
  }
  if (s.webhookPreviousToken && !s.webhookToken) fields.webhookToken = 'a previous token is only for a rotation: set the new token too';
  if (s.webhookPreviousSecret && !s.webhookSecret) fields.webhookSecret = 'a previous secret is only for a rotation: set the new secret too';
  return fields;
}
