/**
 * Records import on a real SQLite file: a good file, bad rows refused with their line (the rest
 * kept), duplicates in one file, a re-import that changes a mark, and the table surviving a reopen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../../electron/core/store/store';
import { ImportError, importRecords } from '../../../../electron/core/views/records/import';
import { tempDir } from '../../../helpers/temp-dir';

let data: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  data = tempDir();
  store = Store.open(data.path);
});
afterEach(() => {
  store.close();
  data.remove();
});

const GOOD = [
  'event,gender,category,kind,mark,holder,year,place',
  '100,M,SEN,meeting,10.21,Ari Fictus,2019,Test Stadium',
  'LJ,W,SEN,meeting,6.71,"Sample, Dee",2021,Test Stadium',
  '1500,men,,national,3:31.46,Bo Placeholder,2015,',
  'HJ,F,U18,championship,1.88,,2024,',
].join('\n');

describe('records import', () => {
  it('keeps every row of a good CSV file', () => {
    const r = importRecords(store, { format: 'csv', text: GOOD });
    expect(r).toEqual({ added: 4, updated: [], unchanged: 0, refused: [] });
    const list = store.records.list();
    expect(list.map((x) => [x.event, x.gender, x.category, x.kind, x.mark, x.holder])).toEqual([
      ['100', 'M', 'SEN', 'meeting', '10.21', 'Ari Fictus'],
      ['1500', 'M', '', 'national', '3:31.46', 'Bo Placeholder'],
      ['HJ', 'F', 'U18', 'championship', '1.88', null],
      ['LJ', 'F', 'SEN', 'meeting', '6.71', 'Sample, Dee'],
    ]);
  });

  it('refuses each bad row with its line and keeps the rest', () => {
    const text = [
      'event;gender;category;kind;mark;holder;year;place',
      '100;M;SEN;meeting;10.21;A;2019;X',
      '100;Q;SEN;meeting;10.21;A;2019;X',
      'LJ;F;SEN;best ever;6.71;B;2021;Y',
      'SP;F;SEN;meeting;far;C;2020;Z',
      '"200";M;SEN;meeting;"20.',
      '5";D;1890;"multi',
      'line place"',
      '400;M;SEN;meeting;45.00;E;year;',
      'JT;M;SEN;world;98.48;F;1996;Jena',
    ].join('\r\n');
    const r = importRecords(store, { format: 'csv', text });
    expect(r.refused).toEqual([
      { line: 3, error: 'gender "Q" is not M or F (or men, women)' },
      { line: 4, error: 'kind "best ever" is not one of meeting, championship, national, area, world' },
      { line: 5, error: 'mark "far" is not a distance or height in metres for SP' },
      // A quoted field may span lines: the row is named by the line it starts on.
      { line: 6, error: 'mark "20.\\r\\n5" is not a time for 200' },
      { line: 9, error: 'year "year" is not a year' },
    ]);
    expect(r.added).toBe(2);
    expect(store.records.list().map((x) => x.event)).toEqual(['100', 'JT']);
  });

  it('refuses a repeated row in one file, naming the line it repeats', () => {
    const text = GOOD + '\n100,M,SEN,MR,10.19,Someone Else,2024,';
    const r = importRecords(store, { format: 'csv', text });
    expect(r.refused).toEqual([{ line: 6, error: 'repeats line 2 (100 M SEN meeting)' }]);
    expect(store.records.find('100', 'M', 'SEN', 'meeting')!.mark).toBe('10.21');
  });

  it('a re-import that changes a mark replaces it and says from what; the same file again changes nothing', () => {
    importRecords(store, { format: 'csv', text: GOOD });
    const again = importRecords(store, { format: 'csv', text: GOOD });
    expect(again).toEqual({ added: 0, updated: [], unchanged: 4, refused: [] });
    const changed = GOOD.replace('10.21,Ari Fictus,2019', '10.18,Cy Sample,2026');
    const r = importRecords(store, { format: 'csv', text: changed });
    expect(r).toEqual({ added: 0, updated: [{ line: 2, event: '100', kind: 'meeting', from: '10.21', to: '10.18' }], unchanged: 3, refused: [] });
    expect(store.records.find('100', 'M', 'SEN', 'meeting')).toMatchObject({ mark: '10.18', holder: 'Cy Sample', year: 2026 });
    expect(store.records.list()).toHaveLength(4);
  });

  it('reads a JSON array, refusing bad items by the line they start on', () => {
    const text = `[
  {"event": "100", "gender": "M", "category": "SEN", "kind": "meeting", "mark": "10.21"},
  {"event": "LJ", "gender": "F",
   "kind": "meeting", "mark": "x"},
  "not a row",
  {"Event": "TJ", "Gender": "F", "Kind": "WR", "Mark": 15.74, "Year": 2022}
]`;
    const r = importRecords(store, { format: 'json', text });
    expect(r.refused).toEqual([
      { line: 3, error: 'mark "x" is not a distance or height in metres for LJ' },
      { line: 5, error: 'not an object with the record columns' },
    ]);
    expect(r.added).toBe(2);
    expect(store.records.find('TJ', 'F', '', 'world')).toMatchObject({ mark: '15.74', year: 2022 });
  });

  it('refuses a file that is not CSV or JSON as a whole, and keeps nothing of it', () => {
    expect(() => importRecords(store, { format: 'json', text: '{"event": "100"' })).toThrow(ImportError);
    expect(() => importRecords(store, { format: 'csv', text: 'event,mark\n"100,10.0' })).toThrow(/not closed/);
    expect(store.records.list()).toEqual([]);
  });

  it('keeps the records across a restart', () => {
    importRecords(store, { format: 'csv', text: GOOD });
    store.close();
    store = Store.open(data.path);
    expect(store.records.list()).toHaveLength(4);
  });
});
