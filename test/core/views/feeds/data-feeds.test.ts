import { describe, expect, it } from 'vitest';
import {
  FEEDS,
  UNIT_FEED,
  attemptsText,
  buildFeed,
  formatWind,
  scheduleKey,
  unitFeedRows,
  type FeedInput,
  type FeedName,
  type FeedUnit,
} from '../../../../electron/core/views/feeds/data-feeds';
import { XML_NAME, escapeXml, toCsv, toJson, toXml } from '../../../../electron/core/views/feeds/tabular';
import { CompetitionSchema, LatestAttemptSchema, UnitSchema } from '../../../../electron/core/model/opentrack';
import { computeStandings, peopleFrom, type People } from '../../../../electron/core/views/standings/standings';
import { fixtureCompetition, longJumpUnit, sprintResults, sprintUnit, type UnitJson } from '../../../helpers/fixtures';

// --- Readers written for the test, independent of the writers under test -----------------------

/** RFC 4180 reader: quoted fields with "" for a quote, CRLF between records, the last CRLF optional. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      (field = ''), (record = []), (i += 2);
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else (field += c), i++;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length) throw new Error('last record does not end with CRLF');
  return records;
}

function csvToRows(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...records] = parseCsv(text);
  for (const r of records) expect(r).toHaveLength(header!.length);
  return { header: header!, rows: records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

/**
 * A strict reader for the XML the feeds write: prolog, one root of rows of leaf elements, text
 * with the five predefined entities and numeric references. Throws on anything not well-formed.
 */
function readXml(text: string): { root: string; rows: [string, string][][] } {
  const prolog = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!text.startsWith(prolog)) throw new Error('no XML declaration');
  let s = text.slice(prolog.length).trim();
  const name = '([A-Za-z_][A-Za-z0-9._-]*)';
  const empty = new RegExp(`^<${name}/>$`).exec(s);
  if (empty) return { root: empty[1]!, rows: [] };
  const open = new RegExp(`^<${name}>`).exec(s);
  if (!open) throw new Error('no root element');
  const root = open[1]!;
  if (!s.endsWith(`</${root}>`)) throw new Error('root not closed');
  s = s.slice(open[0].length, s.length - root.length - 3).trim();
  const rows: [string, string][][] = [];
  const rowRe = /^<row>([\s\S]*?)<\/row>\s*/;
  while (s.length) {
    const m = rowRe.exec(s);
    if (!m) throw new Error(`expected <row> at: ${s.slice(0, 40)}`);
    s = s.slice(m[0].length);
    let body = m[1]!;
    const cells: [string, string][] = [];
    const cellRe = new RegExp(`^<${name}>([^<]*)</\\1>`);
    while (body.length) {
      const c = cellRe.exec(body);
      if (!c) throw new Error(`bad cell at: ${body.slice(0, 40)}`);
      cells.push([c[1]!, decodeXmlText(c[2]!)]);
      body = body.slice(c[0].length);
    }
    rows.push(cells);
  }
  return { root, rows };
}

function decodeXmlText(t: string): string {
  if (/[<>]/.test(t)) throw new Error(`raw markup character in text: ${t}`);
  return t.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare ampersand in: ${t}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref]!;
    const num = /^#(x[0-9a-fA-F]+|\d+)$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref};`);
    return String.fromCodePoint(num[1]!.startsWith('x') ? parseInt(num[1]!.slice(1), 16) : Number(num[1]));
  });
}

// --- Fixture units -------------------------------------------------------------------------------

const competitors = () => {
  const c = fixtureCompetition();
  const list = c.competitors as Record<string, unknown>[];
  list.find((p) => p.competitorId === '11')!.eventsEntered = [{ eventId: 'T01', pb: '10.40', sb: '10.52' }];
  list.push(
    { competitorId: '31', firstName: 'Fay', lastName: 'Highbar', teamName: 'Vale AC' },
    { competitorId: '32', firstName: 'Gus', lastName: 'Upward', teamName: 'Harbour AC' },
  );
  return c;
};
const people: People = peopleFrom(CompetitionSchema.parse(competitors()));

