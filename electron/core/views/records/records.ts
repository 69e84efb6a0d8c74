/**
 * Records: reading an import row, matching records to a unit, and telling whether a mark equals
 * or beats one. Times: lower is better; jumps and throws: higher. A wind-aided mark (over +2.0 m/s
 * in the 100 m, 200 m, hurdles up to 110 m, long and triple jump) never counts for a record or a
 * best; a mark without a wind reading in those events is taken as legal (many meets have no gauge).
 */
import { FIELD_EVENT_CODES } from '../../model/opentrack';
import { isWindAided } from '../../model/wind';
import { RECORD_KINDS, type RecordKind, type RecordRow } from '../../model/records';
import type { NewRecord } from '../../store/records';
import { disciplineCode } from '../combined/scoring';
import { parseDistance, parseTime } from '../standings/marks';


export const isField = (event: string) => FIELD_EVENT_CODES.has(disciplineCode(event));

/** Whole hundredths (times) or centimetres (marks), so comparisons never meet floating noise. */
export function markValue(event: string, mark: string | null | undefined): number | null {
  if (mark == null) return null;
  const clean = String(mark).trim().replace(/^=/, '');
  const v = isField(event) ? parseDistance(clean) : parseTime(clean);
  return v === null ? null : Math.round(v * 100);
}

/** Positive when `a` is better than `b`, zero when equal. */
export function compareMarks(event: string, a: number, b: number): number {
  return isField(event) ? a - b : b - a;
}

/** The one wind rule (model/wind.ts), for a record's event as it is written (`Men 100m`, `100`). */
export function windAided(event: string, wind: number | string | null | undefined): boolean {
  return isWindAided(disciplineCode(event), wind);
}

const KIND_WORDS: Record<string, RecordKind> = {
  meeting: 'meeting', mr: 'meeting', meet: 'meeting', 'meeting record': 'meeting',
  championship: 'championship', championships: 'championship', cr: 'championship', 'championship record': 'championship',
  national: 'national', nr: 'national', 'national record': 'national',
  area: 'area', ar: 'area', 'area record': 'area', continental: 'area',
  world: 'world', wr: 'world', 'world record': 'world',
};

const GENDER_WORDS: Record<string, 'M' | 'F'> = {
  m: 'M', men: 'M', man: 'M', male: 'M', boys: 'M',
  f: 'F', w: 'F', women: 'F', woman: 'F', female: 'F', girls: 'F',
};

/** One import row (columns event, gender, category, kind, mark, holder, year, place) or why not. */
export function readRecordRow(values: Record<string, unknown>): { record: NewRecord } | { error: string } {
  if (values.__notObject) return { error: 'not an object with the record columns' };
  const text = (k: string) => (values[k] === null || values[k] === undefined ? '' : String(values[k]).trim());
  const event = disciplineCode(text('event'));
  if (!event) return { error: 'event is empty' };
  const gender = GENDER_WORDS[text('gender').toLowerCase()];
  if (!gender) return { error: `gender ${JSON.stringify(text('gender'))} is not M or F (or men, women)` };
  const kind = KIND_WORDS[text('kind').toLowerCase()];
  if (!kind) return { error: `kind ${JSON.stringify(text('kind'))} is not one of ${RECORD_KINDS.join(', ')}` };
  const mark = text('mark').replace(',', '.');
  if (markValue(event, mark) === null) {
    return { error: `mark ${JSON.stringify(text('mark'))} is not a ${isField(event) ? 'distance or height in metres' : 'time'} for ${event}` };
  }
  const yearText = text('year');
  const year = yearText === '' ? null : Number(yearText);
  if (year !== null && !(Number.isInteger(year) && year >= 1800 && year <= 2200)) return { error: `year ${JSON.stringify(yearText)} is not a year` };
  return {
    record: {
      event, gender, kind, mark,
      category: text('category').toUpperCase(),
      holder: text('holder') || null,
      year,
      place: text('place') || null,
    },
  };
}

export interface UnitScope {
  eventCode: string | null | undefined;
  /** OpenTrack's `genders` (`M`, `F`, `W`) or the competitor's gender. */
  gender: string | null | undefined;
  category: string | null | undefined;
}

/** Records that apply to a unit: its event and gender, its category or any category. */
export function recordsFor(records: readonly RecordRow[], scope: UnitScope): RecordRow[] {
  const event = disciplineCode(scope.eventCode);
  const g = (scope.gender ?? '').toUpperCase();
  const gender = g === 'M' ? 'M' : g === 'F' || g === 'W' ? 'F' : null;
  const category = (scope.category ?? '').toUpperCase();
  return records.filter((r) => r.event === event && r.gender === gender && (r.category === '' || r.category === category));
}

export interface Broken {
  record: RecordRow;
  equals: boolean;
}

/** Records this mark equals or beats (never when wind-aided). */
export function recordsBroken(records: readonly RecordRow[], event: string, mark: string, wind: number | string | null | undefined): Broken[] {
  if (windAided(event, wind)) return [];
  const v = markValue(event, mark);
  if (v === null) return [];
  const out: Broken[] = [];
  for (const r of records) {
    const rv = markValue(event, r.mark);
    if (rv === null) continue;
    const d = compareMarks(event, v, rv);
    if (d >= 0) out.push({ record: r, equals: d === 0 });
  }
  return out;
}
