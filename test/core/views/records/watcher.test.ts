/**
 * Record alerts on a real SQLite cache fed through ingest: a mixed long jump where each athlete's
 * own gender picks the record, the bus told once, and a second watcher (a restart) raising nothing
 * again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bus } from '../../../../electron/core/ingest/bus';
import { Ingest } from '../../../../electron/core/ingest/ingest';
import type { RecordAlert } from '../../../../electron/core/model/records';
import { Store } from '../../../../electron/core/store/store';
import { CompetitionView } from '../../../../electron/core/views/competition-view';
import { importRecords } from '../../../../electron/core/views/records/import';
import { RecordWatcher } from '../../../../electron/core/views/records/watcher';
import { tempDir } from '../../../helpers/temp-dir';

const COMP = 'x-2026-TST-records';
let data: ReturnType<typeof tempDir>;
let store: Store;
let bus: Bus;
let ingest: Ingest;
let view: CompetitionView;

beforeEach(() => {
  data = tempDir();
  store = Store.open(data.path);
  bus = new Bus();
  ingest = new Ingest(store, bus, undefined, () => {});
  view = new CompetitionView(store, COMP, 'http://127.0.0.1/x/2026/TST/records/');
});
afterEach(() => {
  store.close();
  data.remove();
});

const send = (event: string, payload: unknown) =>
  ingest.receive({ source: 'opentrack-http', channel: 'ch', event, raw: JSON.stringify(payload), competition: COMP });

const jump = (trials: { bib: string; round: number; result: string; wind?: number }[]) => ({
  eventId: 'F1', eventCode: 'LJ', round: 1, heat: 1, status: 'in progress', results: [{ bib: '1' }, { bib: '2' }], trials,
});

describe('record watcher', () => {
  it('a mixed event: each athlete’s own gender picks the record; the bus hears each alert once', () => {
    send('competition', {
      competitors: [
        { competitorId: '1', firstName: 'Ari', lastName: 'Fictus', gender: 'M' },
        { competitorId: '2', firstName: 'Dee', lastName: 'Example', gender: 'F' },
      ],
      events: [{ eventId: 'F1', eventCode: 'LJ', genders: 'MF', category: 'SEN', units: [] }],
    });
    importRecords(store, { format: 'csv', text: 'event,gender,category,kind,mark\nLJ,M,SEN,meeting,7.00\nLJ,F,SEN,meeting,6.00' });
    const heard: RecordAlert[] = [];
    bus.on('record', (a) => heard.push(a));
    const watcher = new RecordWatcher({ store, bus, view: () => view });
    watcher.start();
    // 6.50 is over the women's record but under the men's: the man raises nothing.
    send('unit', jump([{ bib: '1', round: 1, result: '6.50', wind: 0.5 }, { bib: '2', round: 1, result: '6.10', wind: 2.5 }]));
    expect(heard).toEqual([]);
    send('unit', jump([
      { bib: '1', round: 1, result: '6.50', wind: 0.5 }, { bib: '2', round: 1, result: '6.10', wind: 2.5 },
      { bib: '1', round: 2, result: 'x' }, { bib: '2', round: 2, result: '6.00', wind: 1.1 },
    ]));
    expect(heard.map((a) => [a.bib, a.mark, a.equals, a.record.gender, a.text])).toEqual([
      ['2', '6.00', true, 'F', 'Equals meeting record: Dee Example 6.00 (+1.1) in F1; was 6.00'],
    ]);
    watcher.stop();
    // A restart: a new watcher looks at everything again and raises nothing twice.
    const again = new RecordWatcher({ store, bus, view: () => view });
    again.start();
    again.stop();
    expect(heard).toHaveLength(1);
    expect(store.records.alerts(COMP)).toHaveLength(1);
  });
});