let seq = 0;
function feedUnit(json: UnitJson, opts: Partial<Pick<FeedUnit, 'changedAt' | 'seq' | 'day'>> = {}): FeedUnit {
  const unit = UnitSchema.parse(json);
  return {
    eventId: unit.eventId,
    round: unit.round,
    heat: unit.heat,
    eventCode: unit.eventCode ?? null,
    eventName: unit.eventName ?? null,
    roundName: unit.roundName ?? null,
    heatName: unit.heatName ?? null,
    day: opts.day ?? unit.day ?? null,
    scheduledStartTime: unit.scheduledStartTime ?? null,
    status: unit.status ?? null,
    resultsStatus: unit.resultsStatus ?? null,
    changedAt: opts.changedAt ?? 1_000,
    seq: opts.seq ?? ++seq,
    standings: computeStandings(unit, people),
  };
}

function highJumpUnit(trials: { bib: string; height: string; result: string }[], extra: Partial<UnitJson> = {}): UnitJson {
  return {
    eventId: 'F02', eventCode: 'HJ', eventName: 'Women High Jump', round: 1, heat: 1, roundName: 'Final', heatName: 'Final',
    day: 1, scheduledStartTime: '17:30', status: 'in progress', resultsStatus: '',
    results: [{ bib: '31', order: 1 }, { bib: '32', order: 2 }],
    heights: ['1.70', '1.75', '1.80'],
    trials,
    ...extra,
  };
}

const FEED_NAMES = FEEDS.map((f) => f.name);
const columnsOf = (name: FeedName) => FEEDS.find((f) => f.name === name)!.columns;

describe('feed definitions', () => {
  it('lists the five feeds, each with unique column names that are valid XML names', () => {
    expect(FEED_NAMES).toEqual(['latest-result', 'top8', 'field-standings', 'start-list', 'latest-attempt']);
    for (const columns of [...FEEDS.map((f) => f.columns), UNIT_FEED.columns]) {
      expect(new Set(columns).size).toBe(columns.length);
      for (const c of columns) {
        expect(c).toMatch(XML_NAME);
        expect(c).toMatch(/\.Text$/);
      }
    }
    expect(columnsOf('latest-result')).toEqual(expect.arrayContaining(['Place.Text', 'Name.Text', 'Team.Text', 'Mark.Text', 'Note.Text', 'Event.Text', 'Heat.Text']));
    expect(columnsOf('field-standings')).toEqual(expect.arrayContaining(['Place.Text', 'Bib.Text', 'Best.Text', 'Attempts.Text', 'Height.Text', 'AtHeight.Text']));
    expect(columnsOf('start-list')).toEqual(expect.arrayContaining(['Lane.Text', 'Order.Text', 'Bib.Text', 'PB.Text', 'SB.Text']));
    expect(columnsOf('latest-attempt')).toEqual(expect.arrayContaining(['Name.Text', 'Bib.Text', 'Mark.Text', 'Height.Text', 'AtHeight.Text', 'Event.Text']));
  });

  it('every feed keeps its columns, in order, all strings, whether empty or full', () => {
    const full: FeedInput = {
      units: [
        feedUnit(sprintResults()),
        feedUnit(sprintUnit({ eventId: 'T02', eventName: 'Women 100m', scheduledStartTime: '18:00' })),
        feedUnit(longJumpUnit([{ bib: '21', round: 1, result: '6.01' }])),
        feedUnit(highJumpUnit([{ bib: '31', height: '1.70', result: 'o' }])),
      ],
      latestAttempt: LatestAttemptSchema.parse({ event_code: 'LJ', bib: '21', round: 1, result: '6.01' }),
      people,
    };
    for (const name of FEED_NAMES) {
      expect(buildFeed(name, { units: [] })).toEqual([]);
      const rows = buildFeed(name, full);
      expect(rows.length, name).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual([...columnsOf(name)]);
        expect(Object.values(row).every((v) => typeof v === 'string')).toBe(true);
      }
    }
    for (const row of unitFeedRows(full.units[0]!)) expect(Object.keys(row)).toEqual([...UNIT_FEED.columns]);
  });
});

