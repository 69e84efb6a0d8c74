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
  webhookToken: 'Triathlon token',
  webhookSecret: 'Signing secret',
  webhookPreviousToken: 'Previous token',
  webhookPreviousSecret: 'Previous secret',
  webhookRotationEnds: 'Previous ones accepted until',
  triathlonApiKey: 'World Triathlon API key',
  triathlonApiBase: 'World Triathlon API',
};
