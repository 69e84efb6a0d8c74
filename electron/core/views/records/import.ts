/**
 * Importing records: every good row kept, every bad row refused with its line, a row that repeats
 * an earlier one of the same file (same event, gender, category and kind) refused, and a row that
 * changes a record already held reported with the old and new mark. One transaction for the rows
 * kept.
 */
import type { RecordImport, RecordImportResult, RecordInput } from '../../model/records';
import type { NewRecord } from '../../store/records';
import type { Store } from '../../store/store';
import { readRecordRow } from './records';
import { csvRows, jsonRows } from './table-text';

/** A refusal of the whole file (it is not CSV or JSON at all): a 400 with the reason. */
export class ImportError extends Error {
  readonly status = 400;
}

export function importRecords(store: Store, input: RecordImport): RecordImportResult {
  const table = input.format === 'csv' ? csvRows(input.text) : jsonRows(input.text);
  if ('error' in table) throw new ImportError(table.error);
  const result: RecordImportResult = { added: 0, updated: [], unchanged: 0, refused: [] };
  const seen = new Map<string, number>();
  const keep: NewRecord[] = [];
  for (const row of table.rows) {
    const read = readRecordRow(row.values);
    if ('error' in read) {
      result.refused.push({ line: row.line, error: read.error });
      continue;
    }
    const r = read.record;
    const key = [r.event, r.gender, r.category, r.kind].join('|');
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      result.refused.push({ line: row.line, error: `repeats line ${earlier} (${r.event} ${r.gender} ${r.category || 'any category'} ${r.kind})` });
      continue;
    }
    seen.set(key, row.line);
    const held = store.records.find(r.event, r.gender, r.category, r.kind);
    if (!held) result.added++;
    else if (held.mark === r.mark && held.holder === r.holder && held.year === r.year && held.place === r.place) {
      result.unchanged++;
      continue;
    } else result.updated.push({ line: row.line, event: r.event, kind: r.kind, from: held.mark, to: r.mark });
    keep.push(r);
  }
  store.records.upsertAll(keep);
  return result;
}

/** One record typed in the dashboard, checked like an import row. */
export function saveRecord(store: Store, input: RecordInput): NewRecord {
  const read = readRecordRow(input as unknown as Record<string, unknown>);
  if ('error' in read) throw new ImportError(read.error);
  store.records.upsertAll([read.record]);
  return read.record;
}
