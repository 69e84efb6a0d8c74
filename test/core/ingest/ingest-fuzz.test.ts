/**
 * Thousands of broken messages through ingest: none may throw, none may touch the cached unit, and
 * the database stays sound.
 */
import { describe, expect, it } from 'vitest';
import { Bus } from '../../../electron/core/ingest/bus';
import { Ingest } from '../../../electron/core/ingest/ingest';
import { Store } from '../../../electron/core/store/store';
import { createRandom } from '../../../electron/core/simulator/demo/people';
import { sprintResults } from '../../helpers/fixtures';
import { tempDir } from '../../helpers/temp-dir';

const EVENTS = ['unit', 'results_arrived', 'latest_attempt', 'competition', 'nonsense', ''];

function mutate(rnd: ReturnType<typeof createRandom>, text: string): string {
  switch (rnd.int(0, 5)) {
    case 0: return text.slice(0, rnd.int(0, text.length - 1));
    case 1: return text.replace(/"round":1/, `"round":${rnd.pick(['"x"', 'null', '[]', '-1.5', '{}'])}`);
    case 2: return text.replace(/"eventId":"T01"/, rnd.pick(['"eventId":null', '"eventId":""', '"eventId":{}', '']));
    case 3: return JSON.stringify(rnd.pick([null, 42, 'str', [], [1, 2], { a: 1 }, true]));
    case 4: return Array.from({ length: rnd.int(0, 200) }, () => String.fromCharCode(rnd.int(0, 0xffff))).join('');
    default: return text.replace(/"results":\[/, '"results":{"x":[');
  }
}

describe('ingest under garbage', () => {
  it('refuses 3,000 malformed messages without throwing or touching the cached unit', () => {
    const dir = tempDir();
    const store = Store.open(dir.path);
    const ingest = new Ingest(store, new Bus(), undefined, () => {});
    const good = JSON.stringify(sprintResults());
    ingest.receive({ source: 'fuzz', channel: 'c', event: 'unit', raw: good, competition: 'x' });
    const rnd = createRandom(1234);
    const wronglyAccepted: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const raw = mutate(rnd, good);
      const event = rnd.pick(EVENTS);
      const outcome = ingest.receive({
        source: 'fuzz', channel: 'c', event, raw, competition: 'x', expectedUnit: { eventId: 'T01', round: 1, heat: 1 },
      });
      if (!outcome.accepted) expect(outcome.reason).toBeTruthy();
      else if (raw !== good) wronglyAccepted.push(`${event}: ${raw.slice(0, 80)}`);
    }
    expect(wronglyAccepted).toEqual([]);
    // Nothing malformed was accepted as a unit; the good copy is intact.
    expect(store.units.get('x', { eventId: 'T01', round: 1, heat: 1 })!.json).toBe(good);
    expect(store.units.count()).toBe(1);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Every message, refused or not, is in the journal.
    expect(store.journal.lastSeq()).toBe(3_001);
    store.close();
    dir.remove();
  });
});
