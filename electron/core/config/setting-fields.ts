/**
 * How each saved setting maps onto the command line: the flags that override it, and the value a
 * Config gives it, so the page can say what runs now and what a restart would change.
 */
import { envName, isLoopbackHost, type CommandLine, type Config, type FlagName } from './config';
import type { SettingField } from '../model/settings';

/** First the field's own flag; the others override it too (--demo or --replay replace a competition). */
export const FIELD_FLAGS: Record<SettingField, FlagName[]> = {
  competition: ['competition', 'demo', 'replay'],
  opentrackBase: ['opentrack-base'],
  demoSpeed: ['demo-speed'],
  pusherKey: ['pusher-key'],
  pusherCluster: ['pusher-cluster'],
  port: ['port'],
  lanMode: ['host'],
  accessToken: ['access-token'],
  allowedHosts: ['allowed-hosts'],
  webhookToken: ['webhook-token'],
  webhookSecret: ['webhook-secret'],
  webhookPreviousToken: ['webhook-previous-token'],
  webhookPreviousSecret: ['webhook-previous-secret'],
  webhookRotationEnds: ['webhook-rotation-ends'],
  mqttUrl: ['mqtt-url'],
  mqttClientId: ['mqtt-client-id'],
  mqttUsername: ['mqtt-username'],
  mqttPassword: ['mqtt-password'],
  mqttCa: ['mqtt-ca'],
  mqttTopicPrefix: ['mqtt-topic-prefix'],
  triathlonApiKey: ['triathlon-api-key'],
  triathlonApiBase: ['triathlon-api-base'],
};

/** `--port` or `TRACKSIDE_PORT` when one decides the field, else null. */
export function overriddenBy(field: SettingField, cmd: CommandLine): string | null {
  for (const flag of FIELD_FLAGS[field]) {
    const origin = cmd.origin[flag];
    if (origin === 'flag') return `--${flag}`;
    if (origin === 'env') return envName(flag);
  }
  return null;
}

/** The field's value in a Config (secrets included: only compared, never sent). */
export function configValue(config: Config, field: SettingField): string | number | boolean | null {
  switch (field) {
    case 'competition': {
      const c = config.competition;
      return c ? `${c.base}${c.languagePrefix}${c.path}` : null;
    }
    case 'opentrackBase':
      return config.opentrackBase;
    case 'demoSpeed':
      return config.demoSpeed;
    case 'pusherKey':
      return config.pusher.key;
    case 'pusherCluster':
      return config.pusher.cluster;
    case 'port':
      return config.port;
    case 'lanMode':
      return !isLoopbackHost(config.host);
    case 'accessToken':
      return config.accessToken ?? null;
    case 'allowedHosts':
      return config.allowedHosts.length ? config.allowedHosts.join(', ') : null;
    case 'webhookToken':
      return config.webhooks.token ?? null;
    case 'webhookSecret':
      return config.webhooks.secret ?? null;
    case 'webhookPreviousToken':
      return config.webhooks.previousToken ?? null;
    case 'webhookPreviousSecret':
      return config.webhooks.previousSecret ?? null;
    case 'webhookRotationEnds':
      return config.webhooks.rotationEndsAt === undefined ? null : new Date(config.webhooks.rotationEndsAt).toISOString();
    // Without a broker the other MQTT fields are not in use, whatever is saved.
    case 'mqttUrl':
      return config.mqtt?.url ?? null;
    case 'mqttClientId':
      return config.mqtt?.clientId ?? null;
    case 'mqttUsername':
      return config.mqtt?.username ?? null;
    case 'mqttPassword':
      return config.mqtt?.password ?? null;
    case 'mqttCa':
      return config.mqtt?.caFile ?? null;
    case 'mqttTopicPrefix':
      return config.mqtt?.topicPrefix ?? null;
    case 'triathlonApiKey':
      return config.triathlonApi.key ?? null;
    case 'triathlonApiBase':
      return config.triathlonApi.base;
  }
}
