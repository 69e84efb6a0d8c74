import type { SettingField } from '../../../../electron/core/model/settings';

export const SETTING_LABELS: Record<SettingField, string> = {
  competition: 'Competition',
  opentrackBase: 'OpenTrack host',
  demoSpeed: 'Demo / replay speed',
  pusherKey: 'Pusher key',
  pusherCluster: 'Pusher cluster',
  port: 'Port',
  lanMode: 'LAN mode',
  accessToken: 'Access token',
  allowedHosts: 'Names for other devices',
  webhookToken: 'Triathlon token',
  webhookSecret: 'Signing secret',
  webhookPreviousToken: 'Previous token',
  webhookPreviousSecret: 'Previous secret',
  webhookRotationEnds: 'Previous ones accepted until',
  mqttUrl: 'MQTT broker',
  mqttClientId: 'MQTT client id',
  mqttUsername: 'MQTT user name',
  mqttPassword: 'MQTT password',
  mqttCa: 'MQTT TLS CA file',
  mqttTopicPrefix: 'MQTT topic prefix',
};