describe('latest-result and top8', () => {
  it('shows the unit with placed results, winner first, with names, teams, marks and the race wind', () => {
    const rows = buildFeed('latest-result', { units: [feedUnit(sprintResults())] });
    expect(rows.map((r) => [r['Place.Text'], r['Bib.Text'], r['Name.Text'], r['Team.Text'], r['Mark.Text']])).toEqual([
      ['1', '12', 'Bo Placeholder', 'Ridge Harriers', '10.41'],
      ['2', '11', 'Ari Fictus', 'Harbour AC', '10.55'],
      ['', '13', 'Cy Sample', 'Harbour AC', 'DNF'],
    ]);
    expect(rows[0]).toMatchObject({ 'Wind.Text': '+1.2', 'Event.Text': 'Men 100m', 'Round.Text': 'Final', 'Heat.Text': 'Final', 'Results.Text': 'provisional' });
  });

  it('picks the most recently changed unit that has places, not a newer start list', () => {
    const older = feedUnit(sprintResults(), { changedAt: 1_000 });
    const newer = feedUnit({ ...sprintResults(), eventId: 'T02', eventName: 'Women 100m' }, { changedAt: 2_000 });
    const startList = feedUnit(sprintUnit({ eventId: 'T03', eventName: 'Men 200m' }), { changedAt: 3_000 });
    const rows = buildFeed('latest-result', { units: [older, newer, startList] });
    expect(rows[0]!['Event.Text']).toBe('Women 100m');
    // Same change time (a competition fetch fills units together): the later journal seq wins.
    const a = feedUnit(sprintResults(), { changedAt: 5_000, seq: 9 });
    const b = feedUnit({ ...sprintResults(), eventId: 'T02', eventName: 'Women 100m' }, { changedAt: 5_000, seq: 8 });
    expect(buildFeed('latest-result', { units: [b, a] })[0]!['Event.Text']).toBe('Men 100m');
  });

  it('top8 is the first 8 rows of the same unit', () => {
    const results = Array.from({ length: 10 }, (_, i) => ({ bib: String(100 + i), lane: i + 1, place: i + 1, performance: `10.${50 + i}` }));
    const big = feedUnit(sprintUnit({ resultsStatus: 'official', status: 'finished', results }));
    const all = buildFeed('latest-result', { units: [big] });
    const top = buildFeed('top8', { units: [big] });
    expect(all).toHaveLength(10);
    expect(top).toEqual(all.slice(0, 8));
    expect(top.map((r) => r['Place.Text'])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    // Nobody entered under these bibs: empty strings, never "null" or "undefined".
    expect(top[0]!['Name.Text']).toBe('');
  });
});

describe('field-standings', () => {
  it('horizontal: place, best, attempts in order, wind of the best', () => {
    const lj = feedUnit(
      longJumpUnit([
        { bib: '21', round: 1, result: '6.01', wind: 0.4 },
        { bib: '22', round: 1, result: 'x' },
        { bib: '21', round: 2, result: 'x' },
        { bib: '22', round: 2, result: '6.12', wind: -0.3 },
      ]),
    );
    const rows = buildFeed('field-standings', { units: [feedUnit(sprintResults(), { changedAt: 9_000 }), lj] });
    expect(rows.map((r) => [r['Place.Text'], r['Bib.Text'], r['Name.Text'], r['Best.Text'], r['Attempts.Text'], r['Wind.Text']])).toEqual([
      ['1', '22', 'Eve Mockly', '6.12', 'x 6.12', '-0.3'],
      ['2', '21', 'Dee Example', '6.01', '6.01 x', '+0.4'],
    ]);
    expect(rows[0]).toMatchObject({ 'Height.Text': '', 'AtHeight.Text': '', 'Event.Text': 'Women Long Jump', 'Heat.Text': 'Pool 1' });
  });

  it('vertical: best height, every height as text, the last height and its xxo', () => {
    const hj = feedUnit(
      highJumpUnit([
        { bib: '31', height: '1.70', result: 'o' },
        { bib: '32', height: '1.70', result: 'x' },
        { bib: '32', height: '1.70', result: 'o' },
        { bib: '31', height: '1.75', result: 'x' },
        { bib: '31', height: '1.75', result: 'x' },
        { bib: '31', height: '1.75', result: 'o' },
        { bib: '32', height: '1.75', result: 'x' },
        { bib: '32', height: '1.75', result: 'x' },
      ]),
      { changedAt: 2_000 },
    );
    const lj = feedUnit(longJumpUnit([{ bib: '21', round: 1, result: '6.01' }]), { changedAt: 1_000 });
    const rows = buildFeed('field-standings', { units: [lj, hj] });
    expect(rows.map((r) => [r['Place.Text'], r['Name.Text'], r['Best.Text'], r['Attempts.Text'], r['Height.Text'], r['AtHeight.Text']])).toEqual([
      ['1', 'Fay Highbar', '1.75', '1.70:o 1.75:xxo', '1.75', 'xxo'],
      ['2', 'Gus Upward', '1.70', '1.70:xo 1.75:xx', '1.75', 'xx'],
    ]);
    expect(rows[0]!['Event.Text']).toBe('Women High Jump');
  });
});

describe('start-list', () => {
  it('is the earliest scheduled unit with a start list and no results, in lane order with PB and SB', () => {
    const done = feedUnit(sprintResults());
    const later = feedUnit(sprintUnit({ eventId: 'T03', eventName: 'Men 200m', scheduledStartTime: '18:30' }));
    const next = feedUnit(sprintUnit({ eventId: 'T02', eventName: 'Men 400m', scheduledStartTime: '9:45', day: 2 }));
    const sooner = feedUnit(sprintUnit({ eventId: 'T01', eventName: 'Men 100m', scheduledStartTime: '18:05' }));
    const started = feedUnit(longJumpUnit([{ bib: '21', round: 1, result: 'x' }]));
    const rows = buildFeed('start-list', { units: [done, later, next, started, sooner] });
    expect(rows.map((r) => [r['Lane.Text'], r['Bib.Text'], r['Name.Text'], r['PB.Text'], r['SB.Text']])).toEqual([
      ['4', '11', 'Ari Fictus', '10.40', '10.52'],
      ['5', '12', 'Bo Placeholder', '', ''],
      ['6', '13', 'Cy Sample', '', ''],
    ]);
    expect(rows[0]).toMatchObject({ 'Event.Text': 'Men 100m', 'Time.Text': '18:05', 'Order.Text': '1' });
  });

  it('field events list their order; nothing left to start gives an empty feed', () => {
    const rows = buildFeed('start-list', { units: [feedUnit(longJumpUnit())] });
    expect(rows.map((r) => [r['Lane.Text'], r['Order.Text'], r['Name.Text']])).toEqual([
      ['', '1', 'Dee Example'],
      ['', '2', 'Eve Mockly'],
    ]);
    expect(buildFeed('start-list', { units: [feedUnit(sprintResults())] })).toEqual([]);
  });

  it('orders "HH:MM" by day then time', () => {
    expect(scheduleKey({ scheduledStartTime: '9:05', day: 2 })!).toBeGreaterThan(scheduleKey({ scheduledStartTime: '23:59', day: 1 })!);
    expect(scheduleKey({ scheduledStartTime: '', day: 1 })).toBeNull();
  });
});

describe('latest-attempt', () => {
  const lj = () => feedUnit(longJumpUnit([{ bib: '21', round: 1, result: '6.01' }, { bib: '21', round: 2, result: '6.12', wind: 1.1 }]));
  it('horizontal: the athlete, the mark, the attempt number, and where they stand', () => {
    const attempt = LatestAttemptSchema.parse({ event_code: 'LJ', bib: '21', round: 2, result: '6.12', wind: 1.1 });
    expect(buildFeed('latest-attempt', { units: [feedUnit(sprintResults()), lj()], latestAttempt: attempt, people })).toEqual([
      {
        'Name.Text': 'Dee Example', 'Bib.Text': '21', 'Team.Text': 'Vale AC', 'Mark.Text': '6.12', 'Result.Text': '6.12', 'Attempt.Text': '2',
        'Height.Text': '', 'AtHeight.Text': '', 'Wind.Text': '+1.1', 'Place.Text': '1', 'Best.Text': '6.12', 'Event.Text': 'Women Long Jump',
      },
    ]);
  });

  it('vertical: the height and the attempts at it', () => {
    const hj = feedUnit(highJumpUnit([{ bib: '31', height: '1.80', result: 'x' }, { bib: '31', height: '1.80', result: 'o' }]));
    const attempt = LatestAttemptSchema.parse({ event_code: 'HJ', bib: '31', height: '1.80', attempts_at_height: 'xo', result: 'o', athlete_name: 'F. Highbar' });
    const [row] = buildFeed('latest-attempt', { units: [hj], latestAttempt: attempt, people });
    expect(row).toMatchObject({
      'Name.Text': 'F. Highbar', 'Mark.Text': '1.80 xo', 'Result.Text': 'o', 'Attempt.Text': '2', 'Height.Text': '1.80', 'AtHeight.Text': 'xo',
      'Wind.Text': '', 'Place.Text': '1', 'Best.Text': '1.80', 'Event.Text': 'Women High Jump', 'Team.Text': 'Vale AC',
    });
  });

  it('an athlete in no cached unit still gets a row, the event named by its code', () => {
    const attempt = LatestAttemptSchema.parse({ event_code: 'SP', bib: '99', round: 1, result: 'x' });
    const [row] = buildFeed('latest-attempt', { units: [lj()], latestAttempt: attempt });
    expect(row).toMatchObject({ 'Name.Text': '', 'Bib.Text': '99', 'Mark.Text': 'x', 'Event.Text': 'SP', 'Place.Text': '' });
  });
});

describe('text helpers', () => {
  it('formats wind and attempts', () => {
    expect([formatWind(1.2), formatWind(-0.4), formatWind(0), formatWind('+2.0'), formatWind(null), formatWind('n/a')]).toEqual(['+1.2', '-0.4', '0.0', '+2.0', '', 'n/a']);
    expect(attemptsText('track', [])).toBe('');
    expect(attemptsText('horizontal', [{ round: 2, result: 'x' }, { round: 1, result: '7.01' }])).toBe('7.01 x');
  });
});

// --- Writers -------------------------------------------------------------------------------------

const COLUMNS = ['Name.Text', 'Team.Text', 'Mark.Text'];
const NASTY = [
  { 'Name.Text': 'Smith, John', 'Team.Text': 'The "Flyers"', 'Mark.Text': '10.41' },
  { 'Name.Text': 'Line\r\nBreak', 'Team.Text': 'Lone\nLF', 'Mark.Text': '' },
  { 'Name.Text': ' padded ', 'Team.Text': 'Ørsta & <Volda> \'IL\'', 'Mark.Text': '"' },
  { 'Name.Text': 'Zoë Ñúñez 李', 'Team.Text': ',', 'Mark.Text': 'x' },
];

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, ends records with CRLF, and reads back to the same rows', () => {
    const csv = toCsv(COLUMNS, NASTY);
    expect(csv.startsWith('Name.Text,Team.Text,Mark.Text\r\n')).toBe(true);
    expect(csv).toContain('"Smith, John","The ""Flyers""",10.41\r\n');
    expect(csv.endsWith('\r\n')).toBe(true);
    const { header, rows } = csvToRows(csv);
    expect(header).toEqual(COLUMNS);
    expect(rows).toEqual(NASTY);
    expect(Buffer.from(csv, 'utf8').toString('utf8')).toBe(csv);
  });

  it('an empty feed is the header row alone; missing values are empty fields', () => {
    expect(toCsv(COLUMNS, [])).toBe('Name.Text,Team.Text,Mark.Text\r\n');
    expect(csvToRows(toCsv(COLUMNS, [{ 'Name.Text': 'A' }])).rows).toEqual([{ 'Name.Text': 'A', 'Team.Text': '', 'Mark.Text': '' }]);
  });
});

