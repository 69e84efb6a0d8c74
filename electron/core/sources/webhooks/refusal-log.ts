/**
 * Refused webhook requests are logged, but a flood of them (a scanner, a misconfigured sender
 * retrying) must not bury the log: a few lines per route per minute, then one line with the count.
 */
const LINES_PER_MINUTE = 5;
const MINUTE = 60_000;

export class RefusalLog {
  private readonly windows = new Map<string, { start: number; logged: number; suppressed: number }>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number,
  ) {}

  note(route: string, status: number, reason: string, remoteAddress?: string): void {
    const now = this.now();
    let w = this.windows.get(route);
    if (!w || now - w.start >= MINUTE) {
      if (w && w.suppressed > 0) this.log(`webhooks: /hooks/${route}: ${w.suppressed} more requests refused in the last minute`);
      w = { start: now, logged: 0, suppressed: 0 };
      this.windows.set(route, w);
    }
    if (w.logged < LINES_PER_MINUTE) {
      w.logged++;
      this.log(`webhooks: /hooks/${route}: refused ${status} from ${remoteAddress ?? 'unknown'}: ${reason}`);
    } else {
      w.suppressed++;
    }
  }
}
