/**
 * TODO(issue 4, helper C): the outbound relay: endpoints, durable outbox, signed deliveries.
 */
import type { Bus } from '../bus';
import type { Store } from '../store/store';

export interface RelayDeps {
  store: Store;
  bus: Bus;
  log: (line: string) => void;
  /** Human names for messages (Slack/Discord text): the event's name from the competition. */
  eventName: (eventId: string) => string | undefined;
}

export class Relay {
  constructor(readonly deps: RelayDeps) {}
  start(): void {}
  async stop(): Promise<void> {}
}
