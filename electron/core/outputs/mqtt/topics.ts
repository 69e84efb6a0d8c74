/**
 * The topic tree (docs/mqtt.md). Every level that comes from data (an event id is a free string,
 * a webhook program id too) is escaped, so a `/`, `+` or `#` in it never adds a level or a
 * wildcard: `%`, `/`, `+`, `#` and NUL become `%25`, `%2F`, `%2B`, `%23`, `%00`.
 */
import type { UnitKey } from '../../model/opentrack';

export function topicLevel(text: string): string {
  return text.replace(/[%/+#\u0000]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}

export class Topics {
  /** `<prefix>/<competition>` */
  readonly root: string;

  constructor(prefix: string, competition: string) {
    this.root = `${prefix}/${topicLevel(competition)}`;
  }

  unit(k: UnitKey): string {
    return `${this.root}/units/${topicLevel(k.eventId)}/${k.round}/${k.heat}`;
  }

  standings(k: UnitKey): string {
    return `${this.unit(k)}/standings`;
  }

  unitEvents(k: UnitKey): string {
    return `${this.unit(k)}/events`;
  }

  /** Events about the competition, and attempts that name no unit. */
  get events(): string {
    return `${this.root}/events`;
  }

  get competition(): string {
    return `${this.root}/competition`;
  }

  get status(): string {
    return `${this.root}/status`;
  }

  program(id: string): string {
    return `${this.root}/triathlon/programs/${topicLevel(id)}`;
  }

  webhooks(route: string): string {
    return `${this.root}/webhooks/${topicLevel(route)}`;
  }

  get control(): string {
    return `${this.root}/control/graphics`;
  }

  get replies(): string {
    return `${this.root}/control/replies`;
  }
}
