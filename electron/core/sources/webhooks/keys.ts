/**
 * Which tokens and secrets a receiver accepts right now: the current one, and during a rotation
 * the previous one too, so a provider can switch over at its own pace without losing a message.
 */
import type { WebhookConfig } from '../../config/config';

export type KeyName = 'current' | 'previous';
export interface ActiveKey {
  name: KeyName;
  value: string;
}

function active(current: string | undefined, previous: string | undefined, config: WebhookConfig, now: number): ActiveKey[] {
  const keys: ActiveKey[] = [];
  if (current) keys.push({ name: 'current', value: current });
  if (previous && (config.rotationEndsAt === undefined || now <= config.rotationEndsAt)) keys.push({ name: 'previous', value: previous });
  return keys;
}

export const activeTokens = (config: WebhookConfig, now: number) => active(config.token, config.previousToken, config, now);
export const activeSecrets = (config: WebhookConfig, now: number) => active(config.secret, config.previousSecret, config, now);
