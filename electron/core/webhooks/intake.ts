/**
 * TODO(issue 4, helper A): incoming webhooks. Verifies, persists (receipt + journal in one
 * transaction), dedupes, and hands triathlon messages to TriathlonPrograms.
 */
import type { Bus } from '../bus';
import type { WebhookConfig } from '../config/config';
import type { Store } from '../store/store';
import type { TriathlonPrograms } from '../triathlon/programs';

export interface WebhookIntakeDeps {
  store: Store;
  bus: Bus;
  config: WebhookConfig;
  /** The competition key the console follows, recorded on journal rows. */
  competition: () => string | undefined;
  triathlon: TriathlonPrograms;
  log: (line: string) => void;
  now?: () => number;
}

export class WebhookIntake {
  constructor(readonly deps: WebhookIntakeDeps) {}
}