describe('XML', () => {
  it('is well-formed, escapes & < > " \', and has every column in every row', () => {
    const xml = toXml(COLUMNS, NASTY);
    expect(xml).toContain('<Team.Text>Ørsta &amp; &lt;Volda&gt; &apos;IL&apos;</Team.Text>');
    expect(xml).toContain('<Team.Text>The &quot;Flyers&quot;</Team.Text>');
    const { root, rows } = readXml(xml);
    expect(root).toBe('feed');
    expect(rows).toHaveLength(NASTY.length);
    for (const [i, row] of rows.entries()) {
      expect(row.map(([name]) => name)).toEqual(COLUMNS);
      expect(Object.fromEntries(row)).toEqual(NASTY[i]);
    }
  });

  it('an empty feed is an empty root; characters XML cannot carry are dropped', () => {
    expect(readXml(toXml(COLUMNS, []))).toEqual({ root: 'feed', rows: [] });
    expect(escapeXml('a\u0000b\u0007c\u001Fd\tе\n')).toBe('abcd\tе\n');
    expect(escapeXml('lone \uD800 surrogate 😀')).toBe('lone  surrogate 😀');
    const { rows } = readXml(toXml(['Name.Text'], [{ 'Name.Text': 'bell\u0007' }]));
    expect(rows[0]).toEqual([['Name.Text', 'bell']]);
  });

  it('refuses a column that is not an XML name', () => {
    expect(() => toXml(['1st.Text'], [])).toThrow(/XML element name/);
    expect(() => toXml(['Name Text'], [])).toThrow(/XML element name/);
  });
});

describe('JSON', () => {
  it('is an array of flat objects of strings in column order', () => {
    const parsed = JSON.parse(toJson(COLUMNS, [{ 'Mark.Text': '1', 'Name.Text': 'A', Extra: 'dropped' } as Record<string, string>]));
    expect(parsed).toEqual([{ 'Name.Text': 'A', 'Team.Text': '', 'Mark.Text': '1' }]);
    expect(Object.keys(parsed[0])).toEqual(COLUMNS);
    expect(toJson(COLUMNS, [])).toBe('[]');
  });
});
