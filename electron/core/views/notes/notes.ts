/**
 * Athlete notes beside the competition's entries: every athlete entered, with their note if one is
 * kept (matched by bib and name, so a new competition JSON keeps it), then notes kept for athletes
 * not entered now. CSV import and export with the columns bib, name, pronunciation, notes.
 */
import type { AthleteNoteView, NoteInput, NotesImportResult } from '../../model/notes';
import { NoteInputSchema } from '../../model/notes';
import { nameKey, noteFor } from '../../store/athlete-notes';
import type { Store } from '../../store/store';
import type { CompetitionView } from '../competition-view';
import { ImportError } from '../records/import';
import { csvRows } from '../records/table-text';
import { serialise } from '../feeds/tabular';

export function notesView(view: CompetitionView, store: Store): AthleteNoteView[] {
  const all = store.notes.list();
  const used = new Set<string>();
  const out: AthleteNoteView[] = [];
  for (const [bib, person] of view.meta().people) {
    const note = noteFor(all, bib, person.name);
    if (note) used.add(`${note.bib}|${nameKey(note.name)}`);
    out.push({ bib, name: person.name, team: person.team, notes: note?.notes ?? '', pronunciation: note?.pronunciation ?? '', entered: true });
  }
  for (const n of all) {
    if (used.has(`${n.bib}|${nameKey(n.name)}`)) continue;
    out.push({ bib: n.bib, name: n.name || null, team: null, notes: n.notes, pronunciation: n.pronunciation, entered: false });
  }
  return out;
}

/** Notes by bib for the athletes entered now (for search and the cards). */
export function notesByBib(view: CompetitionView, store: Store): Map<string, { notes: string; pronunciation: string }> {
  const all = store.notes.list();
  const out = new Map<string, { notes: string; pronunciation: string }>();
  if (!all.length) return out;
  for (const [bib, person] of view.meta().people) {
    const note = noteFor(all, bib, person.name);
    if (note) out.set(bib, { notes: note.notes, pronunciation: note.pronunciation });
  }
  return out;
}

export function saveNote(store: Store, input: NoteInput): void {
  store.notes.put(input);
}

export function importNotes(store: Store, text: string): NotesImportResult {
  const table = csvRows(text);
  if ('error' in table) throw new ImportError(table.error);
  const refused: NotesImportResult['refused'] = [];
  const keep: NoteInput[] = [];
  for (const row of table.rows) {
    const v = row.values;
    const parsed = NoteInputSchema.safeParse({
      bib: String(v.bib ?? ''),
      name: String(v.name ?? ''),
      notes: unguard(String(v.notes ?? v.note ?? '')),
      pronunciation: unguard(String(v.pronunciation ?? v.phonetic ?? '')),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      refused.push({ line: row.line, error: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'not valid'}` });
      continue;
    }
    keep.push(parsed.data);
  }
  store.notes.putAll(keep);
  return { saved: keep.length, refused };
}

export const NOTE_COLUMNS = ['bib', 'name', 'pronunciation', 'notes'] as const;

export function exportNotes(view: CompetitionView, store: Store): string {
  const rows = notesView(view, store)
    .filter((a) => a.notes || a.pronunciation)
    .map((a) => ({ bib: a.bib, name: guard(a.name ?? ''), pronunciation: guard(a.pronunciation), notes: guard(a.notes) }));
  return serialise('csv', NOTE_COLUMNS, rows);
}

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula: the export writes such a cell
 * with a leading apostrophe (shown as text), and the import takes it off again.
 */
function guard(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
